import ArgumentParser
import Experiments
import Foundation

/// `--shard I/N`, or `--shard-count N` with the index from a Kubernetes indexed Job
/// (`JOB_COMPLETION_INDEX`, 0-based) or a Slurm array (`SLURM_ARRAY_TASK_ID`, 1-based): the
/// one way `sweep` and `resilience` split their work.
struct ShardOptions: ParsableArguments {
    @Option(help: "This shard as I/N (1-based).")
    var shard: String?

    @Option(help: "Number of shards when the index comes from JOB_COMPLETION_INDEX (0-based) or SLURM_ARRAY_TASK_ID (1-based).")
    var shardCount: Int?

    var given: Bool { shard != nil || shardCount != nil }

    /// (index, count), 1-based; (1, 1) when not sharded.
    func parsed() throws -> (index: Int, count: Int) {
        if let shard {
            guard let parsed = StudyRunner.shard(parsing: shard) else {
                throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4; got \(shard)")
            }
            return parsed
        }
        let env = ProcessInfo.processInfo.environment
        if let n = shardCount {
            guard n >= 1 else { throw ValidationError("--shard-count must be at least 1") }
            if let k = env["JOB_COMPLETION_INDEX"].flatMap(Int.init) { return (k + 1, n) }
            if let k = env["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) { return (k, n) }
            throw ValidationError("--shard-count needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment")
        }
        return (1, 1)
    }

    func validate() throws {
        let (i, n) = try parsed()
        guard (1...n).contains(i) else { throw ValidationError("shard \(i) is outside 1...\(n)") }
    }
}
