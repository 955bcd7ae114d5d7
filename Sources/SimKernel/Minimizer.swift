import CGSL

/// Derivative-free minimisation of a function of a few variables: GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`), for objectives that are simulations (no gradient,
/// some noise). Used by `hybridsim calibrate` to fit device parameters.
public enum Minimizer {
    /// The outcome of a minimisation.
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
        /// The simplex shrank below the requested size (false: the iteration cap was reached).
        public var converged: Bool
    }

    final class Box {
        let f: ([Double]) -> Double
        init(_ f: @escaping ([Double]) -> Double) { self.f = f }
    }

    /// Minimises `f` from `start` with initial steps `steps` (one per variable), until the
    /// simplex's characteristic size is below `size` or after `maxIterations` iterations.
    /// `f` may return `.infinity` for points it refuses (e.g. outside bounds).
    /// - Complexity: about n + 1 evaluations of `f` to start, then 1–n + 2 per iteration.
    public static func nelderMead(start: [Double], steps: [Double], size: Double, maxIterations: Int,
                                  _ f: @escaping ([Double]) -> Double) -> Result {
        precondition(!start.isEmpty && start.count == steps.count)
        GSLRuntime.ensureReady()
        let n = start.count
        let box = Box(f)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }
        var function = gsl_multimin_function(
            f: { x, params in
                let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                let v = (0..<x!.pointee.size).map { gsl_vector_get(x, $0) }
                let y = box.f(v)
                return y.isFinite ? y : Double.greatestFiniteMagnitude
            },
            n: n, params: context.toOpaque())
        let x = gsl_vector_alloc(n)!, ss = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x); gsl_vector_free(ss) }
        for i in 0..<n { gsl_vector_set(x, i, start[i]); gsl_vector_set(ss, i, steps[i]) }
        let s = gsl_multimin_fminimizer_alloc(hs_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(s) }
        gsl_multimin_fminimizer_set(s, &function, x, ss)
        var iterations = 0, converged = false
        while iterations < maxIterations {
            iterations += 1
            if gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS { break }
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), size) == GSL_SUCCESS { converged = true; break }
        }
        let best = (0..<n).map { gsl_vector_get(s.pointee.x, $0) }
        return Result(point: best, value: s.pointee.fval, iterations: iterations, converged: converged)
    }
}
