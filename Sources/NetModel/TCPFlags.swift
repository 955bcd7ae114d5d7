/// TCP header flags a packet carries (the simulator's subset).
public struct TCPFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let syn = TCPFlags(rawValue: 1)
    public static let fin = TCPFlags(rawValue: 2)
    /// The acknowledgment field is valid.
    public static let ack = TCPFlags(rawValue: 4)
    /// A pure ACK whose `sequence` is a segment the receiver holds out of order (one SACK block).
    public static let sack = TCPFlags(rawValue: 8)
    /// Sent by the server end (the connection's `down` direction).
    public static let fromServer = TCPFlags(rawValue: 16)
    public static let rst = TCPFlags(rawValue: 32)
}
