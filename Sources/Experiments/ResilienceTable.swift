import Foundation
import HybridCloud
import Reports
import SimKernel

/// The outputs of a `ResilienceStudy`: the tidy CSV (one row per failure, option and flow),
/// the join of shards' CSVs, and the ranking table, which is always rendered from the CSV so
/// that merged shards give the unsharded table exactly.
public enum ResilienceTable {
    public static let columns = ["scenario_id", "failure_index", "failures_total", "part", "failure", "option", "flow", "applies",
                                 "affected", "packets_lost", "failed_tx", "outage_s", "recovery_s", "observed_s", "course_s", "derived"]

    static func seconds(_ t: SimTime) -> String { String(format: "%.3f", t.seconds) }

    /// The CSV of `rows` (`recovery_s` empty: not recovered within the observation; every
    /// figure empty when the option's network lacks the part).
    public static func csv(_ rows: [ResilienceStudy.Row], total: Int, flows: [String], identity: String) -> CSVTable {
        var t = CSVTable(header: columns)
        for r in rows {
            for (k, name) in flows.enumerated() {
                let head = [identity, "\(r.index)", "\(total)", r.failure.part.rawValue, r.failure.name, r.option.rawValue, name]
                guard let f = r.flows?[k] else {
                    t.append(head + ["false"] + Array(repeating: "", count: columns.count - head.count - 1))
                    continue
                }
                t.append(head + ["true", "\(f.affected)", "\(f.packetsLost)", "\(f.failedTransactions)", seconds(f.outage),
                                 f.recovery.map(seconds) ?? "", seconds(r.observed), seconds(r.course), "\(r.derived)"])
            }
        }
        return t
    }

    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Joins the CSVs of shards (`files`: name and text) into the unsharded CSV: same header,
    /// scenario and number of failures in every file, each failure in exactly one file.
    public static func merge(_ files: [(name: String, text: String)]) throws -> CSVTable {
        var rows: [(index: Int, order: Int, row: [String])] = []
        var owner: [Int: String] = [:], identity: (String, String)? = nil, total: Int? = nil
        for (name, text) in files {
            let parsed = CSVTable.parse(text)
            guard let header = parsed.first, header == columns else {
                throw MergeError(description: "\(name): not a resilience CSV (its header is not \(columns.joined(separator: ","))); give the CSVs that `hybridsim resilience --format csv` wrote")
            }
            var mine = Set<Int>()
            for (line, row) in parsed.dropFirst().enumerated() {
                guard row.count == columns.count, let i = Int(row[1]), let n = Int(row[2]), (0..<n).contains(i) else {
                    throw MergeError(description: "\(name): line \(line + 2) is not a complete resilience row; the file was cut or edited, run the shard again")
                }
                if let (id, first) = identity, id != row[0] {
                    throw MergeError(description: "\(name): scenario_id \(row[0]) differs from \(id) in \(first); merge shards of one scenario and one set of resilience settings")
                }
                identity = identity ?? (row[0], name)
                if let total, total != n { throw MergeError(description: "\(name): \(n) failures in all, \(total) in the other files; merge shards of one run") }
                total = n
                if let other = owner[i], other != name {
                    throw MergeError(description: "\(name): failure \(i) (\(row[4])) is also in \(other); give each shard once")
                }
                mine.insert(i)
                rows.append((i, rows.count, row))
            }
            for i in mine { owner[i] = name }
        }
        guard let total else { throw MergeError(description: "no rows in \(files.map(\.name).joined(separator: ", ")); give the shards' CSVs") }
        let missing = (0..<total).filter { owner[$0] == nil }
        if !missing.isEmpty {
            throw MergeError(description: "failures \(missing.prefix(10).map(String.init).joined(separator: ", "))\(missing.count > 10 ? ", …" : "") are in no file (\(missing.count) of \(total)); run and give the missing shards")
        }
        var t = CSVTable(header: columns)
        for r in rows.sorted(by: { ($0.index, $0.order) < ($1.index, $1.order) }) { t.append(r.row) }
        return t
    }

    /// What one failure did under one option.
    struct Impact {
        var flows = 0, transactions = 0, outage = 0.0, unrecovered = 0
        var applies = true, derived = false
        /// What the ranking compares.
        var severity: (Int, Int, Double) { (flows, transactions, outage) }
    }

    /// The failures ranked by impact: flows affected, then transactions lost, then the
    /// longest outage, each failure by its worst option (ties keep the analysis's order).
    public static func render(_ csv: CSVTable) -> String {
        var options: [String] = []
        for row in csv.rows where !options.contains(row[5]) { options.append(row[5]) }
        var failures: [Int: (part: String, name: String)] = [:]
        var impact: [Int: [String: Impact]] = [:]
        var observed: [Int: Double] = [:], course: [Int: Double] = [:]
        for row in csv.rows {
            guard let i = Int(row[1]) else { continue }
            failures[i] = (row[3], row[4])
            var m = impact[i, default: [:]][row[5], default: Impact()]
            if row[7] == "true" {
                if row[8] == "true" {
                    m.flows += 1
                    m.transactions += Int(row[10]) ?? 0
                    m.outage = max(m.outage, Double(row[11]) ?? 0)
                    if row[12].isEmpty { m.unrecovered += 1 }
                }
                observed[i] = max(observed[i] ?? 0, Double(row[13]) ?? 0)
                course[i] = max(course[i] ?? 0, Double(row[14]) ?? 0)
                if row[15] == "true" { m.derived = true }
            } else {
                m.applies = false
            }
            impact[i, default: [:]][row[5]] = m
        }
        let worst = { (i: Int) in options.compactMap { impact[i]?[$0]?.severity }.max { $0 < $1 } ?? (0, 0, 0) }
        let ranked = failures.keys.sorted { a, b in
            let (x, y) = (worst(a), worst(b))
            return x != y ? x > y : a < b
        }
        let body = ranked.enumerated().map { rank, i -> [String] in
            let cells = options.map { o -> String in
                guard let m = impact[i]?[o] else { return "" }
                if !m.applies { return "n/a" }
                if m.flows == 0 { return m.derived ? "idle" : "-" }
                let out = String(format: "%.1f s", m.outage)
                return "\(m.flows) · \(m.transactions) tx · \(m.unrecovered > 0 ? "≥" : "")\(out)"
            }
            let seen = (course[i] ?? 0) > (observed[i] ?? 0) + 1e-9 ? String(format: "%.0f of %.0f s", observed[i] ?? 0, course[i] ?? 0)
                                                               : String(format: "%.0f s", observed[i] ?? 0)
            return ["\(rank + 1)", failures[i]!.name, failures[i]!.part] + cells + [seen]
        }
        let header = ["rank", "failure", "part"] + options + ["observed"]
        let legend = """
            Each cell: flows affected · transactions lost · longest outage (≥: not recovered
            within the observation); - no flow affected; idle: no packet crosses the link (figures
            from the failure-free run); n/a: the option's network lacks the part. Observed: the
            time followed after the failure, "of" its whole course when the window cut it.

            """
        return TextTable.render(header: header, rows: body, rightAligned: []) + "\n" + legend
    }
}
