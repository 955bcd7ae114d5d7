import Foundation
import HybridCloud
import Reports
import SimKernel

/// `hybridsim capacity`: per option (and per point of the rest of the scenario's sweep), the
/// value of one numeric parameter at which a metric crosses a limit, found by bracketing
/// (doubling, or halving when the start is already past the limit) and safeguarded regula falsi
/// (interpolation on the bracket, with bisection steps when one end stalls), each probe a
/// replicated run with common random numbers (a probe at value v equals the sweep point at v).
///
/// The answer is the crossing interpolated between the last probe below and the first past the
/// limit, with an interval from the probes whose confidence interval lies wholly on one side:
/// the largest value surely below and the smallest surely past. Few replications give a wide
/// interval, not a wrong one.
public struct CapacityFinder: Sendable {
    public struct Probe: Sendable {
        public let value: Double
        public let metric: ConfidenceInterval?
        public let mean: Double
        /// The busiest component on the flow's path (whole network without one), utilisation 0...1.
        public let busiest: (name: String, utilisation: Double)?
    }

    public enum Status: String, Sendable { case found, notReached = "not reached", alreadyPast = "already past" }

    public struct Answer: Sendable {
        public let option: String
        /// The other swept values of this answer (`size=large`), empty without them.
        public let label: String
        public let status: Status
        /// The interpolated crossing (nil unless found).
        public let crossing: Double?
        /// Largest value whose interval is wholly below the limit, smallest wholly past it (nil: none probed).
        public let surelyBelow: Double?
        public let surelyPast: Double?
        /// Probes in the order run.
        public let probes: [Probe]
        /// The busiest component at the first probe past the limit (or the last probe).
        public var bends: (name: String, utilisation: Double)? {
            (probes.filter { c($0.mean) }.min { $0.value < $1.value } ?? probes.max { $0.value < $1.value })?.busiest
        }
        let c: @Sendable (Double) -> Bool
    }

    public let file: String?
    public let overrides: [String]
    public let path: String
    public let condition: CapacityCondition
    public let flow: String
    public let options: [String]
    public var from: Double?
    public var to: Double?
    /// Bisection stops when the bracket is narrower than this fraction of its low end.
    public var tolerance = 0.1
    public var maxProbes = 14
    public var jobs: Int
    public var log: (@Sendable (String) -> Void)? = nil
    public let base: StudyRunner

    public init(file: String?, overrides: [String], path: String, condition: CapacityCondition, flow: String?,
                options: [String]?, jobs: Int) throws {
        let runner = try StudyRunner(file: file, overrides: overrides, jobs: jobs)
        let s = runner.base
        func fail(_ m: String) -> ScenarioError {
            ScenarioError(file: runner.file, line: nil, path: path, lineMissingMeansOverride: false, message: m)
        }
        guard let flow = flow ?? (s.flowNames.count == 1 ? s.flowNames[0] : nil) else {
            throw fail("the scenario has \(s.flowNames.count) flows; say which with --flow (\(s.flowNames.joined(separator: ", ")))")
        }
        guard s.flowNames.contains(flow) else { throw fail("no flow '\(flow)'; flows: \(s.flowNames.joined(separator: ", "))") }
        let chosen = options ?? s.alternatives
        if let bad = chosen.first(where: { !s.alternatives.contains($0) }) {
            throw fail("option '\(bad)' is not among the scenario's (\(s.alternatives.joined(separator: ", "))); add it with --set options=[...]")
        }
        self.file = file; self.overrides = overrides; self.path = path; self.condition = condition
        self.flow = flow; self.options = chosen; self.jobs = jobs; self.base = runner
    }

    /// The starting value: `from`, else the smallest value the sweep gives the path, else its
    /// value in the scenario; with its unit.
    func start() throws -> (Double, String) {
        if let from { return (from, unitOfPath()) }
        let swept = base.points.compactMap { p in p.settings.first { $0.path == path }.flatMap { Units.split($0.value.text) } }
        if let low = swept.min(by: { $0.0 < $1.0 }) { return low }
        let keys = path.split(separator: ".").map(String.init)
        if let v = base.tree.value(at: keys), let parsed = Units.split(v.text) { return parsed }
        throw ScenarioError(file: base.file, line: nil, path: path, lineMissingMeansOverride: false,
                            message: "the scenario gives no number at \(path) to start from; give --from")
    }

