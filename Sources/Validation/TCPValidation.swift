import Reports
import NetModel
import SimKernel

/// The TCP cases of `hybridsim verify`: one bulk transfer from `a` through `r` to `b`, whose
/// goodput has a closed form. The path's first link is fast (10 Gbit/s, 10 µs); the second is
/// the bottleneck, with unbounded buffers and no loss, so the transfer is bound either by the
/// link (goodput = rate × MSS / (MSS + 40 B TCP/IPv4 + 14 B framing)) or by its window
/// (goodput = W × MSS / RTT, the RTT being both propagation delays twice plus one segment's and
/// one ACK's serialization on each link).
public struct TCPValidationCase: Sendable {
    public let name: String
    /// The second link: rate (bit/s) and one-way delay.
    public let bottleneckBitsPerSecond: Double
    public let delay: SimTime
    /// Segments in flight at most.
    public let window: Int
    public let segmentBytes: Int
    public let tolerance: Double

    static let firstLinkBitsPerSecond = 10e9
    static let firstLinkDelay = SimTime.microseconds(10)
    static let framing = 14
    static let headers = 40

    /// Goodput (bit/s) by the closed form that binds: the link's or the window's.
    public var analytic: Double {
        let segment = Double(segmentBytes + Self.headers + Self.framing), ack = Double(Self.headers + Self.framing)
        let linkBound = bottleneckBitsPerSecond * Double(segmentBytes) / segment
        let rtt = 2 * (Self.firstLinkDelay.seconds + delay.seconds)
            + (segment + ack) * 8 / Self.firstLinkBitsPerSecond + (segment + ack) * 8 / bottleneckBitsPerSecond
        let windowBound = Double(window * segmentBytes) * 8 / rtt
        return min(linkBound, windowBound)
    }

    /// Which closed form binds.
    public var bound: String {
        let segment = Double(segmentBytes + Self.headers + Self.framing)
        return bottleneckBitsPerSecond * Double(segmentBytes) / segment <= analytic * (1 + 1e-12) ? "link rate × header efficiency" : "W × MSS / RTT"
    }

    /// The network of this case, with its one flow.
    func network() throws -> Network {
        var net = Network()
        let a = try net.addDevice(DeviceSpec(name: "a", addresses: [IPv4Address("10.0.0.1")!]))
        let r = try net.addDevice(DeviceSpec(name: "r", addresses: [IPv4Address("10.0.0.2")!]))
        let b = try net.addDevice(DeviceSpec(name: "b", addresses: [IPv4Address("10.0.0.3")!]))
        let first = LinkSpec(bitsPerSecond: Int64(Self.firstLinkBitsPerSecond), propagation: Self.firstLinkDelay,
                             framingBytes: Self.framing, bufferPackets: nil)
        let second = LinkSpec(bitsPerSecond: Int64(bottleneckBitsPerSecond), propagation: delay, framingBytes: Self.framing, bufferPackets: nil)
        let (ar, ra) = try net.connect(a, r, first)
        let (rb, br) = try net.connect(r, b, second)
        try net.addRoute(device: a, Route(IPv4Prefix("10.0.0.0/24")!, .forward(channel: ar)))
        try net.addRoute(device: r, Route(IPv4Prefix("10.0.0.3/32")!, .forward(channel: rb)))
        try net.addRoute(device: r, Route(IPv4Prefix("10.0.0.1/32")!, .forward(channel: ra)))
        try net.addRoute(device: b, Route(IPv4Prefix("10.0.0.0/24")!, .forward(channel: br)))
        try net.addFlow(FlowSpec(name: "bulk", sourceDevice: a, sourceAddress: IPv4Address("10.0.0.1")!,
                                 destinationAddress: IPv4Address("10.0.0.3")!, transport: .tcp,
                                 pattern: .bulk(BulkTransfer(windowPackets: window, segmentPayloadBytes: segmentBytes))))
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
    ]
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
    public let passed: Bool
    public let failure: String
}

extension TCPValidationCase {
    /// Runs every case `replications` times (1 s of slow start left out, then `duration`) and
    /// compares the mean goodput with the closed form. The runs draw no random number, so
    /// their interval has no width: the relative error alone decides.
    public static func run(_ cases: [TCPValidationCase], replications: Int = 2, duration: SimTime = .seconds(3),
                           masterSeed: UInt64 = 20_261_121, jobs: Int) -> [TCPValidationOutcome] {
        let tasks = cases.indices.flatMap { c in (0..<replications).map { (c, $0) } }
        let results = parallelMap(count: tasks.count, jobs: jobs) { i -> Result<Double, Error> in
            Result {
                let (c, r) = tasks[i]
                let result = try cases[c].network().run(streams: RandomStreamFactory(masterSeed: masterSeed, replication: r),
                                                         warmup: .seconds(1), duration: duration)
                return result.goodputBitsPerSecond(0)
            }
        }
        return cases.indices.map { c in
            let c0 = cases[c]
            do {
                let values = try (0..<replications).map { try results[c * replications + $0].get() }
                let ci = try ConfidenceInterval.ofMean(values, level: 0.99)
                let error = abs(ci.mean - c0.analytic) / c0.analytic
                let passed = error < c0.tolerance
                return TCPValidationOutcome(name: c0.name, bound: c0.bound, analytic: c0.analytic, interval: ci, relativeError: error,
                                            tolerance: c0.tolerance, passed: passed,
                                            failure: passed ? "" : "relative error \(SimTimeFormat.percent(error)) ≥ \(SimTimeFormat.percent(c0.tolerance))")
            } catch {
                return TCPValidationOutcome(name: c0.name, bound: c0.bound, analytic: c0.analytic,
                                            interval: ConfidenceInterval(mean: .nan, halfWidth: .nan, level: 0.99, count: 0, standardDeviation: .nan),
                                            relativeError: .nan, tolerance: c0.tolerance, passed: false, failure: "\(error)")
            }
        }
    }
}
