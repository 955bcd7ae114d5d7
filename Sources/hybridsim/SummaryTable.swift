import Experiments
import Foundation
import HybridCloud
import Reports

/// The terminal summary of a run: per point, flow and option.
enum SummaryTable {
    static func render(_ o: StudyRunner.Outcome) -> String {
        let h = o.summary.header
        func col(_ name: String) -> Int { h.firstIndex(of: name)! }
        let (point, option, flow, metric, mean, low, high) = (col("point"), col("option"), col("flow"), col("metric"), col("mean"), col("ci_low"), col("ci_high"))
        var values: [String: [String: (Double, Double, Double)]] = [:]
        var order: [String] = []
        for r in o.summary.rows {
            let key = "\(r[point])|\(r[flow])|\(r[option])"
            if values[key] == nil { order.append(key) }
            values[key, default: [:]][r[metric]] = (Double(r[mean]) ?? .nan, Double(r[low]) ?? .nan, Double(r[high]) ?? .nan)
        }
        var out = ""
        var lastGroup = ""
        var rows: [[String]] = []
        func flush() {
            if !rows.isEmpty {
                out += TextTable.render(header: ["option", "tx/s", "tx time ms (CI)", "tx p99 ms", "pkt latency us", "goodput Mb/s", "drops", "failed tx"],
                                        rows: rows, rightAligned: [1, 2, 3, 4, 5, 6, 7])
                rows = []
            }
        }
        for key in order {
            let parts = key.split(separator: "|").map(String.init)
            let group = "point \(parts[0]): \(parts[1])"
            if group != lastGroup { flush(); out += "\n\(group)\n"; lastGroup = group }
            let v = values[key]!
            func m(_ n: String) -> (Double, Double, Double) { v[n] ?? (.nan, .nan, .nan) }
            let tx = m("transaction_mean_ms")
            rows.append([parts[2], String(format: "%.1f", m("transactions_per_s").0),
                         String(format: "%.3f ± %.3f", tx.0, (tx.2 - tx.1) / 2), String(format: "%.2f", m("transaction_p99_ms").0),
                         String(format: "%.1f", m("latency_mean_us").0), String(format: "%.2f", m("goodput_mbps").0),
                         String(format: "%.0f", m("dropped").0), String(format: "%.0f", m("failed_transactions").0)])
        }
        flush()
        // Busiest component per point and option (mean utilisation over replications).
        let c = o.components
        let (cp, co, cc, cu) = (c.header.firstIndex(of: "point")!, c.header.firstIndex(of: "option")!, c.header.firstIndex(of: "component")!, c.header.firstIndex(of: "utilisation")!)
        var util: [String: [String: (Double, Int)]] = [:]
        var keys: [String] = []
        for r in c.rows {
            let k = "point \(r[cp]), \(r[co])"
            if util[k] == nil { keys.append(k) }
            let u = Double(r[cu]) ?? 0
            let prev = util[k, default: [:]][r[cc]] ?? (0, 0)
            util[k, default: [:]][r[cc]] = (prev.0 + u, prev.1 + 1)
        }
        if !keys.isEmpty { out += "\nbusiest component:\n" }
        for k in keys {
            if let best = util[k]!.max(by: { $0.value.0 / Double($0.value.1) < $1.value.0 / Double($1.value.1) || ($0.value.0 / Double($0.value.1) == $1.value.0 / Double($1.value.1) && $0.key > $1.key) }) {
                out += String(format: "  %@: %@ %.1f%%\n", k, best.key, best.value.0 / Double(best.value.1) * 100)
            }
        }
        return out
    }
}
