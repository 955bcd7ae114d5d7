import HybridCloud
import NetModel
import SimKernel

/// One failure run under several integration options, replicated: per option and flow,
/// whether the failure touched the flow and what it cost, with confidence intervals.
/// Replications differ in their random streams (traffic, timer phases); replication r of
/// every option uses the same streams (common random numbers).
public struct OutageStudy: Sendable {
    public var scenario: Scenario
    public var event: FailureEvent
    public var options: [IntegrationOption]
    public var replications: Int
    public var timers = RecoveryTimers.standard

    /// What one flow saw under one option, over the replications.
    public struct Row: Sendable {
        public let option: IntegrationOption
        public let flow: String
        /// Replications in which the failure touched the flow.
        public let affectedIn: Int
        public let replications: Int
        public let packetsLost: ConfidenceInterval
        public let failedTransactions: ConfidenceInterval
        /// Seconds.
        public let outage: ConfidenceInterval
        /// Seconds from the failure to recovery; nil when some replication did not recover.
        public let recovery: ConfidenceInterval?
        public var affected: Bool { affectedIn > 0 }
    }

    public init(scenario: Scenario, event: FailureEvent, options: [IntegrationOption], replications: Int) {
        self.scenario = scenario
        self.event = event
        self.options = options
        self.replications = replications
    }

    /// Runs every (option, replication) on up to `jobs` threads; the result does not depend
    /// on `jobs`.
    public func run(jobs: Int) throws -> [Row] {
        let (failure, seed, n) = (event, scenario.seed, replications)
        let built = try options.map { option -> (Network, SimTime) in
            var e = FailureExperiment(option: option, event: failure)
            e.inventory = scenario.inventory
            e.flows = scenario.flows.map { ($0.name, $0.from, $0.to, $0.pattern) }
            e.timers = timers
            return try e.network()
        }
        let names = scenario.flows.map(\.name)
        let results = parallelMap(count: options.count * n, jobs: jobs) { k -> Result<[FlowOutage], Error> in
            let (net, duration) = built[k / n]
            return Result { try FailureExperiment.outages(net, duration: duration, event: failure, flows: names, seed: seed, replication: k % n) }
        }
        var rows: [Row] = []
        for (o, option) in options.enumerated() {
            let reps = try (0..<n).map { try results[o * n + $0].get() }
            for (f, name) in names.enumerated() {
                let runs = reps.map { $0[f] }
                func ci(_ xs: [Double]) throws -> ConfidenceInterval {
                    xs.count > 1 ? try ConfidenceInterval.ofMean(xs, level: scenario.confidence)
                                 : ConfidenceInterval(mean: xs[0], halfWidth: .nan, level: scenario.confidence, count: 1, standardDeviation: .nan)
                }
                let recovered = runs.compactMap { $0.recovery?.seconds }
                rows.append(Row(option: option, flow: name, affectedIn: runs.filter(\.affected).count, replications: n,
                                packetsLost: try ci(runs.map { Double($0.packetsLost) }),
                                failedTransactions: try ci(runs.map { Double($0.failedTransactions) }),
                                outage: try ci(runs.map(\.outage.seconds)),
                                recovery: recovered.count == n ? try ci(recovered) : nil))
            }
        }
        return rows
    }
}
