import Foundation
import HybridCloud
import Reports
import SimKernel

/// The answer to "which integration option is best for this flow, and by how much": for one
/// sweep point and flow, every option of the run with its headline metric (mean transaction
/// time, or mean packet latency for a flow without transactions), its paired difference to the
/// best option under common random numbers (replication r against replication r), failed
/// transactions and the busiest component on the flow's path.
public struct OptionRanking: Sendable {
    public struct Row: Sendable {
        public let option: String
        /// The headline metric over the replications, in `OptionRanking.unit`.
        public let value: ConfidenceInterval?
        /// This option minus the best, paired by replication (nil for the best itself).
        public let differenceToBest: ConfidenceInterval?
        /// The same difference relative to the best option's mean, percent.
        public let percentToBest: ConfidenceInterval?
        public let isBest: Bool
        /// The interval of the difference to the best contains zero.
        public let indistinguishableFromBest: Bool
        public let p99Milliseconds: Double
        public let transactionsPerSecond: Double
        public let goodputMbps: Double
        public let failedTransactions: Double
        /// The component with the highest utilisation of one core on the flow's path (whole
        /// network when the path is not known), with that utilisation (0...1).
        public let busiest: (name: String, utilisation: Double)?
    }

    public let point: Int
    public let pointLabel: String
    public let flow: String
    /// `transaction_mean_ms`, `goodput_mbps` for a bulk transfer, or `latency_mean_us` shown in
    /// ms for a flow without transactions.
    public let metric: String
    /// Whether a higher value of `metric` is better (goodput).
    public var higherIsBetter: Bool { metric == "goodput_mbps" }
    public var unit: String { higherIsBetter ? "Mb/s" : "ms" }
    public let level: Double
    public let rows: [Row]

