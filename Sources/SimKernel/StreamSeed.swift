/// Derives the seed of one random stream from (master seed, stream name, replication).
///
/// Properties this gives (all tested):
/// - the same triple always gives the same seed (bit-identical reruns);
/// - a stream's seed depends only on its own name, so adding a new stream to a model does
///   not change what the existing streams draw;
/// - the alternative being simulated (integration option, sweep point) is *not* an input,
///   so replication r of two alternatives draws the same numbers from the same named stream:
///   common random numbers.
///
/// The name is hashed with 64-bit FNV-1a; the three parts are mixed with the SplitMix64
/// finalizer (Steele, Lea & Flood 2014), and the result seeds a SplitMix64 sequence that
/// fills the whole 624-word MT19937 state (see `RandomStream`): streams are told apart by
/// 64 bits, not the 32 bits `gsl_rng_set` would use, so seed collisions between thousands
/// of streams × replications are negligible (≈ n² / 2⁶⁵).
public struct StreamSeed: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    public init(master: UInt64, stream name: String, replication: Int) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        var x = StreamSeed.mix(master ^ 0x9e37_79b9_7f4a_7c15)
        x = StreamSeed.mix(x ^ h)
        x = StreamSeed.mix(x ^ UInt64(bitPattern: Int64(replication)) &* 0xd1b5_4a32_d192_ed03)
        value = x
    }

    /// SplitMix64 finalizer: a bijection on 64 bits with full avalanche.
    @inlinable static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The n-th output of SplitMix64 started at this seed (n = 0, 1, ...).
    func splitMix(_ n: UInt64) -> UInt64 {
        StreamSeed.mix(value &+ (n &+ 1) &* 0x9e37_79b9_7f4a_7c15)
    }

    public var description: String { String(value, radix: 16) }
}