    func unitOfPath() -> String {
        let keys = path.split(separator: ".").map(String.init)
        return base.tree.value(at: keys).flatMap { Units.split($0.text)?.1 } ?? ""
    }

    /// The groups: the sweep's points without the varied path, each once, in sweep order.
    func groups() -> [[(path: String, value: ScenarioTree)]] {
        var out: [[(path: String, value: ScenarioTree)]] = [], seen: Set<String> = []
        for p in base.points {
            let rest = p.settings.filter { $0.path != path }
            let key = rest.map { "\($0.path)=\($0.value.text)" }.joined(separator: "|")
            if seen.insert(key).inserted { out.append(rest) }
        }
        return out
    }

    public func find() throws -> [Answer] {
        let (start, unit) = try start()
        guard start > 0 else {
            throw ScenarioError(file: base.file, line: nil, path: path, lineMissingMeansOverride: false, message: "start from a value above 0 (--from)")
        }
        let integral = start == start.rounded() && (to ?? 0) == (to ?? 0).rounded()
        let tasks = groups().flatMap { g in options.map { (g, $0) } }
        // Replications in parallel when there are enough of them to keep every core busy (no
        // tail of one long search on one core); otherwise the searches in parallel.
        let across = base.base.replications < jobs && tasks.count >= jobs && jobs > 1
        var runners: [String: StudyRunner] = [:]
        for o in options {
            var r = try StudyRunner(file: file, overrides: overrides + ["options=[\(o)]"], jobs: across ? 1 : jobs)
            r.log = log
            runners[o] = r
        }
        let built = runners
        let results = parallelMap(count: tasks.count, jobs: across ? jobs : 1) { i -> Result<Answer, Error> in
            Result { try search(tasks[i].0, option: tasks[i].1, runner: built[tasks[i].1]!, start: start, unit: unit, integral: integral) }
        }
        return try results.map { try $0.get() }
    }

    func search(_ group: [(path: String, value: ScenarioTree)], option: String, runner: StudyRunner,
                start: Double, unit: String, integral: Bool) throws -> Answer {
        let label = SweepPoint(index: 0, settings: group).label
        let scenario = try runner.scenario(for: SweepPoint(index: 0, settings: group))
        let onPath = IntegrationOption(rawValue: option).flatMap { StudyRunner.pathComponents(scenario, option: $0, flow: flow) }
        var probes: [Probe] = []
        let cross = condition
        func probe(_ v: Double) throws -> Probe {
            if let p = probes.first(where: { $0.value == v }) { return p }
            let text = (integral ? String(Int64(v)) : String(format: "%g", v)) + unit
            let point = SweepPoint(index: 0, settings: group + [(path, .scalar(text, line: nil))])
            let rows = try runner.runPoint(point, StudyColumns(paths: point.settings.map(\.path)))
            let p = measure(rows, value: v, settings: point.settings.count, onPath: onPath)
            probes.append(p)
            log?("capacity: \(option)\(label.isEmpty ? "" : ", " + label): \(path)=\(text) → \(describe(p))")
            return p
        }
        let limitTo = to ?? start * 64
        var lo: Double? = nil, hi: Double? = nil
        var p = try probe(start)
        if cross.crossed(p.mean) {
            hi = start
            var v = start
            while probes.count < maxProbes {
                v = integral ? (v / 2).rounded(.down) : v / 2
                if v < (integral ? 1 : start / 64) || v == hi { break }
                p = try probe(v)
                if cross.crossed(p.mean) { hi = v } else { lo = v; break }
            }
        } else {
            lo = start
            var v = start
            while probes.count < maxProbes && v < limitTo {
                v = min(v * 2, limitTo)
                p = try probe(v)
                if cross.crossed(p.mean) { hi = v; break } else { lo = v }
            }
        }
        guard let low = lo, let high = hi else {
            return Answer(option: option, label: label, status: lo == nil ? .alreadyPast : .notReached, crossing: nil,
                          surelyBelow: nil, surelyPast: nil, probes: probes, c: { cross.crossed($0) })
        }
        var (a, b) = (low, high)
        // Safeguarded regula falsi: the next probe is where the line through the bracket's ends
        // meets the limit, kept 15 % of the bracket away from either end; after the same end
        // moved twice running, a plain bisection step (as the Illinois method guards against
        // a stalled end). Stops when the bracket is within the tolerance.
        var sameEnd = 0, lastMovedLow: Bool? = nil
        while probes.count < maxProbes && b - a > tolerance * a {
            let (ma, mb) = (probes.first { $0.value == a }!.mean, probes.first { $0.value == b }!.mean)
            let width = b - a
            var next = (a + b) / 2
            if sameEnd < 2, ma.isFinite, mb.isFinite, mb != ma {
                next = min(b - 0.15 * width, max(a + 0.15 * width, a + (cross.limit - ma) / (mb - ma) * width))
            }
            if integral { next = next.rounded() }
            if next <= a || next >= b { break }
            let movedLow = !cross.crossed(try probe(next).mean)
            if movedLow { a = next } else { b = next }
            sameEnd = lastMovedLow == movedLow ? sameEnd + 1 : 1
            lastMovedLow = movedLow
        }
        let pa = probes.first { $0.value == a }!, pb = probes.first { $0.value == b }!
        let fraction = pb.mean == pa.mean ? 0.5 : (cross.limit - pa.mean) / (pb.mean - pa.mean)
        let crossing = a + min(1, max(0, fraction)) * (b - a)
        // Surely below: the interval lies wholly on the near side; surely past: wholly beyond.
        func wholly(_ p: Probe, past: Bool) -> Bool {
            guard let ci = p.metric else { return false }
            let edge = past ? (cross.above ? ci.low : ci.high) : (cross.above ? ci.high : ci.low)
            return past ? cross.crossed(edge) : !cross.crossed(edge)
        }
        let below = probes.filter { $0.value <= crossing && wholly($0, past: false) }.map(\.value).max()
        let past = probes.filter { $0.value >= crossing && wholly($0, past: true) }.map(\.value).min()
        return Answer(option: option, label: label, status: .found, crossing: crossing, surelyBelow: below, surelyPast: past,
                      probes: probes.sorted { $0.value < $1.value }, c: { cross.crossed($0) })
    }

