import Experiments
import Foundation
import HybridCloud
import Reports
import SimKernel

/// The answer of an outage study: one row per flow and option.
enum OutageReport {
    static func make(_ rows: [OutageStudy.Row], event: FailureEvent, identity: [Report.Field]) -> Report {
        let ordered = rows.sorted { ($0.flow, $0.option.rawValue) < ($1.flow, $1.option.rawValue) }
        let level = rows.first.map { SimTimeFormat.number($0.outage.level * 100) } ?? "95"
        func ci(_ c: ConfidenceInterval) -> Report.Cell {
            c.mean.isFinite ? .interval(mean: c.mean, low: c.low, high: c.high, decimals: 3) : .empty
        }
        let table = Report.Table(
            title: "\(event.name) at \(event.start); ± is the \(level) % interval over replications",
            keys: [Report.Field("event", event.name), Report.Field("start_s", SimTimeFormat.number(event.start.seconds))],
            columns: [Report.Column("flow", "flow", rightAligned: false), Report.Column("option", "option", rightAligned: false),
                      Report.Column("affected", "affected"), Report.Column("packets_lost", "packets lost"),
                      Report.Column("failed_tx", "failed tx"), Report.Column("outage_s", "outage s", interval: true),
                      Report.Column("recovery_s", "recovery s", interval: true)],
            rows: ordered.map { r -> [Report.Cell] in
                [.text(r.flow), .text(r.option.rawValue), .text("\(r.affectedIn)/\(r.replications)"),
                 .number(r.packetsLost.mean, decimals: 3), .number(r.failedTransactions.mean, decimals: 3), ci(r.outage),
                 r.recovery.map(ci) ?? .text("not recovered")]
            })
        return Report(command: "outage", identity: identity, tables: [table])
    }
}
