/// Why a packet was dropped. Every drop is counted per flow and per component.
public enum DropReason: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// A queue (link buffer or device input queue) was full.
    case queueFull
    /// Larger than an MTU and not fragmentable: VXLAN outer frame, or DF set.
    case mtuExceeded
    /// A new connection found the NAT / connection table full.
    case natTableFull
    /// No route matched the destination.
    case noRoute
    /// A firewall rule denied it.
    case firewallDenied
    /// The link was down.
    case linkDown
    /// The device was down (failed, restarting, failing over).
    case deviceDown
    /// It exceeded its hop limit (a routing loop).
    case ttlExpired
    /// Lost at random on a link (the link's loss probability).
    case randomLoss
    /// A new connection to a Service that had no ready endpoint (kube-proxy rejects it).
    case noEndpoint
    /// A new connection through a SNAT device found every translated source port to its
    /// destination in use (netfilter's per-destination port allocation, TIME_WAIT included), or a
    /// client host found every ephemeral port to its server in use (`ClientPorts`: connect()
    /// fails with EADDRNOTAVAIL, so the SYN is counted at the host and never sent).
    case portsExhausted

    /// A loss a failure causes: the part was down, its route withdrawn (or black-holed), its
    /// Service left without endpoints, or a fallback route looped.
    public var isFailureLoss: Bool {
        switch self {
        case .linkDown, .deviceDown, .noRoute, .noEndpoint, .ttlExpired: return true
        case .queueFull, .mtuExceeded, .natTableFull, .firewallDenied, .randomLoss, .portsExhausted: return false
        }
    }

    public var description: String {
        switch self {
        case .queueFull: return "queueFull"
        case .mtuExceeded: return "mtuExceeded"
        case .natTableFull: return "natTableFull"
        case .noRoute: return "noRoute"
        case .firewallDenied: return "firewallDenied"
        case .linkDown: return "linkDown"
        case .deviceDown: return "deviceDown"
        case .ttlExpired: return "ttlExpired"
        case .randomLoss: return "randomLoss"
        case .noEndpoint: return "noEndpoint"
        case .portsExhausted: return "portsExhausted"
        }
    }
}

/// A count per drop reason, in a fixed-size inline array (no allocation).
public struct DropCounts: Sendable, Equatable {
    @usableFromInline var counts: InlineArray<11, Int> = InlineArray(repeating: 0)
    public init() {}
    @inlinable public subscript(reason: DropReason) -> Int {
        get { counts[reason.rawValue] }
        set { counts[reason.rawValue] = newValue }
    }
    public var total: Int { (0..<DropReason.allCases.count).reduce(0) { $0 + counts[$1] } }
    public static func == (a: DropCounts, b: DropCounts) -> Bool {
        (0..<DropReason.allCases.count).allSatisfy { a.counts[$0] == b.counts[$0] }
    }
}
