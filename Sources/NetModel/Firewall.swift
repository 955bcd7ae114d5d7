import SimKernel

/// The IP protocol of a packet as firewall and NAT rules see it.
public enum IPProtocol: UInt8, Sendable {
    case any = 0, icmp = 1, tcp = 6, udp = 17, esp = 50, ipInIP = 4
}

/// A stateless firewall rule: allow or deny packets matching source prefix, destination
/// prefix, protocol and destination port range.
public struct FirewallRule: Sendable, Equatable {
    public enum Verdict: Sendable { case allow, deny }
    public var verdict: Verdict
    public var source: IPv4Prefix
    public var destination: IPv4Prefix
    public var proto: IPProtocol
    public var ports: ClosedRange<UInt16>

    public init(_ verdict: Verdict, source: IPv4Prefix = IPv4Prefix(.zero, length: 0),
                destination: IPv4Prefix = IPv4Prefix(.zero, length: 0), proto: IPProtocol = .any,
                ports: ClosedRange<UInt16> = 0...UInt16.max) {
        self.verdict = verdict
        self.source = source
        self.destination = destination
        self.proto = proto
        self.ports = ports
    }

    @inlinable func matches(_ t: FiveTuple) -> Bool {
        source.contains(t.source) && destination.contains(t.destination)
            && (proto == .any || proto == t.proto) && ports.contains(t.destinationPort)
    }
}

/// How rule evaluation costs CPU time.
public enum FirewallEvaluation: Sendable, Equatable {
    /// iptables-like: rules are tried in order; cost = rules evaluated × `perRule`.
    case linear(perRule: SimTime)
    /// Hash/IPVS-like: a constant cost whatever the number of rules.
    case constant(SimTime)
}

/// An ordered rule list with a default verdict.
public struct Firewall: Sendable {
    public var rules: [FirewallRule]
    public var defaultVerdict: FirewallRule.Verdict
    public var evaluation: FirewallEvaluation

    public init(rules: [FirewallRule], defaultVerdict: FirewallRule.Verdict = .allow,
                evaluation: FirewallEvaluation = .linear(perRule: SimTime(picoseconds: 2_000))) {
        self.rules = rules
        self.defaultVerdict = defaultVerdict
        self.evaluation = evaluation
    }

    /// The verdict for `t` and the CPU time spent deciding it.
    @inlinable public func evaluate(_ t: FiveTuple) -> (verdict: FirewallRule.Verdict, cost: SimTime) {
        var i = 0
        var verdict = defaultVerdict
        while i < rules.count {
            if rules[i].matches(t) {
                verdict = rules[i].verdict
                i &+= 1
                break
            }
            i &+= 1
        }
        switch evaluation {
        case .linear(let perRule): return (verdict, SimTime(picoseconds: perRule.picoseconds * Int64(i)))
        case .constant(let c): return (verdict, c)
        }
    }
}
