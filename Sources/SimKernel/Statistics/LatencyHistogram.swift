import Histogram

/// Latencies (or any `SimTime` spans) in an HDR histogram, for percentiles in constant memory.
///
/// Stored in picoseconds with 3 significant digits: every recorded value is represented
/// within a relative error of at most 1/1024 ≈ 0.098 % (HdrHistogram's sub-bucket
/// resolution of 2,048 per power of two). Trackable range: 1 ns to 10⁶ s; larger values are
/// clamped to the top and counted in `clampedCount`; values below 1 ns are recorded as 1 ns.
/// The mean comes from an exact `Tally`, not from the buckets.
public struct LatencyHistogram: Sendable {
    @usableFromInline var histogram: Histogram<UInt64>
    @usableFromInline var exact = Tally()
    /// Values above the trackable range (recorded as the top value).
    @inlinable public var clampedCount: Int { clamped }
    @usableFromInline var clamped: Int = 0

    @usableFromInline static let lowest: UInt64 = 1_000
    @usableFromInline static let highest: UInt64 = 1_000_000 * 1_000_000_000_000

    public init() {
        histogram = Histogram(
            lowestDiscernibleValue: LatencyHistogram.lowest,
            highestTrackableValue: LatencyHistogram.highest,
            numberOfSignificantValueDigits: .three)
    }

    @inlinable public mutating func record(_ span: SimTime) {
        exact.add(Double(span.picoseconds))
        var v = UInt64(clamping: span.picoseconds)
        if v < LatencyHistogram.lowest { v = LatencyHistogram.lowest }
        if v > LatencyHistogram.highest {
            v = LatencyHistogram.highest
            clamped += 1
        }
        _ = histogram.record(v)
    }

    public var count: Int { exact.count }
    /// Exact mean of the recorded values.
    public var mean: SimTime { SimTime(picoseconds: Int64(exact.mean.rounded())) }
    public var tally: Tally { exact }
    public var min: SimTime { SimTime(picoseconds: Int64(exact.min)) }
    public var max: SimTime { SimTime(picoseconds: Int64(exact.max)) }

    /// The value at `percentile` (0...100), e.g. 99.9; within 0.1 % of the true sample quantile.
    public func percentile(_ percentile: Double) -> SimTime {
        precondition((0...100).contains(percentile), "percentile must be in 0...100")
        if count == 0 { return .zero }
        return SimTime(picoseconds: Int64(clamping: histogram.valueAtPercentile(percentile)))
    }

    public mutating func reset() {
        histogram.reset()
        exact = Tally()
        clamped = 0
    }

    public mutating func merge(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        exact = exact.merged(with: other.exact)
        clamped += other.clamped
    }
}
