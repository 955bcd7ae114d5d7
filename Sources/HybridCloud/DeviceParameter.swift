/// A cost or capacity of a device model that the user may change (the `devices:` section of a
/// scenario, `--overrides FILE`, `--set devices.esg.per-byte=4ns`) and `hybridsim calibrate`
/// may fit. Each parameter is declared once here with its unit, default and source; the
/// compiler (`DeviceCatalog`), the scenario decoder, `hybridsim calibrate` and the table in
/// docs/assumptions.md all read this declaration.
///
/// Values are held in SI units: seconds for `.duration`, seconds per byte for
/// `.durationPerByte`, bits per second for `.bitRate`, plain numbers for `.count`, 0 or 1 for
/// `.flag`.
public enum DeviceParameter: String, Sendable, CaseIterable {
    // NSX Edge Services Gateway
    case esgPerPacket = "esg.per-packet"
    case esgPerByte = "esg.per-byte"
    case esgCryptoPerPacket = "esg.crypto-per-packet"
    case esgCryptoPerByteCBC = "esg.crypto-per-byte-cbc"
    case esgCryptoPerByteGCM = "esg.crypto-per-byte-gcm"
    case esgNewConnection = "esg.new-connection"
    case esgEstablished = "esg.established"
    case esgNATRule = "esg.nat-rule"
    case esgNATTranslation = "esg.nat-translation"
    case esgFirewallRule = "esg.firewall-rule"
    // ESXi VTEP (VXLAN)
    case vtepCores = "vtep.cores"
    case vtepPerPacket = "vtep.per-packet"
    case vtepPerByte = "vtep.per-byte"
    case vtepPerByteOffloaded = "vtep.per-byte-offloaded"
    case vtepEncapsulation = "vtep.encapsulation"
    case vtepOffload = "vtep.offload"
    // DLR
    case dlrPerPacket = "dlr.per-packet"
    // Calico vRouter
    case calicoCores = "calico.cores"
    case calicoPerPacket = "calico.per-packet"
    case calicoPerByte = "calico.per-byte"
    case calicoIPIP = "calico.ipip"
    case calicoNewConnection = "calico.new-connection"
    case calicoEstablished = "calico.established"
    // kube-proxy
    case kubeProxyIptablesBase = "kube-proxy.iptables-base"
    case kubeProxyIptablesRule = "kube-proxy.iptables-rule"
    case kubeProxyRulesPerService = "kube-proxy.rules-per-service"
    case kubeProxyIPVS = "kube-proxy.ipvs"
    case kubeProxyNftables = "kube-proxy.nftables"
    case kubeProxyEstablished = "kube-proxy.established"
    // strongSwan VPN pod
    case strongSwanPerPacket = "strongswan.per-packet"
    case strongSwanCryptoPerPacket = "strongswan.crypto-per-packet"
    case strongSwanCryptoPerByteCBC = "strongswan.crypto-per-byte-cbc"
    case strongSwanCryptoPerByteGCM = "strongswan.crypto-per-byte-gcm"
    // Ingress (IKS ALB, ICP ingress)
    case ingressCores = "ingress.cores"
    case ingressPerPacket = "ingress.per-packet"
    case ingressNewConnection = "ingress.new-connection"
    case ingressEstablished = "ingress.established"
    // Application pods
    case podPerPacket = "pod.per-packet"
    // HCX L2 concentrator
    case l2cPerPass = "l2c.per-pass"
    case l2cRate = "l2c.rate"
    case l2cNetworkRate = "l2c.network-rate"
    // Enterprise
    case onPremRouterPerPacket = "onprem-router.per-packet"

    /// How a value is written and read.
    public enum Unit: String, Sendable {
        case duration, durationPerByte = "duration-per-byte", count, bitRate = "bit-rate", flag
    }

    /// What is declared of one parameter.
    public struct Declaration: Sendable {
        public let unit: Unit
        /// In SI units (see `DeviceParameter`).
        public let defaultValue: Double
        public let summary: String
        public let source: String
    }

    /// The device group the parameter belongs to (the part before the dot).
    public var device: String { rawValue.split(separator: ".").first.map(String.init) ?? rawValue }

    public var unit: Unit { declaration.unit }
    public var defaultValue: Double { declaration.defaultValue }
    public var summary: String { declaration.summary }
    public var source: String { declaration.source }

    /// Bounds a value must keep, in SI units (costs ≥ 0 and at most 1 s per packet or 1 ms
    /// per byte, so that a packet's service time stays far inside `SimTime`; counts ≥ 1).
    public var validRange: ClosedRange<Double> {
        switch unit {
        case .duration: return 0...1
        case .durationPerByte: return 0...1e-3
        case .count: return 1...1024
        case .bitRate: return 1e3...1e13
        case .flag: return 0...1
        }
    }

    /// The parameters, by name (`esg.per-byte`).
    public static func named(_ name: String) -> DeviceParameter? { DeviceParameter(rawValue: name) }

    /// The parameter's name within its device group (`per-byte` of `esg.per-byte`).
    public var key: String { String(rawValue.dropFirst(device.count + 1)) }

    /// The device groups, in declaration order.
    public static var devices: [String] {
        var seen: [String] = []
        for p in allCases where !seen.contains(p.device) { seen.append(p.device) }
        return seen
    }

    /// `value` (SI units) written as a scenario file takes it: `2us`, `3.47ns` (per byte),
    /// `4`, `1Gbps`, `true`.
    public func written(_ value: Double) -> String {
        func g(_ x: Double) -> String {
            let r = (x * 1e6).rounded() / 1e6
            return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
        }
        switch unit {
        case .duration:
            if value == 0 { return "0us" }
            if value >= 1e-3 { return g(value * 1e3) + "ms" }
            if value >= 1e-6 { return g(value * 1e6) + "us" }
            return g(value * 1e9) + "ns"
        case .durationPerByte: return g(value * 1e9) + "ns"
        case .count: return g(value)
        case .bitRate:
            if value >= 1e9 { return g(value / 1e9) + "Gbps" }
            if value >= 1e6 { return g(value / 1e6) + "Mbps" }
            return g(value / 1e3) + "kbps"
        case .flag: return value != 0 ? "true" : "false"
        }
    }

    /// What a value of this unit looks like, for help and errors.
    public var example: String {
        switch unit {
        case .duration: return "a duration, e.g. 2us"
        case .durationPerByte: return "a duration per byte, e.g. 3.5ns (or 3.5ns/B)"
        case .count: return "a whole number, e.g. 4"
        case .bitRate: return "a bit rate, e.g. 1Gbps"
        case .flag: return "true or false"
        }
    }
}
