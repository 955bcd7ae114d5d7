import SimKernel

/// Source NAT: packets whose source is in `source` (and destination in `destination`) leave
/// with source address `translateTo`. With `rewritePorts` each new connection also gets a
/// fresh source port (many-to-one masquerading); otherwise ports are kept (1:1 NAT).
public struct SNATRule: Sendable, Equatable {
    public var source: IPv4Prefix
    public var destination: IPv4Prefix
    public var translateTo: IPv4Address
    public var rewritePorts: Bool
    /// An exemption (iptables RETURN): matching packets are not translated.
    public var exempt = false
    /// 1:1 prefix mapping (iptables NETMAP): the source keeps its host bits and takes this
    /// prefix's network bits, instead of becoming `translateTo`.
    public var netmap: IPv4Prefix? = nil

    public init(source: IPv4Prefix, destination: IPv4Prefix = IPv4Prefix(.zero, length: 0),
                translateTo: IPv4Address, rewritePorts: Bool = true) {
        self.source = source
        self.destination = destination
        self.translateTo = translateTo
        self.rewritePorts = rewritePorts
    }

    /// Packets from `source` to `destination` keep their source (e.g. Calico's natOutgoing
    /// does not apply inside the cluster's own ranges). Put exemptions before the rules.
    /// Maps the block `source` onto the equally sized block `to`, address by address.
    public static func netmap(_ source: IPv4Prefix, to target: IPv4Prefix, destination: IPv4Prefix = IPv4Prefix(.zero, length: 0)) -> SNATRule {
        var r = SNATRule(source: source, destination: destination, translateTo: .zero, rewritePorts: false)
        r.netmap = target
        return r
    }

    public static func exemption(source: IPv4Prefix, destination: IPv4Prefix) -> SNATRule {
        var r = SNATRule(source: source, destination: destination, translateTo: .zero, rewritePorts: false)
        r.exempt = true
        return r
    }
}

/// How a DNAT rule with several backends picks one for a new connection (kube-proxy's modes).
public enum BackendSelection: Sendable, Equatable {
    /// iptables mode: a ready backend at random, each with the same probability
    /// (`--mode random --probability 1/n` chains).
    case random
    /// IPVS mode (`rr` scheduler): the ready backends in turn.
    case roundRobin
}

/// Destination NAT: packets to `address` (and `port`, when given) are sent to `translateTo`
/// (and `translatePort`, when given): a vIP or a node port to a backend. With more than one
/// entry in `backends`, each new connection goes to one ready backend chosen by `selection`.
public struct DNATRule: Sendable, Equatable {
    public var address: IPv4Address
    public var port: UInt16?
    /// The backends (one for a plain DNAT). `translateTo` is the first.
    public var backends: [IPv4Address]
    public var translatePort: UInt16?
    public var selection: BackendSelection = .random
    /// Prefix mapping (NETMAP): destinations in `mapFrom` keep their host bits and take the
    /// network bits of `mapTo` (then `address` and `translateTo` are not used).
    public var mapFrom: IPv4Prefix? = nil
    public var mapTo: IPv4Prefix? = nil
    /// kube-proxy's masquerade for a Service with externalTrafficPolicy Cluster: a connection
    /// this rule sends to a backend not in `localBackends` leaves with source `masquerade`
    /// (ports rewritten), so that the reply comes back through here; the SNAT rules are then
    /// not consulted. Only connections this rule translated are masqueraded, as kube-proxy
    /// marks them (KUBE-MARK-MASQ).
    public var masquerade: IPv4Address? = nil
    public var localBackends: [IPv4Address] = []

    public var translateTo: IPv4Address { backends.first ?? .zero }

    /// Maps destinations in `from` onto the equally sized block `to`.
    public static func netmap(_ from: IPv4Prefix, to target: IPv4Prefix) -> DNATRule {
        var r = DNATRule(address: .zero, translateTo: .zero)
        r.mapFrom = from
        r.mapTo = target
        return r
    }

    public init(address: IPv4Address, port: UInt16? = nil, translateTo: IPv4Address, translatePort: UInt16? = nil) {
        self.init(address: address, port: port, backends: [translateTo], translatePort: translatePort)
    }

    /// A service address balanced over `backends` (at least one).
    public init(address: IPv4Address, port: UInt16? = nil, backends: [IPv4Address], translatePort: UInt16? = nil,
                selection: BackendSelection = .random) {
        precondition(!backends.isEmpty, "a DNAT rule needs at least one backend")
        self.address = address
        self.port = port
        self.backends = backends
        self.translatePort = translatePort
        self.selection = selection
    }

    @inlinable func matches(_ t: FiveTuple) -> Bool {
        if let from = mapFrom { return from.contains(t.destination) }
        return t.destination == address && (port == nil || port == t.destinationPort)
    }
}

/// The address `a` moved into block `target`, keeping its host bits within `target`'s length.
@inlinable func mapped(_ a: IPv4Address, into target: IPv4Prefix) -> IPv4Address {
    IPv4Address(target.network.value | (a.value & ~target.mask))
}
