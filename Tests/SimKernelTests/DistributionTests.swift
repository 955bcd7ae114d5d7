import Testing
@testable import SimKernel

/// Sample moments against theory. Tolerances are 4.5 standard errors of the estimator
/// (two-sided false-failure probability ≈ 7 × 10⁻⁶ per check); the standard error of the
/// sample variance uses the sample fourth central moment: se² = (m₄ − s⁴) / n. Seeds are
/// fixed, so each check is deterministic.
@Suite struct DistributionTests {
    static let n = 400_000
    static let z = 4.5

    struct Moments { var mean: Double; var variance: Double; var varianceSE: Double; var min: Double; var max: Double }

    func sampleMoments(_ d: Distribution, name: String) -> Moments {
        let s = RandomStream(master: 2026, name: name, replication: 0)
        var xs = [Double](repeating: 0, count: Self.n)
        var t = Tally()
        for i in 0..<Self.n {
            xs[i] = d.sample(s)
            t.add(xs[i])
        }
        var m4 = 0.0
        for x in xs { let c = x - t.mean; m4 += c * c * c * c }
        m4 /= Double(Self.n)
        let se = max(0, m4 - t.variance * t.variance).squareRoot() / Double(Self.n).squareRoot()
        return Moments(mean: t.mean, variance: t.variance, varianceSE: se, min: t.min, max: t.max)
    }

    static let cases: [(String, Distribution)] = [
        ("uniform(2,5)", try! .uniform(low: 2, high: 5)),
        ("exponential(2)", try! .exponential(mean: 2)),
        ("erlang(3, 1.5)", try! .erlang(k: 3, mean: 1.5)),
        ("gamma(0.7, 2)", try! .gamma(shape: 0.7, scale: 2)),
        ("lognormal(mean 1, sd 0.5)", try! .lognormal(mean: 1, stdev: 0.5)),
        ("lognormal(mu 0.2, sigma 0.8)", try! .lognormal(mu: 0.2, sigma: 0.8)),
        ("pareto(5, 1)", try! .pareto(shape: 5, scale: 1)),
        ("pareto(1.2, 1, upper 100)", try! .pareto(shape: 1.2, scale: 1, upperBound: 100)),
        ("weibull(1.5, 2)", try! .weibull(shape: 1.5, scale: 2)),
        ("weibull(0.8, 1)", try! .weibull(shape: 0.8, scale: 1)),
        ("normal>=0(1, 1)", try! .truncatedNormal(mean: 1, stdev: 1)),
        ("normal>=0(-1, 1)", try! .truncatedNormal(mean: -1, stdev: 1)),
        ("normal>=0(50, 5)", try! .truncatedNormal(mean: 50, stdev: 5)),
        ("imix", Distribution.imix),
        ("empirical", try! .empirical(values: [1, 2, 10], weights: [0.5, 0, 1.5])),
    ]

    @Test(arguments: cases)
    func sampleMeanAndVarianceMatchTheory(_ name: String, _ d: Distribution) {
        let m = sampleMoments(d, name: name)
        let meanSE = (d.variance / Double(Self.n)).squareRoot()
        #expect(abs(m.mean - d.mean) <= Self.z * meanSE, "\(name): mean \(m.mean) vs \(d.mean)")
        #expect(abs(m.variance - d.variance) <= Self.z * m.varianceSE,
                "\(name): variance \(m.variance) vs \(d.variance) (se \(m.varianceSE))")
        #expect(m.min >= 0, "\(name): negative sample")
    }

    @Test func supportBoundsHold() {
        let s = RandomStream(master: 1, name: "bounds", replication: 0)
        let bp = try! Distribution.pareto(shape: 0.5, scale: 2, upperBound: 3)
        let u = try! Distribution.uniform(low: 4, high: 6)
        let p = try! Distribution.pareto(shape: 3, scale: 7)
        for _ in 0..<50_000 {
            let x = bp.sample(s)
            #expect(x >= 2 && x <= 3)
            let y = u.sample(s)
            #expect(y >= 4 && y < 6)
            #expect(p.sample(s) >= 7)
        }
    }

    @Test func constantAndEmpiricalAreExact() {
        let s = RandomStream(master: 1, name: "c", replication: 0)
        let c = try! Distribution.constant(1500)
        #expect((0..<100).allSatisfy { _ in c.sample(s) == 1500 })
        #expect(c.mean == 1500 && c.variance == 0)
        #expect(abs(Distribution.imix.mean - (7 * 40 + 4 * 576 + 1500) / 12.0) < 1e-12)
        let seen = Set((0..<10_000).map { _ in Distribution.imix.sample(s) })
        #expect(seen == [40, 576, 1500])
    }

    @Test func lognormalMeanStdevParametrisation() {
        let d = try! Distribution.lognormal(mean: 3, stdev: 4.5)
        #expect(abs(d.mean - 3) < 1e-12)
        #expect(abs(d.variance.squareRoot() - 4.5) < 1e-12)
    }

    @Test func invalidParametersAreErrorsWithMessages() {
        func message(_ body: () throws -> Distribution) -> String {
            do { _ = try body(); return "" } catch let e as DistributionError { return e.message } catch { return "?" }
        }
        #expect(message { try .exponential(mean: -1) }.contains("mean"))
        #expect(message { try .exponential(mean: 0) }.contains("> 0"))
        #expect(message { try .exponential(mean: .nan) }.contains("mean"))
        #expect(message { try .uniform(low: 5, high: 2) }.contains("low"))
        #expect(message { try .gamma(shape: 0, scale: 1) }.contains("shape"))
        #expect(message { try .erlang(k: 0, mean: 1) }.contains("k"))
        #expect(message { try .lognormal(mean: 1, stdev: -1) }.contains("stdev"))
        #expect(message { try .pareto(shape: 1, scale: 2, upperBound: 1) }.contains("upper bound"))
        #expect(message { try .weibull(shape: 1, scale: -2) }.contains("scale"))
        #expect(message { try .truncatedNormal(mean: 1, stdev: 0) }.contains("stdev"))
        #expect(message { try .empirical(values: [1, 2], weights: [0, 0]) }.contains("all weights are zero"))
        #expect(message { try .empirical(values: [1, 2], weights: [1]) }.contains("one weight per value"))
        #expect(message { try .empirical(values: [], weights: []) }.contains("at least one value"))
        #expect(message { try .empirical(values: [1], weights: [-1]) }.contains("weight #1"))
        #expect(message { try .constant(-3) }.contains("≥ 0"))
    }
}
