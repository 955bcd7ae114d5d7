import ArgumentParser
import Foundation
import Reports
import Validation

/// `hybridsim verify`: the analytic validation suite.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the simulation kernel against closed-form queueing results, and TCP against its link and window bounds.",
        discussion: """
            Simulates M/M/1 (ρ = 0.5, 0.9; mean and p99 sojourn), M/D/1, M/M/4 (Erlang C), M/G/1 with \
            lognormal service (Pollaczek–Khinchine) and a 3-station Jackson tandem, 10 replications \
            each with fixed seeds and a 20 s warm-up. A case passes when the analytic value is inside \
            the 99 % confidence interval and the relative error is below 2 % (3 % for p99). Then a \
            TCP bulk transfer on a two-link path without loss, against its closed form: goodput at \
            the link bound (rate × MSS / (MSS + 54 B of headers and framing)) and at the window \
            bound (W × MSS / RTT), within 0.5 %; and with 0.1 % and 1 % random loss, whose 99 % \
            interval must meet the band from Padhye's model (b = 1, T0 = 200 ms) or Mathis's \
            MSS / (RTT √p) × C with C = 0.87, whichever is lower, to Mathis's with C = 1.22.
            Exit status: 0 when every case passes, 1 otherwise.

            Examples:
              hybridsim verify
              hybridsim verify --format csv > verify.csv
              hybridsim verify --jobs 1 --format json
            """)

    @Option(help: "Output format on stdout: table, csv or json.")
    var format: Report.Format = .table

    @Option(help: "Replications run in parallel (default: number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Multiply every run length (e.g. 0.1 for a quick look; tolerances may then fail).",
                               visibility: .hidden))
    var scale: Double = 1

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        guard scale > 0 && scale <= 100 else { throw ValidationError("--scale must be in (0, 100], got \(scale)") }
    }

    func run() throws {
        let outcomes = try ValidationSuite.standard(scale: scale).run(jobs: jobs)
        let tcp = TCPValidationCase.run(TCPValidationCase.standard, jobs: jobs)
        print(VerifyReport.report(outcomes, tcp: tcp, version: HybridSim.version).render(format), terminator: "")
        if outcomes.contains(where: { !$0.passed }) || tcp.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
