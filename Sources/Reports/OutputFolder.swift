import CFileExchange
import Foundation

/// The folder a command writes a result set into (`--out`): checked before any work, locked
/// while a run writes to it, and given its final files as one set.
///
/// - Checks: the path is not empty and not a file, missing parents can be created (they are,
///   as `mkdir -p` does) and the folder can be written; each problem is an
///   `OutputFolder.Problem` in plain words.
/// - Lock: `flock` on `OUT/.lock`, held until `finish()` or the process ends (the kernel
///   releases it after a `kill -9`), so a second run into the same folder gets a clear error.
/// - Publication: the set is written into a staging folder beside `OUT` that also holds hard
///   links to everything else in `OUT` (`.points/`), and the two folders are exchanged in one
///   `renameat2(RENAME_EXCHANGE)`. A reader, or an interrupted run, sees either the whole old
///   set or the whole new one. Where the file system cannot exchange folders, the files are
///   renamed into place one by one (each one atomic).
/// - Stale files: temporary files (`.NAME.tmp-PID`) and staging folders of earlier runs that
///   were killed are removed when the folder is opened (the lock says they are not in use).
public final class OutputFolder {
    /// An output folder that cannot be used, and what to do.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The folder, as given.
    public let path: String
    private var lock: Int32 = -1
    private var parent: String { (URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path) }
    private var name: String { URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent }
    private var stagingPrefix: String { "\(parent)/.\(name).publish-" }

    /// Checks `path`, creates the folder if its parent exists, locks it and removes stale files.
    public init(_ path: String) throws {
        self.path = path
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(description: "--out is empty; give a folder, e.g. --out results/my-study")
        }
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw Problem(description: "--out \(path) is a file, not a folder; give a folder (it is created if missing)")
            }
        } else {
            // Missing parents are created, as mkdir -p does; a parent that is a file, or a
            // place where folders cannot be made, is reported now, before any work.
            var ancestor = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
            while !fm.fileExists(atPath: ancestor.path, isDirectory: &isFolder) { ancestor.deleteLastPathComponent() }
            guard isFolder.boolValue else {
                throw Problem(description: "--out \(path): \(ancestor.path) is a file, so the folder cannot be made there; give another --out")
            }
            do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw Problem(description: "--out \(path): cannot create the folder in \(ancestor.path) (\((error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription)); give a folder you can write to")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw Problem(description: "--out \(path): the folder is not writable (\(OutputFolder.reason())); give a folder you can write to")
        }
        try takeLock()
        removeStale()
    }

    deinit { if lock >= 0 { close(lock) } }

    /// The text of the last system error.
    static func reason() -> String { String(cString: strerror(errno)) }

    private func takeLock() throws {
        let lockPath = "\(path)/.lock"
        for _ in 0..<8 {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw Problem(description: "--out \(path): cannot write in the folder (\(OutputFolder.reason())); give a folder you can write to")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                var buffer = [UInt8](repeating: 0, count: 32)
                let n = read(fd, &buffer, 31)
                close(fd)
                let pid = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
                throw Problem(description: "--out \(path): another hybridsim (pid \(pid)) is writing to this folder; wait for it to finish or give another --out")
            }
            // The lock file may have been removed by a run that just finished: lock the file at the path.
            var held = stat(), current = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                let text = "\(getpid())\n"
                _ = ftruncate(fd, 0)
                _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
                lock = fd
                return
            }
            close(fd)
        }
        throw Problem(description: "--out \(path): could not take the folder's lock; try again")
    }

    /// Removes temporary files and staging folders that runs killed earlier left behind.
    private func removeStale() {
        let fm = FileManager.default
        if let siblings = try? fm.contentsOfDirectory(atPath: parent) {
            for s in siblings where "\(parent)/\(s)".hasPrefix(stagingPrefix) { try? fm.removeItem(atPath: "\(parent)/\(s)") }
        }
        guard let walker = fm.enumerator(atPath: path) else { return }
        var stale: [String] = []
        while let item = walker.nextObject() as? String {
            let base = (item as NSString).lastPathComponent
            if base.hasPrefix("."), base.contains(".tmp-") { stale.append(item) }
        }
        for item in stale { try? fm.removeItem(atPath: "\(path)/\(item)") }
    }

    /// Writes `files` (name, text) into the folder as one set, replacing the old ones.
    public func publish(_ files: [(name: String, text: String)]) throws {
        let fm = FileManager.default
        let staging = stagingPrefix + "\(getpid())"
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let names = Set(files.map(\.name))
            for entry in try fm.contentsOfDirectory(atPath: path) where !names.contains(entry) {
                try OutputFolder.link("\(path)/\(entry)", "\(staging)/\(entry)")
            }
            for f in files { try Data(f.text.utf8).write(to: URL(fileURLWithPath: "\(staging)/\(f.name)")) }
        } catch {
            try? fm.removeItem(atPath: staging)
            throw Problem(description: "--out \(path): cannot write the results (\(error.localizedDescription)); the previous files are unchanged")
        }
        // Not when the current folder is inside OUT: the exchange would leave it behind.
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let inside = here == target || here.hasPrefix(target + "/")
        if !inside && hybridsim_exchange(path, staging) == 0 {
            try? fm.removeItem(atPath: staging)   // now the old set
            return
        }
        // No folder exchange here: rename the files into place one by one.
        for f in files where rename("\(staging)/\(f.name)", "\(path)/\(f.name)") != 0 {
            let why = OutputFolder.reason()
            try? fm.removeItem(atPath: staging)
            throw Problem(description: "--out \(path): cannot write \(f.name) (\(why))")
        }
        try? fm.removeItem(atPath: staging)
    }

    /// Hard-links `from` to `to` (folders recursively; a copy where a link is refused).
    static func link(_ from: String, _ to: String) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: from, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            try fm.createDirectory(atPath: to, withIntermediateDirectories: false)
            for entry in try fm.contentsOfDirectory(atPath: from) { try link("\(from)/\(entry)", "\(to)/\(entry)") }
        } else if Glibc.link(from, to) != 0 {
            try fm.copyItem(atPath: from, toPath: to)
        }
    }

    /// Releases the lock and removes the lock file: the folder holds only the results.
    public func finish() {
        guard lock >= 0 else { return }
        unlink("\(path)/.lock")
        close(lock)
        lock = -1
    }
}
