/// A problem in a scenario: where (file, line, key path) and what to do.
public struct ScenarioError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    /// Dotted key path, e.g. `experiment.duration` or `flows.iks-web-to-vcs-db.clients`.
    public let path: String
    public let message: String
    /// A missing line means the value came from a --set override (decoder errors only).
    public var lineMissingMeansOverride = true

    public init(file: String, line: Int?, path: String, lineMissingMeansOverride: Bool = true, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
        self.lineMissingMeansOverride = lineMissingMeansOverride
    }

    public var description: String {
        let at = line.map { "\(file):\($0)" } ?? (lineMissingMeansOverride && !path.isEmpty ? "\(file) (or a --set override)" : file)
        return path.isEmpty ? "\(at): \(message)" : "\(at): \(path): \(message)"
    }
}

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
func didYouMean(_ word: String, _ candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var cur = [i + 1]
            for (j, cb) in b.enumerated() {
                cur.append(min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (ca == cb ? 0 : 1)))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let w = Array(word.lowercased())
    let best = candidates.map { ($0, distance(w, Array($0.lowercased()))) }.min { $0.1 < $1.1 }
    guard let (candidate, d) = best, d <= max(2, w.count / 3) else { return nil }
    return candidate
}
