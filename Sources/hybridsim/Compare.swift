import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import Reports
import SimKernel

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
        let f = outcome.flows
        let h = f.header
        let (optionColumn, flowColumn) = (h.firstIndex(of: "option")!, h.firstIndex(of: "flow")!)
        let metrics = ["transaction_mean_ms", "transaction_p99_ms", "latency_mean_us", "goodput_mbps", "transactions_per_s"]
        let higherIsBetter: Set<String> = ["goodput_mbps", "transactions_per_s"]
        var rows: [[String]] = []
        for (flow, _) in runner.base.flows {
            for metric in metrics {
                let c = h.firstIndex(of: metric)!
                func values(_ o: IntegrationOption) -> [Double] {
                    f.rows.filter { $0[optionColumn] == o.rawValue && $0[flowColumn] == flow.rawValue }.map { Double($0[c]) ?? .nan }
                }
                let reference = values(chosen[0])
                for other in chosen.dropFirst() {
                    let v = values(other)
                    guard let d = try? PairedDifference(first: v, second: reference, level: runner.base.confidence) else { continue }
                    var verdict = "no significant difference"
                    if d.verdict != .noSignificantDifference {
                        let otherLower = d.verdict == .firstSmaller
                        let otherBetter = higherIsBetter.contains(metric) ? !otherLower : otherLower
                        verdict = "\(otherBetter ? other.rawValue : chosen[0].rawValue) better"
                    }
                    let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(max(xs.count, 1)) }
                    rows.append([flow.rawValue, metric, String(format: "%.4f", mean(reference)), other.rawValue,
                                 String(format: "%.4f", mean(v)),
                                 String(format: "%+.4f [%+.4f, %+.4f]", d.interval.mean, d.interval.low, d.interval.high), verdict])
                }
            }
        }
        print("compare: \(runner.base.name), reference \(chosen[0].rawValue), \(runner.base.replications) paired replications, \(Int(runner.base.confidence * 100))% intervals")
        print(TextTable.render(header: ["flow", "metric", chosen[0].rawValue, "option", "its mean", "difference (CI)", "verdict"],
                               rows: rows, rightAligned: [2, 4]), terminator: "")
    }
}
