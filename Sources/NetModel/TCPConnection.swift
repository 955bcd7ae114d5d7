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

/// The TLS handshake message a connection waits for next.
enum TLSStep: UInt8 {
    /// Application data (the handshake is over, or there is none).
    case done
    /// The ClientHello is on its way to the server (or the server is working on it).
    case clientHello
    /// The server's flight (ServerHello … Finished, or … ServerHelloDone in TLS 1.2).
    case serverFlight
    /// TLS 1.2 full handshake: the client's ClientKeyExchange, ChangeCipherSpec, Finished.
    case clientKeyExchange
    /// TLS 1.2 full handshake: the server's ChangeCipherSpec and Finished.
    case serverFinished
}

/// Which way a TCP packet travels: `up` from the client, `down` from the server.
enum TCPDirection: UInt8 {
    case up = 0, down = 1
    var reverse: TCPDirection { self == .up ? .down : .up }
}

/// TCP header flags a packet carries (the simulator's subset).
public struct TCPFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let syn = TCPFlags(rawValue: 1)
    public static let fin = TCPFlags(rawValue: 2)
    /// The acknowledgment field is valid.
    public static let ack = TCPFlags(rawValue: 4)
    /// A pure ACK whose `sequence` is a segment the receiver holds out of order (one SACK block).
    public static let sack = TCPFlags(rawValue: 8)
    /// Sent by the server end (the connection's `down` direction).
    public static let fromServer = TCPFlags(rawValue: 16)
    public static let rst = TCPFlags(rawValue: 32)
}
