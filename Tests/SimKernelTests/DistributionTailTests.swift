import Testing
import Foundation
@testable import SimKernel

/// `Distribution.probability(above:)` against the fraction of draws above x. The tolerance is
/// 4.5 binomial standard errors, √(p(1−p)/n) (two-sided false-failure probability ≈ 7 × 10⁻⁶
/// per check); seeds are fixed.
@Suite struct DistributionTailTests {
    static let n = 200_000

    static let cases: [(String, Distribution, [Double])] = [
        ("constant(3)", try! .constant(3), [2.9, 3, 3.1]),
        ("uniform(2,5)", try! .uniform(low: 2, high: 5), [1, 2.5, 4.9, 6]),
        ("exponential(2)", try! .exponential(mean: 2), [0.5, 2, 8]),
        ("gamma(0.7, 2)", try! .gamma(shape: 0.7, scale: 2), [0.1, 1, 5]),
        ("lognormal(mean 1, sd 0.5)", try! .lognormal(mean: 1, stdev: 0.5), [0.5, 1, 2]),
        ("pareto(1.5, 1)", try! .pareto(shape: 1.5, scale: 1), [0.5, 2, 20]),
        ("pareto(1.2, 1, upper 100)", try! .pareto(shape: 1.2, scale: 1, upperBound: 100), [0.5, 3, 50, 100]),
        ("weibull(0.8, 1)", try! .weibull(shape: 0.8, scale: 1), [0.2, 1, 4]),
        ("normal>=0(1, 1)", try! .truncatedNormal(mean: 1, stdev: 1), [0.5, 1, 2.5]),
        ("empirical", try! .empirical(values: [1, 2, 10], weights: [0.5, 0, 1.5]), [0.5, 1.5, 10]),
    ]

    @Test(arguments: cases)
    func tailProbabilityMatchesTheFractionOfDraws(_ name: String, _ d: Distribution, _ points: [Double]) {
        let s = RandomStream(master: 2026, name: "tail \(name)", replication: 0)
        let xs = (0..<Self.n).map { _ in d.sample(s) }
        for x in points {
            let p = d.probability(above: x)
            let observed = Double(xs.filter { $0 > x }.count) / Double(Self.n)
            let se = (max(p * (1 - p), 1e-12) / Double(Self.n)).squareRoot()
            #expect(p >= 0 && p <= 1, "\(name): P(X > \(x)) = \(p)")
            #expect(abs(observed - p) <= 4.5 * se + 1e-12, "\(name): P(X > \(x)) = \(p), observed \(observed)")
        }
    }

    @Test func heavyTailsAreMeasuredWhereNoDrawReaches() throws {
        // Closed forms: Pareto (xₘ/x)^α; Weibull exp(−(x/λ)^k).
        #expect(abs(try Distribution.pareto(shape: 0.01, scale: 1).probability(above: 1e9) - pow(1e-9, 0.01)) < 1e-12)
        #expect(abs(try Distribution.weibull(shape: 0.05, scale: 1e-3).probability(above: 2e6) - exp(-pow(2e9, 0.05))) < 1e-12)
        #expect(try Distribution.exponential(mean: 1e6).probability(above: 1e9) == exp(-1000.0))
    }

    @Test func lognormalWhoseParametersOverflowIsRefused() {
        #expect(throws: DistributionError.self) { try Distribution.lognormal(mean: 1e-300, stdev: 1) }
    }

    @Test func sampledSpansSaturateBeyondTheHorizon() {
        #expect(SimTime.sampled(seconds: 1.5) == .seconds(1.5))
        #expect(SimTime.sampled(seconds: 1e300) == ModelLimits.sampledTimeHorizon)
        #expect(SimTime.sampled(seconds: .infinity) == ModelLimits.sampledTimeHorizon)
        #expect(SimTime.sampled(seconds: .nan) == ModelLimits.sampledTimeHorizon)
        // The horizon after the longest run still fits SimTime.
        #expect(ModelLimits.longestRun.picoseconds < Int64.max - ModelLimits.sampledTimeHorizon.picoseconds)
    }
}
