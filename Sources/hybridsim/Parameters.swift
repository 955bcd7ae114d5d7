import ArgumentParser
import Experiments
import Reports

/// `hybridsim parameters`: the device parameters, as declared once in `DeviceParameter`.
struct Parameters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the device parameters: name, unit, default, meaning and source.",
        discussion: """
            Every cost and capacity of the device models that a scenario's devices: section, \
            --set devices.<group>.<name>=VALUE, an --overrides file or hybridsim calibrate may \
            change. markdown: the table docs/assumptions.md carries. Exit status: 0.

            Examples:
              hybridsim parameters
              hybridsim parameters --format markdown
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, markdown }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    func run() {
        switch format {
        case .table: print(ParameterTable.report.render(.table), terminator: "")
        case .csv: print(ParameterTable.report.render(.csv), terminator: "")
        case .json: print(ParameterTable.report.render(.json), terminator: "")
        case .markdown: print(ParameterTable.markdown, terminator: "")
        }
    }
}
