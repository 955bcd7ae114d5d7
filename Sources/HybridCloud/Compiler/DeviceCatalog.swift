import NetModel
import SimKernel

/// Device and link profiles of the estate, each declared once with its source
/// (docs/assumptions.md; figures from ../shared/reference/parameters.md). A profile sets the
/// costs of a `DeviceSpec`; the builders give it a name, addresses and routes.
enum DeviceCatalog {
    /// BCR, FCR, XCR: per-hop processing (20–50 µs [Est]).
    static func router(hop: SimTime) -> (inout DeviceSpec) -> Void { { $0.perPacket = hop } }

    /// A host's VTEP: 2 µs per packet and per VXLAN encapsulation [Est].
    static func vtep(_ s: inout DeviceSpec) {
        s.perPacket = .microseconds(2)
        s.encapsulationCost = .microseconds(2)
    }

    /// A DLR kernel module: 5–10 µs per packet [Est].
    static func dlr(_ s: inout DeviceSpec) { s.perPacket = .microseconds(7) }

    /// An NSX ESG of `size`: per core 2 µs + 3.5 ns/B ≈ 1.7 Gbit/s at 1,500 B, so X-Large
    /// (6 vCPU) ≈ 10 Gbit/s [Est]; IPsec 5 µs + 8 ns/B per core (≈ 1 Gbit/s AES-CBC+SHA [Est]);
    /// stateful NAT/firewall with the size's session limit.
    static func esg(_ size: ESGFormFactor, snat: [SNATRule] = [], dnat: [DNATRule] = []) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = size.cores
            s.perPacket = .microseconds(2)
            s.perByte = 3_470
            s.queueLimit = 4096
            s.cryptoPerPacket = .microseconds(5)
            s.cryptoPerByte = 8_000
            s.connections = ConnectionTable(capacity: size.sessions, idleTimeout: .seconds(3600), snat: snat, dnat: dnat)
            s.newConnectionCost = .microseconds(20)
            s.establishedConnectionCost = .microseconds(1)
        }
    }

    /// An ESG's IPsec cost per byte with `cipher` (GCM with AES-NI is cheaper [Est]).
    static func esgCryptoPerByte(_ cipher: ESPCipher) -> Double { cipher == .aesGCM ? 4_000 : 8_000 }

    /// A Calico vRouter holding the node's addresses: 1 µs per packet, 5 µs per IP-in-IP
    /// encapsulation [Est: +5–10 µs], conntrack with `snat` (natOutgoing) and `dnat` (node
    /// ports, LoadBalancer addresses) at 2 µs per new and 1 µs per established connection.
    static func vRouter(snat: [SNATRule], dnat: [DNATRule]) -> (inout DeviceSpec) -> Void {
        { s in
            s.perPacket = .microseconds(1)
            s.encapsulationCost = .microseconds(5)
            var table = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(432_000))
            table.snat = snat
            table.dnat = dnat
            s.connections = table
            s.newConnectionCost = .microseconds(2)
            s.establishedConnectionCost = .microseconds(1)
        }
    }

    /// kube-proxy with the Services' DNAT rules. The first packet of a connection costs, in
    /// iptables mode, about 8 rules per Service at 0.5 µs + 2 ns per rule; IPVS is constant
    /// (parameters.md §7); established packets 1.5 µs (conntrack).
    static func kubeProxy(mode: KubeProxyMode, services: Int, dnat: [DNATRule]) -> (inout DeviceSpec) -> Void {
        { s in
            s.connections = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(432_000), dnat: dnat)
            s.newConnectionCost = mode == .iptables ? .nanoseconds(500 + 2 * 8 * Double(services)) : .microseconds(1)
            s.establishedConnectionCost = .microseconds(1.5)
        }
    }

    /// An L7 ingress pod (the IKS ALB, the ICP ingress controller): a proxy on 2 cores taking
    /// 15 µs per packet, 30 µs per new connection and 2 µs per established one, that DNATs
    /// `address`:443 to `service`:`port` and SNATs to itself [Est].
    static func ingress(address: IPv4Address, service: IPv4Address, port: UInt16) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = 2
            s.perPacket = .microseconds(15)
            s.connections = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(60),
                snat: [SNATRule(source: IPv4Prefix(.zero, length: 0), translateTo: address)],
                dnat: [DNATRule(address: address, port: 443, translateTo: service, translatePort: port)])
            s.newConnectionCost = .microseconds(30)
            s.establishedConnectionCost = .microseconds(2)
        }
    }

    /// An application pod: 2 µs per packet in its network stack [Est].
    static func pod(_ s: inout DeviceSpec) { s.perPacket = .microseconds(2) }

    /// A strongSwan VPN pod: per core CBC+SHA1 ≈ 1.2 Gbit/s, GCM ≈ 3 Gbit/s with AES-NI
    /// (parameters.md §5), 2 µs per packet, 5 µs per ESP operation.
    static func strongSwan(cores: Int, cipher: ESPCipher, table: ConnectionTable? = nil) -> (inout DeviceSpec) -> Void {
        { s in
            s.cores = cores
            s.perPacket = .microseconds(2)
            s.cryptoPerPacket = .microseconds(5)
            s.cryptoPerByte = cipher == .aesGCM ? 2_700 : 6_700
            if let table {
                s.connections = table
                s.newConnectionCost = .microseconds(2)
                s.establishedConnectionCost = .microseconds(1)
            }
        }
    }

    /// The on-premises router: 20 µs per packet [Est].
    static func onPremRouter(_ s: inout DeviceSpec) { s.perPacket = .microseconds(20) }

    /// An L2 concentrator: 0.1–0.3 ms per pass, ≈ 4 Gbit/s per appliance pair (parameters.md §8).
    static func l2Concentrator(_ s: inout DeviceSpec) {
        s.perPacket = .microseconds(150)
        s.bitsPerSecondCeiling = 4e9
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
