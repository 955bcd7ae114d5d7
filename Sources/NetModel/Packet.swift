import SimKernel

/// A packet in flight: payload bytes plus a header stack, and the bookkeeping the statistics
/// need. Packets live in a `PacketPool` and are addressed by index.
public struct Packet: Sendable {
    /// Application payload bytes (excluding every header).
    public var payloadBytes: Int32
    public var headers: HeaderStack
    /// The flow this packet belongs to (index into the network's flows).
    public var flow: UInt32
    /// Per-flow sequence number (data packets) or the acknowledged sequence (ACKs).
    public var sequence: UInt32
    /// When the source created the packet.
    public var createdAt: SimTime
    /// Model-defined role (`PacketRole`).
    public var role: PacketRole
    /// Remaining hops before it is dropped as `ttlExpired`.
    public var ttl: UInt8
    /// For a fragment: the pool index of the packet it was cut from; otherwise `noParent`.
    public var parent: UInt32
    /// Bytes the flow's source put on its first link for this packet (wire throughput).
    public var firstWireBytes: Int32
    /// Source-specific context (e.g. the client index of request/response).
    public var context: UInt32
    /// The decision a device took for this packet, carried from service start to service end
    /// (see `Network.Action`).
    var pendingAction: Int32
    /// Smallest TCP MSS clamp of the devices it passed (UInt16.max when none).
    public var mssSeen: UInt16
    /// The down-transition count of the link it is crossing, when it was handed to it.
    var linkEpoch: UInt32
    /// The device core processing it.
    var core: UInt16
    /// Every step of this packet is written to the network's trace log.
    public var traced: Bool
    /// TCP: the next segment expected in the other direction (with `.ack` in `tcpFlags`).
    public var acknowledgment: UInt32
    public var tcpFlags: TCPFlags
    /// TCP: the opening of its connection it belongs to (older ones are ignored on arrival).
    public var incarnation: UInt32

    public static let noParent = UInt32.max

    public init() {
        payloadBytes = 0
        headers = HeaderStack()
        flow = 0
        sequence = 0
        createdAt = .zero
        role = .data
        ttl = 64
        parent = Packet.noParent
        firstWireBytes = 0
        context = 0
        pendingAction = 0
        mssSeen = UInt16.max
        linkEpoch = 0
        core = 0
        traced = false
        acknowledgment = 0
        tcpFlags = []
        incarnation = 0
    }

    /// IP-level size: payload wrapped in every header.
    @inlinable public var bytes: Int { headers.bytes(payload: Int(payloadBytes)) }
    @inlinable public var isFragment: Bool { parent != Packet.noParent }
}

/// What a packet is to the source that sent it.
public enum PacketRole: UInt8, Sendable {
    case data, ack, request, response
    /// TCP connection set-up (SYN / SYN-ACK), which learns the path MSS.
    case handshake
    /// TCP connection teardown (FIN or RST).
    case close
    /// A DNS query and its answer (UDP, port 53).
    case lookup, lookupAnswer
}

/// A pool of packets addressed by 32-bit index; freed slots are reused, so after warm-up
/// no allocation happens per packet.
///
/// Storage is one manually managed buffer reached through addressors, so reading or writing
/// a field of a packet touches only that field: no copy of the ~200-byte packet and no
/// uniqueness check per access. The buffer belongs to one run: `Network` makes a new pool
/// for every run, so sharing a pool between copies never happens.
public struct PacketPool: @unchecked Sendable {
    @usableFromInline final class Storage {
        @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<Packet>
        @exclusivity(unchecked) @usableFromInline var capacity: Int
        @exclusivity(unchecked) @usableFromInline var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        @usableFromInline func grow() {
            let bigger = UnsafeMutablePointer<Packet>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    @usableFromInline let storage: Storage
    @usableFromInline var free: ContiguousArray<UInt32> = []
    /// Byte offset of the first header inside a `Packet` (the inline array's elements are
    /// contiguous `Header` values starting there).
    @usableFromInline let headersOffset: Int

    public init(capacity: Int = 1024) {
        storage = Storage(capacity: capacity)
        free.reserveCapacity(capacity)
        headersOffset = MemoryLayout<Packet>.offset(of: \Packet.headers)!
            + MemoryLayout<HeaderStack>.offset(of: \HeaderStack.headers)!
    }

    // Read-only views of a packet's headers straight from the pool's memory: the hot path
    // reads sizes and headers without materialising the 144-byte inline array.

    @inlinable @inline(__always) func headerPointer(_ i: UInt32) -> UnsafePointer<Header> {
        UnsafeRawPointer(storage.base + Int(i)).advanced(by: headersOffset).assumingMemoryBound(to: Header.self)
    }

    /// IP-level size of packet `i` (same as `self[i].bytes`).
    @inlinable @inline(__always) public func ipBytes(_ i: UInt32) -> Int {
        let h = headerPointer(i)
        let packet = storage.base + Int(i)
        var size = Int(packet.pointee.payloadBytes)
        let depth = Int(packet.pointee.headers.depth)
        var k = 0
        while k < depth {
            size = h[k].wrap(size)
            k &+= 1
        }
        return size
    }

    /// Index of the outermost header of `kind` in packet `i`, or -1.
    @inlinable @inline(__always) public func outermostIndex(_ i: UInt32, of kind: Header.Kind) -> Int {
        let h = headerPointer(i)
        var k = Int((storage.base + Int(i)).pointee.headers.depth) - 1
        while k >= 0 {
            if h[k].kind == kind { return k }
            k &-= 1
        }
        return -1
    }

    /// Header `index` of packet `i`.
    @inlinable @inline(__always) public func header(_ i: UInt32, _ index: Int) -> Header { headerPointer(i)[index] }

    /// Packets currently allocated.
    @inlinable public var liveCount: Int { storage.count - free.count }
    /// Slots ever allocated (the pool's high-water mark).
    @inlinable public var capacityUsed: Int { storage.count }

    @inlinable public mutating func allocate(_ packet: Packet) -> UInt32 {
        if let i = free.popLast() {
            storage.base[Int(i)] = packet
            return i
        }
        if storage.count == storage.capacity { storage.grow() }
        (storage.base + storage.count).initialize(to: packet)
        storage.count += 1
        return UInt32(storage.count - 1)
    }

    @inlinable public mutating func release(_ index: UInt32) { free.append(index) }

    @inlinable public subscript(index: UInt32) -> Packet {
        unsafeAddress { UnsafePointer(storage.base + Int(index)) }
        nonmutating unsafeMutableAddress { storage.base + Int(index) }
    }
}
