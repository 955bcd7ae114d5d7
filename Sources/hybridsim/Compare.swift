import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import Reports

/// `hybridsim compare`: integration options side by side under common random numbers.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare integration options under common random numbers (paired differences).",
        discussion: """
            Runs the scenario for the given options (replication r of every option draws the \
            same random numbers) and reports, per flow and metric, the mean of each option, the \
            paired difference (second minus first) with its confidence interval, and which \
            option is better where the interval excludes zero (lower is better, except for \
            throughput and goodput). First, per flow, the options as rows, best first, as `run` \
            prints them. Exit status: 0 when the runs finished, 1 for a scenario or simulation \
            error, 2 for a usage error.

            Examples:
              hybridsim compare scenarios/default.yaml --options common-vlan,strongswan-vpn
              hybridsim compare scenarios/default.yaml --options bgp-peering,static-nat,strongswan-vpn --set experiment.replications=10
              hybridsim compare scenarios/default.yaml --options common-vlan,bgp-peering --format csv --quiet
            """)

    @Argument(help: "Scenario file (YAML).")
    var scenario: String

    @Option(help: "Options to compare, comma separated; the first is the reference.")
    var options: String

    @OptionGroup var runOptions: RunOptions

    func parsedOptions() throws -> [IntegrationOption] {
        let names = options.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try names.map { n in
            guard let o = IntegrationOption(rawValue: n) else {
                throw ValidationError("unknown option '\(n)'; one of: \(IntegrationOption.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return o
        }
    }

    func validate() throws {
        let o = try parsedOptions()
        guard o.count >= 2, Set(o).count == o.count else { throw ValidationError("--options needs at least two different options, e.g. common-vlan,strongswan-vpn") }
    }

    mutating func run() throws {
        let chosen = try parsedOptions()
        let overrides = try runOptions.settings() + ["options=[\(chosen.map(\.rawValue).joined(separator: ", "))]"]
        var runner = try StudyRunner(file: scenario, overrides: overrides, jobs: runOptions.jobs)
        guard runner.points.count == 1 else { throw ValidationError("compare runs one point: remove the sweep: section or use --set to fix it") }
        let output = runOptions.output
        runner.log = { output.note($0) }
        runner.replicationProgress = output.progress(unit: "replications")
        let outcome = try runner.run(out: runOptions.out)
        let comparison = try Comparison(flows: outcome.flows, options: chosen, level: runner.base.confidence)
        var report = RunReport.make(runner, outcome, command: "compare")
        report.tables.append(Report.Table(
            title: "every metric against the reference \(chosen[0].rawValue) (other minus reference, paired by replication)",
            columns: [Report.Column("flow", "flow", rightAligned: false), Report.Column("metric", "metric", rightAligned: false),
                      Report.Column("reference_mean", chosen[0].rawValue), Report.Column("option", "option", rightAligned: false),
                      Report.Column("option_mean", "its mean"), Report.Column("difference", "difference", interval: true),
                      Report.Column("verdict", "verdict", rightAligned: false)],
            rows: comparison.rows.map { r in
                [.text(r.flow), .text(r.metric), .number(r.referenceMean, decimals: 4), .text(r.other.rawValue), .number(r.otherMean, decimals: 4),
                 .interval(mean: r.difference.mean, low: r.difference.low, high: r.difference.high, decimals: 4),
                 .text(r.better.map { "\($0.rawValue) better" } ?? "no significant difference")]
            }))
        output.emit(report)
    }
}
