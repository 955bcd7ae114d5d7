import Foundation

/// The points of a sweep: each point sets some scenario paths to values.
public struct SweepPoint: Sendable {
    public let index: Int
    /// (dotted path, value as written) for every swept parameter, in sweep order.
    public let settings: [(path: String, value: ScenarioTree)]
    /// The swept values by short name, `esg.size=large, clients=200` (empty without a sweep):
    /// each path is cut to its shortest ending that no other swept path shares. Printed
    /// instead of the index, and written to every CSV row as `point_label`.
    public let label: String

    init(index: Int, settings: [(path: String, value: ScenarioTree)]) {
        self.index = index
        self.settings = settings
        let names = SweepPoint.shortNames(settings.map(\.path))
        label = zip(names, settings).map { "\($0)=\($1.value.text)" }.joined(separator: ", ")
    }

    /// The shortest ending of each dotted path (in whole parts) that no other path ends with.
    static func shortNames(_ paths: [String]) -> [String] {
        let parts = paths.map { $0.split(separator: ".").map(String.init) }
        return parts.enumerated().map { i, p in
            for k in 1...max(1, p.count) {
                let tail = p.suffix(k)
                if !parts.enumerated().contains(where: { $0.offset != i && Array($0.element.suffix(k)) == Array(tail) }) {
                    return tail.joined(separator: ".")
                }
            }
            return paths[i]
        }
    }
}

public enum Sweep {
    /// The most points in one sweep: 100,000.
    public static let largestSweep = 100_000

    /// Expands the `sweep:` section of `tree` (absent: one point with no settings).
    /// `mode: grid` (default) takes every combination, the first key outermost; `mode: zip`
    /// pairs the i-th values of equally long lists.
    public static func points(_ tree: ScenarioTree, file: String) throws -> [SweepPoint] {
        guard let sweep = tree.value(at: ["sweep"]) else { return [SweepPoint(index: 0, settings: [])] }
        guard case .mapping(let pairs, _) = sweep, !pairs.isEmpty else {
            throw ScenarioError(file: file, line: sweep.line, path: "sweep", message: "expected parameter paths mapped to lists or ranges")
        }
        var zip = false
        var dims: [(path: String, values: [ScenarioTree])] = []
        for (key, value) in pairs {
            if key == "mode" {
                guard case .scalar(let m, _) = value, m == "grid" || m == "zip" else {
                    throw ScenarioError(file: file, line: value.line, path: "sweep.mode", message: "must be grid or zip")
                }
                zip = m == "zip"
                continue
            }
            guard let keys = ScenarioTree.keys(ofPath: Substring(key)) else {
                throw ScenarioError(file: file, line: value.line, path: "sweep", message: "the sweep key '\(key)' has an empty part; write a scenario path such as flows.enterprise-to-icp-web.clients")
            }
            do { try Scenario.checkIndices(keys, in: tree, path: key) } catch let e as ScenarioError {
                throw ScenarioError(file: file, line: value.line, path: "sweep.\(key)", message: e.message)
            }
            guard key != "sweep", !key.hasPrefix("sweep.") else {
                throw ScenarioError(file: file, line: value.line, path: "sweep.\(key)", message: "a sweep cannot vary the sweep itself")
            }
            dims.append((key, try values(value, path: "sweep.\(key)", file: file)))
        }
        guard !dims.isEmpty else { return [SweepPoint(index: 0, settings: [])] }
        // The size, computed before any point is built (a product of counts can be 10¹⁰ or more).
        let size = zip ? Double(dims[0].values.count) : dims.reduce(1.0) { $0 * Double($1.values.count) }
        guard size <= Double(largestSweep) else {
            throw ScenarioError(file: file, line: sweep.line, path: "sweep",
                                message: "\(size < 1e15 ? String(Int64(size)) : String(size)) points; a sweep has at most \(largestSweep) (fewer values, or mode: zip)")
        }
        var combos: [[ScenarioTree]] = []
        if zip {
            let n = dims[0].values.count
            if let bad = dims.first(where: { $0.values.count != n }) {
                throw ScenarioError(file: file, line: sweep.line, path: "sweep.\(bad.path)",
                                    message: "zip needs lists of equal length (\(bad.values.count) vs \(n))")
            }
            combos = (0..<n).map { i in dims.map { $0.values[i] } }
        } else {
            combos = [[]]
            for d in dims { combos = combos.flatMap { c in d.values.map { c + [$0] } } }
        }
        return combos.enumerated().map { i, c in SweepPoint(index: i, settings: zip2(dims.map(\.path), c)) }
    }

    static func zip2(_ a: [String], _ b: [ScenarioTree]) -> [(path: String, value: ScenarioTree)] {
        Swift.zip(a, b).map { ($0, $1) }
    }

    /// A list, or a range `{from, to, step}` of numbers with an optional common unit (10ms).
    static func values(_ node: ScenarioTree, path: String, file: String) throws -> [ScenarioTree] {
        switch node {
        case .sequence(let items, _):
            guard !items.isEmpty else { throw ScenarioError(file: file, line: node.line, path: path, message: "empty list") }
            return items
        case .mapping(let pairs, _):
            let m = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let extra = m.keys.first(where: { !["from", "to", "step"].contains($0) }) {
                throw ScenarioError(file: file, line: node.line, path: "\(path).\(extra)", message: "unknown key; a range has from, to, step")
            }
            func part(_ k: String) throws -> (Double, String) {
                guard case .scalar(let t, _)? = m[k], let (v, u) = Units.split(t) else {
                    throw ScenarioError(file: file, line: node.line, path: "\(path).\(k)", message: "a range needs from, to and step (numbers with the same unit)")
                }
                return (v, u)
            }
            let (from, u1) = try part("from"), (to, u2) = try part("to"), (step, u3) = try part("step")
            guard u1 == u2 && u2 == u3 else {
                throw ScenarioError(file: file, line: node.line, path: path, message: "from, to and step must use the same unit ('\(u1)', '\(u2)', '\(u3)')")
            }
            guard step > 0, to >= from else {
                throw ScenarioError(file: file, line: node.line, path: path, message: "need step > 0 and to ≥ from")
            }
            guard (to - from) / step < Double(largestSweep) else {
                throw ScenarioError(file: file, line: node.line, path: path,
                                    message: "the range has more than \(largestSweep) values; a sweep has at most \(largestSweep) points (a larger step?)")
            }
            let n = Int(((to - from) / step + 1e-9).rounded(.down))
            return (0...n).map { i in
                let v = from + Double(i) * step
                let text = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
                return .scalar(text + u1, line: node.line)
            }
        case .scalar:
            return [node]
        }
    }
}
