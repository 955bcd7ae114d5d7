// Benchmarks of the simulation kernel (release builds only; run by `make bench`).
//   hybridsim-bench hold PENDING HOLDS REPEATS   classic hold model through Simulation/EventScheduler
//   hybridsim-bench mm1 CUSTOMERS REPEATS        M/M/1 station of the queueing layer at rho = 0.9
// Each prints one line: name, parameter, median rate over the repeats.
import Foundation
import NetModel
import SimKernel

/// The hold model: every event schedules one successor at now + Exp(1 µs).
struct HoldModel: EventHandler {
    let stream: RandomStream
    @inline(__always)
    mutating func handle(_ event: Event, scheduler: inout EventScheduler) {
        let delay = SimTime.microseconds(stream.exponential(mean: 1))
        scheduler.schedule(after: delay, kind: 0, target: event.target)
    }
}

func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func hold(pending: Int, holds: Int, repeats: Int) {
    var rates: [Double] = []
    for _ in 0..<repeats {
        let stream = RandomStream(gslSeed: 12345)
        var sim = Simulation(handler: HoldModel(stream: stream), scheduler: EventScheduler(expectedPendingEvents: pending + 1))
        for i in 0..<pending {
            sim.scheduler.schedule(at: .microseconds(stream.exponential(mean: 1)), kind: 0, target: UInt32(i))
        }
        let t0 = seconds()
        sim.run(maxEvents: holds)
        let t1 = seconds()
        rates.append(Double(holds) / (t1 - t0))
    }
    print("hold \(pending) \(Int(median(rates)))")
}

/// Longest-prefix lookups in a table of `size` routes (lengths /16 to /32, as a BCR or a
/// vRouter of a large estate holds), of destinations that miss the one-entry cache.
func routes(size: Int, lookups: Int) {
    var table = RoutingTable()
    var x: UInt32 = 0x9E37_79B9
    func next() -> UInt32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
    for i in 0..<size {
        let length = [16, 24, 26, 32][i % 4]
        table.add(Route(IPv4Prefix(IPv4Address(0x0A00_0000 | next() & 0x00FF_FFFF), length: length), .forward(channel: i)))
    }
    table.add(Route(IPv4Prefix(.zero, length: 0), .discard))
    table.buildIndex()
    var destinations: [IPv4Address] = []
    for _ in 0..<4096 { destinations.append(IPv4Address(0x0A00_0000 | next() & 0x00FF_FFFF)) }
    var hits = 0
    let t0 = seconds()
    for i in 0..<lookups {
        if case .forward = table.cachedLookup(destinations[i & 4095])?.action { hits &+= 1 }
    }
    let t1 = seconds()
    print("routes \(size) \(Int(Double(lookups) / (t1 - t0))) indexed=\(table.isIndexed) hits=\(hits)")
}

func mm1(customers: Int, repeats: Int) {
    var rates: [Double] = []
    for r in 0..<repeats {
        let lambda = 900.0
        let t0 = seconds()
        let result = QueueingNetwork.simulate(
            stations: [StationSpec(name: "server", service: try! .exponential(mean: 0.001))],
            sources: [SourceSpec(name: "arrivals", interarrival: try! .exponential(mean: 1 / lambda), station: 0)],
            streams: RandomStreamFactory(masterSeed: 1, replication: r),
            warmup: .zero, duration: .seconds(Double(customers) / lambda))
        let t1 = seconds()
        rates.append(Double(result.completed) / (t1 - t0))
    }
    print("mm1 \(customers) \(Int(median(rates)))")
}

/// tandem-5: 6 nodes, 5 links of 1 Gbit/s with 10 µs propagation, 1,500-byte packets on the
/// wire (no framing bytes), Poisson at ρ = 0.8, `packets` packets. Prints delivered packets,
/// wall seconds, mean delay (µs), peak resident memory (KiB), p50 and p99 delay (µs).
func tandem(packets: Int) {
    var net = Network()
    let link = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(10), mtu: 1500, framingBytes: 0, bufferPackets: nil)
    for i in 0..<6 { try! net.addDevice(DeviceSpec(name: "n\(i)", addresses: [IPv4Address(10, 0, 0, UInt8(i + 1))])) }
    let all = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 24)
    for i in 0..<5 {
        let (forward, _) = try! net.connect(i, i + 1, link)
        try! net.addRoute(device: i, Route(all, .forward(channel: forward)))
    }
    let pps = 0.8 * 1e9 / (1500 * 8)
    let stop = SimTime.seconds(Double(packets) / pps)
    try! net.addFlow(FlowSpec(name: "tandem", sourceDevice: 0, sourceAddress: IPv4Address(10, 0, 0, 1),
                              destinationAddress: IPv4Address(10, 0, 0, 6),
                              pattern: .poisson(packetsPerSecond: pps, packetBytes: try! .constant(1500)), packetLimit: packets))
    net.packetBudget = Int.max
    let t0 = seconds()
    let r = try! net.run(streams: RandomStreamFactory(masterSeed: 12345, replication: 0), warmup: .zero,
                         duration: stop * 2)
    let t1 = seconds()
    let f = r.flows[0]
    print("tandem \(f.delivered) \(String(format: "%.6f", t1 - t0)) \(String(format: "%.4f", f.latency.tally.mean / 1e6)) \(peakKiB()) "
          + "\(String(format: "%.4f", f.latency.percentile(50).microseconds)) \(String(format: "%.4f", f.latency.percentile(99).microseconds))")
}

func peakKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
    }
    return -1
}

let args = CommandLine.arguments
func arg(_ i: Int) -> Int {
    guard i < args.count, let v = Int(args[i]), v > 0 else {
        FileHandle.standardError.write("usage: hybridsim-bench hold PENDING HOLDS REPEATS | mm1 CUSTOMERS REPEATS\n".data(using: .utf8)!)
        exit(2)
    }
    return v
}
switch args.count > 1 ? args[1] : "" {
case "routes": routes(size: arg(2), lookups: arg(3))
case "hold": hold(pending: arg(2), holds: arg(3), repeats: arg(4))
case "mm1": mm1(customers: arg(2), repeats: arg(3))
case "tandem": tandem(packets: arg(2))
default: _ = arg(99)
}
