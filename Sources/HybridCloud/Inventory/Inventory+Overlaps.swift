import NetModel

extension Inventory {
    /// The first range of one part that overlaps a range of an earlier part of the same kind
    /// (two IKS clusters, two sites, ...), as a problem at the later part's key: "<key>.<range>:
    /// <prefix> overlaps <kind> <name>'s <range> <prefix>; give each <kind> its own ranges".
    /// - Complexity: O(n² r²) for n parts of r ranges each (a handful of each in an estate).
    static func firstOverlap<Part>(_ parts: [Part], kind: String, name: (Part) -> String, key: (Part) -> String,
                                   ranges: (Part) -> [(String, IPv4Prefix)]) -> String? {
        for (i, x) in parts.enumerated() {
            for y in parts[(i + 1)...] {
                for (yKey, yRange) in ranges(y) {
                    if let (xKey, xRange) = ranges(x).first(where: { $0.1.overlaps(yRange) }) {
                        return "\(key(y)).\(yKey): \(yRange) overlaps \(kind) \(name(x))'s \(xKey) \(xRange); give each \(kind) its own ranges"
                    }
                }
            }
        }
        return nil
    }
}
