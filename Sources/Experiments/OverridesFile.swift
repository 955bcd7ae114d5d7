/// An overrides file (`--overrides FILE`): a part of a scenario, e.g. the `devices:` section
/// that `hybridsim calibrate` writes, laid over a scenario as `--set` lines would be. Each
/// value of the file replaces the scenario's at its path; the rest of the scenario stays.
public enum OverridesFile {
    /// The `path=value` settings of the file at `path`, in its order.
    public static func settings(path: String) throws -> [String] {
        let tree = try ScenarioTree.parse(try Scenario.read(path), file: path)
        guard case .mapping(let pairs, _) = tree, !pairs.isEmpty else {
            throw ScenarioError(file: path, line: tree.line, path: "",
                                message: "an overrides file is a mapping of scenario sections, e.g. devices: {esg: {per-byte: 3ns}}")
        }
        var out: [String] = []
        func walk(_ node: ScenarioTree, _ keys: [String]) {
            if case .mapping(let children, _) = node, !children.isEmpty {
                for (k, v) in children { walk(v, keys + [k]) }
            } else {
                out.append(keys.joined(separator: ".") + "=" + node.text)
            }
        }
        walk(tree, [])
        return out
    }

    /// The settings of every file in `files`, then `sets` (`--set` wins over a file).
    public static func settings(files: [String], then sets: [String]) throws -> [String] {
        try files.flatMap { try settings(path: $0) } + sets
    }
}
