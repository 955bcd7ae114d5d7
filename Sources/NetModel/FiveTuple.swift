/// The connection identity of a packet's outermost IP header: addresses, protocol and ports
/// (ports are 0 for protocols without them).
public struct FiveTuple: Hashable, Sendable, CustomStringConvertible {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var proto: IPProtocol
    public var sourcePort: UInt16
    public var destinationPort: UInt16

    public init(source: IPv4Address, destination: IPv4Address, proto: IPProtocol, sourcePort: UInt16, destinationPort: UInt16) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// Hashes the tuple as two 64-bit words (two combines instead of five: conntrack looks
    /// a tuple up for every packet through a NAT or stateful firewall).
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(source.value) << 32 | UInt64(destination.value))
        hasher.combine(UInt64(sourcePort) << 24 | UInt64(destinationPort) << 8 | UInt64(proto.rawValue))
    }

    /// The tuple of the reply direction.
    public var reversed: FiveTuple {
        FiveTuple(source: destination, destination: source, proto: proto, sourcePort: destinationPort,
                  destinationPort: sourcePort)
    }

    /// The tuple of the outermost IPv4 header of `headers` and the header just inside it.
    @inlinable public init?(_ headers: HeaderStack) {
        let ip = headers.outermostIndex(of: .ipv4)
        guard ip >= 0 else { return nil }
        let h = headers[ip]
        source = h.source
        destination = h.destination
        sourcePort = 0
        destinationPort = 0
        proto = .any
        if ip > 0 {
            let inner = headers[ip - 1]
            switch inner.kind {
            case .tcp: proto = .tcp; sourcePort = UInt16(truncatingIfNeeded: inner.first); destinationPort = UInt16(truncatingIfNeeded: inner.second)
            case .udp: proto = .udp; sourcePort = UInt16(truncatingIfNeeded: inner.first); destinationPort = UInt16(truncatingIfNeeded: inner.second)
            case .esp: proto = .esp
            case .ipv4: proto = .ipInIP
            default: proto = .any
            }
        }
    }

    public var description: String {
        "\(source):\(sourcePort) -> \(destination):\(destinationPort) proto \(proto.rawValue)"
    }
}
