import SimKernel

/// What one flow measured over the measurement window (after the warm-up). Only packets
/// created in the window are counted, so `sent = delivered + dropped + inFlight` exactly.
/// Definitions of every metric: docs/metrics.md.
public struct FlowStatistics: Sendable {
    /// Packets created by the flow's source (and, for two-way patterns, its responder).
    public internal(set) var sent = 0
    public internal(set) var delivered = 0
    public internal(set) var drops = DropCounts()
    /// One-way latency of delivered packets: creation to delivery.
    public internal(set) var latency = LatencyHistogram()
    /// RFC 3550 interarrival jitter, picoseconds (J += (|D| − J)/16 over consecutive deliveries).
    public internal(set) var jitterPicoseconds: Double = 0
    /// Unique application payload bytes delivered (retransmitted duplicates excluded).
    public internal(set) var goodputBytes = 0
    /// Bytes (IP + link framing) the flow put on its first link.
    public internal(set) var wireBytes = 0
    /// Fragments cut from the flow's packets.
    public internal(set) var fragments = 0
    /// Request/response: completed transaction times (request sent to response received).
    public internal(set) var transactions = LatencyHistogram()
    /// Request/response: transactions abandoned after the timeout.
    public internal(set) var failedTransactions = 0
    /// TCP segments sent again (any flow over TCP, both directions).
    public internal(set) var retransmissions = 0
    /// TCP retransmission timeouts that fired (data, not SYN) in the window.
    public internal(set) var retransmissionTimeouts = 0
    /// TCP fast recoveries entered in the window.
    public internal(set) var fastRecoveries = 0
    /// TCP connections the flow opened (SYNs sent first, not their retries) in the window.
    public internal(set) var connectionsOpened = 0
    /// TLS handshakes begun in the window: full, and resumed from a session (ticket or PSK).
    public internal(set) var tlsFullHandshakes = 0
    public internal(set) var tlsResumedHandshakes = 0
    /// DNS queries the flow's clients sent in the window (answers from their cache not counted).
    public internal(set) var lookups = 0

    var lastTransit: Int64 = 0
    var hasTransit = false
    /// Time of the last delivery of the flow.
    public internal(set) var lastDelivery: SimTime? = nil
    /// Failures: true once a packet of the flow was lost to a failure (a device or link
    /// down, no route, no ready endpoint, a routing loop), counted from the first failure
    /// event on. A flow no failure touched stays unaffected, with zero outage.
    public internal(set) var affectedByFailure = false
    /// Total time without service: the sum of the intervals between deliveries within which a
    /// packet was lost to a failure (an interval still open at the end runs to the end).
    public internal(set) var outage: SimTime = .zero
    /// The delivery that closed the last such interval (nil: none, or still open at the end).
    public internal(set) var recoveredAt: SimTime? = nil
    /// A failure loss since the last service delivery (the interval is open).
    var outageOpen = false
    /// The last delivery that completed service (a response, bulk data, or any one-way packet).
    var lastService: SimTime? = nil
    /// When the first failure began (the start of an interval with no earlier delivery).
    var outageFloor: SimTime = .zero
    /// Transaction times from time zero (warm-up included), as means of batches of
    /// `transientBatch` completions, with the completion time of each batch's last one: the
    /// series MSER-5 uses to choose a warm-up. At most 100,000 batches are kept.
    public internal(set) var transientBatchMeans: [Double] = []
    public internal(set) var transientBatchEnds: [SimTime] = []
    var transientSum = 0.0
    var transientCount = 0
    public static let transientBatch = 10

    /// Deliveries and completed transactions per `timelineBin` from time zero (warm-up
    /// included), for outage time series; at most 100,000 bins.
    public internal(set) var timelineDeliveries: [Int] = []
    public internal(set) var timelineTransactions: [Int] = []
    public static let timelineBin = SimTime.milliseconds(100)

    /// A packet of the flow was lost to a failure at or before `now`.
    mutating func lostToFailure() {
        affectedByFailure = true
        outageOpen = true
    }

