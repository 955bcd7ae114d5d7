import NetModel

extension Inventory {
    /// The first VCS instance (the only one in most estates; `vcs:` in a scenario). ICP
    /// clusters and the stretched network are on it unless they name another.
    public var vcs: VCSInstance {
        get { vcsInstances[0] }
        set { vcsInstances[0] = newValue }
    }

    /// The instance named `name`, or nil.
    public func vcsInstance(named name: String) -> VCSInstance? { vcsInstances.first { $0.name == name } }

    /// The index of the instance named `name` (nil: the first).
    public func vcsIndex(_ name: String?) -> Int? {
        guard let name else { return 0 }
        return vcsInstances.firstIndex { $0.name == name }
    }

    /// The VM named `name` and the index of its instance (VM names are unique in the estate).
    public func vm(named name: String) -> (instance: Int, vm: VirtualMachine)? {
        for (i, v) in vcsInstances.enumerated() {
            if let vm = v.vms.first(where: { $0.name == name }) { return (i, vm) }
        }
        return nil
    }

    /// The prefix of a VM's segment on its instance.
    public func prefix(of vm: VirtualMachine, instance i: Int) -> IPv4Prefix {
        vcsInstances[i].prefix(of: vm.segment, stretched: stretchedNetworks)
    }

    /// The networks stretched from the enterprise (the stretching site's; none if no site stretches).
    public var stretchedNetworks: [LogicalSwitch] { stretchingSite?.stretchedNetworks ?? [] }

    /// Every instance's routed segments (each instance's VM network first, then its segments).
    public var routedSegments: [IPv4Prefix] { vcsInstances.flatMap(\.routedSegments) }

    /// Where instance `v` is written in the `architecture:` section.
    public func key(of v: VCSInstance) -> String {
        vcsInstances.count == 1 && v.name == "vcs" ? "vcs" : "vcs-instances.\(v.name)"
    }

    var vcsInstancesProblem: String? {
        if vcsInstances.isEmpty { return "vcs-instances: give at least one VCS instance" }
        var names = Set<String>(), vms = Set<String>(), forwards = Set<String>()
        for v in vcsInstances {
            if !names.insert(v.name).inserted { return "vcs-instances: the name \(v.name) is used twice" }
            if let p = v.problem(ibmCloud) { return "\(key(of: v)): \(p)" }
            for vm in v.vms where !vms.insert(vm.name).inserted {
                return "\(key(of: v)).vms.\(vm.name): a VM of that name is on another instance (VM names are unique in the estate: endpoint vcs/<vm>)"
            }
            for f in v.esg.portForwards where !forwards.insert(f.name).inserted {
                return "\(key(of: v)).esg.dnat.\(f.name): a port forward of that name is on another instance (endpoint vcs/dnat/<name>)"
            }
            let stretched = stretchedNetworks.map(\.name)
            for vm in v.vms {
                if case .stretched(let n) = vm.segment, !stretched.contains(n) {
                    return "\(key(of: v)).vms.\(vm.name).segment: no stretched network \(n)"
                        + (stretched.isEmpty ? " (no enterprise site stretches one: stretch: true)" : " (\(stretched.joined(separator: ", ")))")
                }
            }
            if let s = v.segments.first(where: { stretched.contains($0.name) }) {
                return "\(key(of: v)).segments.\(s.name): a stretched network has that name; pick another"
            }
        }
        for v in vcsInstances.dropFirst() {
            if let vm = v.vms.first(where: { !$0.segment.isRouted }) {
                return "\(key(of: v)).vms.\(vm.name).segment: the stretched network lands on the first instance (\(vcs.name)); put the VM there"
            }
        }
        return Self.firstOverlap(vcsInstances, kind: "instance", name: \.name, key: key(of:)) { v in
            VCSAddresses.fields.map { ($0.name, v.addresses[keyPath: $0.keyPath]) } + v.segments.map { ("segments.\($0.name)", $0.prefix) }
        }
    }
}
