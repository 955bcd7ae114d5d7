import CGSL
import Foundation

/// A probability distribution of a non-negative quantity (a time in seconds, a size in
/// bytes, ...), sampled from a `RandomStream` with GSL's `gsl_ran_*` functions.
///
/// Create one with the throwing factories, which check the parameters and say what is
/// wrong; a `Distribution` that exists is always valid. Sampling is a `switch` on a
/// value-type enum: no allocation, no existential.
public struct Distribution: Sendable, Equatable, CustomStringConvertible {
    @usableFromInline enum Kind: Sendable, Equatable {
        case constant(Double)
        case uniform(low: Double, high: Double)
        case exponential(mean: Double)
        case gamma(shape: Double, scale: Double)
        case lognormal(mu: Double, sigma: Double)
        case pareto(shape: Double, scale: Double)
        case boundedPareto(shape: Double, low: Double, high: Double)
        case weibull(shape: Double, scale: Double)
        case truncatedNormal(mu: Double, sigma: Double)
        case empirical(EmpiricalTable)
    }

    @usableFromInline let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    // MARK: Factories

    /// Always `value` (≥ 0).
    public static func constant(_ value: Double) throws -> Distribution {
        try check(value.isFinite && value >= 0, "constant: value is \(value); it must be a finite number ≥ 0")
        return Distribution(.constant(value))
    }

    /// Uniform on [low, high), 0 ≤ low ≤ high.
    public static func uniform(low: Double, high: Double) throws -> Distribution {
        try check(low.isFinite && high.isFinite && low >= 0 && high >= low,
                  "uniform: need 0 ≤ low ≤ high, got low \(low), high \(high)")
        return Distribution(.uniform(low: low, high: high))
    }

    /// Exponential with the given mean (> 0).
    public static func exponential(mean: Double) throws -> Distribution {
        try check(mean.isFinite && mean > 0, "exponential: mean is \(mean); it must be > 0")
        return Distribution(.exponential(mean: mean))
    }

