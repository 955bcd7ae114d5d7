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
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= ScenarioTree.largestFileBytes else {
            throw ScenarioError(file: path, line: nil, path: "",
                                message: "the file has \(size) bytes; scenario files of at most \(ScenarioTree.largestFileBytes >> 20) MiB are read")
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
        guard case .mapping = tree else {
            throw ScenarioError(file: file, line: tree.line, path: "",
                                message: "a scenario is a mapping of sections (name, options, architecture, devices, flows, failures, experiment, sweep, topology), not a \(tree.kindName)")
        }
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
            guard let keys = ScenarioTree.keys(ofPath: o[..<eq]) else {
                throw ScenarioError(file: "--set", line: nil, path: o, message: "the path has an empty part or a key that is not a plain word (letters, digits, _ - / [ ]); write keys joined by dots, e.g. experiment.duration=20s")
            }
            let value = try ScenarioTree.parse(String(o[o.index(after: eq)...]), file: "--set \(o)").withoutLines
            try checkIndices(keys, in: tree, path: String(o[..<eq]))
            tree = setting(keys, to: value, in: tree)
        }
        return tree
    }

    /// A key `name[i]` of `keys` must name an item of a list that is there.
    static func checkIndices(_ keys: [String], in tree: ScenarioTree, path: String) throws {
        for (n, k) in keys.enumerated() {
            guard let (key, index) = ScenarioTree.indexed(k) else { continue }
            let parent = tree.value(at: Array(keys[..<n]))
            guard case .sequence(let items, _)? = parent?.value(at: [key]) else {
                throw ScenarioError(file: "--set", line: nil, path: path,
                                    message: "\((keys[..<n] + [key]).joined(separator: ".")) is not a list in this scenario; [\(index)] names an item of a list")
            }
            guard items.indices.contains(index) else {
                throw ScenarioError(file: "--set", line: nil, path: path,
                                    message: "\((keys[..<n] + [key]).joined(separator: ".")) has \(items.count) item(s), numbered from 0; there is no [\(index)]")
            }
        }
    }

    /// `tree` with the value at `keys` set (`--set` and sweep points). A file without a
    /// `flows:` section runs the documented flows; setting one of them (`flows.X.clients`)
    /// changes that flow and keeps the others, rather than leaving it alone.
    public static func setting(_ keys: [String], to value: ScenarioTree, in tree: ScenarioTree) -> ScenarioTree {
        var tree = tree
        if keys.count > 1, keys[0] == "flows", tree.value(at: ["flows"]) == nil, tree.value(at: ["topology"]) == nil {
            tree = tree.setting(["flows"], to: .mapping(DocumentedFlow.documented.map { ($0.rawValue, .scalar("default", line: nil)) }, line: nil))
        }
        return tree.setting(keys, to: value)
    }

    /// Decodes a tree (without its `sweep` section).
    public static func decode(_ tree: ScenarioTree, file: String) throws -> Scenario {
        let d = ScenarioDecoder(file: file)
        let root = try d.mapping(tree, "", allowed: ["name", "description", "options", "architecture", "devices", "flows", "failures", "experiment", "sweep", "topology"])
        var s = Scenario(name: (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: ""),
                         options: IntegrationOption.allCases, inventory: Inventory(),
                         flows: DocumentedFlow.documented.map { ScenarioFlow(preset: $0, in: .reference) }, failures: [],
                         warmup: .seconds(2), duration: .seconds(8), replications: 5, confidence: 0.95, seed: 20_261_121,
                         precision: nil)
        if let v = root["name"] { s.name = try d.string(v, "name") }
        if let v = root["options"] { s.options = try d.options(v, "options") }
        if let v = root["architecture"] {
            s.inventory = try d.inventory(v, "architecture")
            s.flows = DocumentedFlow.documented.map { ScenarioFlow(preset: $0, in: s.inventory) }
        }
        if let v = root["devices"] { s.inventory.devices = try d.devices(v, "devices") }
        if let v = root["flows"] { s.flows = try d.flows(v, "flows", in: s.inventory) }
        // A flow to a VM with a service time, that gives no server time of its own, uses the VM's.
        for i in s.flows.indices {
            guard case .vm(let name) = s.flows[i].to, let t = s.inventory.vm(named: name)?.vm.serviceTime,
                  root["flows"]?.value(at: [s.flows[i].name, "server"]) == nil else { continue }
            s.flows[i].traffic.serverTime = t
        }
        if let v = root["failures"] { s.failures = try d.failures(v, "failures") }
        if let v = root["topology"] {
            for key in ["options", "architecture", "devices", "flows", "failures"] where root[key] != nil {
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
                // Above 99.9999 % the Student-t quantile of a few replications is no longer finite.
                guard s.confidence > 0.5 && s.confidence <= 0.999_999 else {
                    throw d.error(w, "experiment.confidence", "must be above 50% and at most 99.9999% (e.g. 95%)")
                }
            }
            if let w = e["seed"] {
                guard case .scalar(let t, _) = w, let seed = UInt64(t) else {
                    throw d.error(w, "experiment.seed", "must be a whole number ≥ 0")
                }
                s.seed = seed
            }
        }
        if s.warmup.seconds + s.duration.seconds > ModelLimits.longestRunSeconds {
            throw ScenarioError(file: file, line: root["experiment"]?.line, path: "experiment.duration",
                                message: "warmup \(s.warmup) + duration \(s.duration) is longer than the longest run the model "
                                    + "represents, \(ModelLimits.longestRun); shorten them")
        }
        if let p = s.precision, p.maxReplications < s.replications {
            throw ScenarioError(file: file, line: root["experiment"]?.line, path: "experiment.precision.max-replications",
                                message: "must be at least experiment.replications (\(s.replications))")
        }
        if s.topology == nil {
            let flowNodes = root["flows"]
            for f in s.flows {
                for (end, e) in [("from", f.from), ("to", f.to)] {
                    guard var problem = s.inventory.problem(with: e) else { continue }
                    if let near = didYouMean(e.description, s.inventory.endpointNames) {
                        problem = "no endpoint \(e) in this estate; did you mean '\(near)'?"
                    }
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
            throw error(node, path, "'\(s)' is not a \(positive ? "positive " : "")duration; write a number with a unit, at most 1000000s: 500us, 1.5ms, 2s, 1min")
        }
        return t
    }

    func rate(_ node: ScenarioTree, _ path: String) throws -> Int64 {
        let s = try scalar(node, path)
        guard let r = Units.bitsPerSecond(s) else { throw error(node, path, "'\(s)' is not a bit rate from 1bps to below 1000Tbps; write e.g. 100Mbps, 1Gbps, 10Gbps") }
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

    /// What a distribution draws: a time (which saturates, `SimTime.sampled`) or a size.
    enum Unit: Equatable {
        case time, bytes(ModelLimits.Size)
    }

    /// `10ms` (constant), `exp(10ms)`, `uniform(a, b)`, `lognormal(mean, sd)`, `erlang(k, mean)`,
    /// `gamma(shape, scale)`, `weibull(shape, scale)`, `pareto(shape, min[, max])`,
    /// `normal(mean, sd)` (truncated at 0). Times in seconds internally, sizes in bytes.
    func distribution(_ node: ScenarioTree, _ path: String, unit: Unit) throws -> Distribution {
        let s = try scalar(node, path).trimmingCharacters(in: .whitespaces)
        func quantity(_ t: String) throws -> Double {
            switch unit {
            case .time:
                guard let d = Units.duration(t) else { throw error(node, path, "'\(t)' is not a duration of at most 1000000s (e.g. 10ms)") }
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
        func whole(_ t: String, _ range: ClosedRange<Int>) throws -> Int {
            let v = try number(t)
            guard v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
                throw error(node, path, "'\(t)' must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(v)
        }
        let d = try parsedDistribution(s, node, path, quantity: quantity, number: number, whole: whole)
        if case .bytes(let size) = unit {
            let p = d.probability(above: size.largestBytes)
            if !(p <= ModelLimits.largestTailProbability) {
                throw error(node, path, "'\(s)' exceeds the model's largest \(size == .packet ? "packet" : "message"), "
                    + "\(Int64(size.largestBytes)) B, with probability \(p); bound it (e.g. pareto(shape, min, max)) or lower its spread")
            }
        }
        return d
    }

    private func parsedDistribution(_ s: String, _ node: ScenarioTree, _ path: String, quantity: (String) throws -> Double,
                                    number: (String) throws -> Double,
                                    whole: (String, ClosedRange<Int>) throws -> Int) throws -> Distribution {
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
            case "erlang": try need(2...2); return try .erlang(k: whole(args[0], 1...1_000_000), mean: quantity(args[1]))
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
