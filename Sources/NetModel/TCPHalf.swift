import SimKernel

/// One direction of a TCP connection: the sender at one end and the receiver at the other.
/// Sequence numbers count segments from 0 (the SYN is not counted); the application writes
/// messages (a request, a response, a bulk transfer), each cut into segments of
/// `segmentBytes` with a shorter last one. Times are picoseconds where stored as numbers.
struct TCPHalf {
    // Application data
    var segmentBytes = 1448
    /// Segments written so far (all of a bulk transfer's at once; `unbounded`: no end).
    var writeEnd: UInt32 = 0
    /// End of the latest message and its last segment's payload, and the same for the one before
    /// (a segment of an older message still unacknowledged is retransmitted at full size).
    var messageEnd: UInt32 = 0
    var lastBytes = 0
    var previousEnd: UInt32 = 0
    var previousLastBytes = 0
    /// The receiving application has had every message up to here.
    var deliveredEnd: UInt32 = 0

    // Sender
    var window = CongestionWindow()
    var receiveWindow = 512
    var sndUna: UInt32 = 0
    var nextSeq: UInt32 = 0
    var highestSent: UInt32 = 0
    /// SACK scoreboard (RFC 6675) and retransmissions of the current recovery, for [sndUna, highestSent).
    var sacked: SegmentBitmap
    var sackedCount = 0
    var retransmitted: SegmentBitmap
    var dupAcks = 0
    var inRecovery = false
    var recover: UInt32 = 0
    // Proportional rate reduction (RFC 6937)
    var prrDelivered = 0
    var prrOut = 0
    var recoverFS = 1
    // Retransmission timer (RFC 6298)
    var rto: SimTime = .seconds(1)
    var srtt: Double = 0
    var rttvar: Double = 0
    var hasRTT = false
    var timedSeq = TCPHalf.none
    var timedAt: SimTime = .zero
    var retransmitTimer = LazyTimer()
    /// After a timeout, until `recover` is acknowledged: duplicate ACKs start no fast recovery (RFC 6582 §4.1).
    var afterTimeout = false
    var lastSendAt: SimTime = .zero

    // Receiver
    var rcvNext: UInt32 = 0
    /// Segments held out of order, in [rcvNext + 1, rcvNext + capacity).
    var received: SegmentBitmap
    var heldOutOfOrder = 0
    /// In-order segments not yet acknowledged, quick ACKs left, and the delayed-ACK timer.
    var unacknowledged = 0
    var quickAcks = 16
    var delayedAckTimer = LazyTimer()

    static let none = UInt32.max
    static let unbounded = UInt32.max / 2

    init(options: TCPOptions, store: inout SegmentStore) {
        let capacity = options.receiveWindow + 64
        sacked = store.allocate(capacity: capacity)
        retransmitted = store.allocate(capacity: capacity)
        received = store.allocate(capacity: capacity)
        reset(options: options)
    }

    /// Back to a new connection's state (the caller clears the bitmaps in its store).
    mutating func reset(options: TCPOptions) {
        writeEnd = 0; messageEnd = 0; lastBytes = 0; previousEnd = 0; previousLastBytes = 0; deliveredEnd = 0
        window = CongestionWindow()
        window.algorithm = options.congestionControl
        window.renoFriendly = options.cubicRenoFriendly
        window.cwnd = options.initialWindow
        receiveWindow = options.receiveWindow
        sndUna = 0; nextSeq = 0; highestSent = 0
        sackedCount = 0
        dupAcks = 0; inRecovery = false; recover = 0
        rto = options.initialRTO; srtt = 0; rttvar = 0; hasRTT = false; timedSeq = TCPHalf.none
        retransmitTimer.disarm(); delayedAckTimer.disarm(); afterTimeout = false
        rcvNext = 0; heldOutOfOrder = 0; unacknowledged = 0; quickAcks = options.quickAcks
    }

    /// Appends a message of `bytes` (a 0-byte message is one empty segment).
    mutating func write(bytes: Int) {
        let count = bytes <= 0 ? 1 : (bytes + segmentBytes - 1) / segmentBytes
        previousEnd = messageEnd
        previousLastBytes = lastBytes
        messageEnd = writeEnd &+ UInt32(count)
        lastBytes = max(0, bytes - (count - 1) * segmentBytes)
        writeEnd = messageEnd
    }

    /// Payload of segment `seq`.
    func payload(_ seq: UInt32) -> Int {
        if seq &+ 1 == messageEnd { return lastBytes }
        if seq &+ 1 == previousEnd { return previousLastBytes }
        return segmentBytes
    }

    /// Unacknowledged segments not SACKed (outside recovery, where nothing is marked lost).
    var flight: Int { Int(nextSeq &- sndUna) - sackedCount }

    /// RFC 6298 smoothed RTT and RTO, at least `minimum`.
    mutating func sampleRTT(_ r: SimTime, options: TCPOptions) {
        let sample = Double(r.picoseconds)
        if hasRTT {
            rttvar = 0.75 * rttvar + 0.25 * abs(srtt - sample)
            srtt = 0.875 * srtt + 0.125 * sample
        } else {
            srtt = sample
            rttvar = sample / 2
            hasRTT = true
        }
        updateRTO(options: options)
    }

    /// RTO = SRTT + max(1 µs, 4 RTTVAR), within the options' bounds (also ends a back-off).
    mutating func updateRTO(options: TCPOptions) {
        rto = min(options.maximumRTO, max(options.minimumRTO, SimTime(picoseconds: Int64(srtt + max(1e6, 4 * rttvar)))))
    }
}
