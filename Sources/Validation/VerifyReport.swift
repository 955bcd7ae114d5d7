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

    /// The TCP table's columns: goodput in Mbit/s.
    public static let tcpColumns: [Report.Column] = [
        Report.Column("case", "case", rightAligned: false), Report.Column("bound", "closed form", rightAligned: false),
        Report.Column("analytic_mbps", "analytic (Mb/s)"), Report.Column("simulated_mbps", "simulated (Mb/s) ± CI", interval: true),
        Report.Column("relative_error", "rel. error"), Report.Column("tolerance", "tolerance"),
        Report.Column("replications", "n"), Report.Column("result", "result", rightAligned: false),
    ]

    public static func report(_ outcomes: [ValidationOutcome], tcp: [TCPValidationOutcome] = [], version: String) -> Report {
        let rows = outcomes.map { o -> [Report.Cell] in
            [.text(o.name), .text(o.metric.label), .number(o.analytic * 1000, decimals: 4),
             .interval(mean: o.interval.mean * 1000, low: o.interval.low * 1000, high: o.interval.high * 1000, decimals: 4),
             .text(SimTimeFormat.number(o.interval.level)), .number(o.relativeError, decimals: 6), .text(SimTimeFormat.number(o.tolerance)),
             .number(Double(o.interval.count), decimals: 0), .text(o.passed ? "pass" : "FAIL: " + o.failure)]
        }
        var tables = [Report.Table(title: "", columns: columns, rows: rows)]
        if !tcp.isEmpty {
            tables.append(Report.Table(title: "TCP bulk transfer on a two-link path: goodput against its closed form", columns: tcpColumns, rows: tcp.map { o in
                [.text(o.name), .text(o.bound), .number(o.analytic / 1e6, decimals: 3),
                 .interval(mean: o.interval.mean / 1e6, low: o.interval.low / 1e6, high: o.interval.high / 1e6, decimals: 3),
                 .number(o.relativeError, decimals: 6), .text(o.banded ? "band" : SimTimeFormat.number(o.tolerance)),
                 .number(Double(o.interval.count), decimals: 0), .text(o.passed ? "pass" : "FAIL: " + o.failure)]
            }))
        }
        let passed = outcomes.filter(\.passed).count + tcp.filter(\.passed).count
        let total = outcomes.count + tcp.count
        return Report(command: "verify", identity: [Report.Field("hybridsim_version", version)],
                      tables: tables, footer: ["verify: \(passed) passed, \(total - passed) failed"])
    }
}
