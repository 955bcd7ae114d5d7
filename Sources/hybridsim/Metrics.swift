import ArgumentParser
import Experiments
import Reports

/// `hybridsim metrics`: the per-flow metrics, as declared once in `FlowMetric`.
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the per-flow metrics: flows.csv column, unit, aggregation, meaning.",
        discussion: """
            The one declaration the CSV columns, summary.csv, compare, capacity --until, \
            docs/metrics.md and the notebooks' loader (results/metrics.csv) are made from. \
            markdown: the table docs/metrics.md carries. Exit status: 0.

            Examples:
              hybridsim metrics
              hybridsim metrics --format csv
              hybridsim metrics --format markdown
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, markdown }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    func run() {
        switch format {
        case .table: print(FlowMetric.report.render(.table), terminator: "")
        case .csv: print(FlowMetric.report.render(.csv), terminator: "")
        case .json: print(FlowMetric.report.render(.json), terminator: "")
        case .markdown: print(FlowMetric.markdown, terminator: "")
        }
    }
}
