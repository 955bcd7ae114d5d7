import NetModel

extension Inventory {
    /// The first ICP cluster (the only one in most estates; `icp:` in a scenario).
    public var icp: ICPCluster {
        get { icpClusters[0] }
        set { icpClusters[0] = newValue }
    }

    /// The ICP cluster named `name`, or nil.
    public func icpCluster(named name: String) -> ICPCluster? { icpClusters.first { $0.name == name } }

    /// Where ICP cluster `c` is written in the `architecture:` section: `icp` for a lone cluster
    /// named icp, `icp-clusters.<name>` otherwise.
    public func key(of c: ICPCluster) -> String {
        icpClusters.count == 1 && c.name == "icp" ? "icp" : "icp-clusters.\(c.name)"
    }

    /// Each ICP cluster's own problems, then ranges two clusters share.
    var icpClustersProblem: String? {
        if icpClusters.isEmpty { return "icp-clusters: give at least one ICP cluster" }
        var names = Set<String>()
        for c in icpClusters {
            if !names.insert(c.name).inserted { return "icp-clusters: the name \(c.name) is used twice" }
            if Self.reservedClusterNames.contains(c.name) {
                return "\(key(of: c)): the name \(c.name) is taken by another part of the estate; pick another"
            }
            guard let vi = vcsIndex(c.vcs) else {
                return "\(key(of: c)).vcs: no VCS instance \(c.vcs ?? "") (\(vcsInstances.map(\.name).joined(separator: ", ")))"
            }
            if let p = c.problem(hosts: vcsInstances[vi].hosts) { return "\(key(of: c)): \(p)" }
        }
        return Self.firstOverlap(icpClusters, kind: "cluster", name: \.name, key: key(of:)) { c in
            ICPAddresses.fields.map { ($0.name, c.addresses[keyPath: $0.keyPath]) }
        }
    }
}
