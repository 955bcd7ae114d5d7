import Foundation
import Reports

/// The validation outcomes as a `Report` (terminal table, CSV or JSON). Times in milliseconds.
public enum VerifyReport {
    public static let columns: [Report.Column] = [
        Report.Column("case", "case", rightAligned: false), Report.Column("metric", "metric", rightAligned: false),
        Report.Column("analytic_ms", "analytic (ms)"), Report.Column("simulated_ms", "simulated (ms) ± CI", interval: true),
        Report.Column("confidence", "level"), Report.Column("relative_error", "rel. error"), Report.Column("tolerance", "tolerance"),
        Report.Column("replications", "n"), Report.Column("result", "result", rightAligned: false),
    ]

    /// The CSV header: `columns` with the interval as three fields, after `hybridsim_version`.
    public static var csvHeader: String {
        (["hybridsim_version"] + columns.flatMap { $0.interval ? [$0.key, $0.key + "_low", $0.key + "_high"] : [$0.key] }).joined(separator: ",")
    }

    public static func report(_ outcomes: [ValidationOutcome], version: String) -> Report {
        let rows = outcomes.map { o -> [Report.Cell] in
            [.text(o.name), .text(o.metric.label), .number(o.analytic * 1000, decimals: 4),
             .interval(mean: o.interval.mean * 1000, low: o.interval.low * 1000, high: o.interval.high * 1000, decimals: 4),
             .text(SimTimeFormat.number(o.interval.level)), .number(o.relativeError, decimals: 6), .text(SimTimeFormat.number(o.tolerance)),
             .number(Double(o.interval.count), decimals: 0), .text(o.passed ? "pass" : "FAIL: " + o.failure)]
        }
        let passed = outcomes.filter(\.passed).count
        return Report(command: "verify", identity: [Report.Field("hybridsim_version", version)],
                      tables: [Report.Table(title: "", columns: columns, rows: rows)],
                      footer: ["verify: \(passed) passed, \(outcomes.count - passed) failed"])
    }
}
