import ArgumentParser
import Foundation
import Reports

extension Report.Format: ExpressibleByArgument {}

/// `--format` and `--quiet`, shared by the commands that print a `Report`: the data goes to
/// stdout in the chosen format; progress, notes and warnings go to stderr.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format on stdout: table, csv or json (json carries the run identity).")
    var format: Report.Format = .table

    @Flag(help: "No progress or notes on stderr (warnings and errors are still printed).")
    var quiet = false

    /// A line for stderr, unless --quiet.
    func note(_ line: String) {
        if !quiet { Console.error("hybridsim: \(line)") }
    }

    /// A warning on stderr (always: a warning is never silenced).
    func warn(_ line: String) { Console.error("hybridsim: warning: \(line)") }

    /// Prints the report in the chosen format and its warnings on stderr.
    func emit(_ report: Report) {
        for w in report.warnings { warn(w) }
        print(report.render(format), terminator: "")
    }

    /// A progress line with ETA for `total` units of work (`unit`: "points", "replications"):
    /// a bar redrawn in place on a terminal, one line per unit otherwise; nil with --quiet.
    func progress(unit: String) -> (@Sendable (Int, Int) -> Void)? {
        guard !quiet else { return nil }
        let terminal = isatty(2) != 0
        let start = Date()
        return { done, total in
            let elapsed = Date().timeIntervalSince(start)
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            if terminal {
                let width = 30, filled = total > 0 ? width * min(done, total) / total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                Console.error(String(format: "\r[%@] %d/%d %@, ETA %.0f s ", bar, done, total, unit, eta), newline: done >= total)
            } else {
                Console.error(String(format: "%@ %d/%d done, %.1f s elapsed, ETA %.0f s", String(unit.dropLast()), done, total, elapsed, eta))
            }
        }
    }
}

/// Writes to stderr.
enum Console {
    static func error(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write((text + (newline ? "\n" : "")).data(using: .utf8)!)
    }
}
