import NetModel
import SimKernel

/// Device and link profiles of the estate. A device profile sets the costs of a `DeviceSpec`
/// from the estate's `DeviceProfile` (each parameter declared once, with its source, in
/// `DeviceParameter`); the builders give it a name, addresses and routes. Links are fixed
/// profiles (docs/assumptions.md).
struct DeviceCatalog {
    let p: DeviceProfile

    init(_ profile: DeviceProfile) { p = profile }

    /// BCR, FCR, XCR: per-hop processing (20–50 µs [Est], the inventory's `router-hop`).
    static func router(hop: SimTime) -> (inout DeviceSpec) -> Void { { $0.perPacket = hop } }

    /// A host's VTEP: cores pinned by the outer header (RSS), a cost per packet, per byte
    /// (lower with NIC offload) and per VXLAN encapsulation or decapsulation.
    func vtep(_ s: inout DeviceSpec) {
        s.cores = p.count(.vtepCores)
        s.receiveSideScaling = true
        s.perPacket = p.time(.vtepPerPacket)
        s.perByte = p.picosecondsPerByte(p.flag(.vtepOffload) ? .vtepPerByteOffloaded : .vtepPerByte)
        s.encapsulationCost = p.time(.vtepEncapsulation)
    }

    /// A DLR kernel module: a pure delay per packet.
    func dlr(_ s: inout DeviceSpec) { s.perPacket = p.time(.dlrPerPacket) }

