import ArgumentParser
import Experiments
import Foundation
import Reports

/// Options shared by the commands that run scenarios.
struct RunOptions: ParsableArguments {
    @Option(help: "Folder for flows.csv, summary.csv, components.csv and manifest.json.")
    var out: String?

    @Option(help: "Simulations run in parallel (default: number of cores). Results do not depend on it.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value: path=value, e.g. experiment.duration=20s (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    func validate() throws {
        guard jobs >= 1 && jobs <= 1024 else { throw ValidationError("--jobs must be 1...1024, got \(jobs)") }
    }
}

/// `hybridsim run`: a scenario (default: the built-in default study) and its summary.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario (default: the built-in default study) and print its summary.",
        discussion: """
            Without SCENARIO: scenarios/default.yaml if present, else the same study built in: the \
            five documented flows under the four integration options, 5 replications with common \
            random numbers. Prints per flow and option the transaction rate, mean transaction time \
            with its confidence interval, p99, packet latency, goodput and drops, and the busiest \
            component; with --out also writes the CSV files (docs/outputs.md).

            Examples:
              hybridsim run
              hybridsim run scenarios/esg-capacity.yaml --out results/esg-capacity
              hybridsim run --set experiment.replications=10 --set architecture.vcs.esg.size=large
              hybridsim run --seed 7 --jobs 1
            """)

    @Argument(help: "Scenario file (YAML).")
    var scenario: String?

    @OptionGroup var options: RunOptions

    @Option(help: "Master seed (overrides experiment.seed).")
    var seed: UInt64?

    @Option(help: "Replications per point and option (overrides experiment.replications).")
    var replications: Int?

    func validate() throws {
        if let r = replications, r < 2 { throw ValidationError("--replications must be at least 2 (a confidence interval needs two), got \(r)") }
    }

    func run() throws {
        let file = scenario ?? (FileManager.default.fileExists(atPath: "scenarios/default.yaml") ? "scenarios/default.yaml" : nil)
        var runner = try StudyRunner(file: file, overrides: options.overrides, jobs: options.jobs, seed: seed, replications: replications)
        runner.log = { FileHandle.standardError.write("hybridsim: \($0)\n".data(using: .utf8)!) }
        let outcome = try runner.run(out: options.out)
        for w in outcome.warnings { FileHandle.standardError.write("hybridsim: warning: \(w)\n".data(using: .utf8)!) }
        let unmet = runner.base.precision != nil && !outcome.converged ? "; precision target NOT met (replication cap reached)" : ""
        print("hybridsim: \(runner.base.name), \(runner.points.count) point(s) × \(runner.base.options.count) option(s) × \(runner.base.replications) replications, seed \(runner.base.seed)\(unmet)")
        print(SummaryTable.render(outcome), terminator: "")
        print(String(format: "wall time %.1f s, %d events", outcome.wallSeconds, outcome.events))
        if let out = options.out { print("wrote \(out)/flows.csv, summary.csv, components.csv, manifest.json") }
    }
}
