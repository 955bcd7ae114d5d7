import CGSL

/// A discrete distribution over given values with given weights (e.g. IMIX packet sizes
/// 40/576/1500 B with weights 7/4/1), sampled in O(1) by GSL's Walker alias method
/// (`gsl_ran_discrete`). Immutable after creation, so it may be shared between threads.
public final class EmpiricalTable: @unchecked Sendable, Equatable {
    public let values: [Double]
    public let weights: [Double]

    /// Tables with the same values and weights are the same distribution.
    public static func == (a: EmpiricalTable, b: EmpiricalTable) -> Bool { a.values == b.values && a.weights == b.weights }
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// Fails when the arrays are empty or of different lengths, a weight is negative or not
    /// finite, a value is not finite, or all weights are zero.
    public init(values: [Double], weights: [Double]) throws {
        guard !values.isEmpty else { throw DistributionError("empirical: needs at least one value") }
        guard values.count == weights.count else {
            throw DistributionError(
                "empirical: \(values.count) values but \(weights.count) weights; give one weight per value")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DistributionError("empirical: value #\(bad + 1) is not a finite number")
        }
        if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw DistributionError("empirical: weight #\(bad + 1) is \(weights[bad]); weights must be ≥ 0")
        }
        guard weights.contains(where: { $0 > 0 }) else {
            throw DistributionError("empirical: all weights are zero; give at least one positive weight")
        }
        GSLRuntime.ensureReady()
        guard let t = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
        else { throw DistributionError("empirical: GSL could not build the table") }
        self.values = values
        self.weights = weights
        table = t
    }

    /// A table whose values and weights are constants of the code (IMIX): no input to check.
    init(valid values: [Double], weights: [Double]) {
        assert(!values.isEmpty && values.count == weights.count && weights.allSatisfy { $0 >= 0 })
        GSLRuntime.ensureReady()
        self.values = values
        self.weights = weights
        table = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }.unsafelyUnwrapped
    }

    deinit { gsl_ran_discrete_free(table) }

    @inlinable func sample(_ stream: RandomStream) -> Double {
        values[gsl_ran_discrete(stream.rng, table)]
    }

    var totalWeight: Double { weights.reduce(0, +) }
    var mean: Double { zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight }
    var variance: Double {
        let m = mean
        return zip(values, weights).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 } / totalWeight
    }
}
