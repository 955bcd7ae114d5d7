import Foundation

/// Number formatting shared by reports.
public enum SimTimeFormat {
    /// A number without trailing zeros: 0.99, 99.9, 2.
    public static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// A fraction as a percentage with two decimals: 0.0123 -> "1.23%".
    public static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
}
