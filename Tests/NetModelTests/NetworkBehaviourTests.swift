import SimKernel
import Testing
@testable import NetModel

@Suite struct NetworkBehaviourTests {
    static let gigabit = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(10), mtu: 1500,
                                  framingBytes: 0, bufferPackets: nil)

    /// The tandem of issue 3: 5 links of 1 Gbit/s, 10 µs, 1,500-byte packets on the wire,
    /// Poisson at ρ = 0.8. Mean delay = M/D/1 wait 24 µs + 5 × (12 + 10) µs = 134 µs.
    /// Ten replications; the analytic value must be inside the 99 % CI and within 1 %.
    @Test func tandemMatchesTheAnalyticMean() throws {
        var chain = try Chain(devices: 6, link: Self.gigabit)
        let pps = 0.8 * 1e9 / (1500 * 8)
        _ = try chain.flow(.poisson(packetsPerSecond: pps, packetBytes: try .constant(1500)))
        var means: [Double] = []
        for r in 0..<10 {
            let result = try chain.run(replication: r, warmup: .milliseconds(5), duration: .milliseconds(300))
            let f = result.flows[0]
            #expect(f.dropped == 0)
            #expect(f.sent == f.delivered + f.inFlight)
            means.append(f.latency.mean.microseconds)
        }
        let ci = try ConfidenceInterval.ofMean(means, level: 0.99)
        #expect(ci.contains(134), "CI \(ci.low)...\(ci.high)")
        #expect(abs(ci.mean - 134) / 134 < 0.01)
        // Without load the delay is exactly 5 × 22 µs.
        var idle = try Chain(devices: 6, link: Self.gigabit)
        _ = try idle.flow(.constantBitRate(bitsPerSecond: 1e6, packetBytes: 1500))
        let r = try idle.run(duration: .milliseconds(50))
        #expect(r.flows[0].latency.min == .microseconds(110) && r.flows[0].latency.max == .microseconds(110))
    }

    /// Offered 1.5 × capacity into a 100-packet buffer: the link is saturated, the excess is
    /// dropped as queueFull, and what it carries equals its capacity.
    @Test func overloadedBottleneckDropsAndCarriesItsCapacity() throws {
        let link = LinkSpec(bitsPerSecond: 100_000_000, propagation: .microseconds(5), mtu: 1500, framingBytes: 0, bufferPackets: 100)
        var chain = try Chain(devices: 2, link: link)
        let pps = 1.5 * 1e8 / (1000 * 8)
        _ = try chain.flow(.poisson(packetsPerSecond: pps, packetBytes: try .constant(1000)))
        let r = try chain.run(warmup: .milliseconds(50), duration: .seconds(2))
        let f = r.flows[0]
        #expect(f.drops[.queueFull] > 0)
        #expect(abs(Double(f.drops[.queueFull]) / Double(f.sent) - 1.0 / 3.0) < 0.02)
        let carried = Double(r.links[chain.forward[0]].bytesSent * 8) / r.window
        #expect(abs(carried - 1e8) / 1e8 < 0.005, "carried \(carried) bit/s")
        #expect(r.links[chain.forward[0]].utilisation > 0.995)
        #expect(r.links[chain.forward[0]].maxQueuePackets == 100)
        #expect(f.sent == f.delivered + f.dropped + f.inFlight)
    }

    /// Closed loop: throughput X = N / (R + Z) (Little's law over the cycle).
    @Test func closedLoopObeysLittlesLaw() throws {
        var chain = try Chain(devices: 3, link: LinkSpec(bitsPerSecond: 50_000_000, propagation: .microseconds(200), mtu: 1500))
        let rr = RequestResponse(clients: 20, thinkTime: try .exponential(mean: 0.002), requestBytes: try .constant(300),
                                 responseBytes: try .uniform(low: 2000, high: 6000), serverTime: try .exponential(mean: 0.0005))
        _ = try chain.flow(.requestResponse(rr), transport: .tcp)
        let r = try chain.run(warmup: .milliseconds(200), duration: .seconds(5))
        let f = r.flows[0]
        let x = Double(f.transactions.count) / r.window
        let littles = 20 / (f.transactions.tally.mean / 1e12 + 0.002)
        #expect(f.failedTransactions == 0)
        #expect(abs(x - littles) / littles < 0.02, "X \(x) vs N/(R+Z) \(littles)")
        #expect(f.transactions.count > 5_000)
    }

    @Test func fragmentationCountsAndReassembly() throws {
        // A 3,000-byte UDP packet over a 1,500 MTU: payload 2,980 -> 1480 + 1480 + 20.
        var chain = try Chain(devices: 3, link: LinkSpec(bitsPerSecond: 1_000_000_000, mtu: 1500, framingBytes: 0))
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 24_000_000, packetBytes: 3000), dontFragment: false)
        // CBR sends at 0, 1, ..., 9 ms within 9.5 ms.
        let r = try chain.run(duration: .microseconds(9_500))
        let f = r.flows[0]
        #expect(f.sent == 10 && f.delivered == 10 && f.fragments == 30)
        #expect(r.links[chain.forward[0]].packetsSent == 30)
        #expect(r.links[chain.forward[0]].bytesSent == 10 * (3000 + 2 * 20))
        #expect(r.links[chain.forward[1]].packetsSent == 30, "fragments travel to the destination before reassembly")
        #expect(f.goodputBytes == 10 * (3000 - 28))
        // With DF set the packet is dropped instead.
        var df = try Chain(devices: 3, link: LinkSpec(bitsPerSecond: 1_000_000_000, mtu: 1500, framingBytes: 0))
        _ = try df.flow(.constantBitRate(bitsPerSecond: 24_000_000, packetBytes: 3000), dontFragment: true)
        let d = try df.run(duration: .microseconds(9_500)).flows[0]
        #expect(d.drops[.mtuExceeded] == 10 && d.delivered == 0 && d.fragments == 0)
    }

    /// With three fragments each lost with p = 0.1, a packet arrives with (0.9)³ = 0.729.
    /// 20,000 packets: standard error 0.0031; accept ±4.5 se.
    @Test func aLostFragmentLosesThePacket() throws {
        var chain = try Chain(devices: 2, link: LinkSpec(bitsPerSecond: 10_000_000_000, mtu: 1500, framingBytes: 0, lossProbability: 0.1))
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 3000 * 8 * 20_000, packetBytes: 3000), dontFragment: false)
        let r = try chain.run(duration: .microseconds(999_990))
        let f = r.flows[0]
        #expect(f.sent == 20_000 && f.inFlight <= 1)
        let delivered = Double(f.delivered) / Double(f.sent)
        #expect(abs(delivered - 0.729) < 4.5 * 0.0031, "delivered share \(delivered)")
        #expect(f.drops[.randomLoss] == f.sent - f.delivered - f.inFlight)
    }

    /// Random loss on a link is Bernoulli(p): 100,000 packets at p = 0.02, se 0.00044.
    @Test func randomLossRate() throws {
        var chain = try Chain(devices: 2, link: LinkSpec(bitsPerSecond: 10_000_000_000, lossProbability: 0.02))
        _ = try chain.flow(.poisson(packetsPerSecond: 100_000, packetBytes: .imix))
        let r = try chain.run(duration: .seconds(1))
        let f = r.flows[0]
        let rate = Double(f.drops[.randomLoss]) / Double(f.sent)
        #expect(abs(rate - 0.02) < 4.5 * 0.00044)
    }

    @Test func sameSeedSameResultsOtherSeedDifferent() throws {
        var chain = try Chain(devices: 4, link: Self.gigabit)
        _ = try chain.flow(.poisson(packetsPerSecond: 50_000, packetBytes: .imix))
        let a = try chain.run(seed: 3, duration: .milliseconds(100)).flows[0]
        let b = try chain.run(seed: 3, duration: .milliseconds(100)).flows[0]
        let c = try chain.run(seed: 4, duration: .milliseconds(100)).flows[0]
        #expect(a.sent == b.sent && a.latency.tally == b.latency.tally && a.jitterPicoseconds == b.jitterPicoseconds)
        #expect(a.latency.tally != c.latency.tally)
    }

    @Test func unboundedGrowthStopsWithAClearError() throws {
        var chain = try Chain(devices: 2, link: LinkSpec(bitsPerSecond: 1_000_000, bufferPackets: nil))
        _ = try chain.flow(.poisson(packetsPerSecond: 10_000, packetBytes: try .constant(1000)))
        chain.net.packetBudget = 5_000
        #expect {
            _ = try chain.run(duration: .seconds(10))
        } throws: { error in
            "\(error)".contains("grow without bound")
        }
    }

    @Test func noRouteAndTTL() throws {
        var chain = try Chain(devices: 3, link: Self.gigabit)
        _ = try chain.net.addFlow(FlowSpec(name: "lost", sourceDevice: 0, sourceAddress: Chain.address(0),
                                           destinationAddress: IPv4Address(192, 168, 1, 1),
                                           pattern: .constantBitRate(bitsPerSecond: 1e6, packetBytes: 125)))
        // d1 has no route for 192.168/16 beyond its /24 default... give d0 a default to d1.
        try chain.net.addRoute(device: 0, Route(IPv4Prefix("0.0.0.0/0")!, .forward(channel: chain.forward[0])))
        let r = try chain.run(duration: .milliseconds(10))
        #expect(r.flows[0].inFlight <= 1)
        #expect(r.flows[0].drops[.noRoute] == r.flows[0].sent - r.flows[0].inFlight)
        #expect(r.devices[1].drops[.noRoute] == r.flows[0].drops[.noRoute])
        // A loop: d1 sends 192.168/16 back to d0.
        try chain.net.addRoute(device: 1, Route(IPv4Prefix("192.168.0.0/16")!, .forward(channel: chain.backward[0])))
        let loop = try chain.run(duration: .milliseconds(10))
        #expect(loop.flows[0].drops[.ttlExpired] > 0)
        #expect(loop.flows[0].drops[.ttlExpired] + loop.flows[0].inFlight == loop.flows[0].sent)
    }

    @Test func linkFailureDropsAndRecovers() throws {
        var chain = try Chain(devices: 3, link: Self.gigabit)
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 12_000_000, packetBytes: 1500))  // 1,000 pps
        try chain.net.schedule(Failure(at: .milliseconds(100), .link(chain.forward[1], chain.backward[1]), up: false))
        try chain.net.schedule(Failure(at: .milliseconds(150), .link(chain.forward[1], chain.backward[1]), up: true))
        let r = try chain.run(duration: .milliseconds(300))
        let f = r.flows[0]
        #expect(abs(f.drops[.linkDown] - 50) <= 1)
        #expect(f.delivered + f.dropped + f.inFlight == f.sent)
        #expect(f.delivered >= 248)
    }
}
