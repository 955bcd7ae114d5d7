import SimKernel

/// Sender and receiver state of a bulk transfer (TCP Reno with NewReno partial ACKs).
/// Sequence numbers count segments; ACKs carry the next segment expected (cumulative).
struct TCPState {
    // Sender
    var established = false
    var segmentBytes = 0
    var totalSegments: UInt32? = nil
    var cwnd: Double = 10          // RFC 6928 initial window
    var ssthresh: Double = .infinity
    var receiveWindow = 64
    var nextSeq: UInt32 = 0
    var highestSent: UInt32 = 0
    var sndUna: UInt32 = 0
    var dupAcks = 0
    var inRecovery = false
    var recover: UInt32 = 0
    var rto: SimTime = .seconds(1)
    var rtoHandle: EventHandle? = nil
    var srtt: Double = 0           // picoseconds
    var rttvar: Double = 0
    var hasRTT = false
    var timedSeq: UInt32? = nil
    var timedAt: SimTime = .zero
    var finished = false
    // Receiver
    var rcvNext: UInt32 = 0
    var outOfOrder: Set<UInt32> = []
    var receiverDevice = -1
}
