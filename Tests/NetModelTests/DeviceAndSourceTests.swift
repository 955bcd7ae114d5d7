import SimKernel
import Testing
@testable import NetModel

@Suite struct DeviceAndSourceTests {
    static let fast = LinkSpec(bitsPerSecond: 100_000_000_000, mtu: 9000, framingBytes: 0, bufferPackets: nil)

    /// A one-core device with a 10 µs deterministic cost fed by Poisson at ρ = 0.5 is an
    /// M/D/1 queue: mean time in the device 10 + 0.5 × 10 / (2 × 0.5) = 15 µs.
    @Test func deviceStageIsAnMD1Queue() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", cores: i == 1 ? 1 : 0, perPacket: i == 1 ? .microseconds(10) : .zero)
        }
        _ = try chain.flow(.poisson(packetsPerSecond: 50_000, packetBytes: try .constant(100)))
        var means: [Double] = []
        for r in 0..<8 {
            let result = try chain.run(replication: r, warmup: .milliseconds(10), duration: .milliseconds(400))
            // Subtract the two links' serialization of 100 B at 100 Gbit/s (8 ns each).
            means.append(result.flows[0].latency.mean.microseconds - 0.016)
        }
        let ci = try ConfidenceInterval.ofMean(means, level: 0.99)
        #expect(ci.contains(15), "CI \(ci.low)...\(ci.high)")
        #expect(abs(ci.mean - 15) / 15 < 0.02)
    }

    @Test func deviceUtilisationAndQueueLimit() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", cores: i == 1 ? 2 : 0, perPacket: i == 1 ? .microseconds(10) : .zero, queueLimit: 5)
        }
        // 300,000 pps into 2 cores of 100,000 pps each: saturated, the rest dropped.
        _ = try chain.flow(.poisson(packetsPerSecond: 300_000, packetBytes: try .constant(100)))
        let r = try chain.run(warmup: .milliseconds(10), duration: .milliseconds(200))
        let d = r.devices[1]
        #expect(d.utilisation > 0.99)
        #expect(d.coreUtilisation.count == 2 && d.coreUtilisation.allSatisfy { $0 > 0.99 })
        #expect(d.maxQueuePackets == 5)
        #expect(d.drops[.queueFull] > 0)
        let rate = Double(r.flows[0].delivered) / r.window
        #expect(abs(rate - 200_000) / 200_000 < 0.01)
    }

    /// Two cores at ρ = 0.25 each: the lowest idle core is taken first, so core 0 carries more
    /// than core 1, and together they average the offered load (0.25 per core).
    @Test func perCoreUtilisation() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", cores: i == 1 ? 2 : 0, perPacket: i == 1 ? .microseconds(10) : .zero)
        }
        _ = try chain.flow(.poisson(packetsPerSecond: 50_000, packetBytes: try .constant(100)))
        let r = try chain.run(warmup: .milliseconds(10), duration: .seconds(1))
        let d = r.devices[1]
        #expect(d.coreUtilisation[0] > d.coreUtilisation[1])
        #expect(abs((d.coreUtilisation[0] + d.coreUtilisation[1]) / 2 - d.utilisation) < 1e-9)
        #expect(abs(d.utilisation - 0.25) < 0.01)
    }

    @Test func packetRateCeiling() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", packetsPerSecondCeiling: i == 1 ? 1_000 : nil)
        }
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 2_000 * 800, packetBytes: 100))  // 2,000 pps
        let r = try chain.run(warmup: .milliseconds(100), duration: .seconds(1))
        // The departure rate from the device is what the ceiling bounds.
        let rate = Double(r.links[chain.forward[1]].packetsSent) / r.window
        #expect(abs(rate - 1_000) <= 2, "rate \(rate)")
    }

    @Test func connectionTrackingFirstPacketCostsMore() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", connections: i == 1 ? ConnectionTable(capacity: 10, idleTimeout: .seconds(10)) : nil,
                       newConnectionCost: .microseconds(50), establishedConnectionCost: .microseconds(2))
        }
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 100 * 800, packetBytes: 100))
        let r = try chain.run(duration: .milliseconds(95))
        let l = r.flows[0].latency
        #expect(l.count == 10)
        #expect(abs(l.max.microseconds - 50.016) < 0.01 && abs(l.min.microseconds - 2.016) < 0.01)
        #expect(r.devices[1].connectionsCreated == 1)
    }

    @Test func natTableFullDropsNewConnections() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", connections: i == 1 ? ConnectionTable(capacity: 1, idleTimeout: .seconds(10)) : nil)
        }
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 100 * 800, packetBytes: 100), name: "first")
        var second = FlowSpec(name: "second", sourceDevice: 0, sourceAddress: Chain.address(0), destinationAddress: Chain.address(2),
                              sourcePort: 50_000, pattern: .constantBitRate(bitsPerSecond: 100 * 800, packetBytes: 100),
                              start: .milliseconds(1))
        second.destinationPort = 81
        _ = try chain.net.addFlow(second)
        let r = try chain.run(duration: .milliseconds(95))
        #expect(r.flows[0].dropped == 0)
        #expect(r.flows[1].drops[.natTableFull] == r.flows[1].sent && r.flows[1].sent > 0)
    }

    @Test func firewallDeniesInTheNetwork() throws {
        var chain = try Chain(devices: 3, link: Self.fast) { i in
            DeviceSpec(name: "d\(i)", firewall: i == 1 ? Firewall(rules: [FirewallRule(.deny, proto: .udp, ports: 80...80)]) : nil)
        }
        _ = try chain.flow(.constantBitRate(bitsPerSecond: 100 * 800, packetBytes: 100))
        let r = try chain.run(duration: .milliseconds(95))
        #expect(r.flows[0].drops[.firewallDenied] == 10)
        #expect(r.devices[1].drops[.firewallDenied] == 10)
    }

    @Test func traceReplaySendsEachRecordAtItsTime() throws {
        let trace = try TraceReplay.parse(csv: "time_s,bytes\n0.001,100\n# comment\n0.0015,1500\n\n0.004,576\n")
        #expect(trace.times == [.milliseconds(1), .microseconds(1500), .milliseconds(4)])
        var chain = try Chain(devices: 2, link: LinkSpec(bitsPerSecond: 1_000_000_000, framingBytes: 0))
        _ = try chain.flow(.trace(trace))
        let r = try chain.run(duration: .milliseconds(10))
        #expect(r.flows[0].delivered == 3)
        #expect(r.links[chain.forward[0]].bytesSent == 100 + 1500 + 576)
    }

    @Test func traceErrorsNameTheLine() {
        #expect(throws: TraceError.self) { try TraceReplay.parse(csv: "0.1,100\n0.05,100\n") }
        do { _ = try TraceReplay.parse(csv: "0.1,100\nzero,100\n") } catch let e as TraceError {
            #expect(e.line == 2 && "\(e)".contains("line 2"))
        } catch { Issue.record("wrong error \(error)") }
        #expect(throws: TraceError.self) { try TraceReplay.parse(csv: "0.1,10\n") }
    }

    /// On/off with exponential periods: mean rate = rate × E[on] / (E[on] + E[off]).
    /// Over 200 s with 10 ms periods the relative standard error is about 1 %; accept 5 %.
    @Test func onOffMeanRate() throws {
        var chain = try Chain(devices: 2, link: Self.fast)
        _ = try chain.flow(.onOff(packetsPerSecond: 10_000, packetBytes: .imix, on: try .exponential(mean: 0.01),
                                  off: try .exponential(mean: 0.03)))
        let r = try chain.run(duration: .seconds(200))
        let rate = Double(r.flows[0].sent) / 200
        #expect(abs(rate - 2_500) / 2_500 < 0.05, "rate \(rate)")
    }

    /// Pareto on periods (shape 2.5, mean 10 ms) with exponential off periods (mean 30 ms):
    /// the long-run rate is still rate × E[on] / (E[on] + E[off]); heavier tails converge more
    /// slowly, so 10 % over 400 s.
    @Test func onOffWithParetoPeriods() throws {
        var chain = try Chain(devices: 2, link: Self.fast)
        let on = try Distribution.pareto(shape: 2.5, scale: 0.006)   // mean 2.5 × 0.006 / 1.5 = 0.01
        #expect(abs(on.mean - 0.01) < 1e-12)
        _ = try chain.flow(.onOff(packetsPerSecond: 10_000, packetBytes: .imix, on: on, off: try .exponential(mean: 0.03)))
        let r = try chain.run(duration: .seconds(400))
        let rate = Double(r.flows[0].sent) / 400
        #expect(abs(rate - 2_500) / 2_500 < 0.10, "rate \(rate)")
    }

    @Test func invalidSpecsAreErrors() throws {
        var net = Network()
        #expect(throws: Network.BuildError.self) { try net.addDevice(DeviceSpec(name: "x", cores: -1)) }
        let a = try net.addDevice(DeviceSpec(name: "a", addresses: [IPv4Address(10, 0, 0, 1)]))
        #expect(throws: Network.BuildError.self) { try net.addDevice(DeviceSpec(name: "b", addresses: [IPv4Address(10, 0, 0, 1)])) }
        let b = try net.addDevice(DeviceSpec(name: "b"))
        #expect(throws: Network.BuildError.self) { try net.connect(a, b, LinkSpec(bitsPerSecond: 0)) }
        #expect(throws: Network.BuildError.self) { try net.connect(a, b, LinkSpec(bitsPerSecond: 1000, mtu: 20)) }
        #expect(throws: Network.BuildError.self) { try net.connect(a, b, LinkSpec(bitsPerSecond: 1000, lossProbability: 1)) }
        #expect(throws: Network.BuildError.self) { try net.addRoute(device: a, Route(IPv4Prefix("0.0.0.0/0")!, .forward(channel: 3))) }
        #expect(throws: Network.BuildError.self) {
            try net.addFlow(FlowSpec(name: "f", sourceDevice: 0, sourceAddress: .zero, destinationAddress: .zero,
                                     pattern: .bulk(BulkTransfer())))  // bulk over UDP
        }
        #expect(throws: Network.BuildError.self) {
            try net.addFlow(FlowSpec(name: "f", sourceDevice: 0, sourceAddress: .zero, destinationAddress: .zero,
                                     pattern: .poisson(packetsPerSecond: -1, packetBytes: .imix)))
        }
    }
}