    func describe(_ p: Probe) -> String {
        let m = p.metric.map { String(format: "%.4g [%.4g, %.4g]", $0.mean, $0.low, $0.high) } ?? String(format: "%.4g", p.mean)
        return "\(condition.metric.name) \(m)" + (p.busiest.map { String(format: ", busiest %@ %.0f%%", $0.name, $0.utilisation * 100) } ?? "")
    }

    /// The metric of one probe over its replications, and the busiest component on the path.
    func measure(_ rows: StudyRunner.PointRows, value: Double, settings: Int, onPath: Set<String>?) -> Probe {
        let columns = StudyColumns(paths: Array(repeating: "p", count: settings))
        let fh = columns.flowHeader, ch = columns.componentHeader
        let (fFlow, fRep) = (fh.firstIndex(of: "flow")!, fh.firstIndex(of: "replication")!)
        let (cName, cUtil, cRep) = (ch.firstIndex(of: "component")!, ch.firstIndex(of: "utilisation")!, ch.firstIndex(of: "replication")!)
        let replications = Set(rows.flows.map { $0[fRep] })
        var values: [Double] = []
        switch condition.metric {
        case .flow(let name):
            let c = fh.firstIndex(of: name)!
            values = rows.flows.filter { $0[fFlow] == flow }.compactMap { Double($0[c]) }.filter(\.isFinite)
        case .utilisation(let component):
            // A replication without a row for the component had it idle.
            values = replications.sorted().map { r in
                rows.components.first { $0[cRep] == r && $0[cName] == component }.flatMap { Double($0[cUtil]) } ?? 0
            }
        }
        var components = CSVTable(header: ch)
        components.append(contentsOf: rows.components)
        let busiest = OptionRanking.busiest(OptionRanking.meanUtilisation(components).values.first ?? [:], onPath: onPath)
        let ci = try? ConfidenceInterval.ofMean(values, level: base.base.confidence)
        let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
        return Probe(value: value, metric: ci, mean: mean, busiest: busiest)
    }
}

extension CapacityCondition.Metric {
    /// As written in `--until`.
    public var name: String {
        switch self {
        case .flow(let n): return n
        case .utilisation(let c): return "utilisation(\(c))"
        }
    }
}
