import Foundation
import HybridCloud
import NetModel
import SimKernel

/// Fits device parameters to measurements by simulation (`hybridsim calibrate`), or checks the
/// current ones against them (`--check`). Every trial simulates each measurement's scenario
/// with the same replication seeds (common random numbers), so two trials differ only by
/// their parameter values. One parameter fitted to one measurement is solved by bisection on
/// a log scale; otherwise GSL's Nelder–Mead simplex minimises χ² = Σ ((simulated − measured)
/// / uncertainty)² over the logarithms of the parameters, within their ranges.
public struct Calibration: Sendable {
    public let plan: CalibrationPlan
    /// Per measurement: its estate (with the scenario's own device values), option, flows and run length.
    public let scenarios: [Scenario]
    /// Per measurement with a baseline: the baseline's scenario.
    public let baselines: [Scenario?]
    public var jobs: Int
    /// Called with a line per trial.
    public var log: (@Sendable (String) -> Void)? = nil

    public init(plan: CalibrationPlan, jobs: Int) throws {
        self.plan = plan
        self.jobs = jobs
        let text = try plan.scenarioFile.map(Scenario.read) ?? "name: calibration"
        let file = plan.scenarioFile ?? "(reference architecture)"
        let run = ["experiment.warmup=\(plan.warmup)", "experiment.duration=\(plan.duration)",
                   "experiment.replications=\(plan.replications)", "experiment.seed=\(plan.seed)"]
        func scenario(_ m: CalibrationMeasurement, _ settings: [String]) throws -> Scenario {
            var (s, _) = try Scenario.load(text: text, file: file, overrides: settings + run)
            guard s.topology == nil else {
                throw ScenarioError(file: plan.file, line: nil, path: "scenario", message: "\(file) has an explicit topology; measurements are taken on an estate")
            }
            s.options = [m.option]
            s.flows = try m.flows()
            s.failures = []
            for end in [m.from, m.to] {
                if let problem = s.inventory.problem(with: end) {
                    throw ScenarioError(file: plan.file, line: nil, path: "measurements.\(m.name)", message: problem)
                }
            }
            return s
        }
        scenarios = try plan.measurements.map { try scenario($0, $0.settings) }
        baselines = try plan.measurements.map { m in try m.baseline.map { try scenario(m, m.settings + $0) } }
    }

    /// A measurement simulated: the mean over replications and its 95 % half-width (SI units).
    public struct Estimate: Sendable {
        public var mean: Double
        public var halfWidth: Double
    }

    /// The fitted parameters' values in the scenario (its `devices:` section, else the defaults).
    public var startingValues: [DeviceParameter: Double] {
        Dictionary(uniqueKeysWithValues: plan.fit.map { f in
            (f.parameter, min(f.range.upperBound, max(f.range.lowerBound, scenarios.first?.inventory.devices[f.parameter] ?? f.parameter.defaultValue)))
        })
    }

    /// Every measurement simulated with `values` for the parameters they name.
    public func simulate(_ values: [DeviceParameter: Double]) throws -> [Estimate] {
        let reps = plan.replications, count = scenarios.count
        let measurements = plan.measurements
        // Every run: (measurement, replication, scenario); a baseline's runs follow its measurement's.
        var runs: [(k: Int, r: Int, s: Scenario, baseline: Bool)] = []
        for k in 0..<count {
            for r in 0..<reps { runs.append((k, r, scenarios[k], false)) }
            if let b = baselines[k] { for r in 0..<reps { runs.append((k, r, b, true)) } }
        }
        let todo = runs
        let observed = parallelMap(count: todo.count, jobs: jobs) { i -> Result<Double, Error> in
            Result {
                var s = todo[i].s
                for (p, v) in values { s.inventory.devices[p] = v }
                let result = try StudyRunner.simulate(s, alternative: measurements[todo[i].k].option.rawValue, replication: todo[i].r + 1)
                return measurements[todo[i].k].observe(result)
            }
        }
        var main = Array(repeating: [Double](repeating: 0, count: reps), count: count)
        var base = main
        for (i, run) in runs.enumerated() {
            let v = try observed[i].get()
            if run.baseline { base[run.k][run.r] = v } else { main[run.k][run.r] = v }
        }
        return try (0..<count).map { k in
            let v = (0..<reps).map { main[k][$0] - base[k][$0] }
            let ci = try ConfidenceInterval.ofMean(v, level: 0.95)
            return Estimate(mean: ci.mean, halfWidth: ci.halfWidth)
        }
    }

    /// χ² of `estimates` against the measurements.
    public func chiSquare(_ estimates: [Estimate]) -> Double {
        zip(estimates, plan.measurements).reduce(0) { sum, e in
            let z = (e.0.mean - e.1.value) / e.1.uncertainty
            return sum + (z.isFinite ? z * z : .infinity)
        }
    }

