import Foundation
import Testing
@testable import Experiments
@testable import NetModel
import SimKernel

/// Explicit topologies for validation work (issue 12, Deliver 5): TCP bulk and
/// request/response sources, links with their own parameters per direction, buffers in bytes,
/// and `--set` / sweep keys that reach list items.
@Suite struct TopologyTransportTests {
    /// a — r — b, the second link `second` (YAML), sources `sources`.
    func yaml(second: String, sources: String, duration: String = "2s") -> String {
        """
        topology:
          devices:
            - {name: a, address: 10.0.0.1}
            - {name: r, address: 10.0.0.2}
            - {name: b, address: 10.0.0.3}
          links:
            - {between: [a, r], rate: 1Gbps, delay: 10us, buffer: unbounded}
            - {between: [r, b], \(second)}
          routes:
            - {at: a, to: 10.0.0.3/32, via: r}
            - {at: r, to: 10.0.0.3/32, via: b}
            - {at: b, to: 10.0.0.0/24, via: r}
            - {at: r, to: 10.0.0.1/32, via: a}
          sources:
        \(sources)
        experiment: {warmup: 0.5s, duration: \(duration), replications: 2}

        """
    }

    func run(_ text: String, _ overrides: [String] = []) throws -> NetworkResult {
        let (s, _) = try Scenario.load(text: text, file: "t.yaml", overrides: overrides)
        return try StudyRunner.simulate(s, alternative: "topology", replication: 1)
    }

    /// One bulk transfer whose window exceeds the path's bandwidth-delay product, over a
    /// 10 Mbit/s bottleneck with room for the window: goodput is the link rate times the
    /// header efficiency MSS / (MSS + 40 B TCP/IP + 14 B framing), exactly up to the window's
    /// start-up.
    @Test func bulkGoodputIsTheLinkRateTimesHeaderEfficiency() throws {
        let r = try run(yaml(second: "rate: 10Mbps, delay: 1ms, buffer: unbounded",
                             sources: "    - {name: t, from: a, to: 10.0.0.3, bulk: {window: 64}}"))
        let expected = 10e6 * 1448 / (1448 + 40 + 14)
        let got = r.goodputBitsPerSecond(0)
        #expect(abs(got / expected - 1) < 0.005, "goodput \(got) bit/s against \(expected)")
    }

    /// A window far below the bandwidth-delay product: goodput is W × MSS / RTT, the RTT being
    /// both propagation delays twice plus one segment's and one ACK's serialization per link.
    @Test func windowLimitedGoodputIsWindowOverRTT() throws {
        let r = try run(yaml(second: "rate: 1Gbps, delay: 10ms, buffer: unbounded",
                             sources: "    - {name: t, from: a, to: 10.0.0.3, bulk: {window: 16}}", duration: "3s"))
        let rtt = 2 * (10e-6 + 10e-3) + 2 * (1502 + 54) * 8 / 1e9
        let expected = 16 * 1448 * 8 / rtt
        let got = r.goodputBitsPerSecond(0)
        #expect(abs(got / expected - 1) < 0.005, "goodput \(got) bit/s against W × MSS / RTT = \(expected)")
    }

    /// Request/response over a link whose reverse direction is 100 times slower: the
    /// transaction takes the response's serialization at the reverse rate longer.
    @Test func eachDirectionHasItsOwnRate() throws {
        let rr = "    - {name: q, from: a, to: 10.0.0.3, request-response: {clients: 1, think: 50ms, request: 100B, response: 100kB, server: 0s}}"
        let same = try run(yaml(second: "rate: 1Gbps, delay: 1ms, buffer: unbounded", sources: rr))
        let slow = try run(yaml(second: "rate: 1Gbps, delay: 1ms, buffer: unbounded, reverse: {rate: 10Mbps}", sources: rr))
        // 100,000 B in 69 segments of at most 1,460 B, each with 40 B of headers and 14 B of framing.
        let wire = 100_000.0 + 69 * 54
        let expected = wire * 8 / 10e6 - wire * 8 / 1e9
        let diff = (slow.flows[0].transactions.tally.mean - same.flows[0].transactions.tally.mean) / 1e12
        #expect(abs(diff / expected - 1) < 0.02, "the slow reverse adds \(diff) s against \(expected) s")
    }

    @Test func buffersTakePacketsOrBytesAndSourcesTheirKind() throws {
        let text = yaml(second: "rate: 1Gbps, buffer: 64KB, reverse: {buffer: 100, delay: 2ms}",
                        sources: "    - {name: t, from: a, to: 10.0.0.3, bulk: {window: 10, segment: 1000B, total: 1MB}}\n"
                               + "    - {name: q, from: a, to: 10.0.0.3, request-response: {clients: 3}}")
        let (s, _) = try Scenario.load(text: text, file: "t.yaml")
        let link = try #require(s.topology?.links[1])
        #expect(link.spec.bufferBytes == 64_000 && link.spec.bufferPackets == nil)
        #expect(link.reverse.bufferPackets == 100 && link.reverse.bufferBytes == nil)
        #expect(link.reverse.propagation == .milliseconds(2) && link.reverse.bitsPerSecond == 1_000_000_000)
        guard case .bulk(let b) = s.topology!.sources[0].pattern else { Issue.record("not a bulk source"); return }
        #expect(b.windowPackets == 10 && b.segmentPayloadBytes == 1000 && b.totalBytes == 1_000_000)
        guard case .requestResponse(let q) = s.topology!.sources[1].pattern else { Issue.record("not request/response"); return }
        #expect(q.clients == 3)
    }

