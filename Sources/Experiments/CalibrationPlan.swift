import Foundation
import HybridCloud
import SimKernel

/// A measurements file (`hybridsim calibrate MEASUREMENTS.yaml`): the estate the
/// measurements were taken on, the measurements, the device parameters that may change to fit
/// them (with bounds) and how long each measurement is simulated. Format: docs/calibration.md.
public struct CalibrationPlan: Sendable {
    public var file: String
    /// The scenario of the estate (its `architecture:` and `devices:`), relative to the
    /// measurements file; nil: the reference architecture.
    public var scenarioFile: String?
    public var measurements: [CalibrationMeasurement]
    /// The parameters to fit, each with the range it may take (SI units).
    public var fit: [(parameter: DeviceParameter, range: ClosedRange<Double>)]
    public var warmup = "0.1s"
    public var duration = "0.4s"
    public var replications = 2
    public var seed: UInt64 = 20_261_121
    /// `--check` fails when simulated / measured leaves 1 ± this.
    public var checkBand = 0.1

    /// Reads and checks `path`; `scenario` (from `--scenario`) replaces the file's own.
    public static func load(path: String, scenario: String? = nil) throws -> CalibrationPlan {
        let tree = try ScenarioTree.parse(try Scenario.read(path), file: path)
        let d = ScenarioDecoder(file: path)
        let root = try d.mapping(tree, "", allowed: ["description", "scenario", "experiment", "check-band", "fit", "measurements"])
        var plan = CalibrationPlan(file: path, scenarioFile: nil, measurements: [], fit: [])
        if let v = root["scenario"] {
            let name = try d.scalar(v, "scenario")
            plan.scenarioFile = name.hasPrefix("/") ? name : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        }
        if let scenario { plan.scenarioFile = scenario }
        if let v = root["experiment"] {
            let e = try d.mapping(v, "experiment", allowed: ["warmup", "duration", "replications", "seed"])
            if let w = e["warmup"] { plan.warmup = try d.scalar(w, "experiment.warmup"); _ = try d.duration(w, "experiment.warmup") }
            if let w = e["duration"] { plan.duration = try d.scalar(w, "experiment.duration"); _ = try d.duration(w, "experiment.duration", positive: true) }
            if let w = e["replications"] { plan.replications = try d.int(w, "experiment.replications", 2...1_000) }
            if let w = e["seed"] {
                guard let s = UInt64(try d.scalar(w, "experiment.seed")) else { throw d.error(w, "experiment.seed", "must be a whole number ≥ 0") }
                plan.seed = s
            }
        }
        if let v = root["check-band"] {
            plan.checkBand = try d.fraction(v, "check-band")
            guard plan.checkBand > 0 else { throw d.error(v, "check-band", "must be above 0% (e.g. 10%)") }
        }
        if let v = root["fit"] { plan.fit = try fitParameters(v, d) }
        guard let m = root["measurements"] else {
            throw ScenarioError(file: path, line: tree.line, path: "measurements", message: "missing 'measurements' (what was measured, by name)")
        }
        for (name, node, p) in try d.entries(m, "measurements") { plan.measurements.append(try measurement(name, node, p, d)) }
        return plan
    }

    /// `fit: {esg.per-byte: {from: 1ns, to: 10ns}}`, or a list of names (default/10 … default×10).
    static func fitParameters(_ node: ScenarioTree, _ d: ScenarioDecoder) throws -> [(parameter: DeviceParameter, range: ClosedRange<Double>)] {
        var pairs: [(String, ScenarioTree?, ScenarioTree)] = []
        switch node {
        case .sequence(let items, _): pairs = try items.enumerated().map { (try d.scalar($1, "fit[\($0)]"), nil, $1) }
        case .mapping(let m, _): pairs = m.map { ($0.key, $0.value, $0.value) }
        case .scalar: throw d.error(node, "fit", "expected the parameters to fit, e.g. fit: {esg.per-byte: {from: 1ns, to: 10ns}}")
        }
        return try pairs.map { name, bounds, at in
            guard let p = DeviceParameter.named(name) else {
                let all = DeviceParameter.allCases.map(\.rawValue)
                let hint = didYouMean(name, all).map { "did you mean '\($0)'?" } ?? "hybridsim parameters lists them"
                throw d.error(at, "fit.\(name)", "unknown device parameter '\(name)'; \(hint)")
            }
            guard [.duration, .durationPerByte, .bitRate].contains(p.unit) else {
                throw d.error(at, "fit.\(name)", "\(name) is a \(p.unit.rawValue); only costs and rates are fitted (set counts and switches in the scenario's devices: section)")
            }
            var low = p.defaultValue / 10, high = p.defaultValue * 10
            if let bounds {
                let b = try d.mapping(bounds, "fit.\(name)", allowed: ["from", "to"])
                if let v = b["from"] { low = try d.parameter(v, "fit.\(name).from", p) }
                if let v = b["to"] { high = try d.parameter(v, "fit.\(name).to", p) }
            }
            guard low > 0, high > low else {
                throw d.error(at, "fit.\(name)", "the range must be above 0 and 'from' below 'to' (got \(p.written(low))…\(p.written(high)))")
            }
            return (p, low...high)
        }
    }

