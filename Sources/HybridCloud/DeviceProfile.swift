import SimKernel

/// The device parameters of an estate: every `DeviceParameter` at its default unless the
/// scenario (`devices:`), an overrides file or a fit changed it.
public struct DeviceProfile: Sendable, Equatable {
    /// The values that differ from the defaults, in SI units.
    public private(set) var overrides: [DeviceParameter: Double] = [:]

    public init() {}

    public static let defaults = DeviceProfile()

    /// The value of `p` (SI units).
    public subscript(_ p: DeviceParameter) -> Double {
        get { overrides[p] ?? p.defaultValue }
        set { overrides[p] = newValue == p.defaultValue ? nil : newValue }
    }

    /// `p` as a duration (for `.duration` parameters).
    public func time(_ p: DeviceParameter) -> SimTime { .seconds(self[p]) }
    /// `p` in picoseconds per byte (for `.durationPerByte` parameters), as `DeviceSpec` holds it.
    public func picosecondsPerByte(_ p: DeviceParameter) -> Double { self[p] * 1e12 }
    /// `p` rounded to a whole number (for `.count` parameters).
    public func count(_ p: DeviceParameter) -> Int { Int(self[p].rounded()) }
    /// `p` as a switch (for `.flag` parameters).
    public func flag(_ p: DeviceParameter) -> Bool { self[p] != 0 }

    /// Why a value cannot be used for `p`, or nil.
    public static func problem(_ p: DeviceParameter, _ value: Double) -> String? {
        guard value.isFinite, p.validRange.contains(value) else {
            return "\(p.rawValue) must be within \(p.validRange.lowerBound)...\(p.validRange.upperBound) (SI units)"
        }
        if p.unit == .count && value != value.rounded() { return "\(p.rawValue) is a whole number" }
        return nil
    }
}
