import SimKernel

extension Network {
    /// Hands packet `p` to link channel `c`: MTU check (drop or fragment), then drop-tail
    /// queueing and serialization.
    mutating func transmit(channel c: Int, packet p: UInt32, _ s: inout EventScheduler) {
        if !channels[c].up { return drop(p, .linkDown, channel: c) }
        let size = packets[p].bytes
        let spec = channels[c].spec
        if size > spec.mtu {
            let (decap, _) = Decapsulation.classify(packets[p].headers)
            let ip = packets[p].headers.outermostIndex(of: .ipv4)
            // NSX never fragments a VXLAN frame: it is lost silently. DF set: dropped too.
            if decap == .vxlan || ip < 0 || packets[p].headers[ip].dontFragment {
                return drop(p, .mtuExceeded, channel: c)
            }
            return fragmentAtEgress(p, channel: c, &s)
        }
        let wire = size + spec.framingBytes
        if packets[p].firstWireBytes == 0 {
            packets[p].firstWireBytes = Int32(wire)
            let f = Int(packets[p].flow)
            if s.now >= measureFrom { flows[f].stats.wireBytes &+= wire }
        }
        if channels[c].busy {
            if let limit = spec.bufferPackets, channels[c].queue.count >= limit {
                return drop(p, .queueFull, channel: c)
            }
            if let limit = spec.bufferBytes, channels[c].queuedBytes + wire > limit {
                return drop(p, .queueFull, channel: c)
            }
            channels[c].queue.pushBack(p)
            channels[c].queuedBytes &+= wire
            let n = channels[c].queue.count
            channels[c].queueLength.update(to: Double(n), at: s.now)
            if n > channels[c].maxQueue { channels[c].maxQueue = n }
            return
        }
        channels[c].busy = true
        channels[c].transmitting.update(to: 1, at: s.now)
        s.schedule(after: SimTime.serialization(bytes: wire, bitsPerSecond: spec.bitsPerSecond),
                   kind: Kind.transmitDone.rawValue, target: UInt32(c), item: p)
    }

    /// The last bit of `p` left channel `c`: it propagates to the far device (or is lost), and
    /// the next waiting packet starts.
    mutating func transmitDone(channel c: Int, packet p: UInt32, _ s: inout EventScheduler) {
        let spec = channels[c].spec
        channels[c].sent &+= 1
        channels[c].bytesSent &+= packets[p].bytes + spec.framingBytes
        if !channels[c].up {
            drop(p, .linkDown, channel: c)
        } else if let loss = channels[c].lossStream, loss.uniform() < spec.lossProbability {
            drop(p, .randomLoss, channel: c)
        } else if spec.propagation.picoseconds == 0 {
            arrive(device: channels[c].to, packet: p, &s)
        } else {
            s.schedule(after: spec.propagation, kind: Kind.arrival.rawValue, target: UInt32(channels[c].to), item: p)
        }
        if let next = channels[c].queue.popFront() {
            let wire = packets[next].bytes + spec.framingBytes
            channels[c].queuedBytes &-= wire
            channels[c].queueLength.update(to: Double(channels[c].queue.count), at: s.now)
            s.schedule(after: SimTime.serialization(bytes: wire, bitsPerSecond: spec.bitsPerSecond),
                       kind: Kind.transmitDone.rawValue, target: UInt32(c), item: next)
        } else {
            channels[c].busy = false
            channels[c].transmitting.update(to: 0, at: s.now)
        }
    }

    /// Drops everything waiting on channel `c` (the link went down).
    mutating func flush(channel c: Int, _ reason: DropReason) {
        while let p = channels[c].queue.popFront() { drop(p, reason, channel: c) }
        channels[c].queuedBytes = 0
    }
}
