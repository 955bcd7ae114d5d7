import ArgumentParser
import Foundation
import HybridCloud

/// `hybridsim run`: the built-in default study.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the built-in default study: the five documented flows under each integration option.",
        discussion: """
            Each option is simulated for --replications replications with common random numbers \
            (2 s warm-up, 8 s measured). Prints, per flow and option, completed transactions per \
            second, mean transaction time with its 95 % confidence interval, p99 transaction time, \
            mean one-way packet latency, goodput, drops and failed transactions, and the busiest \
            component of each option.

            Examples:
              hybridsim run
              hybridsim run --replications 10 --jobs 2
              hybridsim run --format csv > default.csv
            """)

    @Option(help: "Replications per option (at least 2, for confidence intervals).")
    var replications = 5

    @Option(help: "Master seed of the random streams.")
    var seed: UInt64 = 20_261_121

    @Option(help: "Simulations run in parallel (default: number of cores). Results do not depend on it.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output format: table or csv.")
    var format: Verify.Format = .table

    func validate() throws {
        guard replications >= 2 else { throw ValidationError("--replications must be at least 2 (a confidence interval needs two), got \(replications)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        var study = DefaultStudy()
        study.replications = replications
        study.masterSeed = seed
        let start = Date()
        let rows = try study.run(jobs: jobs)
        switch format {
        case .table:
            print("hybridsim default study: \(study.options.count) options × \(replications) replications, seed \(seed)")
            print(DefaultStudy.table(rows), terminator: "")
            print(String(format: "wall time %.1f s", Date().timeIntervalSince(start)))
        case .csv: print(DefaultStudy.csv(rows), terminator: "")
        }
    }
}
