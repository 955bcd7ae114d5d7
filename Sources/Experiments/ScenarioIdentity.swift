import Foundation
import Reports

/// The identity of a result set: the SHA-256 of the fully resolved scenario (the file's tree
/// after `--set`, `--seed` and `--replications`, its name and the hybridsim version). It is in
/// the manifest and in every CSV row (`scenario_id`, its first 16 hex digits); `--resume` and
/// `merge` refuse results whose identity differs, and say which field differs.
public struct ScenarioIdentity: Equatable, Sendable {
    /// 64 hex digits.
    public let digest: String
    /// Every value of the resolved scenario as (dotted path, value), in document order.
    public let values: [(path: String, value: String)]

    /// The first 16 hex digits, as the CSV rows carry them.
    public var short: String { String(digest.prefix(16)) }

    public static func == (a: ScenarioIdentity, b: ScenarioIdentity) -> Bool { a.digest == b.digest }

    public init(tree: ScenarioTree, name: String, version: String) {
        var leaves: [(path: String, value: String)] = [("(hybridsim version)", version), ("(scenario name)", name)]
        ScenarioIdentity.flatten(tree, "", into: &leaves)
        values = leaves
        digest = SHA256.hex(ScenarioIdentity.text(of: leaves))
    }

    static func flatten(_ node: ScenarioTree, _ path: String, into leaves: inout [(path: String, value: String)]) {
        switch node {
        case .scalar(let s, _): leaves.append((path, s))
        case .sequence(let items, _):
            if items.isEmpty { leaves.append((path, "[]")) }
            for (i, item) in items.enumerated() { flatten(item, "\(path)[\(i)]", into: &leaves) }
        case .mapping(let pairs, _):
            if pairs.isEmpty { leaves.append((path, "{}")) }
            for (k, v) in pairs { flatten(v, ScenarioTree.join(path, k), into: &leaves) }
        }
    }

    /// The text the digest is taken of: path, NUL, value, NUL for every value (no YAML scalar
    /// holds a NUL, so the text is unambiguous).
    static func text(of values: [(path: String, value: String)]) -> String {
        values.map { "\($0.path)\u{0}\($0.value)\u{0}" }.joined()
    }

    /// For manifest.json and `.points/scenario.json`: the digest and the values as one string
    /// (one JSON string, not an array of pairs, keeps a 40,000-device topology's manifest small
    /// and quick to write).
    public var json: [String: Any] { ["identity": digest, "values": ScenarioIdentity.text(of: values)] }

    /// Reads `json` back; nil when it is not an identity.
    public init?(json: Any?) {
        guard let j = json as? [String: Any], let d = j["identity"] as? String, let v = j["values"] as? String else { return nil }
        let parts = v.split(separator: "\u{0}", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard parts.count % 2 == 0 else { return nil }
        digest = d
        values = stride(from: 0, to: parts.count, by: 2).map { (parts[$0], parts[$0 + 1]) }
    }

    /// The first field in which `other` (the earlier results) differs from this, in words.
    public func difference(from other: ScenarioIdentity) -> String {
        let mine = Dictionary(values.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(other.values.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (path, value) in values where theirs[path] != value {
            return "\(path) is \(value) now, \(theirs[path] ?? "not set") in the earlier results"
        }
        for (path, value) in other.values where mine[path] == nil {
            return "\(path) is not set now, \(value) in the earlier results"
        }
        return "the order of the scenario's keys differs"
    }
}
