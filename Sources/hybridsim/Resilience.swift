import ArgumentParser
import Experiments
import Foundation
import Reports
import HybridCloud
import SimKernel

/// `hybridsim resilience`: the single-failure (N-1) analysis of an estate.
struct Resilience: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fail every part of the estate in turn, under each integration option, and rank the failures by impact.",
        discussion: """
            The parts: each ESXi host (vSphere HA restarts its VMs), each ESG (HA takeover; a \
            single appliance goes down for --repair), each IKS and ICP worker, each strongSwan \
            pod, each L2 concentrator, the WAN and each cabled link (host and worker uplinks, \
            routers; not the links inside a host). Each failure starts at 2 s and is followed \
            to its end (every timer run, the part back) or for --window, whichever is shorter; \
            the control plane reacts as in `hybridsim outage`.

            The table ranks the failures by their worst option: flows affected, then \
            transactions lost, then the longest outage. --format csv gives every failure, \
            option and flow (columns in docs/resilience.md). --shard I/N runs the failures \
            i with i mod N = I - 1 (or --shard-count N with the index from JOB_COMPLETION_INDEX \
            or SLURM_ARRAY_TASK_ID, as sweep); --merge joins the shards' CSVs into the \
            unsharded CSV or table. Exit status: 0 when it ran, 1 for a scenario or simulation \
            error or a shard CSV that does not fit, 2 for a usage error.

            Examples:
              hybridsim resilience scenarios/reference.yaml --window 10s --repair 5s
              hybridsim resilience scenarios/reference.yaml --window 10s --repair 5s --options static-nat,bgp-peering --parts esg,link --format csv
              hybridsim resilience scenarios/estate-example.yaml --window 5s --repair 2s --options bgp-peering --shard 1/4 --format csv
              hybridsim resilience scenarios/reference.yaml --window 5s --repair 2s --options static-nat --parts esg --format json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var input: ScenarioInput

    @Option(help: "Integration options, comma-separated, or all (default: the scenario's options).")
    var options: String?

    @Option(help: "Only these parts, comma-separated: \(SingleFailure.Part.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var parts: String?

    @Option(help: "How long each failure is observed from its start, e.g. 60s, or full (to its end).")
    var window: String = "30s"

    @Option(help: "How long a failed link, the WAN, an L2 concentrator or a single-appliance ESG stays down, e.g. 30s.")
    var repair: String = "15s"

    @Option(help: "How long a lost worker stays away, e.g. 330s (node-monitor grace 40 s + eviction 5 min [Est]).")
    var workerDowntime: String = "330s"

    @OptionGroup var sharding: ShardOptions

    @Option(help: "Join these shard CSVs instead of simulating (repeatable).")
    var merge: [String] = []

    @Option(help: "Output format on stdout: table, csv or json.")
    var format: Format = .table

    @Option(help: "Parallel runs (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func duration(_ text: String, _ flag: String) throws -> SimTime {
        guard let t = Units.duration(text), t > .zero, t.seconds <= 86_400 else {
            throw ValidationError("--\(flag) must be a duration up to 1 day with its unit, e.g. 30s or 5min; got '\(text)'")
        }
        return t
    }

    func chosenParts() throws -> Set<SingleFailure.Part>? {
        try parts.map { text in
            Set(try text.split(separator: ",").map { name in
                guard let p = SingleFailure.Part(rawValue: String(name)) else {
                    throw ValidationError("--parts: '\(name)' is not a part (\(SingleFailure.Part.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return p
            })
        }
    }

    func validate() throws {
        _ = try chosenParts()
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
        if window != "full" { _ = try duration(window, "window") }
        _ = try duration(repair, "repair")
        _ = try duration(workerDowntime, "worker-downtime")
        if !merge.isEmpty && (sharding.given || input.scenario != nil) {
            throw ValidationError("--merge joins finished shards: give it without a scenario or --shard")
        }
    }

    func run() throws {
        if !merge.isEmpty { return try joinShards() }
        let (s, tree) = try input.loadWithTree()
        if !s.failures.isEmpty {
            Console.error("hybridsim resilience: note: the scenario's failures: list (\(s.failures.count)) is not used; the analysis injects each single failure itself")
        }
        guard !s.flows.isEmpty else { throw ValidationError("\(input.scenario ?? "the scenario") has no flows: give the flows whose impact the analysis measures (flows:)") }
        let chosen = try options.map(Outage.parseOptions) ?? s.options
        var study = ResilienceStudy(scenario: s, options: chosen)
        study.window = window == "full" ? nil : try duration(window, "window")
        study.timing.repair = try duration(repair, "repair")
        study.timing.workerDowntime = try duration(workerDowntime, "worker-downtime")
        study.shard = try sharding.parsed()
        study.parts = try chosenParts()
        let settings = "resilience options=\(chosen.map(\.rawValue).joined(separator: ",")) parts=\(parts ?? "all") window=\(window) repair=\(repair) worker-downtime=\(workerDowntime)"
        let identity = ScenarioIdentity(tree: tree, name: "\(s.name) \(settings)", version: HybridSim.version).short
        let clock = Date()
        let (total, rows) = try study.run(jobs: jobs)
        let csv = ResilienceTable.csv(rows, total: total, flows: s.flows.map(\.name), identity: identity)
        let runs = rows.filter { $0.flows != nil && !$0.derived }.count
        Console.error(String(format: "hybridsim resilience: %d of %d failures × %d options, %d runs, %.1f s wall",
                                              Set(rows.map(\.index)).count, total, chosen.count, runs, Date().timeIntervalSince(clock)))
        switch format {
        case .csv: print(csv.text, terminator: "")
        case .json: print(Resilience.json(csv), terminator: "")
        case .table:
            if study.shard.count > 1 { print("shard \(study.shard.index)/\(study.shard.count): the failures i with i mod \(study.shard.count) = \(study.shard.index - 1)") }
            print(ResilienceTable.render(csv), terminator: "")
        }
    }

    func joinShards() throws {
        let files = try merge.map { path -> (name: String, text: String) in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("--merge \(path): missing or unreadable; give the CSVs the shards wrote")
            }
            return (path, text)
        }
        if let twice = Dictionary(grouping: merge, by: { URL(fileURLWithPath: $0).standardizedFileURL.path }).first(where: { $0.value.count > 1 }) {
            throw ValidationError("--merge \(twice.value[0]) is given \(twice.value.count) times; give each shard's CSV once")
        }
        let csv = try ResilienceTable.merge(files)
        switch format {
        case .csv: print(csv.text, terminator: "")
        case .json: print(Resilience.json(csv), terminator: "")
        case .table: print(ResilienceTable.render(csv), terminator: "")
        }
    }

    /// The CSV's rows as JSON (one object per failure, option and flow), with the identity.
    static func json(_ csv: CSVTable) -> String {
        let id = csv.rows.first.flatMap { r in csv.header.firstIndex(of: "scenario_id").map { r[$0] } } ?? ""
        let table = Report.Table(title: "failures", columns: csv.header.map { Report.Column($0, $0, rightAligned: false) },
                                 rows: csv.rows.map { $0.map { .text($0) } })
        return Report(command: "resilience", identity: [Report.Field("scenario_id", id), Report.Field("hybridsim_version", HybridSim.version)],
                      tables: [table]).render(.json)
    }
}
