import Foundation
import SimKernel

/// How a flow's source sends. Packet sizes are **IP packet sizes** at the source (payload +
/// transport + IPv4 header, as IMIX is defined); the payload is the size minus those headers.
public enum TrafficPattern: Sendable {
    /// Open-loop Poisson arrivals.
    case poisson(packetsPerSecond: Double, packetBytes: Distribution)
    /// Constant bit rate: fixed-size packets evenly spaced.
    case constantBitRate(bitsPerSecond: Double, packetBytes: Int)
    /// On/off: Poisson at `packetsPerSecond` during on periods, silent during off periods;
    /// period lengths (seconds) from `on` and `off` (e.g. Pareto for self-similar traffic).
    case onOff(packetsPerSecond: Double, packetBytes: Distribution, on: Distribution, off: Distribution)
    /// Replays (time offset, IP packet bytes) pairs.
    case trace(TraceReplay)
    /// Closed-loop request/response clients.
    case requestResponse(RequestResponse)
    /// A window-limited bulk transfer with TCP-like congestion control.
    case bulk(BulkTransfer)
}

/// A packet trace to replay: times are offsets from the flow's start.
public struct TraceReplay: Sendable {
    public var times: [SimTime]
    public var packetBytes: [Int]

    public init(times: [SimTime], packetBytes: [Int]) throws {
        guard times.count == packetBytes.count else { throw TraceError(line: 0, message: "times and sizes differ in count") }
        for i in times.indices {
            if i > 0 && times[i] < times[i - 1] {
                throw TraceError(line: i + 1, message: "time goes backward (\(times[i]) after \(times[i - 1]))")
            }
            if packetBytes[i] < 28 || packetBytes[i] > 65_535 {
                throw TraceError(line: i + 1, message: "packet size \(packetBytes[i]) B is outside 28...65535")
            }
        }
        self.times = times
        self.packetBytes = packetBytes
    }

    /// Parses CSV text with one `time_s,bytes` row per packet (a header row is allowed;
    /// blank lines and `#` comments are skipped). Times are seconds from the flow's start.
    public static func parse(csv: String) throws -> TraceReplay {
        var times: [SimTime] = [], sizes: [Int] = []
        for (n, raw) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if n == 0, fields.first.map({ Double($0) == nil }) ?? false { continue }  // header row
            guard fields.count == 2, let t = Double(fields[0]), t.isFinite, t >= 0, let b = Int(fields[1]) else {
                throw TraceError(line: n + 1, message: "expected `time_s,bytes`, got `\(line)`")
            }
            times.append(.seconds(t))
            sizes.append(b)
        }
        return try TraceReplay(times: times, packetBytes: sizes)
    }
}

/// A malformed trace, with the line it was found on.
public struct TraceError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// Closed-loop request/response: `clients` each think, send a request of `requestBytes`
/// (segmented into packets of at most the flow's MSS), wait for the whole request to reach
/// the server, which answers after `serverTime` with `responseBytes`; the transaction ends
/// when the whole response is back. Over TCP the messages travel on each client's
/// connection (`tcp`), lost segments are retransmitted, and a transaction not done within
/// `timeout` is abandoned (counted as failed, the connection reset); over UDP a lost
/// datagram loses the transaction at its timeout. The client thinks again after either.
/// Times in seconds, sizes in bytes.
public struct RequestResponse: Sendable {
    public var clients: Int
    public var thinkTime: Distribution
    public var requestBytes: Distribution
    public var responseBytes: Distribution
    public var serverTime: Distribution
    public var timeout: SimTime
    /// Open a new connection (new source port) for every transaction, as clients without
    /// keep-alive do; otherwise each client keeps one connection.
    public var newConnectionEachRequest = false
    /// The clients' and the server's TCP.
    public var tcp = TCPOptions()
    /// TLS on new connections (over TCP only).
    public var tls = TLSOptions()
    /// A name lookup before connecting, cached per client; nil: the clients know the address.
    public var dns: DNSLookup? = nil
    /// The clients are connections of one host (a pod, a VM): over TCP they share its ephemeral
    /// ports towards the server, each held while its connection is open and for TIME_WAIT after
    /// the client closes it (`ClientPorts`), so a host opening connections faster than 28,232
    /// per 60 s runs out. false: each client is a host of its own (internet or enterprise
    /// users), with a port range of its own.
    public var clientsShareHost = true

