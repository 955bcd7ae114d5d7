/// The future event list: a binary min-heap of `Event` values in one contiguous array,
/// ordered by (time, sequence).
///
/// Invariant: for every index i > 0, `!precedes(heap[i], heap[(i - 1) / 2])` (no child
/// precedes its parent). `checkInvariant()` verifies it; `EventScheduler` calls it only in
/// debug builds. Push and pop are O(log n) and move elements through a "hole" instead of
/// swapping, so each level costs one copy. A binary heap was measured fastest here (see
/// docs/kernel.md and ../shared/TOOLCHAIN.md: ≈ 12 M holds/s at 1,000 events).
@usableFromInline
struct EventHeap {
    @usableFromInline var storage: ContiguousArray<Event> = []

    @inlinable init() {}

    @inlinable var count: Int { storage.count }
    @inlinable var isEmpty: Bool { storage.isEmpty }
    @inlinable var first: Event? { storage.first }

    @inlinable mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    @inlinable
    mutating func push(_ event: Event) {
        storage.append(event)
        storage.withUnsafeMutableBufferPointer { buf in
            var hole = buf.count - 1
            while hole > 0 {
                let parent = (hole &- 1) >> 1
                let p = buf[parent]
                if !Event.precedes(event, p) { break }
                buf[hole] = p
                hole = parent
            }
            buf[hole] = event
        }
    }

    @inlinable
    mutating func popMin() -> Event? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { buf -> Event in
            let top = buf[0]
            let n = buf.count
            var hole = 0
            while true {
                var child = 2 &* hole &+ 1
                if child >= n { break }
                let right = child &+ 1
                if right < n && Event.precedes(buf[right], buf[child]) { child = right }
                let c = buf[child]
                if !Event.precedes(c, last) { break }
                buf[hole] = c
                hole = child
            }
            buf[hole] = last
            return top
        }
    }

    /// True when no child precedes its parent. O(n); for tests and debug checks.
    @usableFromInline func checkInvariant() -> Bool {
        for i in 1..<max(storage.count, 1) where Event.precedes(storage[i], storage[(i - 1) / 2]) {
            return false
        }
        return true
    }
}
