import Foundation
import HybridCloud
import Reports
import SimKernel

/// What `run`, `sweep` and `compare` print: the question the run answers, laid out per flow.
/// One point: per flow, the options as rows, the best marked, each option's paired difference
/// to the best (`OptionRanking`). A sweep: per flow, one row per point and option, labelled by
/// the swept values.
public enum RunReport {
    /// The identity every machine-readable output carries.
    public static func identity(_ runner: StudyRunner) -> [Report.Field] {
        [Report.Field("scenario", runner.base.name), Report.Field("scenario_id", runner.identity.short),
         Report.Field("seed", "\(runner.base.seed)"), Report.Field("replications", "\(runner.base.replications)"),
         Report.Field("confidence", SimTimeFormat.number(runner.base.confidence)),
         Report.Field("hybridsim_version", StudyRunner.version)]
    }

    /// The identity of a scenario a command reads without running a study (show, trace,
    /// validate, outage).
    public static func identity(_ s: Scenario, tree: ScenarioTree) -> [Report.Field] {
        [Report.Field("scenario", s.name), Report.Field("scenario_id", ScenarioIdentity(tree: tree, name: s.name, version: StudyRunner.version).short),
         Report.Field("seed", "\(s.seed)"), Report.Field("hybridsim_version", StudyRunner.version)]
    }

    public static func make(_ runner: StudyRunner, _ outcome: StudyRunner.Outcome, command: String) -> Report {
        let level = runner.base.confidence
        let bulk = Set(runner.base.flows.filter { $0.bulk != nil }.map(\.name) + (runner.base.topology?.sources ?? []).compactMap { s in
            if case .bulk = s.pattern { return s.name } else { return nil }
        })
        let rankings = OptionRanking.of(outcome, level: level, paths: runner.flowPaths(), throughputFlows: bulk)
        let percent = SimTimeFormat.number(level * 100)
        let unmet = runner.base.precision != nil && !outcome.converged ? "; precision target NOT met (replication cap reached)" : ""
        var report = Report(command: command, identity: identity(runner), warnings: outcome.warnings)
        report.header = ["hybridsim \(command): \(runner.base.name), \(runner.myPoints.count) point(s) × \(runner.base.alternatives.count) option(s) × "
                         + "\(runner.base.replications) replications, seed \(runner.base.seed); \(percent) % confidence intervals, "
                         + "differences paired by replication (common random numbers)\(unmet)"]
        report.tables = runner.points.count == 1 ? rankings.map(optionTable) : sweepTables(rankings)
        report.footer = [String(format: "wall time %.1f s, %d events", outcome.wallSeconds, outcome.events)]
        return report
    }

    /// The ranked metric's column: its CSV key and terminal heading.
    static func main(_ metric: String) -> Report.Column {
        switch metric {
        case "transaction_mean_ms": return Report.Column("transaction_mean_ms", "tx time ms", interval: true)
        case "goodput_mbps": return Report.Column("goodput_mean_mbps", "goodput Mb/s", interval: true)
        default: return Report.Column("latency_mean_ms", "pkt latency ms", interval: true)
        }
    }

    static func interval(_ c: ConfidenceInterval?, _ decimals: Int) -> Report.Cell {
        c.map { .interval(mean: $0.mean, low: $0.low, high: $0.high, decimals: decimals) } ?? .empty
    }

    static func busiest(_ r: OptionRanking.Row) -> Report.Cell {
        r.busiest.map { .text(String(format: "%@ %.0f%%", $0.name, $0.utilisation * 100)) } ?? .empty
    }

