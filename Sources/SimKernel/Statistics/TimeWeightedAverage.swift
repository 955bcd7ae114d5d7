/// The time average of a piecewise-constant quantity (queue length, busy servers, ...):
/// (1/T) ∫ value(t) dt over the observation period, plus its maximum.
/// Call `update(to:at:)` whenever the value changes; `reset(at:)` starts a new period
/// (e.g. at the end of the warm-up) keeping the current value.
public struct TimeWeightedAverage: Sendable {
    /// The current value.
    @inlinable public var value: Double { current }
    /// The largest value seen in this period.
    @inlinable public var maximum: Double { peak }
    @usableFromInline var current: Double
    @usableFromInline var peak: Double
    @usableFromInline var start: SimTime
    @usableFromInline var lastChange: SimTime
    @usableFromInline var area: Double = 0   // value × picoseconds

    public init(initialValue: Double = 0, at time: SimTime = .zero) {
        current = initialValue
        peak = initialValue
        start = time
        lastChange = time
    }

    @inlinable public mutating func update(to newValue: Double, at time: SimTime) {
        area += current * Double(time.picoseconds - lastChange.picoseconds)
        lastChange = time
        current = newValue
        if newValue > peak { peak = newValue }
    }

    @inlinable public mutating func add(_ delta: Double, at time: SimTime) {
        update(to: value + delta, at: time)
    }

    public mutating func reset(at time: SimTime) {
        start = time
        lastChange = time
        area = 0
        peak = current
    }

    /// The average over [start of period, `time`]; the current value if the period is empty.
    public func average(at time: SimTime) -> Double {
        let span = Double(time.picoseconds - start.picoseconds)
        if span <= 0 { return value }
        return (area + value * Double(time.picoseconds - lastChange.picoseconds)) / span
    }
}
