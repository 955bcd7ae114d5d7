/// The IPsec ESP transform, which decides the IV, block (padding) and ICV sizes.
public enum ESPCipher: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// AES-GCM (128 or 256: same sizes): IV 8, padding to 4 bytes, ICV 16 (RFC 4106).
    case aesGCM = 0
    /// AES-CBC with HMAC-SHA1-96: IV 16, block 16, ICV 12 (RFC 3602, RFC 2404). The IKS
    /// strongSwan chart's default (`aes128-sha1`).
    case aesCBCSHA1 = 1
    /// AES-CBC with HMAC-SHA-256-128: IV 16, block 16, ICV 16 (RFC 4868).
    case aesCBCSHA256 = 2

    public var ivBytes: Int { self == .aesGCM ? 8 : 16 }
    public var blockBytes: Int { self == .aesGCM ? 4 : 16 }
    public var icvBytes: Int {
        switch self {
        case .aesGCM, .aesCBCSHA256: return 16
        case .aesCBCSHA1: return 12
        }
    }

    /// Bytes of the ESP element (header 8 + IV + payload padded so that payload + 2 is a
    /// multiple of the block + 2-byte trailer + ICV) around an inner packet of `inner` bytes.
    @inlinable public func espBytes(inner: Int) -> Int {
        let b = blockBytes
        let padded = (inner + 2 + b - 1) / b * b
        return 8 + ivBytes + padded + icvBytes
    }

    public var description: String {
        switch self {
        case .aesGCM: return "aes-gcm"
        case .aesCBCSHA1: return "aes-cbc-sha1"
        case .aesCBCSHA256: return "aes-cbc-sha256"
        }
    }
}

/// One protocol header of a packet. 12 bytes, stored inline in the packet's header stack.
///
/// `first`/`second` hold the source/destination address for IPv4 headers and the
/// source/destination port for TCP and UDP; `parameter` holds TCP option bytes, the ESP
/// cipher, the L2-tunnel overhead, or the 802.1Q flag for Ethernet.
public struct Header: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case none = 0
        /// Ethernet II header, 14 bytes; 18 with an 802.1Q tag (`parameter` = 1).
        case ethernet
        /// IPv4 header without options, 20 bytes.
        case ipv4
        /// UDP header, 8 bytes.
        case udp
        /// TCP header, 20 bytes + `parameter` option bytes.
        case tcp
        /// VXLAN header, 8 bytes (the whole VXLAN encapsulation is Ethernet 14 + this 8 +
        /// UDP 8 + IPv4 20 = 50 bytes over the inner IP packet).
        case vxlan
        /// IPsec ESP element around everything below it (size depends on the cipher and the
        /// inner size; see `ESPCipher.espBytes`).
        case esp
        /// The L2 concentrator's secure-tunnel header; `parameter` = its overhead in bytes.
        case l2Tunnel
    }

    public var kind: Kind
    public var parameter: UInt8
    /// IPv4: bit 0 = DF (don't fragment), bit 1 = this is a fragment.
    public var flags: UInt16
    public var first: UInt32
    public var second: UInt32

    @inlinable public init(kind: Kind, parameter: UInt8 = 0, flags: UInt16 = 0, first: UInt32 = 0, second: UInt32 = 0) {
        self.kind = kind
        self.parameter = parameter
        self.flags = flags
        self.first = first
        self.second = second
    }

    public static let empty = Header(kind: .none)

    public static let dontFragment: UInt16 = 1
    public static let isFragment: UInt16 = 2

    public static func ethernet(vlanTagged: Bool = false) -> Header {
        Header(kind: .ethernet, parameter: vlanTagged ? 1 : 0)
    }
    public static func ipv4(source: IPv4Address, destination: IPv4Address, dontFragment: Bool = false) -> Header {
        Header(kind: .ipv4, flags: dontFragment ? Header.dontFragment : 0, first: source.value, second: destination.value)
    }
    public static func udp(sourcePort: UInt16, destinationPort: UInt16) -> Header {
        Header(kind: .udp, first: UInt32(sourcePort), second: UInt32(destinationPort))
    }
    public static func tcp(sourcePort: UInt16, destinationPort: UInt16, optionBytes: Int = 0) -> Header {
        precondition(optionBytes >= 0 && optionBytes <= 40 && optionBytes % 4 == 0, "TCP options: 0...40 in steps of 4")
        return Header(kind: .tcp, parameter: UInt8(optionBytes), first: UInt32(sourcePort), second: UInt32(destinationPort))
    }
    public static let vxlan = Header(kind: .vxlan)
    public static func esp(_ cipher: ESPCipher) -> Header { Header(kind: .esp, parameter: cipher.rawValue) }
    public static func l2Tunnel(overheadBytes: Int) -> Header {
        precondition((0...255).contains(overheadBytes), "L2 tunnel overhead 0...255 bytes")
        return Header(kind: .l2Tunnel, parameter: UInt8(overheadBytes))
    }

    /// The size of everything from this header down, given the size `inner` of what it carries.
    @inlinable public func wrap(_ inner: Int) -> Int {
        switch kind {
        case .none: return inner
        case .ethernet: return inner + (parameter == 1 ? 18 : 14)
        case .ipv4: return inner + 20
        case .udp, .vxlan: return inner + 8
        case .tcp: return inner + 20 + Int(parameter)
        case .esp: return ESPCipher(rawValue: parameter).unsafelyUnwrapped.espBytes(inner: inner)
        case .l2Tunnel: return inner + Int(parameter)
        }
    }

    @inlinable public var source: IPv4Address { IPv4Address(first) }
    @inlinable public var destination: IPv4Address { IPv4Address(second) }
    @inlinable public var dontFragment: Bool { flags & Header.dontFragment != 0 }
}
