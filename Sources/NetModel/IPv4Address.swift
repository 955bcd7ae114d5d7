/// An IPv4 address as a 32-bit unsigned integer (network byte order semantics: "10.0.0.1" is
/// 0x0A000001).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    @inlinable public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text ("10.1.2.3"); nil when malformed.
    public init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let octet = UInt8(p) else { return nil }
            v = v << 8 | UInt32(octet)
        }
        value = v
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public static let zero = IPv4Address(0)

    @inlinable public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }
}

/// An IPv4 prefix (CIDR block) such as 172.30.0.0/16. The address is stored masked.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    public let network: IPv4Address
    /// Prefix length, 0...32.
    public let length: Int

    public init(_ address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "prefix length \(length) out of 0...32")
        self.length = length
        network = IPv4Address(address.value & IPv4Prefix.mask(length))
    }

    /// Parses "a.b.c.d/n" (or a bare address as /32); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(parts[0]) else { return nil }
        var length = 32
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...32).contains(n) else { return nil }
            length = n
        }
        self.init(address, length: length)
    }

    @inlinable public static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    @inlinable public var mask: UInt32 { IPv4Prefix.mask(length) }

    @inlinable public func contains(_ address: IPv4Address) -> Bool {
        address.value & mask == network.value
    }

    /// True when the two blocks share at least one address.
    public func overlaps(_ other: IPv4Prefix) -> Bool {
        let shorter = min(length, other.length)
        let m = IPv4Prefix.mask(shorter)
        return network.value & m == other.network.value & m
    }

    /// Number of addresses in the block.
    public var size: UInt64 { 1 << UInt64(32 - length) }

    /// The n-th address of the block (0 = network address).
    public func address(_ n: UInt32) -> IPv4Address { IPv4Address(network.value &+ n) }

    public var description: String { "\(network)/\(length)" }
}
