import SimKernel

/// The state of one flow during a run: its statistics, random streams and the state of its
/// traffic pattern (on/off phase, trace position, request/response clients, TCP sender and
/// receiver).
struct FlowRuntime {
    var spec: FlowSpec
    // Hot fields copied out of `spec` (reading `spec` itself copies its traffic pattern).
    let isTCP: Bool
    let dontFragment: Bool
    let headerBytes: Int
    let isBulk: Bool
    /// Request/response over TCP and bulk transfers run over `connections`.
    let usesTCP: Bool
    let tcpOptions: TCPOptions
    /// Largest payload per segment before the path's MSS is known.
    let segmentLimit: Int
    /// Service is a completed exchange: responses (request/response) or data reaching the
    /// receiver (bulk); for one-way patterns any delivery. An outage interval ends there.
    let isTwoWay: Bool
    let stopAt: SimTime
    let packetLimit: Int
    var endpoints: (device: Int, source: IPv4Address, destination: IPv4Address, sourcePort: UInt16, destinationPort: UInt16)
    var stats = FlowStatistics()
    var sequence: UInt32 = 0
    /// Smallest MSS clamp seen on delivered packets (as a TCP handshake would learn it).
    var pathMSS = Int.max

    var arrivals: RandomStream? = nil
    var sizes: RandomStream? = nil
    /// Non-retaining views of `arrivals` and `sizes` for the per-packet path (the optionals
    /// above keep the streams alive for the whole run).
    unowned(unsafe) var arrivalStream: RandomStream = FlowRuntime.placeholder
    unowned(unsafe) var sizeStream: RandomStream = FlowRuntime.placeholder
    nonisolated(unsafe) static let placeholder = RandomStream(seed: StreamSeed(value: 0))

    /// The pattern, as a small tag plus its per-packet parameters, so the per-packet path
    /// does not copy `spec.pattern` (whose distributions may hold references).
    enum PatternKind: UInt8 { case poisson, constantBitRate, onOff, trace, requestResponse, bulk }
    let patternKind: PatternKind
    /// Poisson and on/off: mean gap between packets (s); CBR: the gap (s).
    let gapSeconds: Double
    /// Poisson and on/off: the IP size distribution; others: a placeholder.
    let packetBytes: Distribution
    /// CBR: the fixed IP size.
    let fixedBytes: Double
    var periods: RandomStream? = nil
    var think: RandomStream? = nil
    var server: RandomStream? = nil

    // On/off
    var onUntil: SimTime = .zero
    // Trace
    var traceIndex = 0
    // Request/response, per client
    var transaction: [UInt32] = []
    var startedAt: [SimTime] = []
    var responseExpected: [Int] = []
    var responseReceived: [Int] = []
    var requestExpected: [Int] = []
    var requestReceived: [Int] = []
    /// When the client's transaction in flight times out (`.max`: none in flight). One
    /// timeout event per client is pending at a time: it is moved on, not cancelled, when a
    /// transaction completes, so the event list does not fill with cancelled timeouts.
    var deadline: [SimTime] = []
    var timeoutPending: [Bool] = []
    /// Connections each client has opened (each on the next source port of the range); over
    /// UDP, the ones it gave up on after a timeout.
    var connectionsOpened: [Int] = []
    /// UDP: where requests were delivered, to send responses from (device, a delivered request).
    var responder: [(device: Int, request: Packet)?] = []
    // TCP: one connection per client (one for a bulk transfer), the request waiting for a
    // connection to open (-1: none), and the (incarnation, transaction) the server works on.
    var connections: [TCPConnection] = []
    /// The client host's ephemeral ports (TCP request/response whose clients share a host).
    var clientPorts: ClientPorts? = nil
    var segmentBits = SegmentStore()
    var pendingRequest: [Int] = []
    var serving: [(UInt32, UInt32)] = []
    /// The request in flight and the response it will get (bytes), and whether the client holds
    /// a TLS session to resume.
    var requestSize: [Int] = []
    var responseSize: [Int] = []
    var hasSession: [Bool] = []
    /// DNS: until when each client's answer is cached, and whether its lookup is under way.
    var lookupValidUntil: [SimTime] = []
    var lookupPending: [Bool] = []
    let tls: TLSOptions

