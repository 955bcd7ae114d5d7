/// One scheduled event: a time, and three small integers the model interprets.
///
/// The kernel knows nothing of packets or devices. A model defines its own event kinds
/// (`kind`, 16 bits) and says what `target` (e.g. the index of a link or device in the
/// model's arrays) and `item` (e.g. the index of a packet in a pool) mean for each kind.
/// Dispatch is then a `switch` on `kind`, with no closure, allocation or existential.
///
/// Layout: 24 bytes. `time` (8), `key` (8) = insertion sequence << 16 | kind, `target` (4),
/// `item` (4). Ordering is by (time, sequence): events at equal times run in the order
/// they were scheduled (FIFO), which makes every run deterministic.
public struct Event: Sendable {
    public let time: SimTime
    @usableFromInline let key: UInt64
    public let target: UInt32
    public let item: UInt32

    @inlinable init(time: SimTime, sequence: UInt64, kind: UInt16, target: UInt32, item: UInt32) {
        self.time = time
        self.key = sequence << 16 | UInt64(kind)
        self.target = target
        self.item = item
    }

    /// The model-defined kind of this event.
    @inlinable public var kind: UInt16 { UInt16(truncatingIfNeeded: key) }
    /// The insertion sequence number (unique per scheduler, increasing).
    @inlinable public var sequence: UInt64 { key >> 16 }

    /// Strict (time, sequence) order.
    @inlinable static func precedes(_ a: Event, _ b: Event) -> Bool {
        a.time.picoseconds < b.time.picoseconds
            || (a.time.picoseconds == b.time.picoseconds && a.key < b.key)
    }
}

/// Identifies a scheduled event so that it can be cancelled.
public struct EventHandle: Hashable, Sendable {
    public let time: SimTime
    public let sequence: UInt64

    @inlinable init(time: SimTime, sequence: UInt64) {
        self.time = time
        self.sequence = sequence
    }
}