/// Fragments reassembled at a device with a processing delay, while other traffic reuses
/// packet slots: every packet must still arrive intact (a released fragment once left a
/// stale event behind that acted on whatever packet reused its slot).
@Suite struct ReassemblyUnderLoadTests {
    @Test func reassemblyAtASlowDeviceDoesNotDisturbOtherFlows() throws {
        let link = LinkSpec(bitsPerSecond: 10_000_000_000, propagation: .microseconds(5), mtu: 1500, framingBytes: 0)
        var chain = try Chain(devices: 3, link: link) { i in
            DeviceSpec(name: "d\(i)", perPacket: i == 2 ? .microseconds(50) : .zero)
        }
        _ = try chain.flow(.poisson(packetsPerSecond: 20_000, packetBytes: try .constant(4000)), name: "big", dontFragment: false)
        _ = try chain.flow(.poisson(packetsPerSecond: 20_000, packetBytes: try .constant(200)), name: "small")
        let r = try chain.run(warmup: .milliseconds(5), duration: .milliseconds(200))
        for f in r.flows {
            #expect(f.dropped == 0)
            #expect(f.delivered + f.inFlight == f.sent)
            #expect(f.delivered > 3_000)
        }
        #expect(r.flows[0].fragments == 3 * r.flows[0].sent)
        // Every delivered packet took exactly the path: the small flow's latency is two links
        // plus the 50 µs device, never more than a queueing-free bound allows.
        #expect(r.flows[1].latency.min >= .microseconds(60))
    }
}
