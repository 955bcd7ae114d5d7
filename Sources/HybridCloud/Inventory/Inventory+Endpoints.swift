extension Inventory {
    /// The names of every flow endpoint the estate has (see `FlowEndpoint`), in a stable order.
    public var endpointNames: [String] {
        ["internet", "enterprise", "ibm-private", "iks/ingress", "icp/ingress", "icp/master"]
            + iks.workloads.map { "iks/\($0.name)" } + icp.workloads.map { "icp/\($0.name)" }
            + iks.services.map { "iks/service/\($0.name)" } + icp.services.map { "icp/service/\($0.name)" }
            + vcs.vms.map { "vcs/\($0.name)" } + vcs.esgDNAT.map { "vcs/dnat/\($0.name)" }
            + (iks.privateALB == nil ? [] : ["iks/private-ingress"])
    }

    /// Why `endpoint` is not in this estate, or nil when it is.
    public func problem(with endpoint: FlowEndpoint) -> String? {
        let names = endpointNames
        let name = endpoint.description
        if names.contains(name) { return nil }
        let close = names.filter { $0.hasPrefix(name.split(separator: "/").dropLast().joined(separator: "/") + "/") }
        let hint = nearest(name, names).map { "did you mean '\($0)'?" }
            ?? (close.isEmpty ? "endpoints: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")"
                              : "of that kind: \(close.prefix(12).joined(separator: ", "))\(close.count > 12 ? ", ..." : "")")
        return "no endpoint \(name) in this estate; \(hint)"
    }

    /// The closest name within an edit distance of 2, if any.
    func nearest(_ s: String, _ candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var prev = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let cur = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        let a = Array(s)
        return candidates.map { ($0, distance(a, Array($0))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }
}
