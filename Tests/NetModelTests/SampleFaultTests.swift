import Testing
import SimKernel
@testable import NetModel

/// Draws the model cannot carry stop the run with an error naming the flow and distribution;
/// spans beyond the horizon simply fall after the run.
@Suite struct SampleFaultTests {
    static let link = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(10), mtu: 1500)

    @Test func aMessageLargerThanTheModelCarriesStopsTheRunNamingTheFlow() throws {
        var chain = try Chain(devices: 2, link: Self.link)
        let rr = RequestResponse(clients: 2, thinkTime: try .constant(0.001), requestBytes: try .constant(300),
                                 responseBytes: try .constant(2e9), serverTime: try .constant(0.0001))
        _ = try chain.flow(.requestResponse(rr), name: "big-replies", transport: .tcp)
        do {
            _ = try chain.run(duration: .seconds(1))
            Issue.record("the run should have stopped")
        } catch let e as Network.RunError {
            #expect(e.description.contains("flow big-replies"))
            #expect(e.description.contains("response size"))
            #expect(e.description.contains("constant(2000000000.0)"))
        }
    }

    @Test func anOversizedPacketDrawStopsAnOpenLoopFlow() throws {
        var chain = try Chain(devices: 2, link: Self.link)
        _ = try chain.flow(.poisson(packetsPerSecond: 1000, packetBytes: try .uniform(low: 100, high: 70_000)), name: "jumbo")
        #expect(throws: Network.RunError.self) { _ = try chain.run(duration: .seconds(1)) }
    }

    @Test func aThinkTimeBeyondTheHorizonEndsTheClientsTransactions() throws {
        // Weibull(0.05, 1 ms): mean ≈ 2.4 × 10¹⁵ s; most draws are tiny, a few exceed the horizon.
        var chain = try Chain(devices: 2, link: Self.link)
        let rr = RequestResponse(clients: 5, thinkTime: try .weibull(shape: 0.05, scale: 0.001), requestBytes: try .constant(300),
                                 responseBytes: try .constant(1000), serverTime: try .constant(0.0001))
        _ = try chain.flow(.requestResponse(rr), transport: .tcp)
        let r = try chain.run(duration: .seconds(2))
        #expect(r.flows[0].transactions.count > 0)
        #expect(r.flows[0].failedTransactions == 0)
    }

    @Test func packetRatesAndSizesBeyondTheModelAreRefusedWhenTheFlowIsAdded() throws {
        var chain = try Chain(devices: 2, link: Self.link)
        #expect(throws: Network.BuildError.self) {
            _ = try chain.flow(.constantBitRate(bitsPerSecond: 1e6, packetBytes: 100_000), name: "a")
        }
        #expect(throws: Network.BuildError.self) {
            _ = try chain.flow(.poisson(packetsPerSecond: 1e12, packetBytes: .imix), name: "b")
        }
    }
}
