import HybridCloud
import NetModel
import SimKernel

/// The single-failure (N-1) analysis of a scenario's estate: every part that can fail on its
/// own (`SingleFailure.all`) is failed in turn under each integration option, and each flow's
/// impact is measured from the packet model (one replication, the scenario's seed: every run
/// sees the same traffic until its failure).
///
/// Each failure is followed to its end (every mechanism done, plus `settle`), or for `window`
/// after it starts when that is shorter: the impact within the window, the same exposure for
/// every failure, so that their ranking is fair.
///
/// A link failure needs no run when, in the failure-free run of the same length and streams,
/// no packet crossed the link and no BGP session runs over it: the failure then changes
/// nothing, and the failure-free run's figures are its figures (`derived`).
public struct ResilienceStudy: Sendable {
    public var scenario: Scenario
    public var options: [IntegrationOption]
    public var timing = SingleFailure.Timing()
    /// How long each failure is observed from its start; nil: to its end.
    public var window: SimTime?
    /// How long a run goes on after the failure's last change.
    public var settle: SimTime = .seconds(3)
    public var timers = RecoveryTimers.standard
    /// This shard (1-based index, count): the failures i with i mod count = index - 1.
    public var shard = (index: 1, count: 1)
    /// Only the failures of these parts (nil: all).
    public var parts: Set<SingleFailure.Part>? = nil

    public init(scenario: Scenario, options: [IntegrationOption]) {
        self.scenario = scenario
        self.options = options
    }

    /// One failure under one option.
    public struct Row: Sendable {
        /// The failure's position in the full list (shards keep it).
        public let index: Int
        public let failure: SingleFailure
        public let option: IntegrationOption
        /// Per flow, in the scenario's order; nil when the option's network lacks the part.
        public let flows: [FlowOutage]?
        /// Simulated time after the failure started.
        public let observed: SimTime
        /// From the failure's start to its last scheduled change (the part back, routes
        /// re-learned, VMs restarted); may exceed `observed` when a window cuts the run.
        public let course: SimTime
        /// Figures taken from the failure-free run (the link carries nothing; see the type).
        public let derived: Bool

        public var flowsAffected: Int { flows?.filter(\.affected).count ?? 0 }
        public var transactionsLost: Int { flows?.filter(\.affected).reduce(0) { $0 + $1.failedTransactions } ?? 0 }
        public var longestOutage: SimTime { flows?.map(\.outage).max() ?? .zero }
        /// Affected flows not recovered within the observation.
        public var unrecovered: Int { flows?.filter { $0.affected && $0.recovery == nil }.count ?? 0 }
    }

    /// Every single failure of the estate, in the analysis's order.
    public func failures() throws -> [SingleFailure] {
        let all = try SingleFailure.all(in: scenario.inventory, options: options, timing: timing)
        guard let parts else { return all }
        return all.filter { parts.contains($0.part) }
    }

    /// Runs this shard's failures under every option on up to `jobs` threads. Rows are
    /// ordered by failure, then option; the result does not depend on `jobs`.
    public func run(jobs: Int) throws -> (total: Int, rows: [Row]) {
        let all = try failures()
        let mine = all.indices.filter { $0 % shard.count == shard.index - 1 }
        let (seed, start, window, settle) = (scenario.seed, timing.start, window, settle)
        // Longest first, so that the last runs on the threads end together; rows come back
        // in the analysis's order.
        let expected = { (i: Int) -> SimTime in
            let e = all[i].event
            return window.map { min($0, e.end - e.start) } ?? (e.end - e.start)
        }
        let order = mine.flatMap { i in options.map { (i, $0) } }
        let pairs = order.enumerated().sorted { (expected($1.element.0), $0.offset) < (expected($0.element.0), $1.offset) }.map(\.element)
        let names = scenario.flows.map(\.name)

        // The failure-free run of a link failure's length, per option: which links carry packets.
        let linkLength = start + timing.repair + settle
        let baselineLength = window.map { min(start + $0, linkLength) } ?? linkLength
        let baselines = parallelMap(count: options.count, jobs: jobs) { o -> Result<(NetworkResult, [FlowOutage], Set<String>), Error> in
            Result {
                let estate = try CompiledEstate(scenario.inventory, option: options[o])
                var net = estate.network
                for f in scenario.flows { try net.addFlow(f.spec(in: estate)) }
                let r = try net.run(streams: RandomStreamFactory(masterSeed: seed, replication: 0), warmup: .zero, duration: baselineLength)
                let flows = names.enumerated().map { i, name in
                    FlowOutage(flow: name, affected: false, packetsLost: r.flows[i].dropped, failedTransactions: r.flows[i].failedTransactions,
                               outage: .zero, recovery: .zero)
                }
                let sessions = Set(estate.bgpSessions.flatMap { $0.transport.flatMap { [$0.0 + ">" + $0.1, $0.1 + ">" + $0.0] } })
                return (r, flows, sessions)
            }
        }
        let results = parallelMap(count: pairs.count, jobs: jobs) { k -> Result<Row, Error> in
            let (i, option) = pairs[k]
            let failure = all[i]
            return Result {
                guard failure.options.contains(option) else {
                    return Row(index: i, failure: failure, option: option, flows: nil, observed: .zero, course: .zero, derived: false)
                }
                let (baseline, quiet, sessions) = try baselines[options.firstIndex(of: option)!].get()
                let e = try experiment(option, failure.event)
                let (net, full) = try e.network()
                let course = full - settle - failure.event.start
                let length = window.map { min(full, failure.event.start + $0) } ?? full
                if case .linkDown(let a, let b, _, _) = failure.event, !sessions.contains(a + ">" + b),
                   length == baselineLength, Self.idle(a, b, in: net, baseline) {
                    return Row(index: i, failure: failure, option: option, flows: quiet, observed: length - failure.event.start, course: course, derived: true)
                }
                let flows = try FailureExperiment.outages(net, duration: length, event: failure.event, flows: names, seed: seed, replication: 0)
                return Row(index: i, failure: failure, option: option, flows: flows, observed: length - failure.event.start, course: course, derived: false)
            }
        }
        let rows = try results.map { try $0.get() }
        return (all.count, rows.sorted { ($0.index, options.firstIndex(of: $0.option)!) < ($1.index, options.firstIndex(of: $1.option)!) })
    }

    func experiment(_ option: IntegrationOption, _ event: FailureEvent) throws -> FailureExperiment {
        var e = FailureExperiment(option: option, event: event)
        e.inventory = scenario.inventory
        e.flows = scenario.flows.map { ($0.name, $0.from, $0.to, $0.pattern) }
        e.timers = timers
        e.settle = settle
        return e
    }

    /// Whether neither direction of the link between `a` and `b` sent a packet in `baseline`.
    static func idle(_ a: String, _ b: String, in net: Network, _ baseline: NetworkResult) -> Bool {
        guard let x = net.deviceIndex(named: a), let y = net.deviceIndex(named: b) else { return false }
        let channels = (0..<net.channelCount).filter { let e = net.channelEnds($0); return (e.from, e.to) == (x, y) || (e.from, e.to) == (y, x) }
        return !channels.isEmpty && channels.allSatisfy { $0 < baseline.links.count && baseline.links[$0].packetsSent == 0 }
    }
}
