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
            if let p = c.problem(hosts: vcs.hosts) { return "\(key(of: c)): \(p)" }
        }
        func ranges(_ c: ICPCluster) -> [(String, IPv4Prefix)] {
            ICPAddresses.fields.map { ($0.name, c.addresses[keyPath: $0.keyPath]) }
        }
        for (i, x) in icpClusters.enumerated() {
            for y in icpClusters[(i + 1)...] {
                for (yKey, yRange) in ranges(y) {
                    if let (xKey, xRange) = ranges(x).first(where: { $0.1.overlaps(yRange) }) {
                        return "\(key(of: y)).\(yKey): \(yRange) overlaps cluster \(x.name)'s \(xKey) \(xRange); give each cluster its own ranges"
                    }
                }
            }
        }
        return nil
    }
}
