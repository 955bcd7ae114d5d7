import Foundation
import HybridCloud
import NetModel
import Reports
import SimKernel

/// Runs a scenario file: every sweep point × option × replication, with common random numbers
/// (replication r of every point and option uses the same seeds), and writes the outputs.
public struct StudyRunner: Sendable {
    public let file: String
    public let tree: ScenarioTree
    public let points: [SweepPoint]
    public let base: Scenario
    public var jobs: Int
    public var shard: (index: Int, count: Int) = (1, 1)

    /// Parses a shard written `I/N` (1 ≤ I ≤ N), as `--shard` takes it and manifest.json records it.
    public static func shard(parsing text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (1...n).contains(i) else { return nil }
        return (i, n)
    }
    public var resume = false
    /// Called after each point with (points done, points to do), possibly from worker threads.
    public var progress: (@Sendable (Int, Int) -> Void)? = nil
    /// Called after each replication with (replications done, replications planned), possibly
    /// from worker threads; the plan grows when a precision target asks for more rounds.
    public var replicationProgress: (@Sendable (Int, Int) -> Void)? = nil
    /// Replications finished in this run (for `replicationProgress`).
    var replicationsDone: Counter? = nil
    /// Called with a line of progress inside a point (rounds of a precision target).
    public var log: (@Sendable (String) -> Void)? = nil
    /// The identity of the results (manifest, every CSV row, `--resume`, `merge`).
    public let identity: ScenarioIdentity

    /// `file` nil: the built-in default study.
    public init(file: String?, overrides: [String] = [], jobs: Int, seed: UInt64? = nil, replications: Int? = nil) throws {
        let text = try file.map(Scenario.read) ?? Scenario.defaultYAML
        let file = file ?? "(built-in default study)"
        var (scenario, tree) = try Scenario.load(text: text, file: file, overrides: overrides)
        if let seed { tree = tree.setting(["experiment", "seed"], to: .scalar(String(seed), line: nil)); scenario.seed = seed }
        if let replications {
            tree = tree.setting(["experiment", "replications"], to: .scalar(String(replications), line: nil))
            scenario.replications = replications
        }
        self.file = file
        self.tree = tree
        self.base = scenario
        self.points = try Sweep.points(tree, file: file)
        self.identity = ScenarioIdentity(tree: tree, name: scenario.name, version: StudyRunner.version)
        self.jobs = jobs
        // Decode every point up front: a bad sweep value fails before anything runs.
        for p in points { _ = try self.scenario(for: p) }
    }

    public func scenario(for point: SweepPoint) throws -> Scenario {
        var t = tree.removing("sweep")
        for s in point.settings { t = Scenario.setting(s.path.split(separator: ".").map(String.init), to: s.value, in: t) }
        return try Scenario.decode(t, file: "\(file) (sweep point \(point.index))")
    }

    /// The points this shard computes (point i belongs to shard i mod N + 1).
    public var myPoints: [SweepPoint] { points.filter { $0.index % shard.count == shard.index - 1 } }

    public var sweptPaths: [String] { points.first?.settings.map(\.path) ?? [] }

    public struct Outcome {
        public var flows: CSVTable
        public var summary: CSVTable
        public var components: CSVTable
        public var timeline: CSVTable
        public var events: Int
        public var wallSeconds: Double
        /// False when a precision target was not reached within its replication cap.
        public var converged: Bool
        /// The warm-up used by each point computed in this run.
        public var warmups: [Int: SimTime] = [:]
        /// What the user must not miss (`RunWarnings`).
        public var warnings: [String] = []
    }

