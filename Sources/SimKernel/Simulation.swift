/// A model's event handler: receives each event in time order and may schedule more.
///
/// Conforming types are usually structs holding the model's arrays (devices, links,
/// packet pool). `Simulation` is generic over the handler, so in an optimized build the
/// call is direct and the model's `switch event.kind` is inlined: no closure, allocation or
/// existential per event.
public protocol EventHandler {
    mutating func handle(_ event: Event, scheduler: inout EventScheduler)
}

/// Why `Simulation.run` returned.
public enum StopReason: Sendable, Equatable {
    /// The next event is after the time limit (the clock was advanced to the limit).
    case timeLimit
    /// No events are left (the clock was advanced to the time limit, if one was given).
    case noMoreEvents
    /// The event-count limit was reached.
    case eventLimit
    /// The model called `scheduler.requestStop()`.
    case stopRequested
    /// The stop predicate returned true.
    case predicate
}

/// A model and its scheduler: the run loop. Non-copyable, like the scheduler it owns.
public struct Simulation<Handler: EventHandler>: ~Copyable {
    public var scheduler: EventScheduler
    public var handler: Handler

    public init(handler: Handler, scheduler: consuming EventScheduler = EventScheduler()) {
        self.handler = handler
        self.scheduler = scheduler
    }

    /// Runs events with time ≤ `end`, at most `maxEvents` of them.
    @inlinable @discardableResult
    public mutating func run(until end: SimTime = .max, maxEvents: Int = .max) -> StopReason {
        run(until: end, maxEvents: maxEvents, stopWhen: { _ in false })
    }

    /// Runs events with time ≤ `end`, at most `maxEvents`, and stops after the first event
    /// for which `stopWhen(handler)` is true.
    @inlinable @discardableResult
    public mutating func run(
        until end: SimTime = .max, maxEvents: Int = .max, stopWhen: (borrowing Handler) -> Bool
    ) -> StopReason {
        scheduler.stopRequested = false
        var count = 0
        while count < maxEvents {
            guard let event = scheduler.popNext(notAfter: end) else {
                let reason: StopReason = scheduler.heap.isEmpty ? .noMoreEvents : .timeLimit
                scheduler.advance(to: end)
                return reason
            }
            handler.handle(event, scheduler: &scheduler)
            count &+= 1
            if scheduler.stopRequested { return .stopRequested }
            if stopWhen(handler) { return .predicate }
        }
        return .eventLimit
    }
}
