import NetModel
import SimKernel

/// How the strongSwan VPN pod presents cluster and remote addresses (chart values,
/// parameters.md §5).
public enum StrongSwanAddressing: Sendable, Equatable {
    /// `local.subnet` = pod and service CIDRs: pod addresses travel through the tunnel.
    case routed
    /// `enableSingleSourceIP`: all cluster traffic leaves as this one address (outbound only).
    case singleSourceIP(IPv4Address)
    /// `localSubnetNAT`: the pod network is mapped 1:1 onto this equally sized block
    /// (to resolve an overlap with the remote side).
    case localSubnetNAT(IPv4Prefix)
    /// `remoteSubnetNAT`: the cluster reaches the VCS VM network under this block, which the
    /// VPN pod maps 1:1 onto the real one.
    case remoteSubnetNAT(IPv4Prefix)
}

/// The knobs of the reference architecture. Every default, with its source, is listed in
/// docs/assumptions.md; figures come from ../shared/reference/parameters.md.
public struct ArchitectureParameters: Sendable {
    // IBM Cloud network and outside
    /// One-way latency of the internet between the user and the IBM public network.
    public var internetLatency: SimTime = .milliseconds(10)
    /// The internet user's access link.
    public var userAccessBitsPerSecond: Int64 = 100_000_000
    /// Per-hop processing of the BCR, FCR and XCR routers (20–50 µs [Est]).
    public var routerHopCost: SimTime = .microseconds(30)

    // IKS
    /// IKS workers (≥ 3). Every third worker is on subnet B, the others on subnet A, so the
    /// cluster spans two subnets; the ALB runs on worker 1 and the strongSwan pod on worker 2.
    public var iksWorkers = 3
    /// IKS worker NIC speed: 1 Gbit/s on virtual flavours, 10 on bare metal [Est].
    public var iksWorkerUplinkBitsPerSecond: Int64 = 1_000_000_000
    /// Worker hosting the web pod (1...iksWorkers). Workers 1 and 2 share a subnet; worker 3
    /// is on the other, so a web pod on worker 3 is reached with IP-in-IP from the ALB on worker 1.
    public var iksWebWorker = 3
    public var kubeProxyMode: KubeProxyMode = .iptables
    /// Kubernetes services in the cluster (iptables rules grow with them).
    public var iksServices = 100
    /// strongSwan ESP transform: the chart's default is aes128-sha1 (CBC + HMAC-SHA1-96).
    public var strongSwanCipher: ESPCipher = .aesCBCSHA1
    /// CPU cores the strongSwan pod can use.
    public var strongSwanCores = 1
    public var strongSwanAddressing: StrongSwanAddressing = .routed

    // VCS
    public var esgSize: ESGFormFactor = .xLarge
    /// ESXi host uplinks (2 × 10 GbE private, unbonded: one is modelled).
    public var hostUplinkBitsPerSecond: Int64 = 10_000_000_000
    /// MTU of the VXLAN transport (NSX default 1600; at least 1550).
    public var vxlanTransportMTU = 1600
    /// Host (1...3) of the VCS database VM; the VCS ESG runs on host 1.
    public var databaseHost = 3
    /// Host (1...3) of the VM on the stretched network.
    public var stretchedVMHost = 3

    // ICP
    /// Host (2 or 3) of the ICP worker VM running the web pod; the ICP ESG and the ingress
    /// (proxy) worker are on host 2.
    public var icpWebHost = 3

    // Enterprise
    public var wanBitsPerSecond: Int64 = 1_000_000_000
    /// One-way WAN latency between the enterprise site and IBM Cloud (5–10 ms regional [Est]).
    public var wanLatency: SimTime = .milliseconds(5)
    public var wanLossProbability = 0.0
    /// Bytes the L2 concentrator's secure tunnel adds besides the inner Ethernet and outer IPv4:
    /// UDP 8 + ESP with AES-GCM (8 + 8 + ≤ 3 padding + 2 + 16) ≈ 45 [Est].
    public var l2ConcentratorOverhead = 45

    public init() {}

    /// Why the parameters are unusable, or nil.
    public var problem: String? {
        if !(3...64).contains(iksWorkers) { return "iks workers must be 3...64 (two subnets need at least 3 here), got \(iksWorkers)" }
        if !(1...iksWorkers).contains(iksWebWorker) { return "iks web worker must be 1...\(iksWorkers), got \(iksWebWorker)" }
        if !(1...3).contains(databaseHost) { return "database host must be 1, 2 or 3" }
        if !(1...3).contains(stretchedVMHost) { return "stretched VM host must be 1, 2 or 3" }
        if !(2...3).contains(icpWebHost) { return "ICP web host must be 2 or 3" }
        if strongSwanCores < 1 { return "strongSwan needs at least one core" }
        switch strongSwanAddressing {
        case .localSubnetNAT(let p) where p.length != 16:
            return "strongSwan localSubnetNAT must map the /16 pod network onto a /16, got \(p)"
        case .remoteSubnetNAT(let p) where p.length != 24:
            return "strongSwan remoteSubnetNAT must map the /24 VCS VM network onto a /24, got \(p)"
        default: break
        }
        if iksServices < 0 { return "services must be ≥ 0" }
        if vxlanTransportMTU < 1280 { return "VXLAN transport MTU below 1280 B" }
        if !(wanLossProbability >= 0 && wanLossProbability < 1) { return "WAN loss must be in [0, 1)" }
        return nil
    }
}
