import NetModel

extension Inventory {
    /// The first IKS cluster (the only one in most estates; `iks:` in a scenario).
    public var iks: IKSCluster {
        get { iksClusters[0] }
        set { iksClusters[0] = newValue }
    }

    /// The cluster named `name`, or nil.
    public func iksCluster(named name: String) -> IKSCluster? { iksClusters.first { $0.name == name } }

    /// Where cluster `c` is written in the `architecture:` section: `iks` for a lone cluster
    /// named iks, `iks-clusters.<name>` otherwise (error messages use it).
    public func key(of c: IKSCluster) -> String {
        iksClusters.count == 1 && c.name == "iks" ? "iks" : "iks-clusters.\(c.name)"
    }

    /// Names a cluster cannot take: the other parts of endpoint names.
    static let reservedClusterNames: Set<String> = ["vcs", "internet", "enterprise", "ibm-private"]

    /// Each cluster's own problems, then ranges that two clusters share (they are routed to
    /// the same VCS instance and ICP, so they must differ).
    var iksClustersProblem: String? {
        if iksClusters.isEmpty { return "iks-clusters: give at least one IKS cluster" }
        var names = Set<String>()
        for c in iksClusters {
            if !names.insert(c.name).inserted { return "iks-clusters: the name \(c.name) is used twice" }
            if Self.reservedClusterNames.contains(c.name) || icpClusters.contains(where: { $0.name == c.name }) {
                return "\(key(of: c)): the name \(c.name) is taken by another part of the estate; pick another"
            }
            if let p = c.problem(ibmCloud, routedSegments: routedSegments, vcsVMNetwork: vcs.addresses.vmNetwork) { return "\(key(of: c)): \(p)" }
        }
        return Self.firstOverlap(iksClusters, kind: "cluster", name: \.name, key: key(of:)) { c in
            IKSAddresses.fields.map { ($0.name, c.addresses[keyPath: $0.keyPath]) } + c.subnets.map { ("subnets.\($0.name)", $0.prefix) }
        }
    }
}
