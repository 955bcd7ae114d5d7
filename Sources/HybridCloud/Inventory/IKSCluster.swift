import NetModel
import SimKernel

/// An IBM Kubernetes Service cluster: workers on one or more subnets (VLANs) and zones, their
/// Calico vRouters and kube-proxies, workloads and Services, the public ALB, and the strongSwan
/// VPN pod (Helm chart).
public struct IKSCluster: Sendable, Equatable {
    /// The cluster's name: its devices are `<name>-w1`, `<name>-alb`, ..., its endpoints
    /// `<name>/<workload>`, `<name>/service/<name>`, `<name>/ingress`.
    public var name = "iks"
    /// Pod, service, portable and worker public ranges.
    public var addresses = IKSAddresses()
    /// The workers' subnets, in order; workers are numbered 1, 2, ... through them. Workers on
    /// one subnet route natively; across subnets Calico uses IP-in-IP (CrossSubnet).
    public var subnets: [WorkerSubnet] = [
        WorkerSubnet(name: "a", prefix: IPv4Prefix("10.190.5.0/26")!, workers: 2),
        WorkerSubnet(name: "b", prefix: IPv4Prefix("10.190.6.0/26")!, workers: 1),
    ]
    /// Worker NIC speed: 1 Gbit/s on virtual flavours, 10 on bare metal [Est].
    public var workerUplinkBitsPerSecond: Int64 = 1_000_000_000
    /// Workers have a public VLAN too (false: private-only workers, no public addresses).
    public var publicVLAN = true
    public var kubeProxyMode: KubeProxyMode = .iptables
    /// Kubernetes Services in the cluster (iptables rules grow with them).
    public var serviceCount = 100
    public var workloads: [Workload] = [Workload(name: "web", replicas: 1, placement: .pinned([3]))]
    public var services: [KubernetesService] = [KubernetesService(name: "web", workload: "web")]
    /// The public Ingress ALB: its pod's worker and the Service it sends requests to.
    public var alb = IngressController(worker: 1, service: "web")
    /// The private Ingress ALB (off by default, as in IKS): its LoadBalancer address is the
    /// portable private subnet's .2.
    public var privateALB: IngressController? = nil
    public var vpn = StrongSwanVPN()

    public init() {}

    /// LoadBalancer Services on the portable public or private subnet.
    public func loadBalancerCount(public isPublic: Bool) -> Int {
        services.filter { $0.kind == .loadBalancer(isPublic ? .public : .private) }.count
    }

    /// Workers in the cluster.
    public var workerCount: Int { subnets.reduce(0) { $0 + $1.workers } }

    /// The subnet index of each worker (1-based worker numbers; index 0 unused).
    public var subnetOfWorker: [Int] {
        var out = [0]
        for (i, s) in subnets.enumerated() { out += Array(repeating: i, count: s.workers) }
        return out
    }

    /// Position (0-based) of each worker within its subnet.
    var positionInSubnet: [Int] {
        var out = [0]
        for s in subnets { out += Array(0..<s.workers) }
        return out
    }

    /// The VCS ranges the VPN carries (its `remote.subnet`; default every routed segment).
    public func vpnRemoteSubnets(routedSegments: [IPv4Prefix]) -> [IPv4Prefix] { vpn.remoteSubnets ?? routedSegments }

