import SimKernel

/// IPv4 fragmentation and reassembly.
///
/// A packet too large for the next hop (DF clear) is cut into fragments: each fragment is a
/// new packet of one IPv4 header (copied from the packet's outermost, marked as a fragment)
/// and a slice of the original IP payload (slices are multiples of 8 bytes, the last one
/// shorter). The original is parked; it continues from the device owning the fragments'
/// destination once all of them have arrived there, or is dropped (with the first lost
/// fragment's reason) as soon as one is lost and the others are accounted for.
extension Network {
    /// Fragments `p` to fit `maxBytes`, returning the new fragments' indices.
    mutating func cut(_ p: UInt32, maxBytes: Int) -> [UInt32] {
        let ip = packets[p].headers.outermostIndex(of: .ipv4)
        let original = packets[p]
        var header = original.headers[ip]
        header.flags = Header.isFragment
        let ipPayload = original.headers.bytes(payload: Int(original.payloadBytes), below: ip)
        let slice = max(8, (maxBytes - 20) / 8 * 8)
        var offsets = stride(from: 0, to: ipPayload, by: slice).map { $0 }
        if offsets.isEmpty { offsets = [0] }
        var result: [UInt32] = []
        result.reserveCapacity(offsets.count)
        for start in offsets {
            var f = Packet()
            f.payloadBytes = Int32(min(slice, ipPayload - start))
            f.headers.push(header)
            f.flow = original.flow
            f.sequence = original.sequence
            f.createdAt = original.createdAt
            f.role = original.role
            f.ttl = original.ttl
            f.parent = p
            f.context = original.context
            f.mssSeen = original.mssSeen
            result.append(allocate(f))
        }
        reassembly[p] = Reassembly(expected: result.count)
        if original.createdAt >= measureFrom { flows[Int(original.flow)].stats.fragments &+= result.count }
        return result
    }

    /// Router fragmentation onto channel `c`.
    mutating func fragmentAtEgress(_ p: UInt32, channel c: Int, _ s: inout EventScheduler) {
        for f in cut(p, maxBytes: channels[c].spec.mtu) { transmit(channel: c, packet: f, &s) }
    }

    /// Fragmentation of the inner packet before it enters a tunnel (Linux IPIP and xfrm):
    /// the fragments go through device `d` again and are encapsulated one by one.
    mutating func fragmentBeforeEncapsulation(_ p: UInt32, maxBytes: Int, at d: Int, _ s: inout EventScheduler) {
        for f in cut(p, maxBytes: maxBytes) {
            s.schedule(after: .zero, kind: Kind.arrival.rawValue, target: UInt32(d), item: f)
        }
    }

    /// A fragment reached the device owning its destination.
    mutating func fragmentArrived(_ f: UInt32, at d: Int, _ s: inout EventScheduler) {
        let parent = packets[f].parent
        packets.release(f)
        reassembly[parent]?.arrived += 1
        finishReassemblyIfDone(parent, at: d, &s)
    }

    /// A fragment was dropped somewhere.
    mutating func fragmentLost(_ f: UInt32, _ reason: DropReason) {
        let parent = packets[f].parent
        packets.release(f)
        guard var r = reassembly[parent] else { return }
        r.lost += 1
        if r.reason == nil { r.reason = reason }
        reassembly[parent] = r
        if r.arrived + r.lost == r.expected {
            reassembly[parent] = nil
            dropPacket(parent, reason)
        }
    }

    mutating func finishReassemblyIfDone(_ parent: UInt32, at d: Int, _ s: inout EventScheduler) {
        guard let r = reassembly[parent], r.arrived + r.lost == r.expected else { return }
        reassembly[parent] = nil
        if let reason = r.reason { return dropPacket(parent, reason) }
        // Reassembled: the original continues from this device.
        s.schedule(after: .zero, kind: Kind.arrival.rawValue, target: UInt32(d), item: parent)
    }
}