    /// Runs (or, with `resume`, loads) every point of this shard and writes the outputs to `out`.
    public func run(out: String?) throws -> Outcome {
        let start = Date()
        // The folder is checked and locked before anything is simulated.
        let folder = try out.map { try OutputFolder($0) }
        defer { folder?.finish() }
        if let out { try PointFiles.prepare("\(out)/.points", identity, resume: resume) }
        let columns = StudyColumns(paths: sweptPaths)
        var flows = CSVTable(header: columns.flowHeader)
        var summary = CSVTable(header: columns.summaryHeader)
        var components = CSVTable(header: columns.componentHeader)
        var timeline = CSVTable(header: columns.timelineHeader)
        var events = 0
        var converged = true
        var warmups: [Int: SimTime] = [:]
        let mine = myPoints
        // Points already finished (--resume) are loaded; the others are computed. With more
        // points than workers, points run in parallel (each single-threaded), otherwise one at
        // a time with their replications in parallel. Either way rows are assembled in point
        // order, so the files do not depend on --jobs.
        var loaded: [Int: PointRows] = [:]
        for point in mine {
            if resume, let out, let saved = PointFiles.load("\(out)/.points/\(point.index)", columns, identity) { loaded[point.index] = saved }
        }
        let todo = mine.filter { loaded[$0.index] == nil }
        let counter = Counter(loaded.count)
        let report = progress
        let total = mine.count
        if !loaded.isEmpty { report?(loaded.count, total) }
        let acrossPoints = todo.count >= 2 * jobs && jobs > 1
        var inner = self
        if acrossPoints { inner.jobs = 1 }
        inner.replicationsDone = Counter(0)
        let worker = inner
        let computed = parallelMap(count: todo.count, jobs: acrossPoints ? jobs : 1) { i -> Result<PointRows, Error> in
            Result {
                let rows = try worker.runPoint(todo[i], columns)
                if let out { try PointFiles.save("\(out)/.points/\(todo[i].index)", rows, columns, worker.identity) }
                report?(counter.increment(), total)
                return rows
            }
        }
        for (i, point) in todo.enumerated() { loaded[point.index] = try computed[i].get() }
        for point in mine {
            let rows = loaded[point.index]!
            flows.append(contentsOf: rows.flows)
            summary.append(contentsOf: rows.summary)
            components.append(contentsOf: rows.components)
            timeline.append(contentsOf: rows.timeline)
            events += rows.events
            converged = converged && rows.converged
            if let w = rows.warmup { warmups[point.index] = w }
        }
        var outcome = Outcome(flows: flows, summary: summary, components: components, timeline: timeline, events: events,
                              wallSeconds: Date().timeIntervalSince(start), converged: converged, warmups: warmups)
        outcome.warnings = RunWarnings.of(outcome, precisionTarget: base.precision)
        for (option, skipped) in try StudyRunner.inapplicableFailures(base).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for (i, why) in skipped.sorted(by: { $0.key < $1.key }) {
                outcome.warnings.append("\(base.failures[i].name) does not apply to \(option.rawValue) (\(why)); that option runs without it")
            }
        }
        try folder?.publish([("flows.csv", flows.text), ("summary.csv", summary.text), ("components.csv", components.text),
                             ("timeline.csv", timeline.text), ("manifest.json", try manifest(outcome))])
        return outcome
    }

    struct PointRows: Sendable {
        var flows: [[String]] = []
        var summary: [[String]] = []
        var components: [[String]] = []
        var timeline: [[String]] = []
        var events = 0
        var converged = true
        var warmup: SimTime? = nil
    }

    /// MSER-5 on a pilot replication (from time zero, for the whole run) of the first option:
    /// the latest truncation point over the flows' transaction-time series.
    public static func automaticWarmUp(_ scenario: Scenario, file: String) throws -> SimTime {
        var pilot = scenario
        pilot.warmup = .zero
        pilot.duration = scenario.duration
        let r = try simulate(pilot, alternative: scenario.alternatives[0], replication: 1_000_000)
        var warmup = SimTime.zero
        for (i, name) in scenario.flowNames.enumerated() {
            let f = r.flows[i]
            guard let m = MSER5.analyze(f.transientBatchMeans) else {
                throw ScenarioError(file: file, line: nil, path: "experiment.warmup", lineMissingMeansOverride: false,
                                    message: "flow \(name) completed too few transactions (\(f.transientBatchMeans.count * FlowStatistics.transientBatch)) for MSER-5; lengthen experiment.duration or give a fixed warm-up")
            }
            if m.runTooShort {
                throw ScenarioError(file: file, line: nil, path: "experiment.warmup", lineMissingMeansOverride: false,
                                    message: "MSER-5 finds flow \(name) still in its transient past the middle of the run: the run is too short; lengthen experiment.duration")
            }
            if m.truncatedObservations > 0 { warmup = max(warmup, f.transientBatchEnds[m.truncatedObservations - 1]) }
        }
        // Round up to the next millisecond.
        return .milliseconds((warmup.milliseconds).rounded(.up))
    }

    /// What one replication contributes to the outputs, taken from its `NetworkResult` as soon
    /// as it finishes (the result, with its histograms, is not kept): memory per replication is
    /// its rows, not its statistics.
    struct ReplicationRows: Sendable {
        /// Per flow: its flows.csv fields, its summary metrics and its timeline rows.
        var flowFields: [[String]] = []
        var metrics: [[(String, Double)]] = []
        var timeline: [[[String]]] = []
        var components: [[String]] = []
        var events = 0

        init(_ result: NetworkResult, flows: Int, prefix: (_ flow: String?) -> [String], flowNames: [String]) {
            events = result.events
            for f in 0..<flows {
                let row = FlowRow(result: result, flow: f)
                flowFields.append(row.fields)
                metrics.append(row.summaryMetrics)
                let stats = result.flows[f]
                timeline.append(stats.timelineDeliveries.enumerated().map { bin, deliveries in
                    prefix(flowNames[f]) + [String(format: "%.1f", Double(bin) * FlowStatistics.timelineBin.seconds),
                                            "\(deliveries)", "\(stats.timelineTransactions[bin])"]
                })
            }
            for d in result.devices where d.utilisation > 0 || d.drops.total > 0 || d.maxQueuePackets > 0 {
                components.append(prefix(nil) + [d.name, d.kind, fmt(d.utilisation), fmt(d.coreUtilisation.max() ?? d.utilisation),
                                                  fmt(d.meanQueuePackets), "\(d.maxQueuePackets)", "\(d.drops.total)"])
            }
            for l in result.links where l.packetsSent > 0 || l.drops.total > 0 {
                components.append(prefix(nil) + [l.name, "link", fmt(l.utilisation), fmt(l.utilisation), fmt(l.meanQueuePackets), "\(l.maxQueuePackets)", "\(l.drops.total)"])
            }
        }
    }

    func runPoint(_ point: SweepPoint, _ columns: StudyColumns) throws -> PointRows {
        var chosen = try scenario(for: point)
        if chosen.automaticWarmUp { chosen.warmup = try StudyRunner.automaticWarmUp(chosen, file: file) }
        let scenario = chosen
        let id = identity.short
        let params = point.settings.map { $0.value.text }
        let flowNames = scenario.flowNames
        // Replications per option: a fixed count, or rounds of that count until the precision
        // target holds (rounds do not depend on --jobs, so neither does the result).
        var results: [String: [(Int, ReplicationRows)]] = [:]
        var networks: [String: Network] = [:]
        // Which failures some option lacks: compiled once per point, not per network.
        let skipped = try StudyRunner.inapplicableFailures(scenario)
        var pending = scenario.alternatives
        var done = 0
        while !pending.isEmpty {
            let round = scenario.replications
            let upTo = min(done + round, scenario.precision?.maxReplications ?? scenario.replications)
            let tasks = pending.flatMap { o in (done..<upTo).map { (o, $0) } }
            for o in pending where networks[o] == nil { networks[o] = try StudyRunner.network(scenario, alternative: o, skipping: skipped) }
            let built = networks
            let outcomes = parallelMap(count: tasks.count, jobs: jobs) { i -> Result<ReplicationRows, Error> in
                Result {
                    let (option, r) = tasks[i]
                    let result = try built[option]!.run(streams: RandomStreamFactory(masterSeed: scenario.seed, replication: r),
                                                        warmup: scenario.warmup, duration: scenario.duration)
                    if let tick = replicationProgress, let done = replicationsDone {
                        let planned = myPoints.count * scenario.alternatives.count * scenario.replications
                        let n = done.increment()
                        tick(n, max(planned, n))
                    }
                    return ReplicationRows(result, flows: flowNames.count, prefix: { flow in
                        [scenario.name, id, "\(point.index)", point.label, option] + (flow.map { [$0] } ?? []) + ["\(r)"] + params
                    }, flowNames: flowNames)
                }
            }
            for (i, t) in tasks.enumerated() { results[t.0, default: []].append((t.1, try outcomes[i].get())) }
            done = upTo
            guard let target = scenario.precision, done < target.maxReplications else { break }
            pending = pending.filter { !precise(results[$0]!, scenario, target) }
            if !pending.isEmpty {
                log?("point \(point.index): \(done) replications; precision target not yet met for \(pending.joined(separator: ", ")) (cap \(target.maxReplications))")
            }
        }
        let pointConverged = scenario.alternatives.allSatisfy { o in scenario.precision.map { precise(results[o]!, scenario, $0) } ?? true }
        var rows = PointRows()
        rows.converged = pointConverged
        rows.warmup = scenario.warmup
        for option in scenario.alternatives {
            let reps = results[option]!
            for (f, flowName) in flowNames.enumerated() {
                var metrics: [String: [Double]] = [:]
                for (r, rep) in reps {
                    rows.flows.append([scenario.name, id, "\(point.index)", point.label, option, flowName, "\(r)", "\(scenario.seed)"]
                                      + params + rep.flowFields[f])
                    for (name, value) in rep.metrics[f] { metrics[name, default: []].append(value) }
                    rows.timeline.append(contentsOf: rep.timeline[f])
                }
                for (name, unit) in FlowRow.summaryMetricNames {
                    let values = metrics[name] ?? []
                    let ci = try? ConfidenceInterval.ofMean(values, level: scenario.confidence)
                    rows.summary.append([scenario.name, id, "\(point.index)", point.label, option, flowName] + params
                                        + [name, unit, "\(values.count)", fmt(ci?.mean ?? values.first ?? .nan),
                                           fmt(ci?.low ?? .nan), fmt(ci?.high ?? .nan), fmt(scenario.confidence)])
                }
            }
            for (_, rep) in reps {
                rows.events += rep.events
                rows.components.append(contentsOf: rep.components)
            }
        }
        return rows
    }

    /// True when the precision target holds for these replications.
    func precise(_ reps: [(Int, ReplicationRows)], _ scenario: Scenario, _ target: Scenario.Precision) -> Bool {
        for (f, name) in scenario.flowNames.enumerated() where target.flow == nil || target.flow == name {
            let values = reps.map { r in r.1.metrics[f].first { $0.0 == target.metric }!.1 }
            guard let ci = try? ConfidenceInterval.ofMean(values, level: scenario.confidence) else { return false }
            if !(ci.relativeHalfWidth <= target.relativeHalfWidth) && ci.halfWidth > 0 { return false }
        }
        return true
    }

    /// One replication of one alternative (an option, or "topology") of a scenario.
    public static func simulate(_ scenario: Scenario, alternative: String, replication: Int) throws -> NetworkResult {
        try network(scenario, alternative: alternative).run(
            streams: RandomStreamFactory(masterSeed: scenario.seed, replication: replication),
            warmup: scenario.warmup, duration: scenario.duration)
    }

    /// The network of one alternative with the scenario's flows and failures, ready to run
    /// (compiled once per point and alternative; every replication runs a copy).
    public static func network(_ scenario: Scenario, alternative: String) throws -> Network {
        try network(scenario, alternative: alternative, skipping: try inapplicableFailures(scenario))
    }

    /// The same, with the scenario's `inapplicableFailures` already known.
    static func network(_ scenario: Scenario, alternative: String, skipping: [IntegrationOption: [Int: String]]) throws -> Network {
        if let topology = scenario.topology { return try topology.network() }
        let option = IntegrationOption(rawValue: alternative)!
        let estate = try CompiledEstate(scenario.inventory, option: option)
        var net = estate.network
        for flow in scenario.flows { try net.addFlow(flow.spec(in: estate)) }
        let skipped = skipping[option] ?? [:]
        for (i, failure) in scenario.failures.enumerated() where skipped[i] == nil { try failure.apply(to: &net, estate) }
        return net
    }

    /// The failures that do not apply to some of the scenario's options (the part they name
    /// is not in that option's network, e.g. a shared-VLAN link under static-nat), by option
    /// and failure index, with why. Those options run without them; a failure that applies to
    /// none of the options is an error.
    public static func inapplicableFailures(_ scenario: Scenario) throws -> [IntegrationOption: [Int: String]] {
        guard scenario.topology == nil, !scenario.failures.isEmpty else { return [:] }
        var out: [IntegrationOption: [Int: String]] = [:]
        let estates = try scenario.options.map { try CompiledEstate(scenario.inventory, option: $0) }
        for (i, failure) in scenario.failures.enumerated() {
            var errors: [IntegrationOption: Error] = [:]
            for estate in estates {
                var net = estate.network
                do { try failure.apply(to: &net, estate) } catch { errors[estate.option] = error }
            }
            if errors.count == estates.count, let first = estates.first.flatMap({ errors[$0.option] }) { throw first }
            for (option, error) in errors { out[option, default: [:]][i] = "\(error)" }
        }
        return out
    }

    func manifest(_ o: Outcome) throws -> String {
        let bytes = FileManager.default.contents(atPath: file) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let value: [String: Any] = [
            "scenario": base.name, "file": file, "file_fnv1a64": String(hash, radix: 16),
            "resolved": tree.plain, "seed": "\(base.seed)", "replications": base.replications,
            "hybridsim_version": StudyRunner.version, "git_commit": StudyRunner.gitCommit() ?? "unknown",
            "wall_seconds": (o.wallSeconds * 1000).rounded() / 1000, "events": o.events,
            "warmup": base.automaticWarmUp
                ? "auto (MSER-5 on a pilot run) per point: " + o.warmups.keys.sorted().map { "\($0): \(o.warmups[$0]!)" }.joined(separator: ", ")
                : base.warmup.description,
            "duration": base.duration.description,
            "converged": base.precision == nil ? "fixed replications (no precision target)" : (o.converged ? "yes" : "no: the replication cap was reached first"),
            "points": points.count, "shard": "\(shard.index)/\(shard.count)",
            "scenario_identity": identity.json, "scenario_id": identity.short,
            "warnings": o.warnings,
        ]
        return try JSONText.encode(value)
    }

    public static let version = "0.1.0"

    /// The commit of the working directory's git checkout, if there is one.
    static func gitCommit() -> String? {
        guard let head = try? String(contentsOfFile: ".git/HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        if head.hasPrefix("ref: ") {
            let ref = String(head.dropFirst(5))
            return (try? String(contentsOfFile: ".git/\(ref)", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return head
    }
}

/// A thread-safe counter (points finished, for progress).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    init(_ start: Int) { value = start }
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Fixed-precision number text, so outputs are byte-identical across runs.
func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.6f", x) : "nan" }

extension CSVTable {
    mutating func append(contentsOf rows: [[String]]) { for r in rows { append(r) } }
}
