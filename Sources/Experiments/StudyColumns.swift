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
    var componentHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "replication"] + params + ["component", "kind", "utilisation", "busiest_core", "mean_queue", "max_queue", "drops"] }
    var timelineHeader: [String] { ["scenario", "scenario_id", "point", "point_label", "option", "flow", "replication"] + params + ["t_s", "deliveries", "transactions"] }
}

/// The metrics of one flow in one replication (`FlowMetric.all`).
struct FlowRow {
    let fields: [String]
    let summaryMetrics: [(String, Double)]

    static var names: [String] { FlowMetric.all.map(\.name) }

    /// (name, unit) of the metrics summary.csv aggregates.
    static var summaryMetricNames: [(String, String)] { FlowMetric.summarisedMetrics.map { ($0.name, $0.unit) } }

    init(result r: NetworkResult, flow i: Int) {
        fields = FlowMetric.all.map { $0.field(r, i) }
        summaryMetrics = FlowMetric.summarisedMetrics.map { ($0.name, $0.value(r, i)) }
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
