import SimKernel

/// A device that processes packets: a host, router, gateway, pod, appliance...
///
/// Processing: `cores` parallel servers in front of one FIFO input queue of at most
/// `queueLimit` waiting packets. A packet's service time is
/// `perPacket + perByte × bytes` plus firewall evaluation, connection-tracking (first packet
/// vs established) and crypto (`cryptoPerPacket + cryptoPerByte × bytes` per encryption or
/// decryption). With `cores = 0` the device forwards instantly (no queue).
/// Optional ceilings cap the device's total packet and bit rate: packets leave no faster
/// than `1/packetsPerSecondCeiling` and `bytes × 8 / bitsPerSecondCeiling` apart; a
/// `NetworkCeiling` caps the packets of one inner network the same way.
/// With `receiveSideScaling` each packet is served by the core its outermost addresses and
/// ports hash to (a NIC's RSS, Linux RPS), so one flow, or one IPsec SA whose ESP packets
/// all carry the same outer header, never uses more than one core.
public struct DeviceSpec: Sendable {
    public var name: String
    /// A free-form label for reports (e.g. "esg", "worker").
    public var kind: String
    /// Addresses owned by the device: packets to them are delivered or decapsulated here.
    public var addresses: [IPv4Address]
    public var cores: Int
    public var perPacket: SimTime
    /// Picoseconds per byte of the packet.
    public var perByte: Double
    public var queueLimit: Int
    public var packetsPerSecondCeiling: Double?
    public var bitsPerSecondCeiling: Double?
    public var cryptoPerPacket: SimTime
    /// Picoseconds per byte encrypted or decrypted.
    public var cryptoPerByte: Double
    public var firewall: Firewall?
    public var connections: ConnectionTable?
    /// Cost of the first packet of a connection (rule matching, entry creation).
    public var newConnectionCost: SimTime
    /// Cost of a packet of a known connection (conntrack lookup).
    public var establishedConnectionCost: SimTime
    /// Cost of each non-crypto encapsulation or decapsulation (IP-in-IP, VXLAN) done here.
    public var encapsulationCost: SimTime = .zero
    /// TCP MSS clamp: TCP flows through this device use segments of at most this payload.
    public var mssClamp: Int?
    /// Path-MTU discovery: when this device drops a DF packet as too big (at a tunnel entry
    /// or on one of its links) it sends ICMP "fragmentation needed", and the flow's sources
    /// lower their segment size (the packet itself is still lost). False models an ICMP
    /// black hole (filtered ICMP, typical across the internet and WANs).
    public var sendsFragmentationNeeded = true
    /// Pin packets to cores by a hash of their outermost header (RSS) instead of one shared queue.
    public var receiveSideScaling = false
    /// Cost of rewriting a packet that NAT translates (addresses, ports, checksums).
    public var natTranslationCost: SimTime = .zero
    /// Rate ceilings per inner network (e.g. per stretched network of an L2 concentrator).
    public var networkCeilings: [NetworkCeiling] = []
    /// A random part of each packet's service time (seconds), drawn per packet from the
    /// device's own stream and added to `perPacket + perByte × bytes` (validation work: an
    /// M/G/c station in a packet network).
    public var serviceTime: Distribution? = nil
    public var routes: RoutingTable

    public init(name: String, kind: String = "device", addresses: [IPv4Address] = [], cores: Int = 0,
                perPacket: SimTime = .zero, perByte: Double = 0, queueLimit: Int = 10_000,
                packetsPerSecondCeiling: Double? = nil, bitsPerSecondCeiling: Double? = nil,
                cryptoPerPacket: SimTime = .zero, cryptoPerByte: Double = 0, firewall: Firewall? = nil,
                connections: ConnectionTable? = nil, newConnectionCost: SimTime = .zero,
                establishedConnectionCost: SimTime = .zero, mssClamp: Int? = nil, routes: RoutingTable = RoutingTable()) {
        self.name = name
        self.kind = kind
        self.addresses = addresses
        self.cores = cores
        self.perPacket = perPacket
        self.perByte = perByte
        self.queueLimit = queueLimit
        self.packetsPerSecondCeiling = packetsPerSecondCeiling
        self.bitsPerSecondCeiling = bitsPerSecondCeiling
        self.cryptoPerPacket = cryptoPerPacket
        self.cryptoPerByte = cryptoPerByte
        self.firewall = firewall
        self.connections = connections
        self.newConnectionCost = newConnectionCost
        self.establishedConnectionCost = establishedConnectionCost
        self.mssClamp = mssClamp
        self.routes = routes
    }

    /// Why the spec is invalid, or nil.
    public var problem: String? {
        if cores < 0 { return "cores must be ≥ 0" }
        if perPacket < .zero || perByte < 0 || cryptoPerByte < 0 || cryptoPerPacket < .zero {
            return "processing costs must be ≥ 0"
        }
        if queueLimit < 0 { return "queue limit must be ≥ 0" }
        if let c = packetsPerSecondCeiling, !(c > 0) { return "packet-rate ceiling must be positive" }
        if let c = bitsPerSecondCeiling, !(c > 0) { return "bit-rate ceiling must be positive" }
        if let m = mssClamp, m < 1 { return "MSS clamp must be ≥ 1 byte" }
        if natTranslationCost < .zero { return "processing costs must be ≥ 0" }
        if networkCeilings.contains(where: { !($0.bitsPerSecond > 0) }) { return "network ceilings must be positive" }
        return nil
    }
}

/// A bit-rate ceiling for the packets of one network passing a device: those whose innermost
/// IPv4 source or destination is in `prefix`, counted by their innermost IP size.
public struct NetworkCeiling: Sendable, Equatable {
    public var prefix: IPv4Prefix
    public var bitsPerSecond: Double

    public init(prefix: IPv4Prefix, bitsPerSecond: Double) {
        self.prefix = prefix
        self.bitsPerSecond = bitsPerSecond
    }
}
