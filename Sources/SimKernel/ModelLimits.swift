/// The largest values the model represents, declared once and used by the scenario checks,
/// the run-time guards and the docs (`docs/scenario-format.md`, "Limits").
///
/// SimTime counts picoseconds in an Int64, so it reaches ±9.22 × 10⁶ s (≈ 106 days). A run is
/// bounded well inside that, so that every event a run schedules — the run's end plus any
/// sampled span, saturated at `sampledTimeHorizon` — still fits.
public enum ModelLimits {
    /// The longest run, warm-up plus measured duration, and the latest start of a failure:
    /// 1,000,000 s (≈ 11.6 days of simulated time).
    public static let longestRunSeconds: Double = 1_000_000
    public static let longestRun = SimTime(picoseconds: 1_000_000 * SimTime.picosecondsPerSecond)

    /// A sampled span (think, server, on/off time) longer than this, 2,000,000 s, is taken as
    /// this span. Any event scheduled that far ahead falls after the end of every run, so the
    /// saturation changes no result: the client simply does not come back within the run.
    public static let sampledTimeHorizonSeconds: Double = 2_000_000
    public static let sampledTimeHorizon = SimTime(picoseconds: 2_000_000 * SimTime.picosecondsPerSecond)

    /// The largest request or response message: 10⁹ B (1 GB). Larger messages would be split
    /// into millions of packets per transaction.
    public static let largestMessageBytes: Double = 1e9

    /// The largest IP packet: 65,535 B (the IPv4 total-length field, RFC 791).
    public static let largestPacketBytes: Double = 65_535

    /// What a size distribution draws, with the largest value the model carries for it.
    public enum Size: String, Sendable {
        case request = "request size", response = "response size", packet = "packet size"

        /// In bytes: `largestMessageBytes` or `largestPacketBytes`.
        public var largestBytes: Double {
            switch self {
            case .request, .response: return largestMessageBytes
            case .packet: return largestPacketBytes
            }
        }
    }

    /// A size distribution whose probability of exceeding its limit is above this (10⁻⁹) is
    /// refused before the run; a rarer draw beyond the limit stops the run with an error.
    public static let largestTailProbability: Double = 1e-9
}

extension SimTime {
    /// A sampled span of `value` seconds (≥ 0), saturated at `ModelLimits.sampledTimeHorizon`
    /// (NaN, never drawn from a valid `Distribution`, saturates too): it never traps.
    @inlinable public static func sampled(seconds value: Double) -> SimTime {
        value < ModelLimits.sampledTimeHorizonSeconds ? .seconds(Swift.max(0, value)) : ModelLimits.sampledTimeHorizon
    }
}
