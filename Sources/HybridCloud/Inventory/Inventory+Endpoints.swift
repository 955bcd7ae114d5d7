extension Inventory {
    /// The names of every flow endpoint the estate has (see `FlowEndpoint`), in a stable order.
    public var endpointNames: [String] {
        ["internet", "internet/dns", "enterprise", "enterprise/dns"]
            + enterpriseSites.filter { $0.name != "enterprise" }.flatMap { ["enterprise/\($0.name)", "enterprise/\($0.name)/dns"] }
            + ["ibm-private"] + iksClusters.map { "\($0.name)/ingress" }
            + icpClusters.flatMap { ["\($0.name)/ingress", "\($0.name)/master"] }
            + iksClusters.flatMap { c in c.workloads.map { "\(c.name)/\($0.name)" } } + icpClusters.flatMap { c in c.workloads.map { "\(c.name)/\($0.name)" } }
            + iksClusters.flatMap { c in c.services.map { "\(c.name)/service/\($0.name)" } }
            + icpClusters.flatMap { c in c.services.map { "\(c.name)/service/\($0.name)" } }
            + vcsInstances.flatMap { $0.vms.map { "vcs/\($0.name)" } } + vcsInstances.flatMap { $0.esg.portForwards.map { "vcs/dnat/\($0.name)" } }
            + iksClusters.compactMap { $0.privateALB == nil ? nil : "\($0.name)/private-ingress" }
    }

    /// Why `endpoint` is not in this estate, or nil when it is (listing the endpoints of its kind).
    public func problem(with endpoint: FlowEndpoint) -> String? {
        let names = endpointNames
        let name = endpoint.description
        if names.contains(name) { return nil }
        let kind = name.split(separator: "/").dropLast().joined(separator: "/") + "/"
        let close = names.filter { $0.hasPrefix(kind) }
        let list = close.isEmpty ? "endpoints: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")"
                                 : "of that kind: \(close.prefix(12).joined(separator: ", "))\(close.count > 12 ? ", ..." : "")"
        return "no endpoint \(name) in this estate; \(list)"
    }
}
