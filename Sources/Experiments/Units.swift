import Foundation
import SimKernel

/// Parses quantities with units as users write them: `1.5ms`, `10us`, `2s`, `10Gbps`,
/// `100Mbps`, `1500B`, `64KiB`, `80%`. Returns nil when malformed (callers say what is expected).
public enum Units {
    static func split(_ text: String) -> (Double, String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let end = t.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") })
                ?? Optional(t.endIndex) else { return nil }
        var numberEnd = end
        // "1e3s" vs "5e": an 'e' must be followed by a digit to belong to the number.
        if numberEnd > t.startIndex, let e = t[..<numberEnd].lastIndex(where: { $0 == "e" || $0 == "E" }),
           t.index(after: e) == numberEnd { numberEnd = e }
        guard let value = Double(t[..<numberEnd]), value.isFinite else { return nil }
        return (value, String(t[numberEnd...]).trimmingCharacters(in: .whitespaces))
    }

    /// A duration: ps, ns, us (or µs), ms, s, min, h, up to `ModelLimits.longestRunSeconds`.
    /// A bare number is refused (ambiguous).
    public static func duration(_ text: String) -> SimTime? {
        guard let (v, u) = split(text), v >= 0 else { return nil }
        let seconds: Double
        switch u {
        case "ps": seconds = v * 1e-12
        case "ns": seconds = v * 1e-9
        case "us", "µs": seconds = v * 1e-6
        case "ms": seconds = v * 1e-3
        case "s": seconds = v
        case "min": seconds = v * 60
        case "h": seconds = v * 3600
        default: return nil
        }
        // One span at most as long as the longest run, so that an event's time plus any one span fits SimTime.
        guard seconds <= ModelLimits.longestRunSeconds else { return nil }
        return .seconds(seconds)
    }

    /// A bit rate: bps, kbps, Mbps, Gbps, Tbps (also bit/s forms: Mbit/s, Gbit/s), from 1 bit/s
    /// to below 10¹⁵ bit/s.
    public static func bitsPerSecond(_ text: String) -> Int64? {
        guard let (v, u) = split(text), v > 0 else { return nil }
        let factors: [String: Double] = ["bps": 1, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "Tbps": 1e12,
                                         "bit/s": 1, "kbit/s": 1e3, "Mbit/s": 1e6, "Gbit/s": 1e9, "Tbit/s": 1e12]
        // 1 bit/s to 10¹⁵ bit/s: a rate that rounds to 0 bit/s would never deliver a bit.
        guard let f = factors[u], v * f < 1e15, (v * f).rounded() >= 1 else { return nil }
        return Int64((v * f).rounded())
    }

    /// A size in bytes: B, kB (1000), KiB (1024), MB, MiB, GB, GiB; a bare number is bytes.
    public static func bytes(_ text: String) -> Double? {
        guard let (v, u) = split(text), v >= 0 else { return nil }
        let factors: [String: Double] = ["": 1, "B": 1, "kB": 1e3, "KB": 1e3, "KiB": 1024, "MB": 1e6, "MiB": 1_048_576,
                                         "GB": 1e9, "GiB": 1_073_741_824]
        guard let f = factors[u] else { return nil }
        return v * f
    }

    /// A fraction: `80%` or a plain number in [0, 1].
    public static func fraction(_ text: String) -> Double? {
        guard let (v, u) = split(text) else { return nil }
        switch u {
        case "%": return v / 100
        case "": return v
        default: return nil
        }
    }
}
