import Foundation
import NetModel
import Reports
import SimKernel

/// The columns of the output files (docs/outputs.md).
struct StudyColumns: Sendable {
    let params: [String]
    init(paths: [String]) { params = paths.map { "param.\($0)" } }

    var flowHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "flow", "replication", "seed"] + params + FlowRow.names }
    var summaryHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "flow"] + params + ["metric", "unit", "n", "mean", "ci_low", "ci_high", "confidence"] }
    var componentHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "replication"] + params + ["component", "kind", "utilisation", "mean_queue", "max_queue", "drops"] }
    var timelineHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "flow", "replication"] + params + ["t_s", "deliveries", "transactions"] }
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
/// `OUT/.points/scenario.json` holds the identity of the scenario the points belong to; each
/// point's `complete` marker, written last, holds that identity and the row count of each file,
/// so a point whose files were cut short is computed again.
enum PointFiles {
    static let files = ["flows.csv", "summary.csv", "components.csv", "timeline.csv"]

    /// Without `resume`, clears earlier points; with it, refuses points of another scenario.
    static func prepare(_ dir: String, _ identity: ScenarioIdentity, resume: Bool) throws {
        let fm = FileManager.default
        let marker = "\(dir)/scenario.json"
        if resume, fm.fileExists(atPath: dir) {
            let earlier = fm.contents(atPath: marker).flatMap { try? JSONSerialization.jsonObject(with: $0) }
            guard let earlier = ScenarioIdentity(json: earlier) else {
                throw ScenarioError(file: marker, line: nil, path: "", lineMissingMeansOverride: false,
                                    message: "the finished points carry no scenario identity; run without --resume")
            }
            if earlier != identity {
                throw ScenarioError(file: marker, line: nil, path: "", lineMissingMeansOverride: false,
                                    message: "the finished points belong to another scenario (\(identity.difference(from: earlier))); "
                                        + "run without --resume, or with the same scenario and options")
            }
            return
        }
        try? fm.removeItem(atPath: dir)
        try AtomicFile.write(try JSONText.encode(identity.json), to: marker)
    }

    static func save(_ dir: String, _ rows: StudyRunner.PointRows, _ c: StudyColumns, _ identity: ScenarioIdentity) throws {
        let tables = [(c.flowHeader, rows.flows), (c.summaryHeader, rows.summary), (c.componentHeader, rows.components),
                      (c.timelineHeader, rows.timeline)]
        for (name, (header, body)) in zip(files, tables) {
            var t = CSVTable(header: header)
            t.append(contentsOf: body)
            try AtomicFile.write(t.text, to: "\(dir)/\(name)")
        }
        // Written last: its presence means the point is complete.
        let counts = tables.map { "\($0.1.count)" }.joined(separator: " ")
        try AtomicFile.write("\(rows.converged ? "converged" : "not converged")\n\(identity.digest)\n\(counts)\n", to: "\(dir)/complete")
    }

    /// The point's rows, or nil when it is not complete, belongs to another scenario, or its
    /// files do not hold the rows its marker counts (it is then computed again).
    static func load(_ dir: String, _ c: StudyColumns, _ identity: ScenarioIdentity) -> StudyRunner.PointRows? {
        guard let marker = try? String(contentsOfFile: "\(dir)/complete", encoding: .utf8) else { return nil }
        let lines = marker.split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[1] == identity.digest else { return nil }
        let counts = lines[2].split(separator: " ").compactMap { Int($0) }
        let headers = [c.flowHeader, c.summaryHeader, c.componentHeader, c.timelineHeader]
        var tables: [[[String]]] = []
        for (i, name) in files.enumerated() {
            guard counts.count == files.count, let text = try? String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8),
                  text.hasSuffix("\n") else { return nil }
            let all = CSVTable.parse(text)
            guard all.first == headers[i], all.count - 1 == counts[i],
                  all.dropFirst().allSatisfy({ $0.count == headers[i].count }) else { return nil }
            tables.append(Array(all.dropFirst()))
        }
        return StudyRunner.PointRows(flows: tables[0], summary: tables[1], components: tables[2], timeline: tables[3],
                                     events: 0, converged: lines[0] == "converged")
    }
}