    /// The source ports clients take: Linux's default ephemeral range (net.ipv4.ip_local_port_range
    /// 32768–60999, Documentation/networking/ip-sysctl.rst). Over TCP with `clientsShareHost`
    /// they are handed out by `ClientPorts`; otherwise (and over UDP) each client's connection
    /// has its own, and new connections cycle through the range.
    public static let ephemeralPorts = 32_768...60_999

    public init(clients: Int, thinkTime: Distribution, requestBytes: Distribution, responseBytes: Distribution,
                serverTime: Distribution, timeout: SimTime = .seconds(1)) {
        self.clients = clients
        self.thinkTime = thinkTime
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.serverTime = serverTime
        self.timeout = timeout
    }
}

/// A bulk transfer over one TCP connection (`tcp`: handshake, congestion control, SACK
/// recovery, delayed ACKs): at most `windowPackets` segments unacknowledged (the receive
/// window), each carrying at most `segmentPayloadBytes` (or the path's MSS); ACKs are
/// 40-byte packets.
public struct BulkTransfer: Sendable {
    public var segmentPayloadBytes: Int
    /// Total payload to send; nil = send until the run ends.
    public var totalBytes: Int?
    public var tcp: TCPOptions
    public var windowPackets: Int {
        get { tcp.receiveWindow }
        set { tcp.receiveWindow = newValue }
    }
    public var minimumRTO: SimTime {
        get { tcp.minimumRTO }
        set { tcp.minimumRTO = newValue }
    }

    public init(windowPackets: Int = 64, segmentPayloadBytes: Int = 1448, totalBytes: Int? = nil,
                minimumRTO: SimTime = .milliseconds(200), congestionControl: CongestionControl = .cubic) {
        self.segmentPayloadBytes = segmentPayloadBytes
        self.totalBytes = totalBytes
        tcp = TCPOptions(congestionControl: congestionControl, receiveWindow: windowPackets, minimumRTO: minimumRTO)
    }
}

/// A named traffic flow: where it starts, where it goes and how it sends.
public struct FlowSpec: Sendable {
    public var name: String
    /// Index of the device that originates the packets.
    public var sourceDevice: Int
    public var sourceAddress: IPv4Address
    public var destinationAddress: IPv4Address
    public var transport: IPProtocol
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// DF bit of the packets (TCP-like traffic sets it, as Linux does for path-MTU discovery).
    public var dontFragment: Bool
    public var pattern: TrafficPattern
    public var start: SimTime
    /// When open-loop sources stop sending; nil = until the end of the run.
    public var stop: SimTime?
    /// Open-loop sources stop after this many packets; nil = no limit.
    public var packetLimit: Int?
    /// Record every step of every packet of this flow in the run's trace (for `trace`).
    public var traced = false
    /// Largest payload per packet the endpoints use (the MSS from their interface MTU);
    /// nil = a 1,500-byte packet. Lowered further by MSS clamps and path-MTU discovery.
    public var maximumSegment: Int? = nil

    public init(name: String, sourceDevice: Int, sourceAddress: IPv4Address, destinationAddress: IPv4Address,
                transport: IPProtocol = .udp, sourcePort: UInt16 = 40_000, destinationPort: UInt16 = 80,
                dontFragment: Bool? = nil, pattern: TrafficPattern, start: SimTime = .zero, stop: SimTime? = nil, packetLimit: Int? = nil) {
        self.name = name
        self.sourceDevice = sourceDevice
        self.sourceAddress = sourceAddress
        self.destinationAddress = destinationAddress
        self.transport = transport
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.dontFragment = dontFragment ?? (transport == .tcp)
        self.pattern = pattern
        self.start = start
        self.stop = stop
        self.packetLimit = packetLimit
    }

    /// Bytes of transport + IPv4 headers the source adds to a payload.
    public var headerBytes: Int { 20 + (transport == .tcp ? 20 : 8) }
}
