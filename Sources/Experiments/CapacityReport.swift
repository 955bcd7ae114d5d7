import Foundation
import Reports

/// What `hybridsim capacity` prints: one row per option and point of the rest of the sweep.
public enum CapacityReport {
    /// `probes`: add a table of every probe (value, metric with its interval, busiest component).
    public static func make(_ f: CapacityFinder, _ answers: [CapacityFinder.Answer], wallSeconds: Double, probes: Bool = false) -> Report {
        let level = SimTimeFormat.number(f.base.base.confidence * 100)
        var report = Report(command: "capacity", identity: RunReport.identity(f.base) + [Report.Field("vary", f.path),
                            Report.Field("until", f.condition.description), Report.Field("flow", f.flow)])
        report.header = ["hybridsim capacity: \(f.base.base.name), \(f.flow): where \(f.condition) as \(f.path) grows; "
                         + "\(f.base.base.replications) replications per probe, \(level) % intervals"]
        func value(_ x: Double?) -> Report.Cell { x.map { .number($0, decimals: $0 == $0.rounded() ? 0 : 1) } ?? .empty }
        let columns = [Report.Column("option", "option", rightAligned: false), Report.Column("point_label", "swept values", rightAligned: false),
                       Report.Column("status", "status", rightAligned: false), Report.Column("crossing", "crossing"),
                       Report.Column("surely_below", "surely below"), Report.Column("surely_past", "surely past"),
                       Report.Column("metric_below", "\(f.condition.metric.name) below", interval: true),
                       Report.Column("metric_past", "past", interval: true),
                       Report.Column("bends", "bends", rightAligned: false), Report.Column("probes", "probes")]
        let rows = answers.map { a -> [Report.Cell] in
            let pastProbes = a.probes.filter { f.condition.crossed($0.mean) }
            let below = a.probes.filter { !f.condition.crossed($0.mean) && $0.value <= (a.crossing ?? .infinity) }.max { $0.value < $1.value }
            let past = pastProbes.min { $0.value < $1.value }
            func m(_ p: CapacityFinder.Probe?) -> Report.Cell {
                guard let p else { return .empty }
                return p.metric.map { .interval(mean: $0.mean, low: $0.low, high: $0.high, decimals: 3) } ?? .number(p.mean, decimals: 3)
            }
            return [.text(a.option), .text(a.label), .text(a.status.rawValue), value(a.crossing),
                    value(a.surelyBelow), value(a.surelyPast), m(below), m(past),
                    a.bends.map { .text(String(format: "%@ %.0f%%", $0.name, $0.utilisation * 100)) } ?? .empty,
                    .number(Double(a.probes.count), decimals: 0)]
        }
        report.tables = [Report.Table(title: "", columns: columns, rows: rows,
                                      notes: ["  crossing: interpolated between the last probe below and the first past; surely below/past: "
                                              + "the nearest probes whose \(level) % interval lies wholly on that side (empty: none probed)"])]
        if probes {
            report.tables.append(Report.Table(
                title: "probes",
                columns: [Report.Column("option", "option", rightAligned: false), Report.Column("point_label", "swept values", rightAligned: false),
                          Report.Column("value", f.path), Report.Column("metric", f.condition.metric.name, interval: true),
                          Report.Column("past_limit", "past limit", rightAligned: false), Report.Column("busiest_on_path", "busiest on path", rightAligned: false)],
                rows: answers.flatMap { a in
                    a.probes.map { p -> [Report.Cell] in
                        [.text(a.option), .text(a.label), value(p.value),
                         p.metric.map { .interval(mean: $0.mean, low: $0.low, high: $0.high, decimals: 6) } ?? .number(p.mean, decimals: 6),
                         .text(f.condition.crossed(p.mean) ? "yes" : "no"),
                         p.busiest.map { .text(String(format: "%@ %.0f%%", $0.name, $0.utilisation * 100)) } ?? .empty]
                    }
                }))
        }
        report.footer = [String(format: "wall time %.1f s, %d probes", wallSeconds, answers.reduce(0) { $0 + $1.probes.count })]
        return report
    }
}
