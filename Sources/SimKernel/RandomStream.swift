import CGSL

/// One independent stream of pseudo-random numbers: a GSL `gsl_rng` of type **MT19937**.
///
/// Why MT19937: it is GSL's default and its best-studied generator (period 2¹⁹⁹³⁷ − 1,
/// 623-dimensional equidistribution, passes DIEHARD); its 19,968-bit state can be filled
/// from a 64-bit seed so that streams never share a seed in practice; and it runs at ≈ 37 M
/// exponential draws/s through the C boundary here, enough for the hot path. (taus2 is
/// ≈ 30 % faster but only takes a 32-bit seed.)
///
/// A stream belongs to one simulation (one thread); it is not `Sendable`.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The seed this stream was started from.
    public let seed: StreamSeed

    /// A stream started from `seed`; its 624-word state is filled by SplitMix64(seed).
    public init(seed: StreamSeed) {
        GSLRuntime.ensureReady()
        guard let r = gsl_rng_alloc(hs_rng_type_mt19937()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = r
        self.seed = seed
        var words = [UInt32](repeating: 0, count: Int(HS_MT19937_WORDS))
        for i in words.indices { words[i] = UInt32(truncatingIfNeeded: seed.splitMix(UInt64(i))) }
        if words.allSatisfy({ $0 == 0 }) { words[0] = 1 }
        let status = words.withUnsafeBufferPointer { hs_mt19937_set_state(r, $0.baseAddress) }
        precondition(status == 0, "GSL's mt19937 state layout is not the expected one (status \(status))")
    }

    /// The stream for (master seed, name, replication): see `StreamSeed`.
    public convenience init(master: UInt64, name: String, replication: Int) {
        self.init(seed: StreamSeed(master: master, stream: name, replication: replication))
    }

    /// Seeds with GSL's own 32-bit seeding (`gsl_rng_set`): for cross-checks against other
    /// GSL programs (e.g. the C benchmark) only.
    public init(gslSeed: UInt32) {
        GSLRuntime.ensureReady()
        guard let r = gsl_rng_alloc(hs_rng_type_mt19937()) else { fatalError("gsl_rng_alloc failed") }
        rng = r
        seed = StreamSeed(value: UInt64(gslSeed))
        gsl_rng_set(r, UInt(gslSeed))
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// Uniform on (0, 1): never exactly 0.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
    /// The raw 32-bit output.
    @inlinable public func nextUInt32() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
    /// Exponential with the given mean (> 0), sampled by GSL.
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
}

/// Hands out the random streams of one replication: every stream of a run is named, and
/// seeded from (master seed, name, replication index). See `StreamSeed`.
public struct RandomStreamFactory: Sendable {
    public let masterSeed: UInt64
    public let replication: Int

    public init(masterSeed: UInt64, replication: Int) {
        self.masterSeed = masterSeed
        self.replication = replication
    }

    public func stream(named name: String) -> RandomStream {
        RandomStream(master: masterSeed, name: name, replication: replication)
    }
}
