import Foundation
import Testing
@testable import SimKernel

@Suite struct WarmUpTests {
    func noise(_ n: Int, seed: UInt64) -> [Double] {
        let d = try! Distribution.exponential(mean: 1)
        let s = RandomStream(master: seed, name: "mser", replication: 0)
        return (0..<n).map { _ in d.sample(s) - 1 }
    }

    /// A transient 20·exp(−i/100) over unit-variance noise: the bias falls below the noise
    /// level (≈ 0.02 per batch-mean standard error of the kept data) after a few hundred
    /// observations; MSER-5 must cut there, not at the start and not in the second half.
    @Test func findsAKnownTransient() throws {
        let n = 10_000
        var series = noise(n, seed: 1)
        for i in 0..<n { series[i] += 10 + 20 * exp(-Double(i) / 100) }
        let r = try #require(MSER5.analyze(series))
        #expect(r.truncatedObservations >= 200 && r.truncatedObservations <= 1_200,
                "truncated \(r.truncatedObservations)")
        #expect(!r.runTooShort)
        #expect(abs(r.truncatedMean - 10) < 0.1)
        #expect(r.truncatedObservations % MSER5.batchSize == 0)
    }

    @Test func stationarySeriesIsBarelyTruncated() throws {
        for seed in 1...20 {
            let r = try #require(MSER5.analyze(noise(5_000, seed: UInt64(seed))))
            #expect(!r.runTooShort, "seed \(seed): truncated \(r.truncatedObservations)")
        }
    }

    @Test func aSeriesThatNeverSettlesIsFlaggedTooShort() throws {
        // A steady upward drift: every later truncation lowers the spread.
        var series = noise(2_000, seed: 3)
        for i in series.indices { series[i] = series[i] * 0.1 + Double(i) / 100 }
        let r = try #require(MSER5.analyze(series))
        #expect(r.runTooShort)
    }

    @Test func tooFewObservationsGiveNoAnswer() {
        #expect(MSER5.analyze(Array(repeating: 1, count: 99)) == nil)
        #expect(MSER5.analyze(Array(repeating: 1, count: 100)) != nil)
    }
}
