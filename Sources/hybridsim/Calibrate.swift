import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import Reports

/// `hybridsim calibrate`: fits device parameters to measurements of the user's estate, or
/// checks the models against measurements (`--check`, as `make calibration-check` does).
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit device parameters to measurements of your estate, or check the models against measurements.",
        discussion: """
            MEASUREMENTS is a YAML file (docs/calibration.md): the estate (scenario:), the \
            measurements (TCP throughput of one or N streams, ping RTT, transaction time at a \
            load; each between two endpoints under one option, with its uncertainty and the \
            scenario settings of its conditions) and the device parameters that may change (fit:, \
            with ranges). Each trial simulates every measurement with the same seeds (common \
            random numbers); one parameter and one measurement are solved by bisection, more by \
            GSL's Nelder-Mead simplex on χ². Prints the parameters and every measurement before \
            and after; --write FILE writes the fitted devices: section, which run, sweep, compare \
            and the other commands take with --overrides FILE. With --check, nothing is fitted: \
            each measurement is simulated with the current parameters and the ratio simulated / \
            measured must stay within the file's check-band (default 10 %). Exit status: 0 when \
            every measurement is reached (or within the band), 1 when one is not (it is named) or \
            for a file or simulation error, 2 for a usage error.

            Examples:
              hybridsim calibrate scenarios/measurements-example.yaml --write fitted.yaml
              hybridsim calibrate scenarios/calibration/published.yaml --check
              hybridsim calibrate scenarios/calibration/published.yaml --check --format markdown
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, markdown }

    @Argument(help: "Measurements file (YAML).")
    var measurements: String

    @Option(help: "Scenario of the estate (replaces the file's scenario:).")
    var scenario: String?

    @Flag(help: "Check the current parameters against the measurements instead of fitting.")
    var check = false

    @Option(help: "Write the fitted devices: section to this file (atomically), for --overrides.")
    var write: String?

    @Option(help: "Simulations run in parallel (default: number of cores). Results do not depend on it.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output format: table, csv, json, or markdown (--check only: the table of docs/assumptions.md).")
    var format: Format = .table

    @Flag(help: "No progress on stderr (warnings and errors are still printed).")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 && jobs <= 1024 else { throw ValidationError("--jobs must be 1...1024, got \(jobs)") }
        if check && write != nil { throw ValidationError("--write writes a fit; --check fits nothing") }
        if format == .markdown && !check { throw ValidationError("--format markdown is the table of --check") }
    }

    func run() throws {
        let plan = try CalibrationPlan.load(path: measurements, scenario: scenario)
        var calibration = try Calibration(plan: plan, jobs: jobs)
        let quiet = self.quiet
        calibration.log = { line in if !quiet { Console.error("hybridsim: \(line)") } }
        if check {
            let estimates = try calibration.simulate([:])
            if format == .markdown {
                print(CalibrationReport.markdown(calibration, estimates), terminator: "")
            } else {
                emit(CalibrationReport.check(calibration, estimates))
            }
            let out = CalibrationReport.outOfBand(calibration, estimates)
            if !out.isEmpty {
                if format == .markdown { for line in out { Console.error("hybridsim: warning: \(line)") } }
                throw ExitCode(1)
            }
            return
        }
        let fit = try calibration.fit()
        let report = CalibrationReport.fit(calibration, fit)
        if let write {
            let header = "Device parameters fitted by hybridsim calibrate \(measurements) (\(fit.method), \(fit.trials) trials).\n"
                + "Use: hybridsim run SCENARIO --overrides \(write)"
            try AtomicFile.write(Calibration.overridesText(fit.values, header: header), to: write)
        }
        emit(report)
        if let write, !quiet { Console.error("hybridsim: wrote \(write)") }
        if !report.warnings.isEmpty { throw ExitCode(1) }
    }

    func emit(_ report: Report) {
        for w in report.warnings { Console.error("hybridsim: warning: \(w)") }
        let f = Report.Format(rawValue: format.rawValue) ?? .table
        print(report.render(f), terminator: "")
    }
}
