import Reports
import NetModel
import SimKernel

/// The TCP cases of `hybridsim verify`: one bulk transfer from `a` through `r` to `b`, whose
/// goodput has a closed form. The path's first link is fast (10 Gbit/s, 10 µs); the second is
/// the bottleneck, with unbounded buffers. Without loss the transfer is bound either by the
/// link (goodput = rate × MSS / (MSS + 40 B TCP/IPv4 + 14 B framing)) or by its window
/// (goodput = W × MSS / RTT, the RTT being both propagation delays twice plus one segment's and
/// one ACK's serialization on each link). With random loss `p` on the bottleneck (data
/// direction only) and a window far above the bandwidth-delay product, Mathis et al. (CCR
/// 27(3), 1997) give goodput = MSS / RTT × C / √p, with C = √(3/2) ≈ 1.22 for periodic loss
/// and an ACK per segment, and ≈ 0.87 (√(3/4)) with delayed ACKs; Padhye et al. (SIGCOMM 1998,
/// eq. 31) add the timeouts: MSS / (RTT √(2bp/3) + T0 min(1, 3 √(3bp/8)) p (1 + 32p²)), here with
/// b = 1 (Linux counts acknowledged segments, so delayed ACKs do not slow its growth) and T0 the
/// 200 ms minimum RTO. The band runs from the lower of Mathis's C = 0.87 and Padhye's to Mathis's
/// C = 1.22; the case passes when the goodput's interval meets it.
public struct TCPValidationCase: Sendable {
    public let name: String
    /// The second link: rate (bit/s) and one-way delay.
    public let bottleneckBitsPerSecond: Double
    public let delay: SimTime
    /// Segments in flight at most.
    public let window: Int
    public let segmentBytes: Int
    public let tolerance: Double
    /// Random loss on the bottleneck, data direction (0: the link and window bounds apply).
    public var lossProbability = 0.0

    /// Mathis's constants: the band's ends.
    public static let mathisBand = (low: (3.0 / 4).squareRoot(), high: (3.0 / 2).squareRoot())

    /// The round-trip time without queueing (seconds).
    var rtt: Double {
        let segment = Double(segmentBytes + Self.headers + Self.framing), ack = Double(Self.headers + Self.framing)
        return 2 * (Self.firstLinkDelay.seconds + delay.seconds)
            + (segment + ack) * 8 / Self.firstLinkBitsPerSecond + (segment + ack) * 8 / bottleneckBitsPerSecond
    }

    /// With loss: the goodput band (bit/s), from the lower of Mathis's formula with C = 0.87 and
    /// Padhye's to Mathis's with C = 1.22.
    public var mathis: ClosedRange<Double>? {
        guard lossProbability > 0, let padhye else { return nil }
        let base = Double(segmentBytes) * 8 / rtt / lossProbability.squareRoot()
        return min(base * Self.mathisBand.low, padhye)...(base * Self.mathisBand.high)
    }

    /// With loss: Padhye's goodput (bit/s), b = 1, T0 = 200 ms, no window limit.
    public var padhye: Double? {
        guard lossProbability > 0 else { return nil }
        let p = lossProbability, b = 1.0, t0 = 0.2
        let perSegment = rtt * (2 * b * p / 3).squareRoot() + t0 * min(1, 3 * (3 * b * p / 8).squareRoot()) * p * (1 + 32 * p * p)
        return Double(segmentBytes) * 8 / perSegment
    }

    static let firstLinkBitsPerSecond = 10e9
    static let firstLinkDelay = SimTime.microseconds(10)
    static let framing = 14
    static let headers = 40

    /// Goodput (bit/s) at the link bound: rate × MSS / (MSS + headers + framing).
    var linkBound: Double { bottleneckBitsPerSecond * Double(segmentBytes) / Double(segmentBytes + Self.headers + Self.framing) }
    /// Goodput (bit/s) at the window bound: W × MSS / RTT.
    var windowBound: Double { Double(window * segmentBytes) * 8 / rtt }

