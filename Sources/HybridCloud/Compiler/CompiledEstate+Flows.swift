import NetModel
import SimKernel

extension CompiledEstate {
    /// Where a flow's requests leave from.
    public struct Source: Sendable, Equatable {
        public let device: String
        public let address: IPv4Address
    }

    /// The device and address that send requests from `endpoint` (a workload's first replica).
    public func source(_ endpoint: FlowEndpoint) throws -> Source {
        switch endpoint {
        case .internet: return Source(device: DeviceName.user, address: plan.user)
        case .enterprise(let name):
            guard let site = enterpriseSite(name) else { throw unknown(endpoint) }
            return Source(device: DeviceName.site(site.name).user, address: site.user)
        case .ibmPrivate: return Source(device: DeviceName.ibmPrivateHost, address: plan.ibmPrivateAdmin)
        case .workload(let cluster, let name):
            guard let first = registry.pods["\(cluster)/\(name)"]?.first else { throw unknown(endpoint) }
            return Source(device: first.device, address: first.address)
        case .vm(let name):
            guard let vm = registry.vms["vcs/\(name)"] else { throw unknown(endpoint) }
            return Source(device: vm.device, address: vm.address)
        case .service, .ingress, .privateIngress, .master, .portForward:
            throw Invalid(description: "\(endpoint) is a Service address and cannot send requests; a flow starts at internet, enterprise, ibm-private, a workload or a VM")
        case .publicResolver, .enterpriseResolver:
            throw Invalid(description: "\(endpoint) is a DNS resolver and only answers lookups; a flow starts at internet, enterprise, ibm-private, a workload or a VM")
        }
    }

    /// The address and port that requests from `from` are sent to, to reach `to`. It depends
    /// on the option: under static-nat IKS reaches a VM through the ESG's translated address;
    /// with strongSwan's remoteSubnetNAT, through the remapped block.
    public func destination(_ to: FlowEndpoint, from: FlowEndpoint) throws -> (address: IPv4Address, port: UInt16) {
        switch to {
        case .internet: return (plan.user, 443)
        case .publicResolver: return (plan.publicResolver, 53)
        case .enterprise(let name):
            guard let site = enterpriseSite(name) else { throw unknown(to) }
            return (site.user, 443)
        case .enterpriseResolver(let name):
            guard let site = enterpriseSite(name) else { throw unknown(to) }
            return (site.resolver, 53)
        case .ibmPrivate: return (plan.ibmPrivateAdmin, 443)
        case .workload(let cluster, let name):
            let workloads = inventory.iksCluster(named: cluster)?.workloads ?? inventory.icpCluster(named: cluster)?.workloads ?? []
            guard let first = registry.pods["\(cluster)/\(name)"]?.first, let w = workloads.first(where: { $0.name == name })
            else { throw unknown(to) }
            return (first.address, w.port)
        case .service(let cluster, let name):
            guard let s = registry.services["\(cluster)/\(name)"] else { throw unknown(to) }
            return s
        case .ingress(let cluster):
            if let iks = inventory.iksCluster(named: cluster) { return (iks.addresses.albPublic, 443) }
            guard let icp = inventory.icpCluster(named: cluster) else { throw unknown(to) }
            return (from == .internet ? icp.addresses.esgPublic : icp.addresses.esgPrivate, 443)
        case .master(let cluster):
            guard let icp = inventory.icpCluster(named: cluster) else { throw unknown(to) }
            return (icp.addresses.esgPrivate, 8443)
        case .privateIngress(let cluster):
            guard let iks = inventory.iksCluster(named: cluster), iks.privateALB != nil else { throw unknown(to) }
            return (iks.addresses.albPrivate, 443)
        case .portForward(let name):
            guard let s = registry.services["vcs/dnat/\(name)"] else { throw unknown(to) }
            return s
        case .vm(let name):
            guard let vm = registry.vms["vcs/\(name)"], let (instance, spec) = inventory.vm(named: name) else { throw unknown(to) }
            var address = vm.address
            if case .workload(let cluster, _) = from, let iks = inventory.iksCluster(named: cluster) {
                if let translated = registry.vmTranslated["vcs/\(name)"] { address = translated }
                if option.behaviour.vpnToVCS, spec.segment == .vmNetwork, instance == 0, case .remoteSubnetNAT(let seen) = iks.vpn.addressing {
                    address = IPv4Address(seen.network.value | (address.value & ~seen.mask))
                }
            }
            return (address, spec.port)
        }
    }

    /// A flow named `name` from `from` to `to` with `pattern` (TCP, source port 40000).
    public func flow(_ name: String, from: FlowEndpoint, to: FlowEndpoint, pattern: TrafficPattern) throws -> FlowSpec {
        let s = try source(from)
        let d = try destination(to, from: from)
        guard let device = deviceIndex(s.device) else { throw unknown(from) }
        var pattern = pattern
        if case .requestResponse(var rr) = pattern, from.isUserPopulation {
            rr.clientsShareHost = false   // each internet or enterprise user is a host of its own
            pattern = .requestResponse(rr)
        }
        var spec = FlowSpec(name: name, sourceDevice: device, sourceAddress: s.address, destinationAddress: d.address,
                            transport: .tcp, sourcePort: 40_000, destinationPort: d.port, pattern: pattern)
        // TCP uses the smaller MSS of the two ends; a pod's is 1440 (Calico's 1480 MTU − 40).
        spec.maximumSegment = from.endsAtPod || to.endsAtPod ? 1440 : nil
        return spec
    }

    /// The enterprise site named `name` (nil: the first).
    func enterpriseSite(_ name: String?) -> EnterpriseSite? {
        name.map { inventory.enterpriseSite(named: $0) } ?? inventory.enterprise
    }

    func unknown(_ e: FlowEndpoint) -> Invalid {
        Invalid(description: inventory.problem(with: e) ?? "endpoint \(e) is not placed in the compiled network")
    }
}
