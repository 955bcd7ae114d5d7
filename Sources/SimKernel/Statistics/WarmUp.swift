/// How the initial transient of a run is removed before statistics are taken.
public enum WarmUp: Sendable, Equatable {
    /// Discard everything observed before this simulated time.
    case fixed(SimTime)
    /// Choose the truncation point with MSER-5 on a batched series (see `MSER5`).
    case automatic
}

/// MSER-5 (White 1997; Franklin & White 2008): the marginal standard error rule applied to
/// batch means of 5 consecutive observations.
///
/// With batch means Z₁…Z_m, it truncates the first d batches where d minimises
/// MSER(d) = Σ_{i>d} (Z_i − Z̄_d)² / (m − d)², i.e. the squared standard error of the
/// remaining mean. The search covers d = 0 … m − 10: at least `minimumKeptBatches` (10)
/// batches always remain, because for the last two or three batches MSER(d) is dominated by
/// noise and would pick a spurious late minimum in ≈ 10 % of stationary series (the "end
/// effect"). When the minimum lies in the second half of the series (d ≥ m/2) the run is
/// flagged **too short**: the transient lasts too much of the run to trust the truncated mean.
public enum MSER5 {
    public struct Result: Sendable, Equatable {
        /// Observations (not batches) to discard from the front of the series.
        public let truncatedObservations: Int
        /// Batches of 5 to discard.
        public let truncatedBatches: Int
        /// Number of complete batches of 5 in the series.
        public let batchCount: Int
        /// True when the minimum fell in the second half: lengthen the run.
        public let runTooShort: Bool
        /// Mean of the observations kept (complete batches after the truncation point).
        public let truncatedMean: Double
    }

    public static let batchSize = 5
    /// Batches that always remain after truncation.
    public static let minimumKeptBatches = 10

    /// Needs at least 100 observations (20 batches); returns nil otherwise.
    public static func analyze(_ series: [Double]) -> Result? {
        let m = series.count / batchSize
        guard m >= 2 * minimumKeptBatches else { return nil }
        var z = [Double](repeating: 0, count: m)
        for b in 0..<m {
            var s = 0.0
            for i in 0..<batchSize { s += series[b * batchSize + i] }
            z[b] = s / Double(batchSize)
        }
        // MSER is shift-invariant; centring avoids cancellation in the sums of squares.
        let centre = z.reduce(0, +) / Double(m)
        for b in 0..<m { z[b] -= centre }
        // Suffix sums give each MSER(d) in O(1).
        var suffixSum = [Double](repeating: 0, count: m + 1)
        var suffixSq = [Double](repeating: 0, count: m + 1)
        for i in stride(from: m - 1, through: 0, by: -1) {
            suffixSum[i] = suffixSum[i + 1] + z[i]
            suffixSq[i] = suffixSq[i + 1] + z[i] * z[i]
        }
        var best = 0
        var bestValue = Double.infinity
        for d in 0...(m - minimumKeptBatches) {
            let n = Double(m - d)
            let mean = suffixSum[d] / n
            let ss = max(0, suffixSq[d] - n * mean * mean)
            let value = ss / (n * n)
            if value < bestValue {
                bestValue = value
                best = d
            }
        }
        return Result(truncatedObservations: best * batchSize, truncatedBatches: best, batchCount: m,
                      runTooShort: best >= m / 2, truncatedMean: centre + suffixSum[best] / Double(m - best))
    }
}
