import ArgumentParser
import Experiments
import HybridCloud

/// The scenario a command works on: a file (or the built-in default study) with `--set`
/// overrides; its sweep, if any, is ignored.
struct ScenarioInput: ParsableArguments {
    @Argument(help: "Scenario file (YAML; default: the built-in default study on the reference architecture).")
    var scenario: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value: path=value, e.g. architecture.vcs.hosts=6 (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("overrides"), help: ArgumentHelp("A file of scenario values laid over the scenario before --set (e.g. the devices: section `hybridsim calibrate` writes).", valueName: "file"))
    var overridesFiles: [String] = []

    /// The decoded scenario; an explicit `topology:` is refused (unless `allowTopology`), since
    /// these commands work on an estate.
    func load(allowTopology: Bool = false) throws -> Scenario {
        try loadWithTree(allowTopology: allowTopology).0
    }

    /// The decoded scenario and its resolved tree (for its identity).
    func loadWithTree(allowTopology: Bool = false) throws -> (Scenario, ScenarioTree) {
        let overrides = try OverridesFile.settings(files: overridesFiles, then: overrides)
        let (s, tree) = try scenario.map { try Scenario.load(path: $0, overrides: overrides) }
            ?? Scenario.load(text: Scenario.defaultYAML, file: "(built-in default study)", overrides: overrides)
        if s.topology != nil && !allowTopology {
            throw CompiledEstate.Invalid(description: "\(scenario ?? "scenario"): has an explicit 'topology:'; this command works on an estate (the 'architecture:' section)")
        }
        if tree.value(at: ["sweep"]) != nil {
            Console.error("hybridsim: warning: \(scenario ?? "the scenario"): its sweep: section is ignored by this command (it works on the scenario's own values; use --set to pick a point)")
        }
        return (s, tree)
    }
}
