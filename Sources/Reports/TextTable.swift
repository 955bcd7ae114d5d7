import Foundation

/// Aligned plain-text tables for the terminal.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.count > c ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            r.indices.map { c in
                let pad = String(repeating: " ", count: max(0, widths[c] - r[c].count))
                return rightAligned.contains(c) ? pad + r[c] : r[c] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
