import SimKernel

/// A timer that is re-armed often (TCP's retransmission and delayed-ACK timers) without
/// cancelling events: it keeps its deadline and the time of the one event it has pending.
/// Moving the deadline later schedules nothing; when the pending event fires early it
/// schedules one event at the new deadline. Events the timer no longer waits for are
/// recognised by their time and ignored.
struct LazyTimer {
    /// When it is due (`.max`: not armed).
    private(set) var deadline: SimTime = .max
    /// When its newest event fires (`.max`: none).
    private var eventAt: SimTime = .max

    var isArmed: Bool { deadline != .max }

    mutating func arm(at time: SimTime, kind: UInt16, target: UInt32, item: UInt32, _ s: inout EventScheduler) {
        deadline = time
        if eventAt == .max || time < eventAt {
            eventAt = time
            s.schedule(at: time, kind: kind, target: target, item: item)
        }
    }

    mutating func disarm() { deadline = .max }

    /// Called when one of its events fires at `s.now`: true when the timer is due now (it is
    /// then disarmed); false for a stale event or a deadline moved later (rescheduled).
    mutating func fire(kind: UInt16, target: UInt32, item: UInt32, _ s: inout EventScheduler) -> Bool {
        guard s.now == eventAt else { return false }
        eventAt = .max
        if deadline == .max { return false }
        if deadline > s.now {
            eventAt = deadline
            s.schedule(at: deadline, kind: kind, target: target, item: item)
            return false
        }
        deadline = .max
        return true
    }
}
