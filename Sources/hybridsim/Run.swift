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

    @Option(name: .customLong("overrides"), help: ArgumentHelp("A file of scenario values laid over the scenario before --set, e.g. the devices: section `hybridsim calibrate` writes (repeatable).", valueName: "file"))
    var overridesFiles: [String] = []

    @OptionGroup var output: OutputOptions

    /// The `path=value` settings: the overrides files', then `--set`.
    func settings() throws -> [String] { try OverridesFile.settings(files: overridesFiles, then: overrides) }

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
            random numbers. Prints one table per flow with the options as rows, best first: the \
            mean transaction time with its confidence interval, each option's difference to the \
            best in ms and % (paired by replication), p99, transaction rate, goodput, failed \
            transactions and the busiest component on the flow's path. With --out also writes the \
            CSV files (docs/outputs.md). Exit status: 0 when the run finished (warnings on stderr), \
            1 for a scenario or simulation error, 2 for a usage error.

            Examples:
              hybridsim run
              hybridsim run scenarios/esg-capacity.yaml --out results/esg-capacity
              hybridsim run --set experiment.replications=10 --set architecture.vcs.esg.size=large
              hybridsim run --seed 7 --jobs 1
              hybridsim run --overrides scenarios/calibration/overrides-example.yaml --set experiment.replications=3 --quiet
              hybridsim run --set experiment.replications=3 --format json --quiet
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
        var runner = try StudyRunner(file: file, overrides: try options.settings(), jobs: options.jobs, seed: seed, replications: replications)
        let output = options.output
        runner.log = { output.note($0) }
        runner.replicationProgress = output.progress(unit: "replications")
        let outcome = try runner.run(out: options.out)
        output.emit(RunReport.make(runner, outcome, command: "run"))
        if let out = options.out { output.note("wrote \(out)/flows.csv, summary.csv, components.csv, timeline.csv, manifest.json") }
    }
}
