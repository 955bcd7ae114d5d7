/// A streaming summary of observations: count, mean, variance (Welford's algorithm), min, max.
/// Constant memory; numerically stable; mergeable (Chan et al.) across batches or threads.
/// Units are those of the observations.
public struct Tally: Sendable, Equatable {
    @usableFromInline var n: Int = 0
    @usableFromInline var mu: Double = 0
    @usableFromInline var m2: Double = 0
    @usableFromInline var lo: Double = .infinity
    @usableFromInline var hi: Double = -.infinity

    /// Number of observations.
    @inlinable public var count: Int { n }
    /// Mean of the observations (0 when there are none).
    @inlinable public var mean: Double { mu }
    /// Smallest observation (+infinity when there are none).
    @inlinable public var min: Double { lo }
    /// Largest observation (−infinity when there are none).
    @inlinable public var max: Double { hi }

    public init() {}

    @inlinable public mutating func add(_ x: Double) {
        n &+= 1
        let delta = x - mu
        mu += delta / Double(n)
        m2 += delta * (x - mu)
        if x < lo { lo = x }
        if x > hi { hi = x }
    }

    /// Sample variance (divisor n − 1); 0 for fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
    public var sum: Double { mean * Double(count) }

    /// The summary of both sets of observations.
    public func merged(with other: Tally) -> Tally {
        if other.count == 0 { return self }
        if count == 0 { return other }
        var r = Tally()
        let n = Double(count + other.count)
        let delta = other.mean - mean
        r.n = count + other.count
        r.mu = mean + delta * Double(other.count) / n
        r.m2 = m2 + other.m2 + delta * delta * Double(count) * Double(other.count) / n
        r.lo = Swift.min(min, other.min)
        r.hi = Swift.max(max, other.max)
        return r
    }
}
