import Reports
import SimKernel

/// A queueing model simulated for validation: stations and sources of the generic queueing
/// layer, run for `replications` independent replications of `duration` after `warmup`.
public struct ValidationModel: Sendable {
    public let name: String
    public let stations: [StationSpec]
    public let sources: [SourceSpec]
    public let warmup: SimTime
    public let duration: SimTime
    public let replications: Int
}

/// Which statistic of a replication is compared with the analytic value.
public enum ValidationMetric: Sendable, Equatable {
    /// Mean end-to-end sojourn time (seconds).
    case meanSojourn
    /// A percentile (0...100) of the end-to-end sojourn time (seconds).
    case sojournPercentile(Double)

    public var label: String {
        switch self {
        case .meanSojourn: return "mean sojourn"
        case .sojournPercentile(let p): return "p\(SimTimeFormat.number(p)) sojourn"
        }
    }

    func value(of result: QueueingResult) -> Double {
        switch self {
        case .meanSojourn: return result.endToEnd.tally.mean / 1e12
        case .sojournPercentile(let p): return result.endToEnd.percentile(p).seconds
        }
    }
}

/// One check: a metric of a model against its closed-form value.
public struct ValidationCase: Sendable {
    public let name: String
    public let model: Int
    public let metric: ValidationMetric
    /// The closed-form value, seconds.
    public let analytic: Double
    /// Largest accepted |simulated − analytic| / analytic.
    public let tolerance: Double
}

/// The outcome of one case.
public struct ValidationOutcome: Sendable {
    public let name: String
    public let metric: ValidationMetric
    public let analytic: Double
    public let interval: ConfidenceInterval
    public let relativeError: Double
    public let tolerance: Double
    /// Largest share of a replication's completions MSER-5 would truncate (0...1).
    public let transientShare: Double
    public let passed: Bool
    /// Why it failed (empty when it passed).
    public let failure: String
}

/// The analytic validation suite of the simulation kernel (`hybridsim verify`).
///
/// Pass = the analytic value lies inside the 99 % confidence interval of the replication
/// means, the relative error of the point estimate is below the case's tolerance (2 % for
/// means, 3 % for p99), and MSER-5 does not flag any replication as too short.
public struct ValidationSuite: Sendable {
    public let models: [ValidationModel]
    public let cases: [ValidationCase]
    public let confidence: Double
    public let masterSeed: UInt64

    public init(models: [ValidationModel], cases: [ValidationCase], confidence: Double = 0.99,
                masterSeed: UInt64 = 20_261_121) {
        self.models = models
        self.cases = cases
        self.confidence = confidence
        self.masterSeed = masterSeed
    }

    /// Runs every replication of every model (on up to `jobs` threads; the outcome does not
    /// depend on `jobs`) and evaluates the cases.
    public func run(jobs: Int) -> [ValidationOutcome] {
        let tasks = models.indices.flatMap { m in (0..<models[m].replications).map { (m, $0) } }
        let results = parallelMap(count: tasks.count, jobs: jobs) { [models, masterSeed] i in
            let (m, r) = tasks[i]
            let model = models[m]
            return QueueingNetwork.simulate(
                stations: model.stations, sources: model.sources,
                streams: RandomStreamFactory(masterSeed: masterSeed, replication: r),
                warmup: model.warmup, duration: model.duration)
        }
        var byModel = Array(repeating: [QueueingResult](), count: models.count)
        for (i, task) in tasks.enumerated() { byModel[task.0].append(results[i]) }
        return cases.map { evaluate($0, byModel[$0.model]) }
    }

    func evaluate(_ c: ValidationCase, _ runs: [QueueingResult]) -> ValidationOutcome {
        let values = runs.map { c.metric.value(of: $0) }
        let shares = runs.map { r -> Double in
            guard let t = r.transient else { return 1 }
            return Double(t.truncatedObservations) / Double(max(t.batchCount * MSER5.batchSize, 1))
        }
        let tooShort = runs.contains { $0.transient?.runTooShort ?? true }
        var failures: [String] = []
        let interval: ConfidenceInterval
        do {
            interval = try ConfidenceInterval.ofMean(values, level: confidence)
        } catch {
            return ValidationOutcome(
                name: c.name, metric: c.metric, analytic: c.analytic,
                interval: ConfidenceInterval(mean: .nan, halfWidth: .nan, level: confidence, count: values.count,
                                             standardDeviation: .nan),
                relativeError: .nan, tolerance: c.tolerance, transientShare: shares.max() ?? 1,
                passed: false, failure: "\(error)")
        }
        let relativeError = abs(interval.mean - c.analytic) / c.analytic
        if !interval.contains(c.analytic) { failures.append("analytic value outside the \(Int(confidence * 100))% CI") }
        if !(relativeError < c.tolerance) {
            failures.append("relative error \(SimTimeFormat.percent(relativeError)) ≥ \(SimTimeFormat.percent(c.tolerance))")
        }
        if tooShort { failures.append("MSER-5 flags a replication as too short") }
        return ValidationOutcome(
            name: c.name, metric: c.metric, analytic: c.analytic, interval: interval,
            relativeError: relativeError, tolerance: c.tolerance, transientShare: shares.max() ?? 1,
            passed: failures.isEmpty, failure: failures.joined(separator: "; "))
    }
}
