import Testing
@testable import SimKernel

/// Records every event it sees; optionally schedules follow-ups.
struct Recorder: EventHandler {
    var seen: [(time: SimTime, kind: UInt16, target: UInt32, item: UInt32)] = []
    var followUpDelay: SimTime? = nil
    var followUps = 0
    var stopAtTarget: UInt32? = nil

    mutating func handle(_ event: Event, scheduler: inout EventScheduler) {
        seen.append((event.time, event.kind, event.target, event.item))
        #expect(scheduler.now == event.time)
        if let d = followUpDelay, followUps > 0 {
            followUps -= 1
            scheduler.schedule(after: d, kind: 9, target: event.target + 1)
        }
        if event.target == stopAtTarget { scheduler.requestStop() }
    }
}

@Suite struct EventSchedulerTests {
    @Test func eventIsTwentyFourBytes() {
        #expect(MemoryLayout<Event>.size == 24)
        #expect(MemoryLayout<Event>.stride == 24)
    }

    @Test func equalTimesRunInInsertionOrder() {
        var sim = Simulation(handler: Recorder())
        for i in 0..<100 { sim.scheduler.schedule(at: .microseconds(5), kind: 1, target: UInt32(i)) }
        sim.scheduler.schedule(at: .microseconds(1), kind: 2, target: 1000)
        sim.run()
        #expect(sim.handler.seen.first?.target == 1000)
        #expect(sim.handler.seen.dropFirst().map(\.target) == (0..<100).map(UInt32.init))
    }

    @Test func randomScheduleComesOutSortedWithFIFOTies() {
        let stream = RandomStream(master: 1, name: "heap-order", replication: 0)
        var sim = Simulation(handler: Recorder())
        var expected: [(Int64, UInt32)] = []
        for i in 0..<5_000 {
            let t = Int64(stream.nextUInt32() % 500)  // many ties
            sim.scheduler.schedule(at: SimTime(picoseconds: t), kind: 0, target: UInt32(i))
            expected.append((t, UInt32(i)))
        }
        let invariant = sim.scheduler.heapInvariantHolds()
        #expect(invariant)
        sim.run()
        expected.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        #expect(sim.handler.seen.map { $0.time.picoseconds } == expected.map(\.0))
        #expect(sim.handler.seen.map(\.target) == expected.map(\.1))
    }

    @Test func clockNeverGoesBackward() {
        var sim = Simulation(handler: Recorder(followUpDelay: .nanoseconds(3), followUps: 2_000))
        let stream = RandomStream(master: 2, name: "clock", replication: 0)
        for i in 0..<500 {
            sim.scheduler.schedule(at: SimTime(picoseconds: Int64(stream.nextUInt32() % 10_000)), kind: 0,
                                   target: UInt32(i))
        }
        sim.run()
        let times = sim.handler.seen.map(\.time)
        #expect(times.count == 2_500)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func cancelledEventsDoNotRun() {
        var sim = Simulation(handler: Recorder())
        let a = sim.scheduler.schedule(at: .microseconds(1), kind: 0, target: 1)
        let b = sim.scheduler.schedule(at: .microseconds(2), kind: 0, target: 2)
        sim.scheduler.schedule(at: .microseconds(3), kind: 0, target: 3)
        #expect(sim.scheduler.pendingCount == 3)
        let first = sim.scheduler.cancel(b)
        let second = sim.scheduler.cancel(b)
        #expect(first)
        #expect(!second, "a second cancel is refused")
        #expect(sim.scheduler.pendingCount == 2)
        sim.run(until: .microseconds(1))
        let late = sim.scheduler.cancel(a)
        #expect(!late, "an event that already ran cannot be cancelled")
        sim.run()
        #expect(sim.handler.seen.map(\.target) == [1, 3])
        #expect(sim.scheduler.pendingCount == 0)
        #expect(sim.scheduler.eventsProcessed == 2)
    }

    @Test func runUntilTimeStopsAndAdvancesTheClock() {
        var sim = Simulation(handler: Recorder())
        for i in 1...10 { sim.scheduler.schedule(at: .microseconds(Double(i)), kind: 0, target: UInt32(i)) }
        let reason = sim.run(until: .microseconds(4.5))
        #expect(reason == .timeLimit)
        #expect(sim.handler.seen.count == 4)
        #expect(sim.scheduler.now == .microseconds(4.5))
        // An event exactly at the limit runs.
        #expect(sim.run(until: .microseconds(5)) == .timeLimit)
        #expect(sim.handler.seen.count == 5)
        #expect(sim.run(until: .microseconds(100)) == .noMoreEvents)
        #expect(sim.scheduler.now == .microseconds(100))
    }

    @Test func runStopsOnEventCountPredicateAndRequest() {
        var sim = Simulation(handler: Recorder(stopAtTarget: 7))
        for i in 1...10 { sim.scheduler.schedule(at: .microseconds(Double(i)), kind: 0, target: UInt32(i)) }
        #expect(sim.run(maxEvents: 3) == .eventLimit)
        #expect(sim.handler.seen.count == 3)
        #expect(sim.run(stopWhen: { $0.seen.count == 5 }) == .predicate)
        #expect(sim.handler.seen.count == 5)
        #expect(sim.run() == .stopRequested)
        #expect(sim.handler.seen.last?.target == 7)
        #expect(sim.run() == .noMoreEvents)
        #expect(sim.handler.seen.count == 10)
    }

    @Test func kindTargetAndItemRoundTrip() {
        var sim = Simulation(handler: Recorder())
        sim.scheduler.schedule(at: .zero, kind: UInt16.max, target: UInt32.max, item: 123_456)
        sim.run()
        let e = sim.handler.seen[0]
        #expect(e.kind == UInt16.max && e.target == UInt32.max && e.item == 123_456)
    }

    @Test func schedulingInThePastTraps() async {
        await #expect(processExitsWith: .failure) {
            var sim = Simulation(handler: Recorder())
            sim.scheduler.schedule(at: .microseconds(5), kind: 0)
            sim.run()
            sim.scheduler.schedule(at: .microseconds(1), kind: 0)
        }
    }
}
