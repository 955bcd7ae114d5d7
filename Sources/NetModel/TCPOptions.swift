import SimKernel

/// The TCP settings of a flow's two endpoints. Defaults are Linux's (6.x); each names its
/// source. Windows count segments, times are simulated time.
public struct TCPOptions: Sendable, Equatable {
    /// `cubic` (Linux's default, net.ipv4.tcp_congestion_control) or `newreno`.
    public var congestionControl: CongestionControl = .cubic
    /// CUBIC never grows slower than Reno would (RFC 9438 §4.3; Linux's cubic module parameter
    /// tcp_friendliness = 1). Off only to compare with implementations without it (ns-3's TcpCubic).
    public var cubicRenoFriendly = true
    /// Initial congestion window: 10 segments (RFC 6928; Linux TCP_INIT_CWND).
    public var initialWindow = 10
    /// Lower bound of the retransmission timeout: 200 ms (Linux TCP_RTO_MIN; RFC 6298 §2.4 allows it).
    public var minimumRTO: SimTime = .milliseconds(200)
    /// Timeout before the first RTT sample, and for the SYN: 1 s (RFC 6298 §2.1; Linux TCP_TIMEOUT_INIT).
    public var initialRTO: SimTime = .seconds(1)
    /// Upper bound of the backed-off timeout: 120 s (Linux TCP_RTO_MAX).
    public var maximumRTO: SimTime = .seconds(120)
    /// Delayed-ACK timer: 40 ms (Linux TCP_DELACK_MIN); a receiver ACKs at least every second
    /// full segment (RFC 5681 §4.2), at once for out-of-order data.
    public var delayedAck: SimTime = .milliseconds(40)
    /// Segments ACKed at once at the start of a connection (Linux's quick-ACK mode, TCP_MAX_QUICKACKS 16).
    public var quickAcks = 16
    /// Slow start after an idle period longer than the RTO (RFC 2861; Linux
    /// net.ipv4.tcp_slow_start_after_idle = 1).
    public var slowStartAfterIdle = true
    /// Receive window (segments): the most a sender has unacknowledged.
    public var receiveWindow = 512
    /// Duplicate ACKs (or SACKed segments above a hole) that mark it lost: 3 (RFC 6675 DupThresh).
    public static let duplicateThreshold = 3

    public init(congestionControl: CongestionControl = .cubic, receiveWindow: Int = 512,
                minimumRTO: SimTime = .milliseconds(200)) {
        self.congestionControl = congestionControl
        self.receiveWindow = receiveWindow
        self.minimumRTO = minimumRTO
    }
}