    /// Gamma with shape k > 0 and scale θ > 0 (mean kθ, variance kθ²).
    public static func gamma(shape: Double, scale: Double) throws -> Distribution {
        try check(shape.isFinite && shape > 0, "gamma: shape is \(shape); it must be > 0")
        try check(scale.isFinite && scale > 0, "gamma: scale is \(scale); it must be > 0")
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// Erlang-k with the given mean: the sum of k exponentials of mean/k (gamma, integer shape).
    public static func erlang(k: Int, mean: Double) throws -> Distribution {
        try check(k >= 1, "erlang: k is \(k); it must be a whole number ≥ 1")
        try check(mean.isFinite && mean > 0, "erlang: mean is \(mean); it must be > 0")
        return Distribution(.gamma(shape: Double(k), scale: mean / Double(k)))
    }

    /// Lognormal given by the mean μ and standard deviation σ of the underlying normal:
    /// X = exp(N(μ, σ²)). Mean exp(μ + σ²/2), variance (exp(σ²) − 1) exp(2μ + σ²).
    public static func lognormal(mu: Double, sigma: Double) throws -> Distribution {
        try check(mu.isFinite, "lognormal: mu is \(mu); it must be finite")
        try check(sigma.isFinite && sigma >= 0, "lognormal: sigma is \(sigma); it must be ≥ 0")
        return Distribution(.lognormal(mu: mu, sigma: sigma))
    }

    /// Lognormal given by its own mean m > 0 and standard deviation s ≥ 0:
    /// σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
    public static func lognormal(mean: Double, stdev: Double) throws -> Distribution {
        try check(mean.isFinite && mean > 0, "lognormal: mean is \(mean); it must be > 0")
        try check(stdev.isFinite && stdev >= 0, "lognormal: stdev is \(stdev); it must be ≥ 0")
        let sigma2 = log1p(stdev * stdev / (mean * mean))
        let mu = log(mean) - sigma2 / 2
        try check(sigma2.isFinite && mu.isFinite,
                  "lognormal: stdev \(stdev) is too large against the mean \(mean) (σ² = ln(1 + s²/m²) is not finite)")
        return Distribution(.lognormal(mu: mu, sigma: sigma2.squareRoot()))
    }

    /// Pareto with shape α > 0 and scale (minimum) xₘ > 0: P(X > x) = (xₘ/x)^α for x ≥ xₘ.
    /// With `upperBound` H > xₘ, the bounded Pareto on [xₘ, H] (sampled by inverse CDF).
    public static func pareto(shape: Double, scale: Double, upperBound: Double? = nil) throws -> Distribution {
        try check(shape.isFinite && shape > 0, "pareto: shape is \(shape); it must be > 0")
        try check(scale.isFinite && scale > 0, "pareto: scale (minimum) is \(scale); it must be > 0")
        if let h = upperBound {
            try check(h.isFinite && h > scale,
                      "pareto: upper bound \(h) must be finite and greater than the scale (minimum) \(scale)")
            return Distribution(.boundedPareto(shape: shape, low: scale, high: h))
        }
        return Distribution(.pareto(shape: shape, scale: scale))
    }

    /// Weibull with shape k > 0 and scale λ > 0: P(X > x) = exp(−(x/λ)^k).
    public static func weibull(shape: Double, scale: Double) throws -> Distribution {
        try check(shape.isFinite && shape > 0, "weibull: shape is \(shape); it must be > 0")
        try check(scale.isFinite && scale > 0, "weibull: scale is \(scale); it must be > 0")
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    /// Normal N(μ, σ²) conditioned on X ≥ 0 (truncated at 0; not clipped). `mean` and
    /// `stdev` are the parameters of the untruncated normal; σ > 0.
    public static func truncatedNormal(mean: Double, stdev: Double) throws -> Distribution {
        try check(mean.isFinite, "normal: mean is \(mean); it must be finite")
        try check(stdev.isFinite && stdev > 0, "normal: stdev is \(stdev); it must be > 0")
        try check(mean / stdev > -30, "normal: mean \(mean) is more than 30 stdev below 0; almost no mass is ≥ 0")
        return Distribution(.truncatedNormal(mu: mean, sigma: stdev))
    }

    /// Values with weights (see `EmpiricalTable`); values must be ≥ 0.
    public static func empirical(values: [Double], weights: [Double]) throws -> Distribution {
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            throw DistributionError("empirical: value #\(bad + 1) is \(values[bad]); values must be ≥ 0")
        }
        return Distribution(.empirical(try EmpiricalTable(values: values, weights: weights)))
    }

    /// Always 0.
    public static let zero = Distribution(.constant(0))

    /// IMIX packet sizes: 40, 576 and 1,500 bytes in proportions 7:4:1.
    public static let imix = Distribution(.empirical(EmpiricalTable(valid: [40, 576, 1500], weights: [7, 4, 1])))

    private static func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
        if !ok { throw DistributionError(message()) }
    }

    // MARK: Sampling

