import ArgumentParser
import Experiments
import Foundation
import Reports

/// `hybridsim capacity`: the load at which a metric crosses a limit, per option.
struct Capacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find, per option, the value of a parameter at which a metric crosses a limit.",
        discussion: """
            Varies one numeric scenario path (e.g. a flow's clients) by doubling from its start \
            (--from, else the smallest value the sweep gives it, else its value in the file; \
            halving when the start is already past the limit) up to --to (default 64 × the \
            start), then bisects until the bracket is within --tolerance. Every probe is a \
            replicated run with common random numbers, so a probe at v equals a sweep point at v. \
            The rest of the scenario's sweep (e.g. the ESG size) gives one answer per point. \
            Reports the crossing interpolated between the last probe below and the first past, \
            the interval from the probes whose confidence interval lies wholly on one side, and \
            the busiest component on the flow's path at the first probe past the limit (the one \
            that bends). METRIC: \(Capacity.metricList), or utilisation(COMPONENT) with a limit \
            such as 80%. Exit status: 0 when it ran (also when a limit is not reached: see \
            status), 1 for a scenario or simulation error, 2 for a usage error.

            Examples:
              hybridsim capacity scenarios/esg-capacity.yaml --vary flows.iks-web-to-vcs-db.clients --until 'transaction_p99_ms > 10'
              hybridsim capacity scenarios/esg-capacity.yaml --vary flows.iks-web-to-vcs-db.clients --until 'utilisation(vcs-esg) > 80%' --format csv
              hybridsim capacity scenarios/strongswan-ceiling.yaml --vary flows.iks-web-to-vcs-db.clients --until 'utilisation(iks-strongswan) > 80%' --set experiment.duration=500ms --quiet
            """)

    static var metricList: String { CapacityCondition.flowMetrics.joined(separator: ", ") }

    @Argument(help: "Scenario file (YAML).")
    var scenario: String

    @Option(help: ArgumentHelp("The numeric scenario path to vary, e.g. flows.iks-web-to-vcs-db.clients.", valueName: "path"))
    var vary: String

    @Option(help: ArgumentHelp("The limit: 'METRIC > LIMIT' or 'METRIC < LIMIT'.", valueName: "condition"))
    var until: String

    @Option(help: "The flow whose metric counts (needed when the scenario has more than one).")
    var flow: String?

    @Option(help: "Options to search, comma separated (default: the scenario's).")
    var options: String?

    @Option(help: "Start value of the varied path (default: see above).")
    var from: Double?

    @Option(help: "Largest value to try (default: 64 × the start).")
    var to: Double?

    @Option(help: "Stop bisecting when the bracket is narrower than this fraction of its low end.")
    var tolerance = 0.1

    @Option(help: "Most probes per option and point.")
    var maxProbes = 14

    @Flag(help: "Also print every probe (value, metric with its interval, busiest component).")
    var probes = false

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        _ = try condition()
        if let from, !(from > 0 && from.isFinite) { throw ValidationError("--from must be above 0, got \(from)") }
        if let to, !(to > 0 && to.isFinite) { throw ValidationError("--to must be above 0, got \(to)") }
        if let from, let to, to <= from { throw ValidationError("--to (\(to)) must be above --from (\(from))") }
        guard tolerance > 0 && tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1), got \(tolerance)") }
        guard (2...100).contains(maxProbes) else { throw ValidationError("--max-probes must be 2...100, got \(maxProbes)") }
        guard runOptions.out == nil else { throw ValidationError("capacity writes no files; use --format csv > FILE") }
    }

    func condition() throws -> CapacityCondition {
        do { return try CapacityCondition(parsing: until) } catch let e as CapacityCondition.Invalid { throw ValidationError(e.description) }
    }

    func run() throws {
        let chosen = options.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var finder = try CapacityFinder(file: scenario, overrides: try runOptions.settings(), path: vary, condition: try condition(),
                                        flow: flow, options: chosen, jobs: runOptions.jobs)
        finder.from = from
        finder.to = to
        finder.tolerance = tolerance
        finder.maxProbes = maxProbes
        let output = runOptions.output
        finder.log = { output.note($0) }
        let start = Date()
        let answers = try finder.find()
        output.emit(CapacityReport.make(finder, answers, wallSeconds: Date().timeIntervalSince(start), probes: probes))
    }
}
