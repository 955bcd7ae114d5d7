import Foundation

/// A command's answer as data: the run's identity, tables of typed cells and warnings, rendered
/// as an aligned terminal table, as CSV or as JSON (`--format table|csv|json`). Commands build a
/// `Report`; only this type decides how it looks, so the three formats always say the same.
public struct Report: Sendable {
    public enum Format: String, CaseIterable, Sendable { case table, csv, json }

    /// A named value: an identity field or a table's key (flow, point label).
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// A column: `key` names it in CSV and JSON (snake_case, with its unit as a suffix where it
    /// has one); `label` heads it on the terminal.
    public struct Column: Sendable {
        public let key: String
        public let label: String
        public let rightAligned: Bool
        /// Its cells are intervals: three CSV fields.
        public let interval: Bool
        public init(_ key: String, _ label: String, rightAligned: Bool = true, interval: Bool = false) {
            self.key = key; self.label = label; self.rightAligned = rightAligned; self.interval = interval
        }
    }

    /// A cell. An interval is one terminal cell ("1.234 ± 0.010") and three CSV/JSON fields
    /// (`key`, `key_low`, `key_high`).
    public enum Cell: Sendable {
        case text(String)
        case number(Double, decimals: Int)
        case interval(mean: Double, low: Double, high: Double, decimals: Int)
        case empty
    }

    public struct Table: Sendable {
        public var title: String
        /// What the table is about (flow, point label): CSV columns and JSON fields of every row.
        public var keys: [Field]
        public var columns: [Column]
        public var rows: [[Cell]]
        /// Lines printed under the table on the terminal (not in CSV or JSON rows).
        public var notes: [String]
        public init(title: String, keys: [Field] = [], columns: [Column], rows: [[Cell]] = [], notes: [String] = []) {
            self.title = title; self.keys = keys; self.columns = columns; self.rows = rows; self.notes = notes
        }
    }

    public var command: String
    /// Who produced it: scenario, scenario_id, seed, replications, confidence, version.
    public var identity: [Field]
    /// Terminal lines before the tables (a run's header).
    public var header: [String]
    public var tables: [Table]
    /// Terminal lines after the tables (wall time, files written).
    public var footer: [String]
    public var warnings: [String]

    public init(command: String, identity: [Field], header: [String] = [], tables: [Table] = [], footer: [String] = [], warnings: [String] = []) {
        self.command = command; self.identity = identity; self.header = header; self.tables = tables
        self.footer = footer; self.warnings = warnings
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .table: return terminal
        case .csv: return csv
        case .json: return json
        }
    }

    /// Header lines, then each table under its title, then the footer.
    public var terminal: String {
        var out = header.map { $0 + "\n" }.joined()
        for t in tables {
            out += (out.isEmpty ? "" : "\n") + (t.title.isEmpty ? "" : t.title + "\n")
            let right = Set(t.columns.indices.filter { t.columns[$0].rightAligned })
            out += TextTable.render(header: t.columns.map(\.label), rows: t.rows.map { $0.map(Report.terminalText) }, rightAligned: right)
            out += t.notes.map { $0 + "\n" }.joined()
        }
        if !footer.isEmpty { out += (tables.isEmpty ? "" : "\n") + footer.map { $0 + "\n" }.joined() }
        return out
    }

    /// One CSV document: the identity fields, each table's keys, then its columns (an interval
    /// gives three). Tables with other columns than the one before start a new header after a
    /// blank line.
    public var csv: String {
        var out = ""
        var lastHeader: [String]? = nil
        for t in tables {
            let header = identity.map(\.name) + t.keys.map(\.name) + t.columns.flatMap { c in c.interval ? [c.key, c.key + "_low", c.key + "_high"] : [c.key] }
            if header != lastHeader {
                if lastHeader != nil { out += "\n" }
                out += header.map(CSVTable.field).joined(separator: ",") + "\n"
                lastHeader = header
            }
            for r in t.rows {
                let fields = identity.map(\.value) + t.keys.map(\.value) + zip(t.columns, r).flatMap { Report.csvFields($1, interval: $0.interval) }
                out += fields.map(CSVTable.field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `{command, identity, tables: [{title, keys, rows: [{column: value}]}], warnings}`;
    /// numbers are JSON numbers (null where not a number), intervals `{mean, low, high}`.
    public var json: String {
        var object: [String: Any] = ["command": command, "warnings": warnings]
        object["identity"] = Dictionary(identity.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        object["tables"] = tables.map { t -> [String: Any] in
            let rows = t.rows.map { r -> [String: Any] in
                Dictionary(zip(t.columns, r).map { ($0.key, Report.jsonValue($1)) }, uniquingKeysWith: { a, _ in a })
            }
            return ["title": t.title, "keys": Dictionary(t.keys.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                    "rows": rows]
        }
        return (try? JSONText.encode(object)) ?? "{}\n"
    }

    static func number(_ x: Double, _ decimals: Int) -> String { x.isFinite ? String(format: "%.\(decimals)f", x) : "" }

    static func terminalText(_ c: Cell) -> String {
        switch c {
        case .text(let s): return s
        case .number(let x, let d): return x.isFinite ? number(x, d) : "-"
        case .interval(let m, let lo, let hi, let d):
            guard m.isFinite else { return "-" }
            return lo.isFinite && hi.isFinite ? "\(number(m, d)) ± \(number((hi - lo) / 2, d))" : number(m, d)
        case .empty: return ""
        }
    }

    static func csvFields(_ c: Cell, interval: Bool) -> [String] {
        let pad = interval ? ["", ""] : []
        switch c {
        case .text(let s): return [s] + pad
        case .number(let x, let d): return [number(x, d)] + pad
        case .interval(let m, let lo, let hi, let d): return interval ? [number(m, d), number(lo, d), number(hi, d)] : [number(m, d)]
        case .empty: return [""] + pad
        }
    }

    static func jsonValue(_ c: Cell) -> Any {
        func n(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        switch c {
        case .text(let s): return s
        case .number(let x, _): return n(x)
        case .interval(let m, let lo, let hi, _): return ["mean": n(m), "low": n(lo), "high": n(hi)]
        case .empty: return NSNull()
        }
    }
}
