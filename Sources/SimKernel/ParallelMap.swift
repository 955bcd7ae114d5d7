import Foundation

/// Runs `body(0) … body(count − 1)` on up to `jobs` threads and returns the results in index
/// order. The result never depends on `jobs`: each index is computed independently (each
/// replication owns its random streams) and placed at its own position.
public func parallelMap<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    let workers = max(1, min(jobs, count))
    if workers == 1 { return (0..<count).map(body) }
    let box = ResultBox<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let i = box.claim() {
            let value = body(i)
            box.store(value, at: i)
        }
    }
    return box.values()
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ value: T, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = value
    }

    func values() -> [T] { slots.map { $0! } }
}