    /// A delivery at `now`: closes an open outage interval.
    mutating func closeOutage(at now: SimTime) {
        guard outageOpen else { return }
        outageOpen = false
        outage += now - max(lastService ?? outageFloor, outageFloor)
        recoveredAt = now
    }

    mutating func countInTimeline(_ now: SimTime, transaction: Bool) {
        let bin = Int(now.picoseconds / FlowStatistics.timelineBin.picoseconds)
        guard bin < 100_000 else { return }
        while timelineDeliveries.count <= bin {
            timelineDeliveries.append(0)
            timelineTransactions.append(0)
        }
        if transaction { timelineTransactions[bin] += 1 } else { timelineDeliveries[bin] += 1 }
    }

    mutating func recordTransactionForWarmUp(_ t: SimTime, at now: SimTime) {
        guard transientBatchMeans.count < 100_000 else { return }
        transientSum += t.seconds
        transientCount += 1
        if transientCount == FlowStatistics.transientBatch {
            transientBatchMeans.append(transientSum / Double(transientCount))
            transientBatchEnds.append(now)
            transientSum = 0
            transientCount = 0
        }
    }

    public init() {}

    public var dropped: Int { drops.total }
    /// Packets of the window neither delivered nor dropped when the run ended.
    public var inFlight: Int { sent - delivered - dropped }

    mutating func recordDelivery(transit: SimTime) {
        delivered &+= 1
        latency.record(transit)
        let t = transit.picoseconds
        if hasTransit {
            let d = Double(abs(t - lastTransit))
            jitterPicoseconds += (d - jitterPicoseconds) / 16
        }
        lastTransit = t
        hasTransit = true
    }
}

/// What one link direction measured over the window.
public struct LinkStatistics: Sendable {
    public let name: String
    /// Fraction of the window the link was transmitting.
    public let utilisation: Double
    /// Time-average packets waiting (excluding the one being sent).
    public let meanQueuePackets: Double
    public let maxQueuePackets: Int
    /// Packets whose transmission started in the window.
    public let packetsSent: Int
    /// Their bytes on the wire (IP + framing).
    public let bytesSent: Int
    public let drops: DropCounts
}

/// What one device measured over the window.
public struct DeviceStatistics: Sendable {
    public let name: String
    public let kind: String
    /// Average fraction of its cores busy (0 for devices without a processing stage).
    public let utilisation: Double
    /// Fraction of the window each core was busy (core 0 first; packets take the lowest idle core).
    public let coreUtilisation: [Double]
    public let meanQueuePackets: Double
    public let maxQueuePackets: Int
    public let packetsProcessed: Int
    public let drops: DropCounts
    /// Connections created in its connection table (whole run).
    public let connectionsCreated: Int
    /// Connections its table holds unexpired when the run ends (its occupancy then).
    public let liveConnections: Int
    /// New connections its Services sent to each backend, by backend address (whole run;
    /// rules with one backend are not counted).
    public let backendConnections: [IPv4Address: Int]
    /// Tunnel encapsulations it performed, by tunnel kind (`vxlan`, `ipip`, `esp`, `l2c`; whole run).
    public let encapsulations: [String: Int]
}

/// The result of one run of a `Network`.
public struct NetworkResult: Sendable {
    public let flowNames: [String]
    public let flows: [FlowStatistics]
    public let links: [LinkStatistics]
    public let devices: [DeviceStatistics]
    public let measuredFrom: SimTime
    public let measuredUntil: SimTime
    public let events: Int
    /// Largest number of packets alive at once (the pool's high-water mark).
    public let peakPackets: Int
    /// Every step of the packets of traced flows.
    public let trace: [TraceStep]

    /// Length of the measurement window, seconds.
    public var window: Double { (measuredUntil - measuredFrom).seconds }

    public func flow(_ name: String) -> FlowStatistics? {
        flowNames.firstIndex(of: name).map { flows[$0] }
    }

    /// Goodput of a flow in bits per second.
    public func goodputBitsPerSecond(_ i: Int) -> Double { Double(flows[i].goodputBytes * 8) / window }
    /// Wire throughput of a flow in bits per second.
    public func wireBitsPerSecond(_ i: Int) -> Double { Double(flows[i].wireBytes * 8) / window }
}
