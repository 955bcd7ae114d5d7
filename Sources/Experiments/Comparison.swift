import HybridCloud
import Reports
import SimKernel

/// Paired comparison of integration options simulated with common random numbers: for each
/// flow and metric, the difference (other − reference) per replication, its confidence
/// interval, and which option is better where the interval excludes zero.
public struct Comparison: Sendable {
    public struct Row: Sendable {
        public let flow: String
        public let metric: String
        public let reference: IntegrationOption
        public let referenceMean: Double
        public let other: IntegrationOption
        public let otherMean: Double
        public let difference: ConfidenceInterval
        /// The better option, or nil when the interval contains zero.
        public let better: IntegrationOption?
    }

    /// The metrics compared: those `FlowMetric` declares a better direction for.
    public static var metrics: [String] { FlowMetric.all.filter { $0.better != nil }.map(\.name) }
    static var higherIsBetter: Set<String> { Set(FlowMetric.all.filter { $0.better == .higher }.map(\.name)) }

    public let rows: [Row]

    /// From the flows table of a run of `options` (the first is the reference).
    public init(flows table: CSVTable, options: [IntegrationOption], level: Double) throws {
        let h = table.header
        let (o, f, r) = (h.firstIndex(of: "option")!, h.firstIndex(of: "flow")!, h.firstIndex(of: "replication")!)
        var flowNames: [String] = []
        for row in table.rows where !flowNames.contains(row[f]) { flowNames.append(row[f]) }
        var out: [Row] = []
        for flow in flowNames {
            for metric in Comparison.metrics {
                guard let c = h.firstIndex(of: metric) else { continue }
                func values(_ option: IntegrationOption) -> [Int: Double] {
                    Dictionary(table.rows.filter { $0[o] == option.rawValue && $0[f] == flow }.map { (Int($0[r])!, Double($0[c]) ?? .nan) },
                               uniquingKeysWith: { a, _ in a })
                }
                let reference = values(options[0])
                for other in options.dropFirst() {
                    let v = values(other)
                    // Pair replication r with replication r: the same random numbers.
                    let common = reference.keys.filter { v[$0] != nil }.sorted()
                    let a = common.map { v[$0]! }, b = common.map { reference[$0]! }
                    guard common.count >= 2, let d = try? PairedDifference(first: a, second: b, level: level) else { continue }
                    var better: IntegrationOption? = nil
                    if d.verdict != .noSignificantDifference {
                        let otherLower = d.verdict == .firstSmaller
                        better = (Comparison.higherIsBetter.contains(metric) ? !otherLower : otherLower) ? other : options[0]
                    }
                    out.append(Row(flow: flow, metric: metric, reference: options[0], referenceMean: b.reduce(0, +) / Double(b.count),
                                   other: other, otherMean: a.reduce(0, +) / Double(a.count), difference: d.interval, better: better))
                }
            }
        }
        rows = out
    }
}
