import Foundation
import NetModel
import Reports
import SimKernel

/// The columns of the output files (docs/outputs.md).
struct StudyColumns: Sendable {
    let params: [String]
    init(paths: [String]) { params = paths.map { "param.\($0)" } }

    var flowHeader: [String] { ["scenario", "point", "option", "flow", "replication", "seed"] + params + FlowRow.names }
    var summaryHeader: [String] { ["scenario", "point", "option", "flow"] + params + ["metric", "unit", "n", "mean", "ci_low", "ci_high", "confidence"] }
    var componentHeader: [String] { ["scenario", "point", "option", "replication"] + params + ["component", "kind", "utilisation", "mean_queue", "max_queue", "drops"] }
    var timelineHeader: [String] { ["scenario", "point", "option", "flow", "replication"] + params + ["t_s", "deliveries", "transactions"] }
}

/// The metrics of one flow in one replication.
struct FlowRow {
    let fields: [String]
    let summaryMetrics: [(String, Double)]

    static let names = ["sent", "delivered", "dropped", "in_flight", "latency_mean_us", "latency_p50_us", "latency_p99_us",
                        "latency_p999_us", "jitter_us", "goodput_mbps", "wire_mbps"]
        + DropReason.allCases.map { "drop_\($0)" }
        + ["fragments", "transactions", "transactions_per_s", "transaction_mean_ms", "transaction_p99_ms", "failed_transactions"]

    static let summaryMetricNames: [(String, String)] = [
        ("latency_mean_us", "us"), ("latency_p99_us", "us"), ("goodput_mbps", "Mbit/s"), ("transactions_per_s", "1/s"),
        ("transaction_mean_ms", "ms"), ("transaction_p99_ms", "ms"), ("dropped", "packets"), ("failed_transactions", "transactions"),
    ]

    init(result r: NetworkResult, flow i: Int) {
        let f = r.flows[i]
        let w = r.window
        let txRate = Double(f.transactions.count) / w
        let values: [String: Double] = [
            "latency_mean_us": f.latency.tally.mean / 1e6, "latency_p99_us": f.latency.percentile(99).microseconds,
            "goodput_mbps": r.goodputBitsPerSecond(i) / 1e6, "transactions_per_s": txRate,
            "transaction_mean_ms": f.transactions.tally.mean / 1e9, "transaction_p99_ms": f.transactions.percentile(99).milliseconds,
            "dropped": Double(f.dropped), "failed_transactions": Double(f.failedTransactions),
        ]
        fields = ["\(f.sent)", "\(f.delivered)", "\(f.dropped)", "\(f.inFlight)", fmt(f.latency.tally.mean / 1e6),
                  fmt(f.latency.percentile(50).microseconds), fmt(f.latency.percentile(99).microseconds),
                  fmt(f.latency.percentile(99.9).microseconds), fmt(f.jitterPicoseconds / 1e6),
                  fmt(r.goodputBitsPerSecond(i) / 1e6), fmt(r.wireBitsPerSecond(i) / 1e6)]
            + DropReason.allCases.map { "\(f.drops[$0])" }
            + ["\(f.fragments)", "\(f.transactions.count)", fmt(txRate), fmt(f.transactions.tally.mean / 1e9),
               fmt(f.transactions.percentile(99).milliseconds), "\(f.failedTransactions)"]
        summaryMetrics = FlowRow.summaryMetricNames.map { ($0.0, values[$0.0]!) }
    }
}

/// The rows of one finished sweep point, kept in `OUT/.points/N/` so that `--resume` skips it.
enum PointFiles {
    static func save(_ dir: String, _ rows: StudyRunner.PointRows, _ c: StudyColumns) throws {
        var f = CSVTable(header: c.flowHeader), s = CSVTable(header: c.summaryHeader), k = CSVTable(header: c.componentHeader)
        var t = CSVTable(header: c.timelineHeader)
        f.append(contentsOf: rows.flows)
        s.append(contentsOf: rows.summary)
        k.append(contentsOf: rows.components)
        t.append(contentsOf: rows.timeline)
        try AtomicFile.write(t.text, to: "\(dir)/timeline.csv")
        try AtomicFile.write(f.text, to: "\(dir)/flows.csv")
        try AtomicFile.write(s.text, to: "\(dir)/summary.csv")
        try AtomicFile.write(k.text, to: "\(dir)/components.csv")
        // Written last: its presence means the point is complete.
        try AtomicFile.write(rows.converged ? "converged\n" : "not converged\n", to: "\(dir)/complete")
    }

    static func load(_ dir: String, _ c: StudyColumns) throws -> StudyRunner.PointRows? {
        guard FileManager.default.fileExists(atPath: "\(dir)/complete") else { return nil }
        func rows(_ name: String, _ header: [String]) throws -> [[String]] {
            let text = try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)
            let all = CSVTable.parse(text)
            guard all.first == header else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(dir)/\(name): columns differ from this sweep's; delete the folder or run without --resume"]) }
            return Array(all.dropFirst())
        }
        let status = (try? String(contentsOfFile: "\(dir)/complete", encoding: .utf8)) ?? ""
        return StudyRunner.PointRows(flows: try rows("flows.csv", c.flowHeader), summary: try rows("summary.csv", c.summaryHeader),
                                     components: try rows("components.csv", c.componentHeader),
                                     timeline: try rows("timeline.csv", c.timelineHeader), events: 0,
                                     converged: status.hasPrefix("converged"))
    }
}
