import SimKernel

/// A TCP connection between a flow's client and its server: its two directions, where the
/// server end is, and its phase. A request/response client keeps one (keep-alive) or opens
/// one per transaction; a bulk transfer has one. Each opening is a new incarnation on a new
/// source port; packets of an older incarnation are ignored when they arrive.
struct TCPConnection {
    enum Phase: UInt8 {
        case closed
        /// SYN sent, SYN-ACK not yet back.
        case opening
        case established
        /// FIN sent by the client.
        case closing
    }

    var phase = Phase.closed
    /// Where the TLS handshake stands (`.done` also without TLS), and whether it resumes a session.
    var tls = TLSStep.done
    var tlsResumed = false
    var incarnation: UInt32 = 0
    var sourcePort: UInt16 = 0
    /// The connection holds `sourcePort` from its flow's `ClientPorts` until it ends.
    var holdsPort = false
    /// Client → server (requests, bulk data) and server → client (responses).
    var up: TCPHalf
    var down: TCPHalf
    /// When the SYN was first sent, and whether it was sent again (no RTT sample then, Karn).
    var synSentAt: SimTime = .zero
    var synRetried = false
    /// Where the SYN was delivered and the tuple it arrived with (after any NAT), to answer from.
    var serverDevice = -1
    var serverView = FiveTuple(source: .zero, destination: .zero, proto: .tcp, sourcePort: 0, destinationPort: 0)

    init(options: TCPOptions, store: inout SegmentStore) {
        up = TCPHalf(options: options, store: &store)
        down = TCPHalf(options: options, store: &store)
    }

    subscript(direction: TCPDirection) -> TCPHalf {
        get { direction == .up ? up : down }
        _modify {
            if direction == .up { yield &up } else { yield &down }
        }
    }
}