    /// Goodput (bit/s) by the closed form that binds: the link's or the window's; with loss,
    /// Mathis's with C = √(3/2) (the band's top).
    public var analytic: Double { mathis?.upperBound ?? min(linkBound, windowBound) }

    /// Which closed form binds.
    public var bound: String {
        if let m = mathis, let p = padhye {
            return String(format: "Padhye %.2f, Mathis C 0.87–1.22: %.2f–%.2f Mb/s", p / 1e6, m.lowerBound / 1e6, m.upperBound / 1e6)
        }
        return linkBound <= windowBound ? "link rate × header efficiency" : "W × MSS / RTT"
    }

    /// The network of this case, with its one flow.
    func network() throws -> Network {
        var net = Network()
        let a = try net.addDevice(DeviceSpec(name: "a", addresses: [IPv4Address("10.0.0.1")!]))
        let r = try net.addDevice(DeviceSpec(name: "r", addresses: [IPv4Address("10.0.0.2")!]))
        let b = try net.addDevice(DeviceSpec(name: "b", addresses: [IPv4Address("10.0.0.3")!]))
        let first = LinkSpec(bitsPerSecond: Int64(Self.firstLinkBitsPerSecond), propagation: Self.firstLinkDelay,
                             framingBytes: Self.framing, bufferPackets: nil)
        var second = LinkSpec(bitsPerSecond: Int64(bottleneckBitsPerSecond), propagation: delay, framingBytes: Self.framing, bufferPackets: nil)
        let back = second
        second.lossProbability = lossProbability
        let (ar, ra) = try net.connect(a, r, first)
        let (rb, br) = try net.connect(r, b, second, reverse: back)
        try net.addRoute(device: a, Route(IPv4Prefix("10.0.0.0/24")!, .forward(channel: ar)))
        try net.addRoute(device: r, Route(IPv4Prefix("10.0.0.3/32")!, .forward(channel: rb)))
        try net.addRoute(device: r, Route(IPv4Prefix("10.0.0.1/32")!, .forward(channel: ra)))
        try net.addRoute(device: b, Route(IPv4Prefix("10.0.0.0/24")!, .forward(channel: br)))
        try net.addFlow(FlowSpec(name: "bulk", sourceDevice: a, sourceAddress: IPv4Address("10.0.0.1")!,
                                 destinationAddress: IPv4Address("10.0.0.3")!, transport: .tcp,
                                 pattern: .bulk(BulkTransfer(windowPackets: window, segmentPayloadBytes: segmentBytes, congestionControl: .newreno))))
        return net
    }

    /// The shipped cases: two bound by the link, two by the window.
    public static let standard: [TCPValidationCase] = [
        TCPValidationCase(name: "TCP link bound, 10 Mbit/s, 2 ms", bottleneckBitsPerSecond: 10e6, delay: .milliseconds(1),
                          window: 64, segmentBytes: 1448, tolerance: 0.005),
        TCPValidationCase(name: "TCP link bound, 1 Gbit/s, 2 ms", bottleneckBitsPerSecond: 1e9, delay: .milliseconds(1),
                          window: 256, segmentBytes: 1448, tolerance: 0.005),
        TCPValidationCase(name: "TCP window bound, 1 Gbit/s, 20 ms, W=16", bottleneckBitsPerSecond: 1e9, delay: .milliseconds(10),
                          window: 16, segmentBytes: 1448, tolerance: 0.005),
        TCPValidationCase(name: "TCP window bound, 100 Mbit/s, 100 ms, W=64", bottleneckBitsPerSecond: 100e6, delay: .milliseconds(50),
                          window: 64, segmentBytes: 1448, tolerance: 0.005),
        lossy("TCP loss 0.1 %, 1 Gbit/s, 10 ms", delay: .milliseconds(5), loss: 0.001),
        lossy("TCP loss 0.1 %, 1 Gbit/s, 50 ms", delay: .milliseconds(25), loss: 0.001),
        lossy("TCP loss 1 %, 1 Gbit/s, 10 ms", delay: .milliseconds(5), loss: 0.01),
        lossy("TCP loss 1 %, 1 Gbit/s, 50 ms", delay: .milliseconds(25), loss: 0.01),
    ]

