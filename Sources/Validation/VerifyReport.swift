import Foundation
import Reports

/// Renders validation outcomes as an aligned terminal table or as CSV.
/// Times are shown in milliseconds.
public enum VerifyReport {
    public static let csvHeader =
        "case,metric,unit,analytic,simulated_mean,ci_low,ci_high,confidence,relative_error,tolerance,replications,pass"

    public static func csv(_ outcomes: [ValidationOutcome]) -> String {
        var lines = [csvHeader]
        for o in outcomes {
            let fields: [String] = [
                o.name, o.metric.label, "ms", ms(o.analytic), ms(o.interval.mean), ms(o.interval.low),
                ms(o.interval.high), SimTimeFormat.number(o.interval.level), String(format: "%.6f", o.relativeError),
                SimTimeFormat.number(o.tolerance), String(o.interval.count), o.passed ? "true" : "false",
            ]
            lines.append(fields.map(CSVTable.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func table(_ outcomes: [ValidationOutcome]) -> String {
        let header = ["case", "metric", "analytic (ms)", "simulated (ms)", "99% CI (ms)", "rel. error", "result"]
        var rows = [header]
        for o in outcomes {
            rows.append([
                o.name, o.metric.label, ms(o.analytic), ms(o.interval.mean),
                "[\(ms(o.interval.low)), \(ms(o.interval.high))]",
                SimTimeFormat.percent(o.relativeError) + " (< " + SimTimeFormat.percent(o.tolerance) + ")",
                o.passed ? "pass" : "FAIL: " + o.failure,
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for (i, row) in rows.enumerated() {
            out += row.indices.map { c in row[c].padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let passed = outcomes.filter(\.passed).count
        out += "verify: \(passed) passed, \(outcomes.count - passed) failed\n"
        return out
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.4f", seconds * 1000) }
}
