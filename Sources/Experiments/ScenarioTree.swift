import Yams

/// A scenario as a tree of YAML values with the line each came from. `--set` overrides and
/// sweep points edit this tree; `Scenario` decodes it, so every error can name the file, line
/// and key path.
public indirect enum ScenarioTree: Sendable, Equatable {
    /// The largest scenario file read: 16 MiB (a 40,000-device topology is about 4 MiB).
    public static let largestFileBytes = 16 << 20
    /// The most items in one list, and keys in one mapping: 200,000.
    public static let longestList = 200_000

    case scalar(String, line: Int?)
    case mapping([(key: String, value: ScenarioTree)], line: Int?)
    case sequence([ScenarioTree], line: Int?)

    public static func == (a: ScenarioTree, b: ScenarioTree) -> Bool {
        switch (a, b) {
        case let (.scalar(x, _), .scalar(y, _)): return x == y
        case let (.sequence(x, _), .sequence(y, _)): return x == y
        case let (.mapping(x, _), .mapping(y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// "value", "list" or "mapping", for messages.
    public var kindName: String {
        switch self {
        case .scalar: return "single value"
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    public var line: Int? {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// Parses YAML text. Errors name the file and the line.
    public static func parse(_ text: String, file: String) throws -> ScenarioTree {
        if let (line, message) = YAMLPreflight.problem(in: text) {
            throw ScenarioError(file: file, line: line, path: "", message: message)
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let e as YamlError {
            let first = "\(e)".split(separator: "\n").first.map(String.init) ?? "\(e)"
            throw ScenarioError(file: file, line: mark(in: e)?.line, path: "", message: "not valid YAML: \(first)")
        }
        guard let node else { return .mapping([], line: 1) }
        return try convert(node, file: file, path: "")
    }

    /// The source mark inside a Yams error, if it has one.
    static func mark(in error: Any) -> Mark? {
        for child in Mirror(reflecting: error).children {
            if let m = child.value as? Mark { return m }
            if let m = mark(in: child.value) { return m }
        }
        return nil
    }

    /// - Complexity: O(n) in the nodes of the document (anchors, aliases and list lengths were
    ///   refused by `YAMLPreflight` before composing).
    static func convert(_ node: Node, file: String, path: String) throws -> ScenarioTree {
        let line = node.mark.map { $0.line }
        switch node {
        case .scalar(let s): return .scalar(s.string, line: line)
        case .sequence(let seq):
            return .sequence(try seq.enumerated().map { try convert($1, file: file, path: "\(path)[\($0)]") }, line: line)
        case .mapping(let map):
            var pairs: [(key: String, value: ScenarioTree)] = []
            var seen = Set<String>()
            for (k, v) in map {
                guard let key = k.string, isPlainKey(key) else {
                    throw ScenarioError(file: file, line: k.mark?.line, path: path,
                                        message: "key '\(k.string ?? "(not text)")' is not a plain word: use letters, digits and . _ - / [ ] (1 to 200 characters)")
                }
                if !seen.insert(key).inserted {
                    throw ScenarioError(file: file, line: k.mark?.line, path: join(path, key), message: "key given twice")
                }
                pairs.append((key, try convert(v, file: file, path: join(path, key))))
            }
            return .mapping(pairs, line: line)
        case .alias:
            throw ScenarioError(file: file, line: line, path: path, message: anchorsRefused)
        }
    }

    /// Keys, which become names in outputs and paths in errors: 1–200 of letters, digits, `._-/[]`.
    static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 200
            && key.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-/[]".unicodeScalars.contains($0) }
    }

    /// A dotted path (`--set` or a sweep key) as its keys; nil when a part is empty or not a
    /// plain key.
    public static func keys(ofPath path: Substring) -> [String]? {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return keys.allSatisfy(isPlainKey) ? keys : nil
    }

    static let anchorsRefused = "YAML anchors and aliases (&name, *name) are not supported; write the value out"

    static func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : "\(a).\(b)" }

    /// The same values without source lines (for values that come from the command line).
    public var withoutLines: ScenarioTree {
        switch self {
        case .scalar(let s, _): return .scalar(s, line: nil)
        case .sequence(let items, _): return .sequence(items.map(\.withoutLines), line: nil)
        case .mapping(let pairs, _): return .mapping(pairs.map { ($0.key, $0.value.withoutLines) }, line: nil)
        }
    }

    /// `sources[2]` as ("sources", 2): a key that names an item of a list; nil for a plain key.
    public static func indexed(_ key: String) -> (key: String, index: Int)? {
        guard key.hasSuffix("]"), let open = key.lastIndex(of: "["), open != key.startIndex,
              let i = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]), i >= 0 else { return nil }
        return (String(key[..<open]), i)
    }

    /// The tree with the value at dotted `path` replaced (created when missing). A key
    /// `name[i]` reaches item i of the list at `name` (`topology.sources[0].poisson`); when
    /// there is no such item the key is taken literally, and the decoder names it.
    public func setting(_ path: [String], to value: ScenarioTree) -> ScenarioTree {
        guard let head = path.first else { return value }
        var pairs: [(key: String, value: ScenarioTree)] = []
        var line: Int? = nil
        if case .mapping(let p, let l) = self { pairs = p; line = l }
        if let (key, index) = Self.indexed(head), let at = pairs.firstIndex(where: { $0.key == key }),
           case .sequence(var items, let listLine) = pairs[at].value, items.indices.contains(index) {
            items[index] = items[index].setting(Array(path.dropFirst()), to: value)
            pairs[at].value = .sequence(items, line: listLine)
            return .mapping(pairs, line: line)
        }
        if let i = pairs.firstIndex(where: { $0.key == head }) {
            pairs[i].value = pairs[i].value.setting(Array(path.dropFirst()), to: value)
        } else {
            pairs.append((head, ScenarioTree.mapping([], line: nil).setting(Array(path.dropFirst()), to: value)))
        }
        return .mapping(pairs, line: line)
    }

    /// The value at `path`, if any.
    public func value(at path: [String]) -> ScenarioTree? {
        guard let head = path.first else { return self }
        if let (key, index) = Self.indexed(head), case .mapping(let pairs, _) = self,
           case .sequence(let items, _)? = pairs.first(where: { $0.key == key })?.value {
            return items.indices.contains(index) ? items[index].value(at: Array(path.dropFirst())) : nil
        }
        guard case .mapping(let pairs, _) = self, let v = pairs.first(where: { $0.key == head })?.value else { return nil }
        return v.value(at: Array(path.dropFirst()))
    }

    /// The tree without the top-level key `key`.
    public func removing(_ key: String) -> ScenarioTree {
        guard case .mapping(let pairs, let l) = self else { return self }
        return .mapping(pairs.filter { $0.key != key }, line: l)
    }

    /// Plain-value form (for the manifest).
    public var plain: Any {
        switch self {
        case .scalar(let s, _): return s
        case .sequence(let items, _): return items.map(\.plain)
        case .mapping(let pairs, _): return Dictionary(pairs.map { ($0.key, $0.value.plain) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// A canonical one-line text of a value (for `param.*` columns).
    public var text: String {
        switch self {
        case .scalar(let s, _): return s
        case .sequence(let items, _): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .mapping(let pairs, _): return "{" + pairs.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