    init(spec: FlowSpec) {
        self.spec = spec
        isTCP = spec.transport == .tcp
        dontFragment = spec.dontFragment
        headerBytes = spec.headerBytes
        if case .bulk = spec.pattern { isBulk = true } else { isBulk = false }
        switch spec.pattern {
        case .bulk(let b):
            (usesTCP, tcpOptions, segmentLimit) = (true, b.tcp, b.segmentPayloadBytes)
            tls = TLSOptions()
        case .requestResponse(let rr):
            (usesTCP, tcpOptions, segmentLimit) = (spec.transport == .tcp, rr.tcp, 1500 - spec.headerBytes)
            tls = rr.tls
        default:
            (usesTCP, tcpOptions, segmentLimit) = (false, TCPOptions(), 1500 - spec.headerBytes)
            tls = TLSOptions()
        }
        if case .requestResponse = spec.pattern { isTwoWay = true } else { isTwoWay = isBulk }
        switch spec.pattern {
        case .poisson(let pps, let d):
            (patternKind, gapSeconds, packetBytes, fixedBytes) = (.poisson, 1 / pps, d, 0)
        case .constantBitRate(let bps, let bytes):
            (patternKind, gapSeconds, packetBytes, fixedBytes) = (.constantBitRate, Double(bytes * 8) / bps, FlowRuntime.noSizes, Double(bytes))
        case .onOff(let pps, let d, _, _):
            (patternKind, gapSeconds, packetBytes, fixedBytes) = (.onOff, 1 / pps, d, 0)
        case .trace: (patternKind, gapSeconds, packetBytes, fixedBytes) = (.trace, 0, FlowRuntime.noSizes, 0)
        case .requestResponse: (patternKind, gapSeconds, packetBytes, fixedBytes) = (.requestResponse, 0, FlowRuntime.noSizes, 0)
        case .bulk: (patternKind, gapSeconds, packetBytes, fixedBytes) = (.bulk, 0, FlowRuntime.noSizes, 0)
        }
        stopAt = spec.stop ?? .max
        if let m = spec.maximumSegment { pathMSS = m }
        packetLimit = spec.packetLimit ?? Int.max
        endpoints = (spec.sourceDevice, spec.sourceAddress, spec.destinationAddress, spec.sourcePort, spec.destinationPort)
    }

    static let noSizes = Distribution.zero

    static func problem(_ spec: FlowSpec) -> String? {
        func positive(_ x: Double, _ what: String) -> String? { x > 0 && x.isFinite ? nil : "\(what) must be positive" }
        // At most 10⁹ packets/s: a mean gap of 1 ns, 1,000 picosecond ticks.
        func packetRate(_ pps: Double) -> String? {
            positive(pps, "packet rate") ?? (pps <= 1e9 ? nil : "packet rate \(pps)/s is above the model's 10⁹ packets/s")
        }
        switch spec.pattern {
        case .poisson(let pps, _): return packetRate(pps)
        case .constantBitRate(let bps, let bytes):
            if let p = positive(bps, "bit rate") { return p }
            guard bytes >= spec.headerBytes, Double(bytes) <= ModelLimits.largestPacketBytes else {
                return "packet size \(bytes) B must be in \(spec.headerBytes)...\(Int(ModelLimits.largestPacketBytes)) B"
            }
            return packetRate(bps / Double(bytes * 8))
        case .onOff(let pps, _, _, _): return packetRate(pps)
        case .trace: return nil
        case .requestResponse(let rr):
            if rr.clients < 1 { return "request/response needs at least one client" }
            if rr.tls.version != .none && spec.transport != .tcp { return "TLS runs over tcp, not \(spec.transport)" }
            if rr.clients > RequestResponse.ephemeralPorts.count {
                return "\(rr.clients) clients need as many source ports; one source address has \(RequestResponse.ephemeralPorts.count) "
                    + "(Linux ip_local_port_range 32768–60999): split the clients over several flows"
            }
            return nil
        case .bulk(let b):
            if spec.transport != .tcp { return "a bulk transfer must use tcp" }
            if b.windowPackets < 1 { return "window must be at least 1 packet" }
            if b.segmentPayloadBytes < 1 { return "segment payload must be at least 1 byte" }
            if let t = b.totalBytes, t < 1 { return "total bytes must be at least 1" }
            return nil
        }
    }

    mutating func prepare(streams: RandomStreamFactory) {
        let base = "flow.\(spec.name)."
        arrivals = streams.stream(named: base + "arrivals")
        sizes = streams.stream(named: base + "sizes")
        arrivalStream = arrivals!
        sizeStream = sizes!
        switch spec.pattern {
        case .onOff: periods = streams.stream(named: base + "periods")
        case .requestResponse(let rr):
            think = streams.stream(named: base + "think")
            server = streams.stream(named: base + "server")
            let n = rr.clients
            transaction = Array(repeating: 0, count: n)
            startedAt = Array(repeating: .zero, count: n)
            responseExpected = Array(repeating: 0, count: n)
            responseReceived = Array(repeating: 0, count: n)
            requestExpected = Array(repeating: 0, count: n)
            requestReceived = Array(repeating: 0, count: n)
            deadline = Array(repeating: .max, count: n)
            timeoutPending = Array(repeating: false, count: n)
            connectionsOpened = Array(repeating: 0, count: n)
            lookupValidUntil = Array(repeating: .zero, count: n)
            lookupPending = Array(repeating: false, count: n)
            requestSize = Array(repeating: 0, count: n)
            if usesTCP {
                connections = []
                connections.reserveCapacity(n)
                for _ in 0..<n { connections.append(TCPConnection(options: rr.tcp, store: &segmentBits)) }
                clientPorts = rr.clientsShareHost ? ClientPorts() : nil
                pendingRequest = Array(repeating: -1, count: n)
                serving = Array(repeating: (0, 0), count: n)
                responseSize = Array(repeating: 0, count: n)
                hasSession = Array(repeating: false, count: n)
            } else {
                responder = Array(repeating: nil, count: n)
            }
        case .bulk(let b):
            connections = [TCPConnection(options: b.tcp, store: &segmentBits)]
        default: break
        }
    }

    /// Payload of a packet whose IP size is drawn from `d`.
    func payload(ipBytes: Double) -> Int { max(0, Int(ipBytes.rounded()) - headerBytes) }
}
