import Foundation

/// A point in simulated time, or a span of it, as a whole number of **picoseconds** (Int64).
///
/// Range: ±9.22e18 ps ≈ ±106 days, far beyond any run. One picosecond resolves the
/// serialization time of one bit at 1 Tbit/s, so no link speed in the model loses precision.
/// Arithmetic uses Swift's checked operators: an overflow traps instead of wrapping.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The time in picoseconds.
    public var picoseconds: Int64

    @inlinable public init(picoseconds: Int64) { self.picoseconds = picoseconds }

    public static let zero = SimTime(picoseconds: 0)
    /// The largest representable time; used as "never" / "no limit".
    public static let max = SimTime(picoseconds: Int64.max)

    public static let picosecondsPerSecond: Int64 = 1_000_000_000_000

    /// `value` seconds, rounded to the nearest picosecond. Traps on NaN or out-of-range values.
    @inlinable public static func seconds(_ value: Double) -> SimTime {
        SimTime(picoseconds: SimTime.roundedPicoseconds(value * 1e12))
    }
    @inlinable public static func milliseconds(_ value: Double) -> SimTime {
        SimTime(picoseconds: SimTime.roundedPicoseconds(value * 1e9))
    }
    @inlinable public static func microseconds(_ value: Double) -> SimTime {
        SimTime(picoseconds: SimTime.roundedPicoseconds(value * 1e6))
    }
    @inlinable public static func nanoseconds(_ value: Double) -> SimTime {
        SimTime(picoseconds: SimTime.roundedPicoseconds(value * 1e3))
    }

    @inlinable static func roundedPicoseconds(_ ps: Double) -> Int64 {
        precondition(ps.isFinite && abs(ps) < 9.2e18, "SimTime out of range: \(ps) ps")
        return Int64(ps.rounded(.toNearestOrEven))
    }

    /// The time in seconds (a Double: exact up to 2^53 ps ≈ 2.5 hours, then within 1 ulp).
    @inlinable public var seconds: Double { Double(picoseconds) / 1e12 }
    @inlinable public var milliseconds: Double { Double(picoseconds) / 1e9 }
    @inlinable public var microseconds: Double { Double(picoseconds) / 1e6 }
    @inlinable public var nanoseconds: Double { Double(picoseconds) / 1e3 }

    /// How long `bytes` take to serialize onto a link of `bitsPerSecond`.
    ///
    /// Rounding rule: the exact value `bytes × 8 × 10¹² / bitsPerSecond` picoseconds is
    /// **rounded up** to the next whole picosecond, so that back-to-back packets never leave a
    /// link faster than its rate. The product is formed in 128-bit arithmetic, so the result
    /// is exact for any packet size and rate (1,500 B at 1 Gbit/s = exactly 12,000,000 ps).
    @inlinable
    public static func serialization(bytes: Int, bitsPerSecond: Int64) -> SimTime {
        precondition(bytes >= 0, "negative byte count \(bytes)")
        precondition(bitsPerSecond > 0, "link rate must be positive, got \(bitsPerSecond) bit/s")
        let bits = UInt64(bytes) &* 8
        let product = bits.multipliedFullWidth(by: UInt64(picosecondsPerSecond))
        let rate = UInt64(bitsPerSecond)
        precondition(product.high < rate, "serialization time overflows SimTime")
        let (q, r) = rate.dividingFullWidth(product)
        let ps = r == 0 ? q : q + 1
        precondition(ps <= UInt64(Int64.max), "serialization time overflows SimTime")
        return SimTime(picoseconds: Int64(ps))
    }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.picoseconds < b.picoseconds }
    @inlinable public static func + (a: SimTime, b: SimTime) -> SimTime {
        SimTime(picoseconds: a.picoseconds + b.picoseconds)
    }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimTime {
        SimTime(picoseconds: a.picoseconds - b.picoseconds)
    }
    @inlinable public static func += (a: inout SimTime, b: SimTime) { a.picoseconds += b.picoseconds }
    @inlinable public static func -= (a: inout SimTime, b: SimTime) { a.picoseconds -= b.picoseconds }
    @inlinable public static func * (a: SimTime, n: Int64) -> SimTime {
        SimTime(picoseconds: a.picoseconds * n)
    }

    /// Human-readable with an adaptive unit, e.g. `12us`, `1.5ms`, `3s`.
    public var description: String {
        let ps = picoseconds
        let magnitude = ps.magnitude
        if ps == Int64.max { return "never" }
        let (value, unit): (Double, String)
        switch magnitude {
        case 0..<1_000: return "\(ps)ps"
        case 1_000..<1_000_000: (value, unit) = (Double(ps) / 1e3, "ns")
        case 1_000_000..<1_000_000_000: (value, unit) = (Double(ps) / 1e6, "us")
        case 1_000_000_000..<1_000_000_000_000: (value, unit) = (Double(ps) / 1e9, "ms")
        default: (value, unit) = (Double(ps) / 1e12, "s")
        }
        return SimTime.trimmed(value) + unit
    }

    static func trimmed(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