    /// Why the cluster cannot be built, or nil (relative to its own key: "alb.worker must be ...").
    func problem(_ cloud: IBMCloudNetwork, routedSegments: [IPv4Prefix], vcsVMNetwork: IPv4Prefix) -> String? {
        if !DeviceName.isValid(name) || name.contains(".") { return "name '\(name)' must be letters, digits, '-' and '_' (it prefixes device names)" }
        if subnets.isEmpty { return "give at least one worker subnet" }
        for s in subnets {
            if s.workers < 1 { return "subnets.\(s.name).workers must be ≥ 1" }
            if s.workers + 10 > Int(s.prefix.size) - 1 { return "subnets.\(s.name): \(s.prefix) has no room for \(s.workers) workers (addresses from .10)" }
            if let z = s.zone, !cloud.zones.contains(z) { return "subnets.\(s.name).zone '\(z)' is not one of ibm-cloud.zones (\(cloud.zones.joined(separator: ", ")))" }
        }
        let n = workerCount
        if !(1...250).contains(n) { return "workers must be 1...250 in all, got \(n)" }
        if workerUplinkBitsPerSecond <= 0 { return "worker-uplink must be positive" }
        if serviceCount < 0 { return "service-count must be ≥ 0" }
        if let p = Workload.problem(workloads, workers: n) { return p }
        var names = Set(workloads.map(\.name))
        for s in services {
            if !names.insert(s.name).inserted && !workloads.contains(where: { $0.name == s.name }) {
                return "services: the name \(s.name) is used twice"
            }
            if !workloads.contains(where: { $0.name == s.workload }) { return "services.\(s.name).workload: no workload \(s.workload)" }
            if case .nodePort(let p) = s.kind, !(30000...32767).contains(p) { return "services.\(s.name).node-port must be 30000...32767" }
        }
        if Set(services.map(\.name)).count != services.count { return "services: a name is used twice" }
        if !(1...n).contains(alb.worker) { return "alb.worker must be 1...\(n)" }
        if !services.contains(where: { $0.name == alb.service }) { return "alb.service: no service \(alb.service)" }
        if let p = privateALB {
            if !(1...n).contains(p.worker) { return "private-alb.worker must be 1...\(n)" }
            if !services.contains(where: { $0.name == p.service }) { return "private-alb.service: no service \(p.service)" }
        }
        if !(1...n).contains(vpn.worker) { return "vpn.worker must be 1...\(n)" }
        if vpn.cores < 1 { return "vpn.cores must be ≥ 1" }
        if vpn.remoteGateway == .public && !publicVLAN { return "vpn.remote-gateway: public needs workers with a public VLAN (public-vlan: true)" }
        return addressProblem(routedSegments: routedSegments, vcsVMNetwork: vcsVMNetwork)
    }

    /// The cluster's ranges against its workers, LoadBalancers and VPN.
    func addressProblem(routedSegments: [IPv4Prefix], vcsVMNetwork: IPv4Prefix) -> String? {
        let a = addresses
        if UInt64(workerCount + 10) > a.workerPublic.size, publicVLAN {
            return "worker-public: \(a.workerPublic) has no room for \(workerCount) workers (from .10); give a larger block"
        }
        // Portable subnets: network, gateway and broadcast reserved; public .2 the ALB, private
        // .2 the private ALB and .3 the strongSwan VPN; LoadBalancers after them.
        let publicLBs = loadBalancerCount(public: true) + (vpn.remoteGateway == .public ? 1 : 0)
        if UInt64(publicLBs + 4) > a.portablePublic.size {
            return "portable-public: \(a.portablePublic) has room for \(a.portablePublic.size - 4) LoadBalancer addresses, \(publicLBs) needed (public LoadBalancer Services\(vpn.remoteGateway == .public ? " and the VPN's public address" : "")); order a larger portable subnet"
        }
        let privateLBs = loadBalancerCount(public: false)
        if UInt64(privateLBs + 5) > a.portablePrivate.size {
            return "portable-private: \(a.portablePrivate) has room for \(a.portablePrivate.size - 5) LoadBalancer addresses, \(privateLBs) needed; order a larger portable subnet"
        }
        if workerCount > 255 { return "at most 255 workers per cluster (one /24 pod block each)" }
        if UInt64(workerCount + 1) * 256 > a.pods.size {
            return "pod-network: \(a.pods) has room for \(max(0, Int(a.pods.size / 256) - 1)) workers' /24 pod blocks, \(workerCount) needed; give a larger block"
        }
        for s in vpn.localSubnets ?? [] where !s.overlaps(a.pods) && !s.overlaps(a.services) {
            return "vpn.local-subnets: \(s) is neither in the pod network \(a.pods) nor in the service network \(a.services)"
        }
        for s in vpn.remoteSubnets ?? [] where !routedSegments.contains(where: { $0.overlaps(s) }) {
            return "vpn.remote-subnets: \(s) is not in a routed VCS segment (\(routedSegments.map(\.description).joined(separator: ", ")))"
        }
        if vpn.localSubnets?.isEmpty == true || vpn.remoteSubnets?.isEmpty == true {
            return "vpn: local-subnets and remote-subnets need at least one range each"
        }
        switch vpn.addressing {
        case .localSubnetNAT(let b) where b.length != a.pods.length:
            return "vpn.local-subnet-nat must be as large as the pod network \(a.pods), got \(b)"
        case .remoteSubnetNAT(let b) where b.length != vcsVMNetwork.length:
            return "vpn.remote-subnet-nat must be as large as the VCS VM network \(vcsVMNetwork), got \(b)"
        default: break
        }
        return nil
    }
}

