/// An invalid distribution parameter, with a message that names the parameter and the fix.
public struct DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