    static func measurement(_ name: String, _ node: ScenarioTree, _ p: String, _ d: ScenarioDecoder) throws -> CalibrationMeasurement {
        let traffic = ScenarioDecoder.requestResponseKeys
        let m = try d.mapping(node, p, allowed: ["kind", "from", "to", "option", "streams", "window", "value", "baseline", "uncertainty", "set",
                                                 "device", "conditions", "source"] + traffic)
        func need(_ key: String, _ example: String) throws -> ScenarioTree {
            guard let v = m[key] else { throw d.error(node, p, "missing '\(key)' (\(example))") }
            return v
        }
        let kind = try d.choice(try need("kind", CalibrationMeasurement.Kind.allCases.map(\.rawValue).joined(separator: ", ")), "\(p).kind", CalibrationMeasurement.Kind.self)
        let from = try d.endpoint(try need("from", "an endpoint, e.g. iks/web"), "\(p).from")
        let to = try d.endpoint(try need("to", "an endpoint, e.g. vcs/db-vm"), "\(p).to")
        let option = try d.choice(try need("option", "the integration option it was measured under"), "\(p).option", IntegrationOption.self)
        let valueNode = try need("value", kind == .tcpThroughput ? "a rate, e.g. 940Mbps" : "a duration, e.g. 1.2ms")
        func quantity(_ v: ScenarioTree, _ path: String) throws -> Double {
            kind == .tcpThroughput ? Double(try d.rate(v, path)) : try d.duration(v, path, positive: true).seconds
        }
        let value = try quantity(valueNode, "\(p).value")
        var uncertainty = value * 0.05
        if let u = m["uncertainty"] {
            let text = try d.scalar(u, "\(p).uncertainty")
            if text.hasSuffix("%") { uncertainty = value * (try d.fraction(u, "\(p).uncertainty")) } else { uncertainty = try quantity(u, "\(p).uncertainty") }
            guard uncertainty > 0 else { throw d.error(u, "\(p).uncertainty", "must be above 0 (e.g. 5% or the value's unit)") }
        }
        var out = CalibrationMeasurement(name: name, kind: kind, from: from, to: to, option: option, value: value, uncertainty: uncertainty)
        if let v = m["streams"] {
            guard kind == .tcpThroughput else { throw d.error(v, "\(p).streams", "'streams' is for tcp-throughput") }
            out.streams = try d.int(v, "\(p).streams", 1...64)
        }
        if let v = m["window"] {
            guard kind == .tcpThroughput else { throw d.error(v, "\(p).window", "'window' is for tcp-throughput") }
            out.window = try d.int(v, "\(p).window", 1...100_000)
        }
        if let k = traffic.first(where: { m[$0] != nil }), kind != .transactionTime {
            throw d.error(m[k]!, "\(p).\(k)", "'\(k)' describes the load of a transaction-time measurement")
        }
        if kind == .transactionTime {
            out.traffic = try d.requestResponse(m, p, over: ScenarioFlow.defaultTraffic)
        }
        if let v = m["set"] {
            guard case .mapping(let pairs, _) = v else { throw d.error(v, "\(p).set", "expected scenario paths with values, e.g. {architecture.iks.vpn.cipher: aes-gcm}") }
            out.settings = pairs.map { "\($0.key)=\($0.value.text)" }
        }
        if let v = m["baseline"] {
            guard case .mapping(let pairs, _) = v else { throw d.error(v, "\(p).baseline", "expected the settings of the baseline run, e.g. {architecture.iks.service-count: 4}") }
            out.baseline = pairs.map { "\($0.key)=\($0.value.text)" }
        }
        if let v = m["device"] { out.device = try d.scalar(v, "\(p).device") }
        if let v = m["conditions"] { out.conditions = try d.scalar(v, "\(p).conditions") }
        if let v = m["source"] { out.source = try d.scalar(v, "\(p).source") }
        return out
    }
}
