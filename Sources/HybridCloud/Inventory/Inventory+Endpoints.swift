extension Inventory {
    /// The names of every flow endpoint the estate has (see `FlowEndpoint`), in a stable order.
    public var endpointNames: [String] {
        ["internet", "enterprise", "ibm-private", "iks/ingress", "icp/ingress", "icp/master"]
            + iks.workloads.map { "iks/\($0.name)" } + icp.workloads.map { "icp/\($0.name)" }
            + iks.services.map { "iks/service/\($0.name)" } + icp.services.map { "icp/service/\($0.name)" }
            + vcs.vms.map { "vcs/\($0.name)" } + vcs.esg.portForwards.map { "vcs/dnat/\($0.name)" }
            + (iks.privateALB == nil ? [] : ["iks/private-ingress"])
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