    /// One point: the options as rows, best first.
    static func optionTable(_ k: OptionRanking) -> Report.Table {
        let columns = [Report.Column("option", "option", rightAligned: false), Report.Column("verdict", "", rightAligned: false),
                       main(k.metric),
                       k.higherIsBetter ? Report.Column("vs_best_mbps", "vs best Mb/s", interval: true) : Report.Column("vs_best_ms", "vs best ms", interval: true),
                       Report.Column("vs_best_pct", "vs best %", interval: true),
                       Report.Column("p99_ms", "p99 ms"), Report.Column("transactions_per_s", "tx/s"),
                       Report.Column("goodput_mbps", "goodput Mb/s"), Report.Column("failed_transactions", "failed tx"),
                       Report.Column("busiest_on_path", "busiest on path", rightAligned: false)]
        let sorted = k.rows.sorted { a, b in
            a.isBest != b.isBest ? a.isBest
                : k.higherIsBetter ? (a.value?.mean ?? -.infinity) > (b.value?.mean ?? -.infinity)
                : (a.value?.mean ?? .infinity) < (b.value?.mean ?? .infinity)
        }
        let rows = sorted.map { r -> [Report.Cell] in
            [.text(r.option), .text(verdict(r)),
             interval(r.value, 3), interval(r.differenceToBest, 3), interval(r.percentToBest, 2),
             .number(r.p99Milliseconds, decimals: 2), .number(r.transactionsPerSecond, decimals: 1), .number(r.goodputMbps, decimals: 2),
             .number(r.failedTransactions, decimals: 1), busiest(r)]
        }
        let note = ["  = best: identical in every replication; ≈ best: the paired interval of the difference to the best contains zero; worse: it does not"]
        return Report.Table(title: k.flow + (k.pointLabel.isEmpty ? "" : " (\(k.pointLabel))"),
                            keys: [Report.Field("point", "\(k.point)"), Report.Field("point_label", k.pointLabel), Report.Field("flow", k.flow)],
                            columns: columns, rows: rows, notes: k.rows.count > 1 ? note : [])
    }

    /// best; = best (every replication identical); ≈ best (the paired interval contains zero);
    /// worse; no data.
    static func verdict(_ r: OptionRanking.Row) -> String {
        if r.isBest { return "best" }
        guard r.value != nil else { return "no data" }
        if let d = r.differenceToBest, d.mean == 0, d.halfWidth == 0 { return "= best" }
        return r.indistinguishableFromBest ? "≈ best" : "worse"
    }

    /// A sweep: per flow, one row per point and option, in point order.
    static func sweepTables(_ rankings: [OptionRanking]) -> [Report.Table] {
        var flows: [String] = []
        for k in rankings where !flows.contains(k.flow) { flows.append(k.flow) }
        return flows.map { flow in
            let mine = rankings.filter { $0.flow == flow }
            let metric = mine.first?.metric ?? "transaction_mean_ms"
            let columns = [Report.Column("point", "point"), Report.Column("point_label", "swept values", rightAligned: false),
                           Report.Column("option", "option", rightAligned: false),
                           main(metric),
                           Report.Column("p99_ms", "p99 ms"), Report.Column("transactions_per_s", "tx/s"),
                           Report.Column("failed_transactions", "failed tx"), Report.Column("busiest_on_path", "busiest on path", rightAligned: false)]
            let rows = mine.flatMap { k in
                k.rows.map { r -> [Report.Cell] in
                    [.text("\(k.point)"), .text(k.pointLabel), .text(r.option), interval(r.value, 3), .number(r.p99Milliseconds, decimals: 2),
                     .number(r.transactionsPerSecond, decimals: 1), .number(r.failedTransactions, decimals: 1), busiest(r)]
                }
            }
            return Report.Table(title: flow, keys: [Report.Field("flow", flow)], columns: columns, rows: rows)
        }
    }
}

extension StudyRunner {
    /// Per point (of this shard), option and flow: the components on the flow's path
    /// (`pathComponents`); empty for explicit topologies, where the whole network counts.
    public func flowPaths() -> [Int: [String: [String: Set<String>]]] {
        var out: [Int: [String: [String: Set<String>]]] = [:]
        for point in myPoints {
            guard let s = try? scenario(for: point), s.topology == nil else { continue }
            for option in s.options {
                for f in s.flows {
                    if let names = StudyRunner.pathComponents(s, option: option, flow: f.name) {
                        out[point.index, default: [:]][option.rawValue, default: [:]][f.name] = names
                    }
                }
            }
        }
        return out
    }

    /// The devices one request packet of the flow passes on an idle network (`PathTrace`), and
    /// the links between consecutive ones in both directions (components.csv names a link
    /// direction `a-b>` or `a-b<`); nil for an explicit topology or a flow that cannot be traced.
    public static func pathComponents(_ s: Scenario, option: IntegrationOption, flow: String) -> Set<String>? {
        guard s.topology == nil, let f = s.flows.first(where: { $0.name == flow }),
              let estate = try? CompiledEstate(s.inventory, option: option),
              let trace = try? PathTrace(f.name, from: f.from, to: f.to, in: estate, payloadBytes: 100) else { return nil }
        let devices = trace.rows.map(\.device)
        var names = Set(devices)
        for (a, b) in zip(devices, devices.dropFirst()) where a != b {
            for link in ["\(a)-\(b)", "\(b)-\(a)"] { names.insert(link + ">"); names.insert(link + "<") }
        }
        return names
    }
}
