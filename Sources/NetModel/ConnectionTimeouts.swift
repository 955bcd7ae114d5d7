import SimKernel

/// How long a connection-tracking entry lives after its last packet, by protocol and TCP state
/// (Linux nf_conntrack, the NSX ESG's stateful firewall). A connection's state moves with the
/// TCP flags its packets carry: SYN opens it, a reply establishes it, a FIN starts closing it,
/// FINs both ways then the last ACK leave it in TIME_WAIT, a RST closes it.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// SYN seen, no reply yet.
    public var tcpOpening: SimTime
    public var tcpEstablished: SimTime
    /// One FIN seen (FIN_WAIT / CLOSE_WAIT).
    public var tcpClosing: SimTime
    /// FINs seen both ways (LAST_ACK).
    public var tcpLastAck: SimTime
    /// FINs both ways and the last ACK.
    public var tcpTimeWait: SimTime
    /// Reset.
    public var tcpClosed: SimTime
    /// UDP with packets one way only, and with replies (a "stream").
    public var udp: SimTime
    public var udpStream: SimTime
    public var icmp: SimTime
    /// Any other protocol (ESP, IP-in-IP …).
    public var other: SimTime

    public init(tcpOpening: SimTime, tcpEstablished: SimTime, tcpClosing: SimTime, tcpLastAck: SimTime, tcpTimeWait: SimTime,
                tcpClosed: SimTime, udp: SimTime, udpStream: SimTime, icmp: SimTime, other: SimTime) {
        (self.tcpOpening, self.tcpEstablished, self.tcpClosing, self.tcpLastAck, self.tcpTimeWait, self.tcpClosed) =
            (tcpOpening, tcpEstablished, tcpClosing, tcpLastAck, tcpTimeWait, tcpClosed)
        (self.udp, self.udpStream, self.icmp, self.other) = (udp, udpStream, icmp, other)
    }

    /// One timeout for every protocol and state.
    public static func uniform(_ t: SimTime) -> ConnectionTimeouts {
        ConnectionTimeouts(tcpOpening: t, tcpEstablished: t, tcpClosing: t, tcpLastAck: t, tcpTimeWait: t, tcpClosed: t,
                           udp: t, udpStream: t, icmp: t, other: t)
    }

    /// Linux's defaults (Documentation/networking/nf_conntrack-sysctl.rst): syn_sent 120 s,
    /// established 432,000 s (5 days), fin_wait 120 s, last_ack 30 s, time_wait 120 s, close 10 s,
    /// udp 30 s, udp_stream 120 s, icmp 30 s, generic 600 s.
    public static let linux = ConnectionTimeouts(
        tcpOpening: .seconds(120), tcpEstablished: .seconds(432_000), tcpClosing: .seconds(120), tcpLastAck: .seconds(30),
        tcpTimeWait: .seconds(120), tcpClosed: .seconds(10), udp: .seconds(30), udpStream: .seconds(120), icmp: .seconds(30),
        other: .seconds(600))

    /// A Kubernetes node (vRouter, kube-proxy): Linux's, with kube-proxy's
    /// --conntrack-tcp-timeout-established 24 h and --conntrack-tcp-timeout-close-wait 1 h
    /// (kube-proxy command-line reference).
    public static let kubernetesNode: ConnectionTimeouts = {
        var t = ConnectionTimeouts.linux
        t.tcpEstablished = .seconds(86_400)
        t.tcpClosing = .seconds(3_600)
        return t
    }()

    /// The NSX ESG firewall's global configuration defaults (NSX 6.2 API `globalConfig`):
    /// tcpTimeoutOpen 30 s, tcpTimeoutEstablished 3,600 s, tcpTimeoutClose 30 s (every closing
    /// state), udpTimeout 60 s, icmpTimeout 10 s, ipGenericTimeout 120 s.
    public static let nsxEdge = ConnectionTimeouts(
        tcpOpening: .seconds(30), tcpEstablished: .seconds(3_600), tcpClosing: .seconds(30), tcpLastAck: .seconds(30),
        tcpTimeWait: .seconds(30), tcpClosed: .seconds(30), udp: .seconds(60), udpStream: .seconds(60), icmp: .seconds(10),
        other: .seconds(120))
}

/// A tracked connection's state (TCP), or whether a UDP one has seen replies.
@usableFromInline enum TrackedState: UInt8, Sendable {
    case opening, established, closing, lastAck, timeWait, closed
    case udp, udpStream, icmp, other

    func timeout(_ t: ConnectionTimeouts) -> SimTime {
        switch self {
        case .opening: return t.tcpOpening
        case .established: return t.tcpEstablished
        case .closing: return t.tcpClosing
        case .lastAck: return t.tcpLastAck
        case .timeWait: return t.tcpTimeWait
        case .closed: return t.tcpClosed
        case .udp: return t.udp
        case .udpStream: return t.udpStream
        case .icmp: return t.icmp
        case .other: return t.other
        }
    }

    /// The state of a new connection whose first packet is `tuple` with `flags`.
    static func first(_ tuple: FiveTuple, _ flags: TCPFlags) -> TrackedState {
        switch tuple.proto {
        case .tcp: return flags.contains(.rst) ? .closed : flags.contains(.syn) ? .opening : .established  // picked up mid-stream
        case .udp: return .udp
        case .icmp: return .icmp
        default: return .other
        }
    }

    /// The state after a packet with `flags`, from the reply side or not; `finsSeen` holds
    /// which directions have sent a FIN (bit 0 original, bit 1 reply).
    func next(_ flags: TCPFlags, reply: Bool, finsSeen: inout UInt8) -> TrackedState {
        switch self {
        case .udp: return reply ? .udpStream : .udp
        case .udpStream, .icmp, .other: return self
        default: break
        }
        if flags.contains(.rst) { return .closed }
        if flags.contains(.fin) { finsSeen |= reply ? 2 : 1 }
        switch self {
        case .opening: return reply ? .established : .opening
        case .established, .closing:
            return finsSeen == 3 ? .lastAck : finsSeen != 0 ? .closing : .established
        case .lastAck:
            return flags.contains(.ack) && !flags.contains(.fin) ? .timeWait : .lastAck
        case .timeWait, .closed: return self
        case .udp, .udpStream, .icmp, .other: return self
        }
    }
}
