import CGSL

/// A two-sided confidence interval for a mean, from independent replications:
/// mean ± t(1 − α/2, n − 1) · s / √n, with the Student-t quantile from GSL
/// (`gsl_cdf_tdist_Pinv`). Units are those of the observations.
public struct ConfidenceInterval: Sendable, Equatable {
    public let mean: Double
    public let halfWidth: Double
    /// The confidence level, e.g. 0.95.
    public let level: Double
    /// Number of replications.
    public let count: Int
    public let standardDeviation: Double

    public var low: Double { mean - halfWidth }
    public var high: Double { mean + halfWidth }
    /// Half-width relative to |mean| (infinity when the mean is 0).
    public var relativeHalfWidth: Double { mean == 0 ? .infinity : halfWidth / abs(mean) }

    public init(mean: Double, halfWidth: Double, level: Double, count: Int, standardDeviation: Double) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.level = level
        self.count = count
        self.standardDeviation = standardDeviation
    }

    public func contains(_ x: Double) -> Bool { x >= low && x <= high }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The CI of the mean of `samples` (one value per replication) at `level` ∈ (0, 1).
    /// Needs at least two samples, all finite.
    public static func ofMean(_ samples: [Double], level: Double) throws -> ConfidenceInterval {
        guard level > 0 && level < 1 else {
            throw Failure(description: "confidence level \(level) must be between 0 and 1 (e.g. 0.95)")
        }
        guard samples.count >= 2 else {
            throw Failure(description: "a confidence interval needs at least 2 replications, got \(samples.count)")
        }
        guard samples.allSatisfy(\.isFinite) else {
            throw Failure(description: "a replication produced a non-finite value; no interval")
        }
        var tally = Tally()
        for x in samples { tally.add(x) }
        let t = studentTQuantile(probability: 1 - (1 - level) / 2, degreesOfFreedom: samples.count - 1)
        let half = t * tally.standardDeviation / Double(samples.count).squareRoot()
        return ConfidenceInterval(mean: tally.mean, halfWidth: half, level: level,
                                  count: samples.count, standardDeviation: tally.standardDeviation)
    }

    /// The Student-t quantile: P(T ≤ x) = probability for T with `degreesOfFreedom`.
    public static func studentTQuantile(probability: Double, degreesOfFreedom: Int) -> Double {
        GSLRuntime.ensureReady()
        return gsl_cdf_tdist_Pinv(probability, Double(degreesOfFreedom))
    }

    /// The standard normal quantile (`gsl_cdf_ugaussian_Pinv`).
    public static func normalQuantile(probability: Double) -> Double {
        GSLRuntime.ensureReady()
        return gsl_cdf_ugaussian_Pinv(probability)
    }
}

/// The comparison of two alternatives simulated with common random numbers: the CI of the
/// mean of the paired differences a_r − b_r over replications r.
public struct PairedDifference: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// The whole interval is below zero: A's metric is smaller.
        case firstSmaller = "first smaller"
        /// The whole interval is above zero: B's metric is smaller.
        case secondSmaller = "second smaller"
        /// The interval contains zero: no difference detected at this level.
        case noSignificantDifference = "no significant difference"
    }

    public let interval: ConfidenceInterval

    public var verdict: Verdict {
        if interval.high < 0 { return .firstSmaller }
        if interval.low > 0 { return .secondSmaller }
        return .noSignificantDifference
    }

    /// `first[r]` and `second[r]` must come from the same replication r (same streams).
    public init(first: [Double], second: [Double], level: Double) throws {
        guard first.count == second.count else {
            throw ConfidenceInterval.Failure(
                description: "paired difference needs the same replications of both alternatives "
                    + "(\(first.count) vs \(second.count))")
        }
        interval = try ConfidenceInterval.ofMean(zip(first, second).map { $0 - $1 }, level: level)
    }
}
