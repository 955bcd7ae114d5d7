import Foundation
import NetModel
import SimKernel

/// The built-in default study: all five documented flows at moderate load, under each
/// integration option, replicated with common random numbers (replication r of every option
/// draws the same numbers for the same flow).
public struct DefaultStudy: Sendable {
    public var options: [IntegrationOption] = IntegrationOption.allCases
    public var parameters = ArchitectureParameters()
    public var replications = 5
    public var warmup: SimTime = .seconds(2)
    public var duration: SimTime = .seconds(8)
    public var masterSeed: UInt64 = 20_261_121
    public var confidence = 0.95

    public init() {}

    /// One flow under one option: means over replications with confidence intervals.
    public struct Row: Sendable {
        public let option: IntegrationOption
        public let flow: DocumentedFlow
        /// Completed transactions per second.
        public let throughput: ConfidenceInterval
        /// Mean and 99th-percentile transaction time, milliseconds.
        public let transactionMean: ConfidenceInterval
        public let transactionP99: ConfidenceInterval
        /// Mean one-way packet latency, milliseconds.
        public let packetLatency: ConfidenceInterval
        /// Goodput, Mbit/s.
        public let goodput: ConfidenceInterval
        public let dropped: Int
        public let failedTransactions: Int
        /// The component with the highest utilisation on this flow's option (averaged over
        /// replications), and that utilisation.
        public let busiest: String
        public let busiestUtilisation: Double
    }

    struct Replication: Sendable {
        var flows: [FlowStatistics]
        var window: Double
        var busiest: [(String, Double)]
    }

    /// Runs every option × replication on up to `jobs` threads (the result does not depend on `jobs`).
    public func run(jobs: Int) throws -> [Row] {
        let tasks = options.flatMap { o in (0..<replications).map { (o, $0) } }
        let results = parallelMap(count: tasks.count, jobs: jobs) { [self] i -> Result<Replication, Error> in
            Result { try self.replicate(option: tasks[i].0, replication: tasks[i].1) }
        }
        var rows: [Row] = []
        for option in options {
            let reps = try zip(tasks, results).filter { $0.0.0 == option }.map { try $0.1.get() }
            var utilisation: [String: Double] = [:]
            for r in reps { for (name, u) in r.busiest { utilisation[name, default: 0] += u / Double(reps.count) } }
            let busiest = utilisation.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
            for (f, flow) in DocumentedFlow.documented.enumerated() {
                func ci(_ value: (Replication) -> Double) throws -> ConfidenceInterval {
                    try ConfidenceInterval.ofMean(reps.map(value), level: confidence)
                }
                rows.append(Row(
                    option: option, flow: flow,
                    throughput: try ci { Double($0.flows[f].transactions.count) / $0.window },
                    transactionMean: try ci { $0.flows[f].transactions.tally.mean / 1e9 },
                    transactionP99: try ci { $0.flows[f].transactions.percentile(99).milliseconds },
                    packetLatency: try ci { $0.flows[f].latency.tally.mean / 1e9 },
                    goodput: try ci { Double($0.flows[f].goodputBytes) * 8 / $0.window / 1e6 },
                    dropped: reps.reduce(0) { $0 + $1.flows[f].dropped },
                    failedTransactions: reps.reduce(0) { $0 + $1.flows[f].failedTransactions },
                    busiest: busiest?.key ?? "-", busiestUtilisation: busiest?.value ?? 0))
            }
        }
        return rows
    }

    func replicate(option: IntegrationOption, replication: Int) throws -> Replication {
        let arch = try ReferenceArchitecture(option: option, parameters: parameters)
        var net = arch.network
        for flow in DocumentedFlow.documented { try net.addFlow(flow.spec(in: arch)) }
        let r = try net.run(streams: RandomStreamFactory(masterSeed: masterSeed, replication: replication),
                            warmup: warmup, duration: duration)
        let components = r.devices.filter { $0.utilisation > 0 }.map { ($0.name, $0.utilisation) }
            + r.links.map { ($0.name, $0.utilisation) }
        let top = components.sorted { $0.1 > $1.1 }.prefix(5)
        return Replication(flows: r.flows, window: r.window, busiest: Array(top))
    }

    public static let csvHeader =
        "option,flow,transactions_per_s,transaction_mean_ms,transaction_mean_ci_low,transaction_mean_ci_high,transaction_p99_ms,packet_latency_ms,goodput_mbps,dropped,failed_transactions,busiest_component,busiest_utilisation"

    public static func csv(_ rows: [Row]) -> String {
        var lines = [csvHeader]
        for r in rows {
            lines.append([r.option.rawValue, r.flow.rawValue, f(r.throughput.mean), f(r.transactionMean.mean),
                          f(r.transactionMean.low), f(r.transactionMean.high), f(r.transactionP99.mean),
                          f(r.packetLatency.mean), f(r.goodput.mean), "\(r.dropped)", "\(r.failedTransactions)",
                          r.busiest, f(r.busiestUtilisation)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func table(_ rows: [Row]) -> String {
        var out = ""
        for flow in DocumentedFlow.documented {
            out += "\n\(flow.rawValue)\n"
            let body = rows.filter { $0.flow == flow }.map { r in
                [r.option.rawValue, f(r.throughput.mean, 1),
                 "\(f(r.transactionMean.mean, 3)) ± \(f(r.transactionMean.halfWidth, 3))",
                 f(r.transactionP99.mean, 2), f(r.packetLatency.mean, 3), f(r.goodput.mean, 2),
                 "\(r.dropped)", "\(r.failedTransactions)"]
            }
            out += TextTable.render(
                header: ["option", "tx/s", "tx time ms (95% CI)", "tx p99 ms", "pkt latency ms", "goodput Mb/s", "drops", "failed tx"],
                rows: body, rightAligned: [1, 2, 3, 4, 5, 6, 7])
        }
        let busiest = Dictionary(rows.map { ($0.option, ($0.busiest, $0.busiestUtilisation)) }, uniquingKeysWith: { a, _ in a })
        out += "\nbusiest component per option: "
            + IntegrationOption.allCases.compactMap { o in busiest[o].map { "\(o.rawValue): \($0.0) \(f($0.1 * 100, 1))%" } }
                .joined(separator: "; ") + "\n"
        return out
    }

    static func f(_ x: Double, _ digits: Int = 4) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "nan" }
}
