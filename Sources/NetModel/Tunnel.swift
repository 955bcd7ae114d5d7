import SimKernel

/// An encapsulation that a route can send packets into. The tunnel starts at the device
/// owning `local` and ends at the device owning `remote`, which decapsulates.
public struct Tunnel: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// IPv4-in-IPv4 (Calico IP-in-IP): one outer IPv4 header, 20 B; DF copied from the inner.
        case ipInIP
        /// VXLAN (NSX): inner Ethernet 14 + VXLAN 8 + UDP 8 + outer IPv4 20 = 50 B; the outer
        /// packet has DF set and is never fragmented: too big for a link is a silent drop.
        case vxlan
        /// IPsec ESP tunnel mode; with `natTraversal` a UDP 4500 header (8 B) is added.
        case esp(ESPCipher, natTraversal: Bool)
        /// The L2 concentrator's secure tunnel: inner Ethernet 14 + `overheadBytes` + outer IPv4 20.
        case l2Concentrator(overheadBytes: Int)
    }

    public var kind: Kind
    public var local: IPv4Address
    public var remote: IPv4Address
    /// The largest outer IP packet the tunnel path carries; an IP-in-IP or ESP inner packet
    /// that would exceed it is fragmented before encapsulation (DF clear) or dropped (DF set).
    /// VXLAN and L2 tunnels are not checked here (see `checksInnerDF`).
    public var pathMTU: Int

    public init(_ kind: Kind, local: IPv4Address, remote: IPv4Address, pathMTU: Int = 1500) {
        self.kind = kind
        self.local = local
        self.remote = remote
        self.pathMTU = pathMTU
    }

    /// Outer size for an inner IP packet of `inner` bytes.
    public func outerBytes(inner: Int) -> Int {
        switch kind {
        case .ipInIP: return inner + 20
        case .vxlan: return inner + 50
        case .esp(let c, let natT): return 20 + (natT ? 8 : 0) + c.espBytes(inner: inner)
        case .l2Concentrator(let o): return inner + 14 + o + 20
        }
    }

    /// The largest inner packet whose outer packet fits `pathMTU`.
    public var largestInner: Int {
        var lo = 0, hi = pathMTU
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if outerBytes(inner: mid) <= pathMTU { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Pushes this tunnel's headers onto `headers` (whose outermost is the inner IPv4).
    @inlinable func encapsulate(_ headers: inout HeaderStack, flowHash: UInt32) {
        let innerDF = headers.outermost.kind == .ipv4 && headers.outermost.dontFragment
        switch kind {
        case .ipInIP:
            headers.push(.ipv4(source: local, destination: remote, dontFragment: innerDF))
        case .vxlan:
            headers.push(.ethernet())
            headers.push(.vxlan)
            headers.push(.udp(sourcePort: UInt16(49_152 + flowHash % 16_384), destinationPort: 4789))
            headers.push(.ipv4(source: local, destination: remote, dontFragment: true))
        case .esp(let cipher, let natT):
            headers.push(.esp(cipher))
            if natT { headers.push(.udp(sourcePort: 4500, destinationPort: 4500)) }
            headers.push(.ipv4(source: local, destination: remote, dontFragment: innerDF))
        case .l2Concentrator(let overhead):
            headers.push(.ethernet())
            headers.push(.l2Tunnel(overheadBytes: overhead))
            headers.push(.ipv4(source: local, destination: remote))
        }
    }

    /// Whether an inner packet with DF set that does not fit `pathMTU` is refused (IP-in-IP
    /// and ESP carry IP packets). VXLAN and the L2 concentrator carry Ethernet frames, where
    /// the inner DF bit has no say: VXLAN frames too big for a link are lost there, L2
    /// concentrator packets are fragmented.
    public var checksInnerDF: Bool {
        switch kind {
        case .ipInIP, .esp: return true
        case .vxlan, .l2Concentrator: return false
        }
    }

    /// Whether the tunnel encrypts (and so costs crypto time at both ends).
    public var encrypts: Bool {
        switch kind {
        case .esp, .l2Concentrator: return true
        default: return false
        }
    }
}

/// What a device recognised under an outer IPv4 header addressed to itself.
public enum Decapsulation: Sendable, Equatable {
    case ipInIP, vxlan, esp, l2Concentrator
    /// Not a tunnel: the packet is for this device.
    case none

    /// Recognises the encapsulation whose outer IPv4 header is the outermost of `headers`,
    /// and returns how many headers to pop to reach the inner IP packet.
    @inlinable public static func classify(_ headers: HeaderStack) -> (Decapsulation, pop: Int) {
        let n = headers.count
        guard n >= 2 else { return (.none, 0) }
        let below = headers[n - 2]
        switch below.kind {
        case .ipv4: return (.ipInIP, 1)
        case .esp: return (.esp, 2)
        case .l2Tunnel: return (.l2Concentrator, 3)
        case .udp:
            guard n >= 3 else { return (.none, 0) }
            let third = headers[n - 3].kind
            if third == .vxlan { return (.vxlan, 4) }
            if third == .esp { return (.esp, 3) }
            return (.none, 0)
        default: return (.none, 0)
        }
    }
}

extension Tunnel.Kind {
    /// Index of the kind in per-device encapsulation counters.
    @inlinable var counterIndex: Int {
        switch self {
        case .vxlan: return 0
        case .ipInIP: return 1
        case .esp: return 2
        case .l2Concentrator: return 3
        }
    }
    /// Names of the counters, by `counterIndex`.
    static let counterNames = ["vxlan", "ipip", "esp", "l2c"]
}
