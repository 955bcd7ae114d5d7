import Foundation
import Reports

/// Joins the outputs of shards (or of any runs with the same columns) into one folder, rows
/// ordered by sweep point as a single run writes them.
public enum Merge {
    /// An error naming the file, what is wrong and what to do.
    static func problem(_ file: String, _ message: String, fix: String) -> ScenarioError {
        ScenarioError(file: file, line: nil, path: "", lineMissingMeansOverride: false, message: "\(message); \(fix)")
    }

    public static func merge(_ dirs: [String], into out: String) throws {
        var real: [String: String] = [:]
        for dir in dirs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue else {
                throw problem(dir, "no such folder", fix: "give the output folder of a finished run or shard")
            }
            let path = URL(fileURLWithPath: dir).resolvingSymlinksInPath().standardizedFileURL.path
            if let other = real[path] { throw problem(dir, "is the same folder as \(other)", fix: "give each folder once") }
            real[path] = dir
        }
        let target = URL(fileURLWithPath: out).resolvingSymlinksInPath().standardizedFileURL.path
        if let input = real[target] {
            throw problem(out, "--out is one of the folders to merge (\(input))", fix: "write the merged files into a new folder")
        }
        let identity = try checkSameScenario(dirs)
        try checkShardsComplete(dirs)
        let folder = try OutputFolder(out)
        defer { folder.finish() }
        var files: [(name: String, text: String)] = []
        for name in ["flows.csv", "summary.csv", "components.csv", "timeline.csv"] {
            var header: [String]? = nil
            var rows: [(point: Int, order: Int, row: [String])] = []
            var source: [Int: String] = [:]
            for dir in dirs {
                let path = "\(dir)/\(name)"
                if name == "timeline.csv" && !FileManager.default.fileExists(atPath: path) { continue }
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw problem(path, "missing or unreadable", fix: "give the output folder of a finished run or shard")
                }
                let all = CSVTable.parse(text)
                guard let h = all.first else { continue }
                if let header, header != h {
                    throw problem(path, "columns differ from \(dirs[0])/\(name)", fix: "merge only runs of the same scenario and sweep")
                }
                header = h
                guard let pointColumn = h.firstIndex(of: "point"), let idColumn = h.firstIndex(of: "scenario_id") else {
                    throw problem(path, "has no point or scenario_id column", fix: "merge only hybridsim result folders")
                }
                var mine = Set<Int>()
                for (i, row) in all.dropFirst().enumerated() {
                    guard row.count == h.count, let point = Int(row[pointColumn]) else {
                        throw problem(path, "row \(i + 2) has \(row.count) fields where the header has \(h.count) (the file is cut short or edited)",
                                      fix: "rerun that run or shard")
                    }
                    guard row[idColumn] == identity.short else {
                        throw problem(path, "row \(i + 2) belongs to scenario \(row[idColumn]), the manifest to \(identity.short)",
                                      fix: "rerun that run or shard into a folder of its own")
                    }
                    if let other = source[point], other != dir {
                        throw problem(path, "sweep point \(point) is also in \(other)", fix: "merge each point once: the shards of one sweep")
                    }
                    mine.insert(point)
                    rows.append((point, rows.count, row))
                }
                for p in mine { source[p] = dir }
            }
            guard let header else { continue }
            rows.sort { $0.point != $1.point ? $0.point < $1.point : $0.order < $1.order }
            var table = CSVTable(header: header)
            for r in rows { table.append(r.row) }
            files.append((name, table.text))
        }
        let manifest: [String: Any] = [
            "merged_from": dirs, "scenario_identity": identity.json, "scenario_id": identity.short,
            "hybridsim_version": StudyRunner.version,
        ]
        files.append(("manifest.json", try JSONText.encode(manifest)))
        try folder.publish(files)
    }

    /// Every folder's manifest names the same scenario identity; returns it.
    static func checkSameScenario(_ dirs: [String]) throws -> ScenarioIdentity {
        var first: (dir: String, identity: ScenarioIdentity)? = nil
        for dir in dirs {
            let path = "\(dir)/manifest.json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw problem(path, "missing: that run or shard did not finish", fix: "rerun it (with --resume), then merge again")
            }
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            guard let identity = ScenarioIdentity(json: json?["scenario_identity"]) else {
                throw problem(path, "has no scenario identity (not a hybridsim manifest, or from an older version)", fix: "rerun that run or shard")
            }
            if let first, first.identity != identity {
                throw problem(path, "is from another scenario than \(first.dir) (\(identity.difference(from: first.identity)))",
                              fix: "merge only the shards of one sweep")
            }
            if first == nil { first = (dir, identity) }
        }
        return first!.identity
    }

    /// When the folders are shards of one sweep (a manifest.json says `shard: I/N` with N > 1),
    /// every shard 1...N must be there exactly once and finished (manifest written); otherwise
    /// the merged files would silently lack points.
    static func checkShardsComplete(_ dirs: [String]) throws {
        struct ShardInfo { let dir: String; let index: Int; let count: Int }
        var shards: [ShardInfo] = []
        var unfinished: [String] = []
        for dir in dirs {
            let path = "\(dir)/manifest.json"
            guard let data = FileManager.default.contents(atPath: path) else { unfinished.append(dir); continue }
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw problem(path, "not a hybridsim manifest (invalid JSON)",
                                    fix: "rerun that shard, or remove the folder from the merge")
            }
            guard let shard = StudyRunner.shard(parsing: (json["shard"] as? String) ?? "1/1") else {
                throw problem(path, "field 'shard' is not I/N", fix: "rerun that shard")
            }
            shards.append(ShardInfo(dir: dir, index: shard.index, count: shard.count))
        }
        guard let first = shards.first(where: { $0.count > 1 }) else { return }
        if let dir = unfinished.first {
            throw problem("\(dir)/manifest.json", "missing: that shard did not finish",
                                fix: "rerun it with the same --shard and --resume, then merge again")
        }
        // The scenario (file, seed, every value) was compared by `checkSameScenario`.
        for s in shards where s.count != first.count {
            throw problem("\(s.dir)/manifest.json", "shard \(s.index)/\(s.count) does not belong with shard \(first.index)/\(first.count) in \(first.dir)",
                                fix: "merge only the shards of one sweep")
        }
        var seen: [Int: String] = [:]
        for s in shards {
            if let other = seen[s.index] {
                throw problem("\(s.dir)/manifest.json", "shard \(s.index)/\(s.count) is also in \(other)", fix: "give each shard's folder once")
            }
            seen[s.index] = s.dir
        }
        let missing = (1...first.count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw problem(first.dir, "shard(s) \(missing.map { "\($0)/\(first.count)" }.joined(separator: ", ")) missing from the merge",
                                fix: "pass every shard's folder (\(first.count) in all)")
        }
    }
}
