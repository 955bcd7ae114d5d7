import Foundation
import HybridCloud
import NetModel
import SimKernel

/// A validated scenario: the architecture, its traffic and failures, and how to run it.
/// The format is documented field by field in docs/scenario-format.md.
public struct Scenario: Sendable {
    public var name: String
    public var options: [IntegrationOption]
    /// The estate (the `architecture:` section; the reference architecture by default).
    public var inventory: Inventory
    /// The flows to simulate, each between two named endpoints with its request/response traffic.
    public var flows: [ScenarioFlow]
    public var failures: [FailureEvent]
    public var warmup: SimTime
    public var duration: SimTime
    public var replications: Int
    public var confidence: Double
    public var seed: UInt64
    /// Replicate until this precision is reached (or the cap), instead of a fixed count.
    public var precision: Precision?
    /// `warmup: auto`: choose the warm-up with MSER-5 on a pilot replication.
    public var automaticWarmUp = false
    /// An explicit network instead of the reference architecture.
    public var topology: TopologySpec? = nil

    /// What is simulated side by side: the integration options, or the one explicit topology.
    public var alternatives: [String] { topology == nil ? options.map(\.rawValue) : ["topology"] }
    /// The names of the flows, in output order.
    public var flowNames: [String] { topology?.sources.map(\.name) ?? flows.map(\.name) }

    /// Sequential replication: after the first `replications`, add that many more at a time
    /// until the confidence interval of `metric` (for `flow`, or every flow) has a relative
    /// half-width at most `relativeHalfWidth`, or `maxReplications` is reached.
    public struct Precision: Sendable, Equatable {
        public var metric: String
        public var flow: String?
        public var relativeHalfWidth: Double
        public var maxReplications: Int
    }

    /// The built-in default study (also shipped as scenarios/default.yaml).
    public static let defaultYAML = """
        name: default
        options: all
        experiment:
          warmup: 2s
          duration: 8s
          replications: 5
          confidence: 95%
          seed: 20261121
        """

    /// Reads and validates `path` (YAML), applying `overrides` (`path=value`) first.
    public static func load(path: String, overrides: [String] = []) throws -> (Scenario, ScenarioTree) {
        try load(text: try read(path), file: path, overrides: overrides)
    }

