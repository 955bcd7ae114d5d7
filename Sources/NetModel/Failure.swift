import SimKernel

/// A scheduled change of state: a link or device goes down or comes back.
public struct Failure: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// Both directions of the link whose channels are given.
        case link(Int, Int)
        /// One device (all its processing and local delivery).
        case device(Int)
        /// A Service endpoint (a replica's address) in every connection table that balances
        /// over it: down = removed from the Services (no new connections), up = ready again.
        case endpoint(IPv4Address)
    }
    public var time: SimTime
    public var target: Target
    /// True: it comes back up at `time`; false: it goes down.
    public var up: Bool

    public init(at time: SimTime, _ target: Target, up: Bool) {
        self.time = time
        self.target = target
        self.up = up
    }
}