    /// Rankings for every point and flow of `outcome`; `paths` gives, per point, option and
    /// flow, the components on the flow's path (missing: the whole network counts).
    /// Flows in `throughputFlows` (TCP bulk transfers) are ranked by goodput, higher first.
    public static func of(_ outcome: StudyRunner.Outcome, level: Double,
                          paths: [Int: [String: [String: Set<String>]]] = [:], throughputFlows: Set<String> = []) -> [OptionRanking] {
        let t = outcome.flows, h = t.header
        guard let cp = h.firstIndex(of: "point"), let cl = h.firstIndex(of: "point_label"), let co = h.firstIndex(of: "option"),
              let cf = h.firstIndex(of: "flow"), let cr = h.firstIndex(of: "replication") else { return [] }
        func col(_ n: String) -> Int? { h.firstIndex(of: n) }
        let utilisation = meanUtilisation(outcome.components)
        // point → flow → option → replication → row, in file order.
        var order: [(Int, String, String)] = []
        var byKey: [String: [String: [Int: [String]]]] = [:]
        var options: [String: [String]] = [:]
        for r in t.rows {
            let key = "\(r[cp])|\(r[cf])"
            if byKey[key] == nil { order.append((Int(r[cp]) ?? 0, r[cl], r[cf])) }
            if byKey[key]?[r[co]] == nil { options[key, default: []].append(r[co]) }
            byKey[key, default: [:]][r[co], default: [:]][Int(r[cr]) ?? 0] = r
        }
        return order.map { point, label, flow in
            let key = "\(point)|\(flow)"
            let perOption = byKey[key]!
            let hasTransactions = col("transactions").map { c in
                perOption.values.contains { reps in reps.values.contains { (Double($0[c]) ?? 0) > 0 } }
            } ?? false
            let byGoodput = throughputFlows.contains(flow)
            let metric = byGoodput ? "goodput_mbps" : hasTransactions ? "transaction_mean_ms" : "latency_mean_us"
            let scale = hasTransactions || byGoodput ? 1.0 : 1e-3
            func series(_ o: String, _ name: String, scale: Double = 1) -> [Int: Double] {
                guard let c = col(name) else { return [:] }
                return perOption[o]!.compactMapValues { Double($0[c]).map { $0 * scale } }.filter { $0.value.isFinite }
            }
            func mean(_ o: String, _ name: String) -> Double {
                let v = series(o, name).values
                return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            let values = Dictionary(uniqueKeysWithValues: options[key]!.map { ($0, series($0, metric, scale: scale)) })
            let intervals = values.mapValues { v in try? ConfidenceInterval.ofMean(v.keys.sorted().map { v[$0]! }, level: level) }
            let means = values.mapValues { v in v.isEmpty ? Double.nan : v.values.reduce(0, +) / Double(v.count) }
            let best = options[key]!.filter { means[$0]!.isFinite }.min { byGoodput ? means[$0]! > means[$1]! : means[$0]! < means[$1]! }
            let rows = options[key]!.map { o -> Row in
                var diff: ConfidenceInterval? = nil, pct: ConfidenceInterval? = nil
                if let best, o != best {
                    let common = values[o]!.keys.filter { values[best]![$0] != nil }.sorted()
                    let a = common.map { values[o]![$0]! }, b = common.map { values[best]![$0]! }
                    if common.count >= 2, let d = try? PairedDifference(first: a, second: b, level: level) {
                        diff = d.interval
                        let base = b.reduce(0, +) / Double(b.count)
                        if base > 0 {
                            pct = ConfidenceInterval(mean: d.interval.mean / base * 100, halfWidth: d.interval.halfWidth / base * 100,
                                                     level: level, count: d.interval.count, standardDeviation: d.interval.standardDeviation / base * 100)
                        }
                    }
                }
                let busiest = OptionRanking.busiest(utilisation["\(point)|\(o)"] ?? [:], onPath: paths[point]?[o]?[flow])
                return Row(option: o, value: intervals[o] ?? nil, differenceToBest: diff, percentToBest: pct, isBest: o == best,
                           indistinguishableFromBest: o != best && diff.map { $0.low <= 0 && 0 <= $0.high } == true,
                           p99Milliseconds: mean(o, hasTransactions ? "transaction_p99_ms" : "latency_p99_us") * (hasTransactions ? 1 : 1e-3),
                           transactionsPerSecond: mean(o, "transactions_per_s"), goodputMbps: mean(o, "goodput_mbps"),
                           failedTransactions: mean(o, "failed_transactions"), busiest: busiest)
            }
            return OptionRanking(point: point, pointLabel: label, flow: flow, metric: metric, level: level, rows: rows)
        }
    }

    /// The component with the highest utilisation among those on the path (all when the path
    /// is not known); ties go to the name first in order.
    static func busiest(_ utilisation: [String: Double], onPath: Set<String>?) -> (name: String, utilisation: Double)? {
        utilisation.filter { onPath?.contains($0.key) ?? true }
            .max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
            .map { (name: $0.key, utilisation: $0.value) }
    }

    /// Mean over replications of the utilisation of each component's busiest core (a device
    /// whose packets are pinned to cores saturates when one core does), by "point|option" and
    /// component.
    static func meanUtilisation(_ c: CSVTable) -> [String: [String: Double]] {
        let h = c.header
        guard let cp = h.firstIndex(of: "point"), let co = h.firstIndex(of: "option"), let cc = h.firstIndex(of: "component"),
              let cu = h.firstIndex(of: "busiest_core") ?? h.firstIndex(of: "utilisation"), let cr = h.firstIndex(of: "replication") else { return [:] }
        var sums: [String: [String: Double]] = [:]
        var replications: [String: Set<String>] = [:]
        for r in c.rows {
            let k = "\(r[cp])|\(r[co])"
            sums[k, default: [:]][r[cc], default: 0] += Double(r[cu]) ?? 0
            replications[k, default: []].insert(r[cr])
        }
        // A component absent from a replication's rows was idle in it: divide by all replications.
        var out: [String: [String: Double]] = [:]
        for (k, v) in sums { out[k] = v.mapValues { $0 / Double(max(1, replications[k]!.count)) } }
        return out
    }
}
