import SimKernel

/// What a device did to a traced packet.
public enum TraceOperation: Sendable, Equatable {
    /// Routed (longest-prefix match) and sent on towards the next hop.
    case route
    /// Delivered to its destination.
    case deliver
    /// Source address (and port) rewritten.
    case sourceNAT
    /// Destination address (and port) rewritten.
    case destinationNAT
    case encapsulate(Decapsulation)
    case decapsulate(Decapsulation)
    case drop(DropReason)
}

/// One step of a traced packet: at `device`, `operation`, after which the packet is `bytes`
/// long (IP level), leaving the device at `time`.
public struct TraceStep: Sendable, Equatable {
    public let device: Int
    public let operation: TraceOperation
    public let bytes: Int
    public internal(set) var time: SimTime
    /// The destination of the packet's outermost IPv4 header at this step.
    public let destination: IPv4Address
    /// The flow the packet belongs to.
    public let flow: Int
}

extension Tunnel.Kind {
    /// The decapsulation that undoes this encapsulation.
    public var decapsulation: Decapsulation {
        switch self {
        case .ipInIP: return .ipInIP
        case .vxlan: return .vxlan
        case .esp: return .esp
        case .l2Concentrator: return .l2Concentrator
        }
    }
}
