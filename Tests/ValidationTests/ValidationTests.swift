import Reports
import Testing
@testable import SimKernel
@testable import Validation

@Suite struct QueueingFormulasTests {
    @Test func closedFormsByHand() {
        #expect(abs(QueueingFormulas.mm1MeanSojourn(arrivalRate: 900, serviceRate: 1000) - 0.01) < 1e-15)
        #expect(abs(QueueingFormulas.mm1SojournQuantile(0.99, arrivalRate: 500, serviceRate: 1000)
                    - 0.009210340371976184) < 1e-15)
        // M/D/1 at ρ = 0.8, D = 1: W = 1 + 0.8 / (2 · 0.2) = 3.
        #expect(abs(QueueingFormulas.md1MeanSojourn(arrivalRate: 0.8, serviceTime: 1) - 3) < 1e-12)
        // Erlang C for c = 2, a = 1 is 1/3; for c = 1 it is ρ.
        #expect(abs(QueueingFormulas.erlangC(servers: 2, offeredLoad: 1) - 1.0 / 3.0) < 1e-12)
        #expect(abs(QueueingFormulas.erlangC(servers: 1, offeredLoad: 0.7) - 0.7) < 1e-12)
        // M/M/1 is M/M/c with c = 1.
        #expect(abs(QueueingFormulas.mmcMeanSojourn(servers: 1, arrivalRate: 3, serviceRate: 5) - 0.5) < 1e-12)
        // M/M/4 at a = 3.2 (λ = 3200, μ = 1000): C = 0.5964, W = 1.7455 ms.
        #expect(abs(QueueingFormulas.mmcMeanSojourn(servers: 4, arrivalRate: 3200, serviceRate: 1000) * 1000
                    - 1.74550) < 1e-4)
    }
}

@Suite struct VerifySuiteTests {
    /// A scaled-down suite runs the same way on 1 and 2 threads, to the last bit.
    @Test func outcomesDoNotDependOnJobs() throws {
        let suite = try ValidationSuite.standard(scale: 0.003)
        let a = suite.run(jobs: 1), b = suite.run(jobs: 2)
        #expect(a.count == 7)
        #expect(a.map(\.interval) == b.map(\.interval))
    }

    @Test func aWrongAnalyticValueFails() throws {
        // The same model judged against a value 10 % off must fail.
        var suite = try ValidationSuite.standard(scale: 0.01)
        let c = suite.cases[0]
        suite = ValidationSuite(
            models: suite.models,
            cases: [ValidationCase(name: "wrong", model: c.model, metric: c.metric, analytic: c.analytic * 1.1,
                                   tolerance: c.tolerance)])
        let outcome = suite.run(jobs: 2)[0]
        #expect(!outcome.passed)
        #expect(outcome.failure.contains("relative error"))
    }

    @Test func reportsRenderEveryCase() throws {
        let outcomes = try ValidationSuite.standard(scale: 0.003).run(jobs: 2)
        let report = VerifyReport.report(outcomes, version: "test")
        let csv = report.render(.csv).split(separator: "\n")
        #expect(csv.first.map(String.init) == VerifyReport.csvHeader)
        #expect(csv.count == outcomes.count + 1)
        #expect(csv.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 12 })
        let table = report.render(.table)
        #expect(table.contains("M/M/4 rho=0.8 (Erlang C)"))
        #expect(table.contains("verify: "))
    }
}

/// The TCP cases of `hybridsim verify`: the closed forms, and two cheap cases simulated.
@Suite struct TCPValidationTests {
    @Test func closedFormsPickTheBindingBound() {
        let link = TCPValidationCase.standard[0], window = TCPValidationCase.standard[3]
        #expect(abs(link.analytic - 10e6 * 1448 / 1502) < 1e-6)
        #expect(link.bound == "link rate × header efficiency" && window.bound == "W × MSS / RTT")
        // 64 × 1,448 B per RTT of 2 × (10 µs + 50 ms) plus serializations: ≈ 7.40 Mbit/s.
        let rtt = 2 * (10e-6 + 0.05) + 1556.0 * 8 / 10e9 + 1556.0 * 8 / 100e6
        #expect(abs(window.analytic - 64 * 1448 * 8 / rtt) < 1e-6)
    }

    @Test func cheapCasesPassInSimulation() {
        let cases = [TCPValidationCase.standard[0], TCPValidationCase.standard[3]]
        let outcomes = TCPValidationCase.run(cases, replications: 2, duration: .seconds(2), jobs: 2)
        for o in outcomes { #expect(o.passed, "\(o.name): \(o.failure)") }
        let report = VerifyReport.report([], tcp: outcomes, version: "test")
        #expect(report.tables.count == 2 && report.tables[1].rows.count == 2)
    }
}

@Suite struct MathisBandTests {
    /// p = 1 %, MSS 1,448 B, RTT ≈ 10.02 ms: MSS / (RTT √p) ≈ 11.56 Mbit/s, times 0.87 and 1.22;
    /// Padhye (b = 1, T0 = 0.2 s) ≈ 9.75 Mbit/s, below Mathis's 0.87, so the band starts there.
    @Test func theBandRunsFromPadhyeOrMathisToMathis() throws {
        let c = try #require(TCPValidationCase.standard.first { $0.lossProbability == 0.01 && $0.delay == .milliseconds(5) })
        let band = try #require(c.mathis)
        let base = 1448.0 * 8 / c.rtt / 0.1
        let padhye = 1448.0 * 8 / (c.rtt * (2 * 0.01 / 3).squareRoot() + 0.2 * 3 * (3 * 0.01 / 8).squareRoot() * 0.01 * (1 + 32e-4))
        #expect(abs(try #require(c.padhye) - padhye) < 1e-6 && padhye < base * 0.75.squareRoot())
        #expect(abs(band.lowerBound - padhye) < 1e-6 && abs(band.upperBound - base * 1.5.squareRoot()) < 1e-6)
        #expect(abs(c.rtt - (2 * (10e-6 + 5e-3) + 1556.0 * 8 / 10e9 + 1556.0 * 8 / 1e9)) < 1e-15)
        #expect(c.analytic == band.upperBound && c.bound.hasPrefix("Padhye"))
        // At 0.1 % loss and 10 ms, Padhye (42.8) lies above Mathis's 0.87 (31.6): the band starts at Mathis.
        let low = try #require(TCPValidationCase.standard.first { $0.lossProbability == 0.001 && $0.delay == .milliseconds(5) })
        let lowBase = 1448.0 * 8 / low.rtt / 0.001.squareRoot()
        #expect(abs(try #require(low.mathis).lowerBound - lowBase * 0.75.squareRoot()) < 1e-6)
    }
}
