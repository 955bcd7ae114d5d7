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
            `hybridsim merge`. Progress goes to stderr: a bar on a terminal, one line per point \
            otherwise.

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
        var runner = try StudyRunner(file: scenario, overrides: options.overrides, jobs: options.jobs)
        runner.shard = try sharding.parsed()
        runner.resume = resume
        runner.log = { FileHandle.standardError.write("hybridsim: \($0)\n".data(using: .utf8)!) }
        let terminal = isatty(2) != 0
        let start = Date()
        runner.progress = { done, total in
            let elapsed = Date().timeIntervalSince(start)
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            if terminal {
                let width = 30, filled = total > 0 ? width * done / total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileHandle.standardError.write(String(format: "\r[%@] %d/%d points, ETA %.0f s ", bar, done, total, eta).data(using: .utf8)!)
                if done == total { FileHandle.standardError.write("\n".data(using: .utf8)!) }
            } else {
                FileHandle.standardError.write(String(format: "point %d/%d done, %.1f s elapsed, ETA %.0f s\n", done, total, elapsed, eta).data(using: .utf8)!)
            }
        }
        let outcome = try runner.run(out: options.out)
        for w in outcome.warnings { FileHandle.standardError.write("hybridsim: warning: \(w)\n".data(using: .utf8)!) }
        print("hybridsim sweep: \(runner.base.name), shard \(runner.shard.index)/\(runner.shard.count): \(runner.myPoints.count) of \(runner.points.count) points")
        print(SummaryTable.render(outcome), terminator: "")
        print(String(format: "wall time %.1f s, %d events", outcome.wallSeconds, outcome.events))
    }
}

/// `hybridsim merge`: joins shard outputs.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of sweep shards into one folder.",
        discussion: """
            Rows are ordered by sweep point as a single run writes them, so merging all shards \
            gives the same files as an unsharded sweep, byte for byte.

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