    /// An NSX ESG of `size` on `size.cores` vCPUs, packets pinned to cores by their outer
    /// header (so one IPsec SA uses one core): forwarding per packet and byte, IPsec per ESP
    /// packet and byte with `cipher`, stateful NAT (a cost per rule scanned for a new
    /// connection and per translated packet) and firewall (per rule evaluated), with the
    /// size's session limit.
    func esg(_ size: ESGFormFactor, cipher: ESPCipher = .aesCBCSHA1, snat: [SNATRule] = [], dnat: [DNATRule] = [],
             firewall: (rules: [FirewallRule], default: FirewallRule.Verdict)? = nil) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = size.cores
            s.receiveSideScaling = true
            s.perPacket = p.time(.esgPerPacket)
            s.perByte = p.picosecondsPerByte(.esgPerByte)
            s.queueLimit = 4096
            s.cryptoPerPacket = p.time(.esgCryptoPerPacket)
            s.cryptoPerByte = p.picosecondsPerByte(cipher == .aesGCM ? .esgCryptoPerByteGCM : .esgCryptoPerByteCBC)
            s.connections = ConnectionTable(capacity: size.sessions, timeouts: .nsxEdge, snat: snat, dnat: dnat)
            s.newConnectionCost = p.time(.esgNewConnection) + SimTime.seconds(p[.esgNATRule] * Double(snat.count + dnat.count))
            s.establishedConnectionCost = p.time(.esgEstablished)
            s.natTranslationCost = p.time(.esgNATTranslation)
            if let firewall {
                s.firewall = Firewall(rules: firewall.rules, defaultVerdict: firewall.default,
                                      evaluation: .linear(perRule: p.time(.esgFirewallRule)))
            }
        }
    }

    /// A Calico vRouter holding the node's addresses: cores pinned by the outer header, a
    /// cost per packet and byte and per IP-in-IP encapsulation or decapsulation, conntrack
    /// with `snat` (natOutgoing) and `dnat` (node ports, LoadBalancer addresses).
    func vRouter(snat: [SNATRule], dnat: [DNATRule]) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = p.count(.calicoCores)
            s.receiveSideScaling = true
            s.perPacket = p.time(.calicoPerPacket)
            s.perByte = p.picosecondsPerByte(.calicoPerByte)
            s.encapsulationCost = p.time(.calicoIPIP)
            var table = ConnectionTable(capacity: 262_144, timeouts: .kubernetesNode)
            table.snat = snat
            table.dnat = dnat
            s.connections = table
            s.newConnectionCost = p.time(.calicoNewConnection)
            s.establishedConnectionCost = p.time(.calicoEstablished)
        }
    }

    /// kube-proxy with the Services' DNAT rules. The first packet of a connection costs, in
    /// iptables mode, a base plus every NAT rule of the Services it traverses (rules per
    /// Service × Services); IPVS and nftables are constant; established packets a conntrack lookup.
    func kubeProxy(mode: KubeProxyMode, services: Int, dnat: [DNATRule]) -> (inout DeviceSpec) -> Void {
        { s in
            s.connections = ConnectionTable(capacity: 262_144, timeouts: .kubernetesNode, dnat: dnat)
            switch mode {
            case .iptables:
                s.newConnectionCost = .seconds(p[.kubeProxyIptablesBase] + p[.kubeProxyIptablesRule] * p[.kubeProxyRulesPerService] * Double(services))
            case .ipvs: s.newConnectionCost = p.time(.kubeProxyIPVS)
            case .nftables: s.newConnectionCost = p.time(.kubeProxyNftables)
            }
            s.establishedConnectionCost = p.time(.kubeProxyEstablished)
        }
    }

    /// An L7 ingress pod (the IKS ALB, the ICP ingress controller): a proxy that DNATs
    /// `address`:443 to `service`:`port` and SNATs to itself.
    func ingress(address: IPv4Address, service: IPv4Address, port: UInt16) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = p.count(.ingressCores)
            s.perPacket = p.time(.ingressPerPacket)
            s.connections = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(60),
                snat: [SNATRule(source: IPv4Prefix(.zero, length: 0), translateTo: address)],
                dnat: [DNATRule(address: address, port: 443, translateTo: service, translatePort: port)])
            s.newConnectionCost = p.time(.ingressNewConnection)
            s.establishedConnectionCost = p.time(.ingressEstablished)
        }
    }

    /// An application pod's network stack.
    func pod(_ s: inout DeviceSpec) { s.perPacket = p.time(.podPerPacket) }

    /// A strongSwan VPN pod on `cores` cores, packets pinned by their outer header (one SA,
    /// one core): a cost per packet, and per ESP packet and byte with `cipher`.
    func strongSwan(cores: Int, cipher: ESPCipher, table: ConnectionTable? = nil) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = cores
            s.receiveSideScaling = true
            s.perPacket = p.time(.strongSwanPerPacket)
            s.cryptoPerPacket = p.time(.strongSwanCryptoPerPacket)
            s.cryptoPerByte = p.picosecondsPerByte(cipher == .aesGCM ? .strongSwanCryptoPerByteGCM : .strongSwanCryptoPerByteCBC)
            if let table {
                s.connections = table
                s.newConnectionCost = p.time(.calicoNewConnection)
                s.establishedConnectionCost = p.time(.calicoEstablished)
            }
        }
    }

    /// The on-premises router.
    func onPremRouter(_ s: inout DeviceSpec) { s.perPacket = p.time(.onPremRouterPerPacket) }

    /// An L2 concentrator: a delay per pass, the appliance's ceiling, a ceiling per
    /// stretched network in `networks`, and with HCX flow conditioning an MSS clamp.
    func l2Concentrator(networks: [IPv4Prefix], mssClamp: Int? = nil) -> (inout DeviceSpec) -> Void {
        { s in
            s.mssClamp = mssClamp
            s.perPacket = p.time(.l2cPerPass)
            s.bitsPerSecondCeiling = p[.l2cRate]
            s.networkCeilings = networks.map { NetworkCeiling(prefix: $0, bitsPerSecond: p[.l2cNetworkRate]) }
        }
    }

    /// A network cloud (internet, public network, WAN) that returns no ICMP: a path-MTU black hole [Est].
    static func cloud(_ s: inout DeviceSpec) { s.sendsFragmentationNeeded = false }

    // MARK: Links

    static let tenGig: Int64 = 10_000_000_000
    /// Links inside a host (veth, vNIC): fast and short.
    static let virtualLink = LinkSpec(bitsPerSecond: 40_000_000_000, propagation: .zero, mtu: 9000, framingBytes: 14, bufferPackets: 10_000)
    /// Pod interfaces: Calico's MTU of 1480 (1500 minus the IP-in-IP header).
    static let podLink = LinkSpec(bitsPerSecond: 40_000_000_000, propagation: .zero, mtu: 1480, framingBytes: 14, bufferPackets: 10_000)
    /// A data-centre link of `rate` with `mtu` (5 µs, plus `extraDelay` across zones).
    static func dcLink(_ rate: Int64, mtu: Int, extraDelay: SimTime = .zero) -> LinkSpec {
        LinkSpec(bitsPerSecond: rate, propagation: .microseconds(5) + extraDelay, mtu: mtu, framingBytes: 14, bufferPackets: 1000)
    }
}
