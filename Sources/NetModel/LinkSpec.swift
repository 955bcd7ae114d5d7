import SimKernel

/// One direction of a point-to-point link: serialization at `bitsPerSecond`, then
/// `propagation` delay; a drop-tail FIFO in front of it bounded in packets and/or bytes; an
/// IP MTU; optional random loss. A full-duplex link is two of these (`Network.connect`).
public struct LinkSpec: Sendable, Equatable {
    public var bitsPerSecond: Int64
    public var propagation: SimTime
    /// Largest IP packet (bytes, excluding `framingBytes`) the link carries.
    public var mtu: Int
    /// Bytes each frame adds on the wire around the IP packet: Ethernet header 14 by default
    /// (18 with 802.1Q; add 24 for preamble, start delimiter, FCS and inter-frame gap).
    public var framingBytes: Int
    /// Most packets waiting (not counting the one being sent); nil = unbounded.
    public var bufferPackets: Int?
    /// Most bytes waiting; nil = unbounded.
    public var bufferBytes: Int?
    /// Probability that a packet is lost in transit (independently per packet).
    public var lossProbability: Double

    public init(bitsPerSecond: Int64, propagation: SimTime = .zero, mtu: Int = 1500, framingBytes: Int = 14,
                bufferPackets: Int? = 1000, bufferBytes: Int? = nil, lossProbability: Double = 0) {
        self.bitsPerSecond = bitsPerSecond
        self.propagation = propagation
        self.mtu = mtu
        self.framingBytes = framingBytes
        self.bufferPackets = bufferPackets
        self.bufferBytes = bufferBytes
        self.lossProbability = lossProbability
    }

    /// Why the spec is invalid, or nil.
    public var problem: String? {
        if bitsPerSecond <= 0 { return "link rate must be positive, got \(bitsPerSecond) bit/s" }
        if propagation < .zero { return "propagation delay must be ≥ 0" }
        if mtu < 68 { return "MTU \(mtu) B is below the IPv4 minimum of 68 B" }
        if framingBytes < 0 { return "framing bytes must be ≥ 0" }
        if let b = bufferPackets, b < 0 { return "buffer must be ≥ 0 packets" }
        if let b = bufferBytes, b < 0 { return "buffer must be ≥ 0 bytes" }
        if !(lossProbability >= 0 && lossProbability < 1) { return "loss probability must be in [0, 1)" }
        return nil
    }
}