    /// The outcome of a fit.
    public struct Fit: Sendable {
        public var start: [DeviceParameter: Double]
        public var values: [DeviceParameter: Double]
        public var before: [Estimate]
        public var after: [Estimate]
        public var trials: Int
        public var method: String
        /// The search ended by its tolerance (false: its trial cap, or no bracket).
        public var converged: Bool
    }

    public func fit() throws -> Fit {
        guard !plan.fit.isEmpty else {
            throw ScenarioError(file: plan.file, line: nil, path: "fit", message: "no parameter to fit; name them, e.g. fit: {strongswan.crypto-per-byte-gcm: {from: 1ns, to: 10ns}}")
        }
        let start = startingValues
        var trials = 0
        var failure: Error? = nil
        var cache: [[Double]: (Double, [Estimate])] = [:]
        // One trial: the parameters at exp(x), χ² and the estimates.
        func trial(_ x: [Double]) -> (Double, [Estimate]) {
            if let hit = cache[x] { return hit }
            var values: [DeviceParameter: Double] = [:]
            for (i, f) in plan.fit.enumerated() {
                let v = exp(x[i])
                // Outside the range (with a little slack for rounding): refused.
                if v < f.range.lowerBound * (1 - 1e-9) || v > f.range.upperBound * (1 + 1e-9) { return (.infinity, []) }
                values[f.parameter] = v
            }
            trials += 1
            do {
                let e = try simulate(values)
                let chi = chiSquare(e)
                let shown = plan.fit.map { "\($0.parameter.rawValue)=\($0.parameter.written(values[$0.parameter]!))" }.joined(separator: ", ")
                log?(String(format: "calibrate: trial %d: %@ → χ² %.3g", trials, shown, chi))
                cache[x] = (chi, e)
                return (chi, e)
            } catch {
                if failure == nil { failure = error }
                return (.infinity, [])
            }
        }
        let before = try simulate(start)
        var best: [Double]
        var converged: Bool
        var method: String
        if plan.fit.count == 1 && plan.measurements.count == 1 {
            method = "bisection"
            (best, converged) = bisect(trial)
        } else {
            method = "Nelder-Mead simplex (GSL nmsimplex2)"
            let x0 = plan.fit.map { Foundation.log(start[$0.parameter]!) }
            let r = Minimizer.nelderMead(start: x0, steps: plan.fit.map { f in min(0.3, Foundation.log(f.range.upperBound / f.range.lowerBound) / 4) },
                                         size: 2e-3, maxIterations: 80) { trial($0).0 }
            best = r.point
            converged = r.converged
        }
        if let failure { throw failure }
        var values: [DeviceParameter: Double] = [:]
        for (i, f) in plan.fit.enumerated() { values[f.parameter] = exp(best[i]) }
        let after = try simulate(values)
        return Fit(start: start, values: values, before: before, after: after, trials: trials, method: method, converged: converged)
    }

    /// Bisection of the one measurement's residual over the log of the one parameter's range;
    /// the end of the final bracket with the smaller residual.
    func bisect(_ trial: ([Double]) -> (Double, [Estimate])) -> ([Double], Bool) {
        let f = plan.fit[0], m = plan.measurements[0]
        func residual(_ x: Double) -> Double { trial([x]).1.first.map { $0.mean - m.value } ?? .nan }
        var (a, b) = (Foundation.log(f.range.lowerBound), Foundation.log(f.range.upperBound))
        var (ra, rb) = (residual(a), residual(b))
        guard ra.isFinite, rb.isFinite, ra * rb <= 0 else {
            // No sign change within the range: the nearer end is the best the range allows.
            return ([abs(ra) <= abs(rb) || !rb.isFinite ? a : b], false)
        }
        while b - a > 1e-3 {
            let mid = (a + b) / 2, r = residual(mid)
            guard r.isFinite else { break }
            if (r < 0) == (ra < 0) { (a, ra) = (mid, r) } else { (b, rb) = (mid, r) }
        }
        return ([abs(ra) <= abs(rb) ? a : b], true)
    }

    /// Whether a simulated estimate reproduces its measurement: within the measurement's
    /// uncertainty plus the simulation's own half-width.
    public static func reaches(_ e: Estimate, _ m: CalibrationMeasurement) -> Bool {
        abs(e.mean - m.value) <= m.uncertainty + e.halfWidth
    }

    /// The overrides file of fitted `values` (`--overrides FILE` of run, sweep, ...).
    public static func overridesText(_ values: [DeviceParameter: Double], header: String) -> String {
        var out = header.split(separator: "\n").map { "# \($0)\n" }.joined() + "devices:\n"
        for group in DeviceParameter.devices {
            let mine = DeviceParameter.allCases.filter { $0.device == group && values[$0] != nil }
            guard !mine.isEmpty else { continue }
            out += "  \(group):\n"
            for p in mine { out += "    \(p.key): \(p.written(values[p]!))\n" }
        }
        return out
    }
}