    /// One draw.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch kind {
        case .constant(let v): return v
        case .uniform(let a, let b): return gsl_ran_flat(r, a, b)
        case .exponential(let mean): return gsl_ran_exponential(r, mean)
        case .gamma(let k, let theta): return gsl_ran_gamma(r, k, theta)
        case .lognormal(let mu, let sigma): return gsl_ran_lognormal(r, mu, sigma)
        case .pareto(let alpha, let xm): return gsl_ran_pareto(r, alpha, xm)
        case .boundedPareto(let alpha, let l, let h):
            // Inverse CDF of the Pareto truncated to [l, h].
            let u = gsl_rng_uniform(r)
            let ratio = pow(l / h, alpha)
            return l / pow(1 - u * (1 - ratio), 1 / alpha)
        case .weibull(let k, let lambda): return gsl_ran_weibull(r, lambda, k)
        case .truncatedNormal(let mu, let sigma):
            // N(0, σ²) conditioned on ≥ −μ, shifted by μ (GSL picks rejection or the tail method).
            return mu + gsl_ran_gaussian_tail(r, -mu, sigma)
        case .empirical(let table): return table.sample(stream)
        }
    }

    // MARK: Tail

    /// P(X > x), from GSL's upper-tail CDFs (`gsl_cdf_*_Q`) where the distribution has one.
    public func probability(above x: Double) -> Double {
        switch kind {
        case .constant(let v): return v > x ? 1 : 0
        case .uniform(let a, let b):
            if b == a { return a > x ? 1 : 0 }
            return min(1, max(0, (b - x) / (b - a)))
        case .exponential(let m): return x <= 0 ? 1 : exp(-x / m)
        case .gamma(let k, let theta): return x <= 0 ? 1 : gsl_cdf_gamma_Q(x, k, theta)
        case .lognormal(let mu, let sigma):
            if sigma == 0 { return exp(mu) > x ? 1 : 0 }
            return x <= 0 ? 1 : gsl_cdf_lognormal_Q(x, mu, sigma)
        case .pareto(let a, let xm): return x < xm ? 1 : pow(xm / x, a)
        case .boundedPareto(let a, let l, let h):
            if x < l { return 1 }
            if x >= h { return 0 }
            let floor = pow(l / h, a)
            return (pow(l / x, a) - floor) / (1 - floor)
        case .weibull(let k, let lambda): return x <= 0 ? 1 : exp(-pow(x / lambda, k))
        case .truncatedNormal(let mu, let sigma):
            if x <= 0 { return 1 }
            return gsl_cdf_gaussian_Q(x - mu, sigma) / gsl_cdf_gaussian_Q(-mu, sigma)
        case .empirical(let t):
            let total = t.weights.reduce(0, +)
            return zip(t.values, t.weights).reduce(0) { $0 + ($1.0 > x ? $1.1 : 0) } / total
        }
    }

    // MARK: Moments

    /// The theoretical mean (`.infinity` where it does not exist).
    public var mean: Double {
        switch kind {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .gamma(let k, let t): return k * t
        case .lognormal(let mu, let s): return exp(mu + s * s / 2)
        case .pareto(let a, let xm): return a > 1 ? a * xm / (a - 1) : .infinity
        case .boundedPareto(let a, let l, let h): return Distribution.boundedParetoMoment(1, a, l, h)
        case .weibull(let k, let lambda): return lambda * tgamma(1 + 1 / k)
        case .truncatedNormal(let mu, let s):
            let alpha = -mu / s
            return mu + s * Distribution.inverseMills(alpha)
        case .empirical(let t): return t.mean
        }
    }

    /// The theoretical variance (`.infinity` where it does not exist).
    public var variance: Double {
        switch kind {
        case .constant: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .gamma(let k, let t): return k * t * t
        case .lognormal(let mu, let s): return expm1(s * s) * exp(2 * mu + s * s)
        case .pareto(let a, let xm): return a > 2 ? xm * xm * a / ((a - 1) * (a - 1) * (a - 2)) : .infinity
        case .boundedPareto(let a, let l, let h):
            let m1 = Distribution.boundedParetoMoment(1, a, l, h)
            return Distribution.boundedParetoMoment(2, a, l, h) - m1 * m1
        case .weibull(let k, let lambda):
            let g1 = tgamma(1 + 1 / k)
            return lambda * lambda * (tgamma(1 + 2 / k) - g1 * g1)
        case .truncatedNormal(let mu, let s):
            let alpha = -mu / s
            let lambda = Distribution.inverseMills(alpha)
            return s * s * (1 + alpha * lambda - lambda * lambda)
        case .empirical(let t): return t.variance
        }
    }

    /// E[X²] = variance + mean² (used by Pollaczek–Khinchine).
    public var secondMoment: Double { variance + mean * mean }

    /// φ(α) / (1 − Φ(α)) for the standard normal.
    static func inverseMills(_ alpha: Double) -> Double {
        gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
    }

    /// E[X^k] of the Pareto(α) truncated to [l, h].
    static func boundedParetoMoment(_ k: Double, _ a: Double, _ l: Double, _ h: Double) -> Double {
        let c = a * pow(l, a) / (1 - pow(l / h, a))
        if abs(k - a) < 1e-12 { return c * log(h / l) }
        return c * (pow(h, k - a) - pow(l, k - a)) / (k - a)
    }

    public var description: String {
        switch kind {
        case .constant(let v): return "constant(\(v))"
        case .uniform(let a, let b): return "uniform(\(a), \(b))"
        case .exponential(let m): return "exponential(mean \(m))"
        case .gamma(let k, let t): return "gamma(shape \(k), scale \(t))"
        case .lognormal(let mu, let s): return "lognormal(mu \(mu), sigma \(s))"
        case .pareto(let a, let xm): return "pareto(shape \(a), scale \(xm))"
        case .boundedPareto(let a, let l, let h): return "pareto(shape \(a), scale \(l), upper \(h))"
        case .weibull(let k, let l): return "weibull(shape \(k), scale \(l))"
        case .truncatedNormal(let m, let s): return "normal≥0(mean \(m), stdev \(s))"
        case .empirical(let t): return "empirical(\(t.values.count) values)"
        }
    }
}
