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