    static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(file: path, line: nil, path: "", message: "no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, path: "", message: "cannot read the file (is it a folder, or unreadable?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, path: "", message: "not UTF-8 text")
        }
        return text
    }

    /// Validates YAML `text` from `file`, applying `overrides` first.
    public static func load(text: String, file: String, overrides: [String] = []) throws -> (Scenario, ScenarioTree) {
        var tree = try ScenarioTree.parse(text, file: file)
        tree = try apply(overrides: overrides, to: tree, file: file)
        return (try decode(tree.removing("sweep"), file: file), tree)
    }

    /// Applies `key.path=value` overrides (the value is read as YAML: `20s`, `[a, b]`).
    public static func apply(overrides: [String], to tree: ScenarioTree, file: String) throws -> ScenarioTree {
        var tree = tree
        for o in overrides {
            guard let eq = o.firstIndex(of: "="), eq != o.startIndex else {
                throw ScenarioError(file: "--set", line: nil, path: o, message: "expected path=value, e.g. experiment.duration=20s")
            }
            let keys = o[..<eq].split(separator: ".").map(String.init)
            let value = try ScenarioTree.parse(String(o[o.index(after: eq)...]), file: "--set \(o)").withoutLines
            tree = tree.setting(keys, to: value)
        }
        return tree
    }

    /// Decodes a tree (without its `sweep` section).
    public static func decode(_ tree: ScenarioTree, file: String) throws -> Scenario {
        let d = ScenarioDecoder(file: file)
        let root = try d.mapping(tree, "", allowed: ["name", "description", "options", "architecture", "flows", "failures", "experiment", "sweep", "topology"])
        var s = Scenario(name: (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: ""),
                         options: IntegrationOption.allCases, inventory: Inventory(),
                         flows: DocumentedFlow.documented.map(ScenarioFlow.init(preset:)), failures: [],
                         warmup: .seconds(2), duration: .seconds(8), replications: 5, confidence: 0.95, seed: 20_261_121,
                         precision: nil)
        if let v = root["name"] { s.name = try d.string(v, "name") }
        if let v = root["options"] { s.options = try d.options(v, "options") }
        if let v = root["architecture"] { s.inventory = try d.inventory(v, "architecture") }
        if let v = root["flows"] { s.flows = try d.flows(v, "flows") }
        // A flow to a VM with a service time, that gives no server time of its own, uses the VM's.
        for i in s.flows.indices {
            guard case .vm(let name) = s.flows[i].to, let t = s.inventory.vcs.vms.first(where: { $0.name == name })?.serviceTime,
                  root["flows"]?.value(at: [s.flows[i].name, "server"]) == nil else { continue }
            s.flows[i].traffic.serverTime = t
        }
        if let v = root["failures"] { s.failures = try d.failures(v, "failures") }
        if let v = root["topology"] {
            for key in ["options", "architecture", "flows", "failures"] where root[key] != nil {
                throw ScenarioError(file: file, line: root[key]!.line, path: key, message: "'\(key)' belongs to the reference architecture; a scenario with 'topology' describes its own network")
            }
            s.topology = try d.topology(v, "topology")
        }
        if let v = root["experiment"] {
            let e = try d.mapping(v, "experiment", allowed: ["warmup", "duration", "replications", "confidence", "seed", "precision"])
            if let w = e["precision"] { s.precision = try d.precision(w, "experiment.precision") }
            if let w = e["warmup"] {
                if case .scalar("auto", _) = w { s.automaticWarmUp = true } else { s.warmup = try d.duration(w, "experiment.warmup") }
            }
            if let w = e["duration"] { s.duration = try d.duration(w, "experiment.duration", positive: true) }
            if let w = e["replications"] { s.replications = try d.int(w, "experiment.replications", 2...10_000) }
            if let w = e["confidence"] {
                s.confidence = try d.fraction(w, "experiment.confidence")
                guard s.confidence > 0.5 && s.confidence < 1 else {
                    throw d.error(w, "experiment.confidence", "must be between 50% and 100% (e.g. 95%)")
                }
            }
            if let w = e["seed"] {
                guard case .scalar(let t, _) = w, let seed = UInt64(t) else {
                    throw d.error(w, "experiment.seed", "must be a whole number ≥ 0")
                }
                s.seed = seed
            }
        }
        if let p = s.precision, p.maxReplications < s.replications {
            throw ScenarioError(file: file, line: root["experiment"]?.line, path: "experiment.precision.max-replications",
                                message: "must be at least experiment.replications (\(s.replications))")
        }
        if s.topology == nil {
            let flowNodes = root["flows"]
            for f in s.flows {
                for (end, e) in [("from", f.from), ("to", f.to)] {
                    guard let problem = s.inventory.problem(with: e) else { continue }
                    let node = flowNodes?.value(at: [f.name, end]) ?? flowNodes?.value(at: [f.name])
                    let preset = DocumentedFlow(rawValue: f.name) != nil && node == flowNodes?.value(at: [f.name])
                    throw ScenarioError(file: file, line: node?.line ?? flowNodes?.line, path: "flows.\(f.name)\(preset ? "" : ".\(end)")",
                                        message: problem + (preset ? " (this preset flow needs it; give the scenario its own 'flows:')" : ""))
                }
            }
        }
        if let p = s.precision, let f = p.flow, !s.flowNames.contains(f) {
            let hint = didYouMean(f, s.flowNames).map { "did you mean '\($0)'?" } ?? "flows: \(s.flowNames.joined(separator: ", "))"
            throw ScenarioError(file: file, line: root["experiment"]?.line, path: "experiment.precision.flow", message: "no flow '\(f)' in this scenario; \(hint)")
        }
        for f in s.failures where f.end > s.warmup + s.duration + .seconds(3600) {
            throw ScenarioError(file: file, line: root["failures"]?.line, path: "failures", message: "\(f.name) ends far after the run")
        }
        return s
    }
}

/// Reads typed values out of a `ScenarioTree`, with errors that name file, line and key path.
struct ScenarioDecoder {
    let file: String

