import ArgumentParser
import Experiments
import Foundation

/// `hybridsim sweep`: every point of a scenario's sweep, resumable and shardable.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every point of a scenario's sweep: section (resumable, shardable).",
        discussion: """
            Each finished point is kept in OUT/.points/N, so --resume computes only the missing \
            points. --shard I/N computes points i with i mod N = I - 1 (also taken from \
            JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID with --shard-count N); join shards with \
            `hybridsim merge`. Prints per flow one row per point and option, labelled by the swept \
            values (the CSV column point_label). Progress goes to stderr: a bar on a terminal, one \
            line per point otherwise. Exit status: 0 when every point finished, 1 for a scenario \
            or simulation error, 2 for a usage error.

            Examples:
              hybridsim sweep scenarios/esg-capacity.yaml --out results/esg-capacity
              hybridsim sweep scenarios/esg-capacity.yaml --out /shared/s1 --shard 1/4
              hybridsim sweep scenarios/esg-capacity.yaml --out results/esg-capacity --resume
            """)

    @Argument(help: "Scenario file (YAML) with a sweep: section.")
    var scenario: String

    @OptionGroup var options: RunOptions

    @OptionGroup var sharding: ShardOptions

    @Flag(help: "Reuse the points already finished in --out.")
    var resume = false

    func validate() throws {
        if resume && options.out == nil { throw ValidationError("--resume needs --out (where the finished points are)") }
    }

    func run() throws {
        var runner = try StudyRunner(file: scenario, overrides: try options.settings(), jobs: options.jobs)
        runner.shard = try sharding.parsed()
        runner.resume = resume
        let output = options.output
        runner.log = { output.note($0) }
        runner.progress = output.progress(unit: "points")
        let outcome = try runner.run(out: options.out)
        var report = RunReport.make(runner, outcome, command: "sweep")
        report.header[0] += "; shard \(runner.shard.index)/\(runner.shard.count): \(runner.myPoints.count) of \(runner.points.count) points"
        output.emit(report)
    }
}

/// `hybridsim merge`: joins shard outputs.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of sweep shards into one folder.",
        discussion: """
            Rows are ordered by sweep point as a single run writes them, so merging all shards \
            gives the same files as an unsharded sweep, byte for byte. Exit status: 0 when \
            merged, 1 when a folder is missing, cut short or of another scenario.

            Example:
              hybridsim merge /shared/s1 /shared/s2 /shared/s3 /shared/s4 --out results/esg-capacity
            """)

    @Argument(help: "Output folders of the shards.")
    var folders: [String]

    @Option(help: "Folder for the merged flows.csv, summary.csv and components.csv.")
    var out: String

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one folder to merge") }
    }

    func run() throws {
        try Merge.merge(folders, into: out)
        print("merged \(folders.count) folder(s) into \(out)")
    }
}
