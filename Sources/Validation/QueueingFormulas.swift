import Foundation

/// Closed-form steady-state results of classical queues, used as the reference values of
/// `hybridsim verify`. Rates are per second, times in seconds.
public enum QueueingFormulas {
    /// M/M/1 mean sojourn (wait + service): 1 / (μ − λ).
    public static func mm1MeanSojourn(arrivalRate λ: Double, serviceRate μ: Double) -> Double {
        precondition(λ < μ, "unstable queue")
        return 1 / (μ - λ)
    }

    /// M/M/1 FIFO sojourn is exponential with rate μ − λ: its q-quantile is −ln(1 − q) / (μ − λ).
    public static func mm1SojournQuantile(_ q: Double, arrivalRate λ: Double, serviceRate μ: Double) -> Double {
        precondition(λ < μ && q > 0 && q < 1)
        return -log(1 - q) / (μ - λ)
    }

    /// M/G/1 mean sojourn by Pollaczek–Khinchine: E[S] + λ E[S²] / (2 (1 − ρ)), ρ = λ E[S].
    public static func mg1MeanSojourn(arrivalRate λ: Double, serviceMean: Double, serviceSecondMoment: Double) -> Double {
        let rho = λ * serviceMean
        precondition(rho < 1, "unstable queue")
        return serviceMean + λ * serviceSecondMoment / (2 * (1 - rho))
    }

    /// M/D/1 mean sojourn: P–K with E[S²] = D².
    public static func md1MeanSojourn(arrivalRate λ: Double, serviceTime d: Double) -> Double {
        mg1MeanSojourn(arrivalRate: λ, serviceMean: d, serviceSecondMoment: d * d)
    }

    /// Erlang C: the probability that an arrival to M/M/c waits, with offered load a = λ/μ < c.
    public static func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
        precondition(a < Double(c), "unstable queue")
        // Σ_{k<c} a^k/k! and a^c/c!, accumulated term by term (no factorial overflow).
        var term = 1.0
        var sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let top = term * Double(c) / (Double(c) - a)
        return top / (sum + top)
    }

    /// M/M/c mean sojourn: C(c, a) / (cμ − λ) + 1/μ.
    public static func mmcMeanSojourn(servers c: Int, arrivalRate λ: Double, serviceRate μ: Double) -> Double {
        erlangC(servers: c, offeredLoad: λ / μ) / (Double(c) * μ - λ) + 1 / μ
    }
}
