import Testing
@testable import SimKernel

@Suite struct StatisticsTests {
    @Test func tallyMatchesDirectFormulas() {
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        var t = Tally()
        for x in xs { t.add(x) }
        #expect(t.count == 8 && t.mean == 5 && t.min == 2 && t.max == 9)
        #expect(abs(t.variance - 32.0 / 7.0) < 1e-12)
        var a = Tally(), b = Tally()
        for x in xs.prefix(3) { a.add(x) }
        for x in xs.dropFirst(3) { b.add(x) }
        let m = a.merged(with: b)
        #expect(m.count == 8 && abs(m.mean - 5) < 1e-12 && abs(m.variance - t.variance) < 1e-12)
        #expect(m.min == 2 && m.max == 9)
    }

    @Test func tallyIsStableForLargeOffsets() {
        var t = Tally()
        for x in [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16] { t.add(x) }
        #expect(abs(t.variance - 30) < 1e-6)
    }

    @Test func timeWeightedAverageByHand() {
        var q = TimeWeightedAverage(initialValue: 0, at: .zero)
        q.update(to: 2, at: .microseconds(1))   // 0 for 1 µs
        q.update(to: 1, at: .microseconds(4))   // 2 for 3 µs
        // then 1 for 6 µs until 10 µs: (0 + 6 + 6) / 10 = 1.2
        #expect(abs(q.average(at: .microseconds(10)) - 1.2) < 1e-12)
        #expect(q.maximum == 2)
        q.reset(at: .microseconds(10))
        q.update(to: 3, at: .microseconds(12))  // 1 for 2 µs, 3 for 2 µs -> 2
        #expect(abs(q.average(at: .microseconds(14)) - 2) < 1e-12)
        #expect(q.maximum == 3)
    }

    @Test func histogramPercentilesWithinOneThousandth() {
        var h = LatencyHistogram()
        for us in 1...100_000 { h.record(.microseconds(Double(us))) }
        for (p, exact) in [(50.0, 50_000.0), (90.0, 90_000.0), (99.0, 99_000.0), (99.9, 99_900.0)] {
            let v = h.percentile(p).microseconds
            #expect(abs(v - exact) / exact <= 0.001, "p\(p) = \(v) µs, exact \(exact)")
        }
        #expect(abs(h.mean.microseconds - 50_000.5) < 1e-6)
        #expect(h.count == 100_000)
    }

    @Test func studentTQuantilesFromGSL() {
        #expect(abs(ConfidenceInterval.studentTQuantile(probability: 0.975, degreesOfFreedom: 9) - 2.262157) < 1e-6)
        #expect(abs(ConfidenceInterval.studentTQuantile(probability: 0.995, degreesOfFreedom: 9) - 3.249836) < 1e-6)
        #expect(abs(ConfidenceInterval.normalQuantile(probability: 0.975) - 1.959964) < 1e-6)
    }

    @Test func confidenceIntervalByHand() throws {
        let ci = try ConfidenceInterval.ofMean([1, 2, 3, 4, 5], level: 0.95)
        // mean 3, s = 1.5811, t(0.975, 4) = 2.776445 -> half-width 1.963243
        #expect(ci.mean == 3)
        #expect(abs(ci.halfWidth - 1.963243) < 1e-5)
        #expect(throws: ConfidenceInterval.Failure.self) { try ConfidenceInterval.ofMean([1], level: 0.95) }
        #expect(throws: ConfidenceInterval.Failure.self) { try ConfidenceInterval.ofMean([1, 2], level: 1.5) }
        #expect(throws: ConfidenceInterval.Failure.self) { try ConfidenceInterval.ofMean([1, .nan], level: 0.9) }
    }

    /// 200 intervals at 95 % from 10 normal samples each with known mean 5: the number that
    /// cover 5 is Binomial(200, 0.95): mean 190, sd 3.08. Accept 181...199 (±3 sd).
    @Test func confidenceIntervalCoverage() throws {
        let d = try Distribution.truncatedNormal(mean: 5, stdev: 0.5)  // 10 sd above 0: truncation negligible
        let s = RandomStream(master: 11, name: "coverage", replication: 0)
        var covered = 0
        for _ in 0..<200 {
            let ci = try ConfidenceInterval.ofMean((0..<10).map { _ in d.sample(s) }, level: 0.95)
            if ci.contains(5) { covered += 1 }
        }
        #expect((181...199).contains(covered), "covered \(covered) of 200")
    }

    @Test func pairedDifferenceVerdicts() throws {
        let a: [Double] = [10, 12, 11, 13, 12]
        let slower = a.map { $0 + 1 + 0.01 * $0 }
        let d = try PairedDifference(first: a, second: slower, level: 0.95)
        #expect(d.verdict == .firstSmaller)
        #expect(try PairedDifference(first: slower, second: a, level: 0.95).verdict == .secondSmaller)
        let noisy = try PairedDifference(first: [1, 2, 3, 4], second: [2, 1, 4, 3], level: 0.95)
        #expect(noisy.verdict == .noSignificantDifference)
        #expect(throws: ConfidenceInterval.Failure.self) { try PairedDifference(first: [1, 2], second: [1], level: 0.9) }
    }

    /// Common random numbers make the paired CI much narrower than the unpaired one.
    @Test func commonRandomNumbersNarrowThePairedInterval() throws {
        var first: [Double] = [], second: [Double] = []
        for r in 0..<10 {
            let f = RandomStreamFactory(masterSeed: 3, replication: r)
            func run(_ serviceMean: Double) -> Double {
                QueueingNetwork.simulate(
                    stations: [StationSpec(name: "s", service: try! .exponential(mean: serviceMean))],
                    sources: [SourceSpec(name: "a", interarrival: try! .exponential(mean: 1), station: 0)],
                    streams: f, warmup: .seconds(50), duration: .seconds(2_000)
                ).endToEnd.tally.mean
            }
            first.append(run(0.5))
            second.append(run(0.52))
        }
        let paired = try PairedDifference(first: first, second: second, level: 0.95)
        let unpaired = try ConfidenceInterval.ofMean(first, level: 0.95).halfWidth
            + ConfidenceInterval.ofMean(second, level: 0.95).halfWidth
        #expect(paired.verdict == .firstSmaller)
        #expect(paired.interval.halfWidth < unpaired / 3)
    }
}
