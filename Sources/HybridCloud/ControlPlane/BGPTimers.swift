import SimKernel

/// The timers of one BGP speaker (RFC 4271 §10), and optional BFD (RFC 5880) and graceful
/// restart (RFC 4724). Sources of the defaults: docs/assumptions.md, "Routing control plane".
public struct BGPTimers: Sendable, Equatable {
    /// Interval between KEEPALIVE messages.
    public var keepalive: SimTime
    /// Hold time: a session with no message for this long is declared down.
    public var hold: SimTime
    /// Wait before (re)trying to open a session to a peer that did not answer.
    public var connectRetry: SimTime
    /// Wait after the speaker starts (or its session fails) before it opens a session.
    public var startDelay: SimTime
    /// BFD: detection time = transmit interval × multiplier; nil: no BFD.
    public var bfd: BFD?
    /// Graceful restart: how long a peer keeps the routes of a restarting speaker (stale, still
    /// forwarding) while the session re-establishes; nil: not negotiated.
    public var gracefulRestart: SimTime?
    /// From a route change received to the route being in the forwarding table (RIB → FIB).
    public var convergence: SimTime

    public struct BFD: Sendable, Equatable {
        public var interval: SimTime
        public var multiplier: Int
        public init(interval: SimTime, multiplier: Int) {
            self.interval = interval
            self.multiplier = multiplier
        }
        public var detection: SimTime { SimTime(picoseconds: interval.picoseconds * Int64(multiplier)) }
    }

    public init(keepalive: SimTime, hold: SimTime, connectRetry: SimTime = .seconds(120), startDelay: SimTime = .seconds(5),
                bfd: BFD? = nil, gracefulRestart: SimTime? = nil, convergence: SimTime = .milliseconds(500)) {
        self.keepalive = keepalive
        self.hold = hold
        self.connectRetry = connectRetry
        self.startDelay = startDelay
        self.bfd = bfd
        self.gracefulRestart = gracefulRestart
        self.convergence = convergence
    }

    /// An NSX-v ESG: keepalive 60 s, hold 180 s (the NSX-v routing defaults, the usual vendor
    /// defaults); connect retry 120 s (RFC 4271 §10's suggested value); BFD off.
    public static let nsxEdge = BGPTimers(keepalive: .seconds(60), hold: .seconds(180))
    /// Calico's BIRD on a worker: hold 240 s, keepalive hold/3 = 80 s, connect retry 120 s,
    /// start delay 5 s (BIRD's defaults; Calico does not change them); graceful restart
    /// 120 s (Calico's).
    public static let bird = BGPTimers(keepalive: .seconds(80), hold: .seconds(240), gracefulRestart: .seconds(120))
    /// The IBM Cloud backend customer router: IBM does not publish its timers; 60 s / 180 s
    /// like most vendors' defaults, graceful-restart helper (120 s) [Est].
    public static let backendRouter = BGPTimers(keepalive: .seconds(60), hold: .seconds(180), gracefulRestart: .seconds(120))

    /// The timers of a session between this speaker and `peer`: the smaller hold time
    /// (RFC 4271 §4.2), the keepalive at most a third of it; BFD and graceful restart only
    /// when both ends have them (the larger BFD interval and multiplier, the shorter
    /// restart time); each end keeps its own retry and start delays (this one's here).
    /// BFD is this speaker's choice: its peers here (BIRD, the BCR) answer BFD when asked.
    public func negotiated(with peer: BGPTimers) -> BGPTimers {
        let hold = min(self.hold, peer.hold)
        let keepalive = min(min(self.keepalive, peer.keepalive), SimTime(picoseconds: hold.picoseconds / 3))
        var bfd: BFD? = nil
        if let a = self.bfd { bfd = peer.bfd.map { BFD(interval: max(a.interval, $0.interval), multiplier: max(a.multiplier, $0.multiplier)) } ?? a }
        var restart: SimTime? = nil
        if let a = gracefulRestart, let b = peer.gracefulRestart { restart = min(a, b) }
        return BGPTimers(keepalive: keepalive, hold: hold, connectRetry: connectRetry, startDelay: max(startDelay, peer.startDelay),
                         bfd: bfd, gracefulRestart: restart, convergence: max(convergence, peer.convergence))
    }

    /// When a session whose peer went silent at `t` is declared down: BFD's detection time,
    /// or the hold timer counted from the last keepalive (a phase in [0, keepalive) per run:
    /// the returned jitter).
    public func detection(silentFrom t: SimTime) -> (at: SimTime, jitter: SimTime) {
        bfd.map { (t + $0.detection, .zero) } ?? (t + hold - keepalive, keepalive)
    }

    /// Why these timers cannot work, or nil.
    public var problem: String? {
        if hold < .seconds(3) { return "hold must be at least 3s (RFC 4271 §4.2)" }
        if keepalive <= .zero || keepalive > hold { return "keepalive must be positive and at most the hold time" }
        if connectRetry <= .zero || startDelay < .zero || convergence < .zero { return "connect-retry must be positive, start-delay and convergence ≥ 0" }
        if let b = bfd, b.interval <= .zero || !(1...255).contains(b.multiplier) { return "bfd needs an interval > 0 and a multiplier 1...255" }
        if let g = gracefulRestart, g <= .zero { return "graceful-restart must be positive" }
        return nil
    }
}