/// A subnet (VLAN) of IKS workers in one zone.
public struct WorkerSubnet: Sendable, Equatable {
    public var name: String
    /// The primary private subnet; workers take addresses from .10 up.
    public var prefix: IPv4Prefix
    /// Zone (nil: the region's first).
    public var zone: String? = nil
    public var workers: Int

    public init(name: String, prefix: IPv4Prefix, zone: String? = nil, workers: Int) {
        self.name = name
        self.prefix = prefix
        self.zone = zone
        self.workers = workers
    }
}

/// An Ingress controller (the IKS ALB, the ICP ingress on a proxy node): an L7 proxy pod that
/// terminates the external connection and opens one to a Service.
public struct IngressController: Sendable, Equatable {
    /// Worker (1-based) running the controller pod.
    public var worker: Int
    /// The Service its rule sends requests to.
    public var service: String
    public init(worker: Int, service: String) {
        self.worker = worker
        self.service = service
    }
}

/// The strongSwan IPsec VPN pod of the IKS cluster (Helm chart values).
public struct StrongSwanVPN: Sendable, Equatable {
    /// Worker (1-based) running the VPN pod.
    public var worker = 2
    /// ESP transform: the chart's default is aes128-sha1 (CBC + HMAC-SHA1-96).
    public var cipher: ESPCipher = .aesCBCSHA1
    /// CPU cores the pod can use.
    public var cores = 1
    /// `local.subnet` handling: routed, enableSingleSourceIP, localSubnetNAT, remoteSubnetNAT.
    public var addressing: StrongSwanAddressing = .routed
    /// `local.subnet`: the cluster ranges the tunnel carries (nil: the pod and service networks).
    public var localSubnets: [IPv4Prefix]? = nil
    /// `remote.subnet`: the VCS ranges sent into the tunnel (nil: every routed VCS segment).
    public var remoteSubnets: [IPv4Prefix]? = nil
    /// `remote.gateway`: which portable address of the VCS ESG the tunnel ends at: the private
    /// one over the IBM private network and the BCR (DOMAIN.md, the default), or the public one
    /// over the public network and the FCR (the pod then also holds a public LoadBalancer
    /// address, the next one after the Services').
    public var remoteGateway: KubernetesService.PortableNetwork = .private
    /// `ipsec.auto`: who initiates the tunnels (chart default `add`).
    public var auto: IPsecAuto = .add
    public init() {}
}

/// The chart's `ipsec.auto`: `add`, the pod only responds and the far ends (the VCS ESG, the
/// ICP VPN pod) initiate; `start`, the pod initiates (and the ICP pod responds).
public enum IPsecAuto: String, Sendable, CaseIterable {
    case add, start
}

/// kube-proxy's mode: iptables rules are evaluated linearly for the first packet of a
/// connection and pick an endpoint at random; IPVS looks services up in a hash and balances
/// round robin.
public enum KubeProxyMode: String, Sendable, CaseIterable {
    case iptables, ipvs, nftables

    /// How this mode balances new connections over a Service's endpoints: iptables'
    /// `statistic --mode random` and nftables' `numgen random` pick at random, IPVS round robin.
    public var selection: BackendSelection {
        switch self {
        case .iptables, .nftables: return .random
        case .ipvs: return .roundRobin
        }
    }
}
