/// The simulation clock and the future event list.
///
/// Models schedule events (`schedule(at:kind:target:item:)`), may cancel them
/// (`cancel(_:)`, lazy: the event stays in the heap and is skipped when it comes up), and
/// read `now`. The clock never goes backward: scheduling before `now` traps.
///
/// Cancellation is exact: since events leave the heap in strict (time, sequence) order and
/// new ones are always later than the last popped, an event has already run iff its
/// (time, sequence) is not after the last popped one. So cancelling a handle of an event
/// that already ran returns false and leaves nothing behind. Cancelled events also go into a
/// second heap in the same order: a popped event is cancelled iff it is that heap's minimum,
/// so a live event costs one comparison, not a hash lookup (O(log c) per cancellation for c
/// pending cancellations).
///
/// Non-copyable: a run has exactly one clock and one event list.
public struct EventScheduler: ~Copyable {
    @usableFromInline var heap: EventHeap
    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    /// The cancelled events still in `heap`, in the same (time, sequence) order.
    @usableFromInline var cancelledHeap = EventHeap(capacity: 16)
    @usableFromInline var lastPoppedTime: SimTime = SimTime(picoseconds: Int64.min)
    @usableFromInline var lastPoppedSequence: UInt64 = 0
    @usableFromInline var processed: Int = 0
    @usableFromInline var stopRequested = false

    /// Largest insertion sequence number (48 bits: 2.8 × 10¹⁴ events per run).
    public static let maxSequence: UInt64 = (1 << 48) - 1

    @inlinable public init(expectedPendingEvents: Int = 1024) {
        heap = EventHeap(capacity: expectedPendingEvents)
    }

    /// The current simulated time.
    @inlinable public var now: SimTime { clock }
    /// Events handled so far (cancelled ones not counted).
    @inlinable public var eventsProcessed: Int { processed }
    /// Events scheduled and neither run nor cancelled.
    @inlinable public var pendingCount: Int { heap.count - cancelled.count }
    /// Time of the earliest pending entry (possibly a cancelled one), or nil.
    @inlinable public var nextEventTime: SimTime? { heap.first?.time }

    /// Schedules an event of the model's `kind` at absolute `time` (≥ now).
    @inlinable @discardableResult
    public mutating func schedule(at time: SimTime, kind: UInt16, target: UInt32 = 0, item: UInt32 = 0)
        -> EventHandle
    {
        precondition(time >= clock, "event scheduled in the past: \(time) < now \(clock)")
        let sequence = nextSequence
        assert(sequence <= EventScheduler.maxSequence, "event sequence space exhausted")
        nextSequence = sequence &+ 1
        heap.push(Event(time: time, sequence: sequence, kind: kind, target: target, item: item))
        return EventHandle(time: time, sequence: sequence)
    }

    /// Schedules an event `delay` after now (delay ≥ 0).
    @inlinable @discardableResult
    public mutating func schedule(after delay: SimTime, kind: UInt16, target: UInt32 = 0, item: UInt32 = 0)
        -> EventHandle
    {
        schedule(at: clock + delay, kind: kind, target: target, item: item)
    }

    /// Cancels a pending event. Returns false if it already ran or was already cancelled.
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        let ran = handle.time < lastPoppedTime
            || (handle.time == lastPoppedTime && handle.sequence <= lastPoppedSequence)
        if ran || handle.sequence >= nextSequence { return false }
        guard cancelled.insert(handle.sequence).inserted else { return false }
        cancelledHeap.push(Event(time: handle.time, sequence: handle.sequence, kind: 0, target: 0, item: 0))
        return true
    }

    /// Asks the running `Simulation` to return after the current event.
    @inlinable public mutating func requestStop() { stopRequested = true }

    /// Removes and returns the next live event if its time is ≤ `end`, advancing the clock.
    @inlinable @inline(__always)
    mutating func popNext(notAfter end: SimTime) -> Event? {
        while heap.count > 0 && heap.base[0].time <= end {
            let event = heap.removeMin()
            assert(event.time >= clock, "clock would go backward")
            assert(processed & 1023 != 0 || heap.checkInvariant(), "event heap invariant broken")
            lastPoppedTime = event.time
            lastPoppedSequence = event.sequence
            if cancelledHeap.count > 0 && cancelledHeap.base[0].time == event.time
                && cancelledHeap.base[0].sequence == event.sequence {
                _ = cancelledHeap.removeMin()
                cancelled.remove(event.sequence)
                continue
            }
            clock = event.time
            processed &+= 1
            return event
        }
        return nil
    }

    /// Moves the clock forward to `time` without running anything (used at the end of a run).
    @inlinable mutating func advance(to time: SimTime) {
        if time > clock && time != .max { clock = time }
    }

    /// Verifies the heap invariant (O(n)); for tests.
    public func heapInvariantHolds() -> Bool { heap.checkInvariant() }
}
