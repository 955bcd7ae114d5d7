/// The future event list: a binary min-heap of `Event` values in one contiguous buffer,
/// ordered by (time, sequence).
///
/// Invariant: for every index i > 0, `!precedes(heap[i], heap[(i - 1) / 2])` (no child
/// precedes its parent). `checkInvariant()` verifies it; `EventScheduler` calls it only in
/// debug builds. Push and pop are O(log n) and move elements through a "hole" instead of
/// swapping, so each level costs one copy. A binary heap was measured fastest here (see
/// docs/kernel.md and ../shared/TOOLCHAIN.md: ≈ 12 M holds/s at 1,000 events).
///
/// The heap is non-copyable and owns its buffer outright: no reference counting, uniqueness
/// or exclusivity checks on the hot path, and no way to share it by accident.
@usableFromInline
struct EventHeap: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Event>
    @usableFromInline var capacity: Int
    @usableFromInline var count: Int = 0

    @inlinable init(capacity: Int = 1024) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inlinable deinit { base.deallocate() }  // Event is trivial: nothing to deinitialize

    @inlinable var isEmpty: Bool { count == 0 }
    @inlinable var first: Event? { count > 0 ? base[0] : nil }

    @inlinable mutating func reserveCapacity(_ n: Int) {
        if n > capacity { resize(to: n) }
    }

    @usableFromInline mutating func resize(to n: Int) {
        let bigger = UnsafeMutablePointer<Event>.allocate(capacity: n)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = n
    }

    @inlinable
    mutating func push(_ event: Event) {
        if count == capacity { resize(to: capacity * 2) }
        let buf = base
        var hole = count
        count &+= 1
        while hole > 0 {
            let parent = (hole &- 1) >> 1
            let p = buf[parent]
            if !Event.precedes(event, p) { break }
            buf[hole] = p
            hole = parent
        }
        buf[hole] = event
    }

    @inlinable
    mutating func popMin() -> Event? {
        if count == 0 { return nil }
        return removeMin()
    }

    /// Removes and returns the earliest event; the heap must not be empty.
    @inlinable
    mutating func removeMin() -> Event {
        count &-= 1
        let buf = base
        let n = count
        let top = buf[0]
        if n == 0 { return top }
        let last = buf[n]
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

    /// True when no child precedes its parent. O(n); for tests and debug checks.
    @usableFromInline func checkInvariant() -> Bool {
        var i = 1
        while i < count {
            if Event.precedes(base[i], base[(i - 1) / 2]) { return false }
            i += 1
        }
        return true
    }
}