    @Test func setAndSweepReachListItems() throws {
        let base = yaml(second: "rate: 1Gbps", sources: "    - {name: p, from: a, to: 10.0.0.3, poisson: 1000, size: 500B}")
        let (s, _) = try Scenario.load(text: base, file: "t.yaml", overrides: ["topology.sources[0].poisson=2500", "topology.links[1].reverse.rate=5Mbps"])
        guard case .poisson(let pps, _) = s.topology!.sources[0].pattern else { Issue.record("not poisson"); return }
        #expect(pps == 2500)
        #expect(s.topology!.links[1].reverse.bitsPerSecond == 5_000_000)
        func message(_ o: String) -> String {
            do { _ = try Scenario.load(text: base, file: "t.yaml", overrides: [o]); return "" } catch { return "\(error)" }
        }
        #expect(message("topology.sources[3].poisson=1").contains("topology.sources has 1 item(s), numbered from 0; there is no [3]"))
        #expect(message("topology.routes.x[0]=1").contains("is not a list in this scenario"))
        let runner = try StudyRunner(file: nil, overrides: [], jobs: 1)  // the default study: no lists to index
        #expect(runner.points.count == 1)
        let sweep = base + "sweep:\n  topology.sources[0].poisson: [100, 200]\n"
        let path = NSTemporaryDirectory() + "hybridsim-sweep-index-\(getpid()).yaml"
        try sweep.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try StudyRunner(file: path, jobs: 1)
        let rates = try r.points.map { p -> Double in
            guard case .poisson(let pps, _) = try r.scenario(for: p).topology!.sources[0].pattern else { return 0 }
            return pps
        }
        #expect(rates == [100, 200])
    }

    /// A device with an exponential service time fed by Poisson packets is an M/M/1 queue:
    /// the mean one-way latency is the sojourn time 1 / (μ − λ) plus two serializations. The
    /// closed form must lie in the 95 % interval of five replications (fixed seed).
    @Test func aServiceTimeDistributionMakesAnMM1Station() throws {
        let text = """
            topology:
              devices:
                - {name: a, address: 10.0.0.1}
                - {name: r, address: 10.0.0.2, cores: 1, service: exp(10us), queue: 1000000}
                - {name: b, address: 10.0.0.3}
              links:
                - {between: [a, r], rate: 100Gbps, framing: 0B, buffer: unbounded}
                - {between: [r, b], rate: 100Gbps, framing: 0B, buffer: unbounded}
              routes:
                - {at: a, to: 10.0.0.3/32, via: r}
                - {at: r, to: 10.0.0.3/32, via: b}
              sources:
                - {name: p, from: a, to: 10.0.0.3, poisson: 50000, size: 500B}
            experiment: {warmup: 0.05s, duration: 0.4s, replications: 5, seed: 7}

            """
        let (s, _) = try Scenario.load(text: text, file: "mm1.yaml")
        let means = try (1...5).map { try StudyRunner.simulate(s, alternative: "topology", replication: $0).flows[0].latency.tally.mean / 1e6 }
        let ci = try ConfidenceInterval.ofMean(means, level: 0.95)
        let expected = 1e6 / (100_000.0 - 50_000.0) + 2 * 500 * 8 / 100e9 * 1e6   // µs
        #expect(ci.low <= expected && expected <= ci.high, "M/M/1 sojourn \(expected) µs outside \(ci.low)…\(ci.high)")
        #expect(ci.halfWidth < 0.05 * expected, "the interval \(ci.halfWidth) µs is too wide to tell")
        // A service time needs cores: a pure-delay device has no queue to serve from.
        #expect(message(text.replacingOccurrences(of: "cores: 1, ", with: "")).contains("a service time needs a processing stage"))
    }

    /// Clients take ports from Linux's ephemeral range, one per connection; a flow with more
    /// clients than the range has ports is refused instead of sharing ports silently.
    @Test func clientsTakeEphemeralPortsAndTheRangeIsALimit() throws {
        #expect(RequestResponse.ephemeralPorts.count == 28_232)
        let flow = "flows:\n  f: {from: iks/web, to: vcs/db-vm, clients: 28233}\n"
        #expect(message(flow).contains("flows.f.clients: '28233' must be a whole number in 1...28232"))
        #expect(message(flow.replacingOccurrences(of: "28233", with: "28232")) == "")
        let rr = RequestResponse(clients: 28_233, thinkTime: try .constant(0.01), requestBytes: try .constant(100),
                                 responseBytes: try .constant(100), serverTime: try .constant(0))
        let spec = FlowSpec(name: "f", sourceDevice: 0, sourceAddress: IPv4Address("10.0.0.1")!, destinationAddress: IPv4Address("10.0.0.2")!,
                            transport: .tcp, pattern: .requestResponse(rr))
        #expect(FlowRuntime.problem(spec)?.contains("split the clients over several flows") == true)
    }

    func message(_ text: String) -> String {
        do { _ = try Scenario.load(text: text, file: "mm1.yaml"); return "" } catch { return "\(error)" }
    }
}
