import Experiments
import Foundation
import HybridCloud
import Reports
import SimKernel

/// The table (or CSV) of an outage study: one row per flow and option.
enum OutageReport {
    enum Format { case table, csv }

    static let columns = ["flow", "option", "affected", "packets_lost", "failed_tx", "outage_s", "outage_ci_s", "recovery_s", "recovery_ci_s"]

    static func render(_ rows: [OutageStudy.Row], event: FailureEvent, format: Format) -> String {
        let ordered = rows.sorted { ($0.flow, $0.option.rawValue) < ($1.flow, $1.option.rawValue) }
        func num(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "" }
        let body = ordered.map { r -> [String] in
            [r.flow, r.option.rawValue, "\(r.affectedIn)/\(r.replications)", num(r.packetsLost.mean), num(r.failedTransactions.mean),
             num(r.outage.mean), num(r.outage.halfWidth),
             r.recovery.map { num($0.mean) } ?? "not recovered", r.recovery.map { num($0.halfWidth) } ?? ""]
        }
        switch format {
        case .csv:
            var t = CSVTable(header: columns)
            for row in body { t.append(row) }
            return t.text
        case .table:
            let level = rows.first.map { String(format: "%g", $0.outage.level * 100) } ?? "95"
            let header = ["flow", "option", "affected", "packets lost", "failed tx", "outage s", "± (\(level) %)", "recovery s", "±"]
            return "\(event.name) at \(event.start)\n" + TextTable.render(header: header, rows: body, rightAligned: [3, 4, 5, 6, 7, 8])
        }
    }
}
