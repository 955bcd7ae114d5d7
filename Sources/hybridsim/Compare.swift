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
            throughput and goodput).

            Examples:
              hybridsim compare scenarios/default.yaml --options common-vlan,strongswan-vpn
              hybridsim compare scenarios/default.yaml --options bgp-peering,static-nat,strongswan-vpn --set experiment.replications=10
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
        let overrides = runOptions.overrides + ["options=[\(chosen.map(\.rawValue).joined(separator: ", "))]"]
        let runner = try StudyRunner(file: scenario, overrides: overrides, jobs: runOptions.jobs)
        guard runner.points.count == 1 else { throw ValidationError("compare runs one point: remove the sweep: section or use --set to fix it") }
        let outcome = try runner.run(out: runOptions.out)
        for w in outcome.warnings { FileHandle.standardError.write("hybridsim: warning: \(w)\n".data(using: .utf8)!) }
        let comparison = try Comparison(flows: outcome.flows, options: chosen, level: runner.base.confidence)
        let rows = comparison.rows.map { r in
            [r.flow, r.metric, String(format: "%.4f", r.referenceMean), r.other.rawValue, String(format: "%.4f", r.otherMean),
             String(format: "%+.4f [%+.4f, %+.4f]", r.difference.mean, r.difference.low, r.difference.high),
             r.better.map { "\($0.rawValue) better" } ?? "no significant difference"]
        }
        print("compare: \(runner.base.name), reference \(chosen[0].rawValue), \(runner.base.replications) paired replications, \(Int(runner.base.confidence * 100))% intervals")
        print(TextTable.render(header: ["flow", "metric", chosen[0].rawValue, "option", "its mean", "difference (CI)", "verdict"],
                               rows: rows, rightAligned: [2, 4]), terminator: "")
    }
}
