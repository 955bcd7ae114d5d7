import Testing
@testable import SimKernel

@Suite struct QueueingNetworkTests {
    let factory = RandomStreamFactory(masterSeed: 1, replication: 0)

    @Test func deterministicSingleStationIsExact() throws {
        // D/D/1: arrivals every 2 ms, service 1 ms: sojourn exactly 1 ms, utilisation 0.5.
        let r = QueueingNetwork.simulate(
            stations: [StationSpec(name: "s", service: try .constant(0.001))],
            sources: [SourceSpec(name: "a", interarrival: try .constant(0.002), station: 0)],
            streams: factory, warmup: .seconds(1), duration: .seconds(10))
        #expect(r.endToEnd.count == 5_000)
        #expect(r.endToEnd.tally.min == 1e9 && r.endToEnd.tally.max == 1e9)
        #expect(abs(r.stations[0].utilisation - 0.5) < 1e-9)
        #expect(abs(r.stations[0].meanNumberPresent - 0.5) < 1e-9)
        #expect(r.stations[0].waiting.max == 0)
    }

    @Test func deterministicTandemAddsServiceTimes() throws {
        // Three stations of 1, 1.5 and 0.5 ms behind arrivals every 2 ms: 3 ms end to end.
        let r = QueueingNetwork.simulate(
            stations: [
                StationSpec(name: "a", service: try .constant(0.001), next: 1),
                StationSpec(name: "b", service: try .constant(0.0015), next: 2),
                StationSpec(name: "c", service: try .constant(0.0005)),
            ],
            sources: [SourceSpec(name: "in", interarrival: try .constant(0.002), station: 0)],
            streams: factory, warmup: .seconds(1), duration: .seconds(4))
        #expect(r.endToEnd.tally.min == 3e9 && r.endToEnd.tally.max == 3e9)
        #expect(abs(r.stations[1].utilisation - 0.75) < 1e-9)
    }

    @Test func queueBuildsWhenArrivalsBunch() throws {
        // Two servers, service 3 ms, arrivals every 1 ms: overloaded (ρ = 1.5), waits grow.
        let r = QueueingNetwork.simulate(
            stations: [StationSpec(name: "s", servers: 2, service: try .constant(0.003))],
            sources: [SourceSpec(name: "a", interarrival: try .constant(0.001), station: 0)],
            streams: factory, warmup: .zero, duration: .seconds(1))
        #expect(abs(r.stations[0].utilisation - 1) < 0.01)
        #expect(r.stations[0].waiting.max > 0.3)
    }

    func mm1(_ seed: UInt64) -> QueueingResult {
        QueueingNetwork.simulate(
            stations: [StationSpec(name: "s", service: try! .exponential(mean: 0.001))],
            sources: [SourceSpec(name: "a", interarrival: try! .exponential(mean: 0.002), station: 0)],
            streams: RandomStreamFactory(masterSeed: seed, replication: 0), warmup: .seconds(1), duration: .seconds(20))
    }

    @Test func sameSeedSameResultOtherSeedOtherResult() {
        let a = mm1(5), b = mm1(5), c = mm1(6)
        #expect(a.endToEnd.tally == b.endToEnd.tally)
        #expect(a.events == b.events)
        #expect(a.endToEnd.percentile(99) == b.endToEnd.percentile(99))
        #expect(a.endToEnd.tally != c.endToEnd.tally)
    }

    @Test func parallelMapDoesNotDependOnJobs() {
        let one = parallelMap(count: 6, jobs: 1) { i in mm1(UInt64(i)).endToEnd.tally }
        let two = parallelMap(count: 6, jobs: 2) { i in mm1(UInt64(i)).endToEnd.tally }
        let many = parallelMap(count: 6, jobs: 8) { i in mm1(UInt64(i)).endToEnd.tally }
        #expect(one == two && two == many)
    }

    @Test func ringBufferIsFIFOAcrossGrowth() {
        var q = RingBuffer<Int>(capacity: 2, filler: -1)
        var expected: [Int] = []
        var out: [Int] = []
        for i in 0..<100 {
            q.pushBack(i); expected.append(i)
            if i % 3 == 0, let x = q.popFront() { out.append(x) }
        }
        while let x = q.popFront() { out.append(x) }
        #expect(out == expected)
        #expect(q.isEmpty)
    }
}
