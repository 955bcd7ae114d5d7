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
        /// The route for exactly `prefix` at a device: installed (replacing any route for the
        /// same prefix) or, with a nil action, withdrawn. The control plane's changes: a BGP
        /// route withdrawn or learned, an HA pair's addresses moving, an IPsec SA lost.
        case route(device: Int, prefix: IPv4Prefix, action: RouteAction?)
        /// A flow's client moves (a rescheduled pod): its transactions from now on start at
        /// `device` with source `address`.
        case flowSource(flow: Int, device: Int, address: IPv4Address)
    }
    public var time: SimTime
    public var target: Target
    /// True: it comes back up at `time`; false: it goes down.
    public var up: Bool
    /// A timer phase: each run adds a uniform draw from [0, jitter) to `time` (its own
    /// stream per failure), capped at `latest`. A BGP peer's hold timer or next keepalive
    /// falls anywhere in its interval relative to the failure.
    public var jitter: SimTime = .zero
    public var latest: SimTime = .max
    /// Failures with the same phase name share one draw (both ends of one timer).
    public var phase: String? = nil

    public init(at time: SimTime, _ target: Target, up: Bool, jitter: SimTime = .zero, latest: SimTime = .max) {
        self.time = time
        self.target = target
        self.up = up
        self.jitter = jitter
        self.latest = latest
    }
}