    func error(_ node: ScenarioTree, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node.line, path: path, message: message)
    }

    func mapping(_ node: ScenarioTree, _ path: String, allowed: [String]) throws -> [String: ScenarioTree] {
        guard case .mapping(let pairs, _) = node else { throw error(node, path, "expected a mapping of keys to values") }
        var out: [String: ScenarioTree] = [:]
        for (k, v) in pairs {
            guard allowed.contains(k) else {
                let hint = didYouMean(k, allowed).map { "; did you mean '\($0)'?" } ?? "; allowed: \(allowed.joined(separator: ", "))"
                throw ScenarioError(file: file, line: v.line, path: ScenarioTree.join(path, k), message: "unknown key '\(k)'\(hint)")
            }
            out[k] = v
        }
        return out
    }

    func scalar(_ node: ScenarioTree, _ path: String) throws -> String {
        guard case .scalar(let s, _) = node else { throw error(node, path, "expected a single value") }
        return s
    }

    func string(_ node: ScenarioTree, _ path: String) throws -> String { try scalar(node, path) }

    func int(_ node: ScenarioTree, _ path: String, _ range: ClosedRange<Int>) throws -> Int {
        let s = try scalar(node, path)
        guard let v = Int(s), range.contains(v) else {
            throw error(node, path, "'\(s)' must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    func duration(_ node: ScenarioTree, _ path: String, positive: Bool = false) throws -> SimTime {
        let s = try scalar(node, path)
        guard let t = Units.duration(s), !positive || t > .zero else {
            throw error(node, path, "'\(s)' is not a \(positive ? "positive " : "")duration; write a number with a unit: 500us, 1.5ms, 2s, 1min")
        }
        return t
    }

    func rate(_ node: ScenarioTree, _ path: String) throws -> Int64 {
        let s = try scalar(node, path)
        guard let r = Units.bitsPerSecond(s) else { throw error(node, path, "'\(s)' is not a bit rate; write e.g. 100Mbps, 1Gbps, 10Gbps") }
        return r
    }

    func bytes(_ node: ScenarioTree, _ path: String) throws -> Int {
        let s = try scalar(node, path)
        guard let b = Units.bytes(s), b == b.rounded(), b < 1e9 else { throw error(node, path, "'\(s)' is not a size; write e.g. 1500B, 64KiB") }
        return Int(b)
    }

    func fraction(_ node: ScenarioTree, _ path: String) throws -> Double {
        let s = try scalar(node, path)
        guard let f = Units.fraction(s), f >= 0, f <= 1 else { throw error(node, path, "'\(s)' is not a fraction; write e.g. 95% or 0.95") }
        return f
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: ScenarioTree, _ path: String, _ type: T.Type) throws -> T where T.RawValue == String {
        let s = try scalar(node, path)
        guard let v = T(rawValue: s) else {
            let all = T.allCases.map(\.rawValue)
            let hint = didYouMean(s, all).map { "did you mean '\($0)'?" } ?? "one of: \(all.joined(separator: ", "))"
            throw error(node, path, "'\(s)' is not allowed; \(hint)")
        }
        return v
    }

    func options(_ node: ScenarioTree, _ path: String) throws -> [IntegrationOption] {
        if case .scalar("all", _) = node { return IntegrationOption.allCases }
        let items: [ScenarioTree]
        switch node {
        case .sequence(let s, _): items = s
        case .scalar: items = [node]
        default: throw error(node, path, "expected 'all' or a list of options")
        }
        guard !items.isEmpty else { throw error(node, path, "give at least one option") }
        return try items.enumerated().map { try choice($1, "\(path)[\($0)]", IntegrationOption.self) }
    }

    func flows(_ node: ScenarioTree, _ path: String) throws -> [ScenarioFlow] {
        guard case .mapping(let pairs, _) = node, !pairs.isEmpty else { throw error(node, path, "expected flow names with their traffic (or 'default')") }
        var out: [ScenarioFlow] = []
        for (name, value) in pairs {
            let p = "\(path).\(name)"
            let preset = DocumentedFlow(rawValue: name)
            if case .scalar("default", _) = value {
                guard let preset else { throw unknownFlow(name, value, p) }
                out.append(ScenarioFlow(preset: preset))
                continue
            }
            let m = try mapping(value, p, allowed: ["from", "to", "clients", "think", "request", "response", "server", "timeout", "new-connections"])
            var flow: ScenarioFlow
            if m["from"] != nil || m["to"] != nil {
                guard let fromNode = m["from"], let toNode = m["to"] else {
                    throw error(value, p, "a flow between endpoints needs both 'from' and 'to' (\(FlowEndpoint.forms))")
                }
                flow = ScenarioFlow(name: name, from: try endpoint(fromNode, "\(p).from"), to: try endpoint(toNode, "\(p).to"),
                                    traffic: ScenarioFlow.defaultTraffic)
            } else {
                guard let preset else { throw unknownFlow(name, value, p) }
                flow = ScenarioFlow(preset: preset)
            }
            var t = flow.traffic
            if let v = m["new-connections"] { t.newConnectionEachRequest = try bool(v, "\(p).new-connections") }
            if let v = m["clients"] { t.clients = try int(v, "\(p).clients", 1...100_000) }
            if let v = m["think"] { t.thinkTime = try distribution(v, "\(p).think", unit: .time) }
            if let v = m["request"] { t.requestBytes = try distribution(v, "\(p).request", unit: .bytes) }
            if let v = m["response"] { t.responseBytes = try distribution(v, "\(p).response", unit: .bytes) }
            if let v = m["server"] { t.serverTime = try distribution(v, "\(p).server", unit: .time) }
            if let v = m["timeout"] { t.timeout = try duration(v, "\(p).timeout", positive: true) }
            flow.traffic = t
            out.append(flow)
        }
        return out
    }

    func unknownFlow(_ name: String, _ node: ScenarioTree, _ path: String) -> ScenarioError {
        let all = DocumentedFlow.allCases.map(\.rawValue)
        let hint = didYouMean(name, all).map { "did you mean '\($0)'?" } ?? "presets: \(all.joined(separator: ", "))"
        return ScenarioError(file: file, line: node.line, path: path,
                             message: "'\(name)' is not a preset flow; \(hint); or give the flow 'from' and 'to' endpoints")
    }

    func endpoint(_ node: ScenarioTree, _ path: String) throws -> FlowEndpoint {
        let s = try scalar(node, path)
        guard let e = FlowEndpoint(s) else { throw error(node, path, "'\(s)' is not an endpoint; one of: \(FlowEndpoint.forms)") }
        return e
    }

    func precision(_ node: ScenarioTree, _ path: String) throws -> Scenario.Precision {
        let m = try mapping(node, path, allowed: ["metric", "flow", "relative-half-width", "max-replications"])
        let metrics = FlowRow.summaryMetricNames.map(\.0)
        guard let metricNode = m["metric"] else { throw error(node, path, "missing 'metric' (one of: \(metrics.joined(separator: ", ")))") }
        let metric = try scalar(metricNode, "\(path).metric")
        guard metrics.contains(metric) else {
            let hint = didYouMean(metric, metrics).map { "did you mean '\($0)'?" } ?? "one of: \(metrics.joined(separator: ", "))"
            throw error(metricNode, "\(path).metric", "unknown metric '\(metric)'; \(hint)")
        }
        let flow = try m["flow"].map { try scalar($0, "\(path).flow") }
        guard let hwNode = m["relative-half-width"] else { throw error(node, path, "missing 'relative-half-width' (e.g. 2%)") }
        let hw = try fraction(hwNode, "\(path).relative-half-width")
        guard hw > 0 && hw < 1 else { throw error(hwNode, "\(path).relative-half-width", "must be between 0% and 100%") }
        let cap = try m["max-replications"].map { try int($0, "\(path).max-replications", 2...10_000) } ?? 50
        return Scenario.Precision(metric: metric, flow: flow, relativeHalfWidth: hw, maxReplications: cap)
    }

    func failures(_ node: ScenarioTree, _ path: String) throws -> [FailureEvent] {
        guard case .sequence(let items, _) = node else { throw error(node, path, "expected a list of failures") }
        return try items.enumerated().map { i, item in
            let p = "\(path)[\(i)]"
            let m = try mapping(item, p, allowed: ["event", "at", "for", "worker", "link", "endpoint-removal"])
            guard let ev = m["event"] else { throw error(item, p, "missing 'event' (strongswan-restart, esg-failover, worker-loss, link-down)") }
            guard let atNode = m["at"] else { throw error(item, p, "missing 'at' (when it starts, e.g. 5s)") }
            let at = try duration(atNode, "\(p).at")
            let length = try m["for"].map { try duration($0, "\(p).for", positive: true) }
            switch try scalar(ev, "\(p).event") {
            case "strongswan-restart": return .strongSwanRestart(at: at, downtime: length ?? .seconds(20))
            case "esg-failover":
                if let length { return .esgFailover(at: at, declareDead: length, takeover: .zero) }
                return .esgFailover(at: at)
            case "worker-loss":
                let w = try m["worker"].map { try int($0, "\(p).worker", 1...255) } ?? 3
                let removal = try m["endpoint-removal"].map { try duration($0, "\(p).endpoint-removal", positive: true) } ?? .seconds(40)
                return .workerLoss(worker: w, at: at, downtime: length ?? .seconds(330), endpointRemoval: removal)
            case "link-down":
                guard let l = m["link"], case .sequence(let ends, _) = l, ends.count == 2 else {
                    throw error(item, "\(p).link", "give the link as two device names, e.g. [onprem-router, wan]")
                }
                return .linkDown(try scalar(ends[0], "\(p).link[0]"), try scalar(ends[1], "\(p).link[1]"), at: at, duration: length ?? .seconds(10))
            case let other:
                let all = ["strongswan-restart", "esg-failover", "worker-loss", "link-down"]
                let hint = didYouMean(other, all).map { "did you mean '\($0)'?" } ?? "one of: \(all.joined(separator: ", "))"
                throw error(ev, "\(p).event", "unknown event '\(other)'; \(hint)")
            }
        }
    }

    enum Unit { case time, bytes }

    /// `10ms` (constant), `exp(10ms)`, `uniform(a, b)`, `lognormal(mean, sd)`, `erlang(k, mean)`,
    /// `gamma(shape, scale)`, `weibull(shape, scale)`, `pareto(shape, min[, max])`,
    /// `normal(mean, sd)` (truncated at 0). Times in seconds internally, sizes in bytes.
    func distribution(_ node: ScenarioTree, _ path: String, unit: Unit) throws -> Distribution {
        let s = try scalar(node, path).trimmingCharacters(in: .whitespaces)
        func quantity(_ t: String) throws -> Double {
            switch unit {
            case .time:
                guard let d = Units.duration(t) else { throw error(node, path, "'\(t)' is not a duration (e.g. 10ms)") }
                return d.seconds
            case .bytes:
                guard let b = Units.bytes(t) else { throw error(node, path, "'\(t)' is not a size (e.g. 4kB)") }
                return b
            }
        }
        func number(_ t: String) throws -> Double {
            guard let v = Double(t.trimmingCharacters(in: .whitespaces)), v.isFinite else { throw error(node, path, "'\(t)' is not a number") }
            return v
        }
        do {
            guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else { return try .constant(quantity(s)) }
            let name = String(s[..<open]).trimmingCharacters(in: .whitespaces)
            let args = s[s.index(after: open)..<s.index(before: s.endIndex)].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            func need(_ n: ClosedRange<Int>) throws {
                guard n.contains(args.count) else { throw error(node, path, "\(name)(...) takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) or \(n.upperBound)") arguments, got \(args.count)") }
            }
            switch name {
            case "const", "constant": try need(1...1); return try .constant(quantity(args[0]))
            case "exp", "exponential": try need(1...1); return try .exponential(mean: quantity(args[0]))
            case "uniform": try need(2...2); return try .uniform(low: quantity(args[0]), high: quantity(args[1]))
            case "lognormal": try need(2...2); return try .lognormal(mean: quantity(args[0]), stdev: quantity(args[1]))
            case "erlang": try need(2...2); return try .erlang(k: Int(number(args[0])), mean: quantity(args[1]))
            case "gamma": try need(2...2); return try .gamma(shape: number(args[0]), scale: quantity(args[1]))
            case "weibull": try need(2...2); return try .weibull(shape: number(args[0]), scale: quantity(args[1]))
            case "pareto":
                try need(2...3)
                return try .pareto(shape: number(args[0]), scale: quantity(args[1]), upperBound: args.count == 3 ? quantity(args[2]) : nil)
            case "normal": try need(2...2); return try .truncatedNormal(mean: quantity(args[0]), stdev: quantity(args[1]))
            default:
                let all = ["exp", "uniform", "lognormal", "erlang", "gamma", "weibull", "pareto", "normal", "const"]
                let hint = didYouMean(name, all).map { "did you mean '\($0)'?" } ?? "one of: \(all.joined(separator: ", "))"
                throw error(node, path, "unknown distribution '\(name)'; \(hint)")
            }
        } catch let e as DistributionError {
            throw error(node, path, e.message)
        }
    }
}

extension ScenarioTree {
    subscript(key: String) -> ScenarioTree? { value(at: [key]) }
}