    /// A loss case: a window far above any bandwidth-delay product here, so loss alone limits it.
    static func lossy(_ name: String, delay: SimTime, loss: Double) -> TCPValidationCase {
        var c = TCPValidationCase(name: name, bottleneckBitsPerSecond: 1e9, delay: delay, window: 100_000, segmentBytes: 1448, tolerance: 0)
        c.lossProbability = loss
        return c
    }
}

/// The outcome of a TCP case: goodput over replications against the closed form.
public struct TCPValidationOutcome: Sendable {
    public let name: String
    public let bound: String
    /// bit/s.
    public let analytic: Double
    public let interval: ConfidenceInterval
    public let relativeError: Double
    public let tolerance: Double
    /// Decided by a band (Mathis) rather than a tolerance.
    public let banded: Bool
    public let passed: Bool
    public let failure: String
}

extension TCPValidationCase {
    /// Runs every case `replications` times (1 s of slow start left out, then `duration`; loss
    /// cases 5 s, then `lossDuration`) and compares the mean goodput with the closed form.
    /// Without loss the runs draw no random number, so their interval has no width and the
    /// relative error alone decides; with loss the 99 % interval must meet Mathis's band
    /// (the relative error is the distance to the band).
    public static func run(_ cases: [TCPValidationCase], replications: Int = 2, duration: SimTime = .seconds(3),
                           lossReplications: Int = 6, lossDuration: SimTime = .seconds(60),
                           masterSeed: UInt64 = 20_261_121, jobs: Int) -> [TCPValidationOutcome] {
        func reps(_ c: TCPValidationCase) -> Int { c.lossProbability > 0 ? lossReplications : replications }
        let tasks = cases.indices.flatMap { c in (0..<reps(cases[c])).map { (c, $0) } }
        let results = parallelMap(count: tasks.count, jobs: jobs) { i -> Result<Double, Error> in
            Result {
                let (c, r) = tasks[i]
                let lossy = cases[c].lossProbability > 0
                let result = try cases[c].network().run(streams: RandomStreamFactory(masterSeed: masterSeed, replication: r + 1),
                                                         warmup: .seconds(lossy ? 5 : 1), duration: lossy ? lossDuration : duration)
                return result.goodputBitsPerSecond(0)
            }
        }
        var first = 0
        return cases.indices.map { c in
            let c0 = cases[c], n = reps(c0)
            defer { first += n }
            do {
                let values = try (first..<first + n).map { try results[$0].get() }
                let ci = try ConfidenceInterval.ofMean(values, level: 0.99)
                if let band = c0.mathis {
                    let meets = ci.high >= band.lowerBound && ci.low <= band.upperBound
                    let error = ci.mean < band.lowerBound ? (band.lowerBound - ci.mean) / band.lowerBound
                        : ci.mean > band.upperBound ? (ci.mean - band.upperBound) / band.upperBound : 0
                    return TCPValidationOutcome(name: c0.name, bound: c0.bound, analytic: c0.analytic, interval: ci, relativeError: error,
                                                tolerance: c0.tolerance, banded: true, passed: meets,
                                                failure: meets ? "" : "the 99 % interval misses the band")
                }
                let error = abs(ci.mean - c0.analytic) / c0.analytic
                let passed = error < c0.tolerance
                return TCPValidationOutcome(name: c0.name, bound: c0.bound, analytic: c0.analytic, interval: ci, relativeError: error,
                                            tolerance: c0.tolerance, banded: false, passed: passed,
                                            failure: passed ? "" : "relative error \(SimTimeFormat.percent(error)) ≥ \(SimTimeFormat.percent(c0.tolerance))")
            } catch {
                return TCPValidationOutcome(name: c0.name, bound: c0.bound, analytic: c0.analytic,
                                            interval: ConfidenceInterval(mean: .nan, halfWidth: .nan, level: 0.99, count: 0, standardDeviation: .nan),
                                            relativeError: .nan, tolerance: c0.tolerance, banded: c0.mathis != nil, passed: false, failure: "\(error)")
            }
        }
    }
}
