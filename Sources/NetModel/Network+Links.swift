import SimKernel

extension Network {
    /// Hands packet `p` to link channel `c`: MTU check (drop or fragment), drop-tail buffer
    /// check, then its transmission is placed after everything already on the link and its
    /// arrival at the far end scheduled (the hop's only event).
    mutating func transmit(channel c: Int, packet p: UInt32, _ s: inout EventScheduler) {
        if !channels[c].up { return drop(p, .linkDown, channel: c) }
        let size = packets.ipBytes(p)
        if size > channels[c].mtu {
            let (decap, _) = Decapsulation.classify(packets[p].headers)
            let ip = packets.outermostIndex(p, of: .ipv4)
            // NSX never fragments a VXLAN frame: it is lost silently. DF set: dropped too.
            if decap == .vxlan || ip < 0 || packets.header(p, ip).dontFragment {
                if decap != .vxlan && ip >= 0 {
                    // What the innermost IP packet may be for the whole to fit this link.
                    let innermost = packets[p].headers.bytes(payload: Int(packets[p].payloadBytes), below: min(2, packets[p].headers.count))
                    fragmentationNeeded(p, at: channels[c].from, innerLimit: channels[c].mtu - (size - innermost), &s)
                }
                return drop(p, .mtuExceeded, channel: c)
            }
            return fragmentAtEgress(p, channel: c, &s)
        }
        let wire = size + channels[c].framing
        if packets[p].firstWireBytes == 0 {
            packets[p].firstWireBytes = Int32(wire)
            if s.now >= measureFrom { flows[Int(packets[p].flow)].stats.wireBytes &+= wire }
        }
        let now = s.now
        let start: SimTime
        if channels[c].busyUntil <= now {
            start = now
        } else {
            channels[c].advance(to: now)
            if channels[c].waitingStart.count >= channels[c].bufferPackets
                || channels[c].queuedBytes + wire > channels[c].bufferBytes {
                return drop(p, .queueFull, channel: c)
            }
            start = channels[c].busyUntil
            channels[c].waitingStart.pushBack(start.picoseconds)
            channels[c].waitingBytes.pushBack(Int32(wire))
            channels[c].queuedBytes &+= wire
            let n = channels[c].waitingStart.count
            channels[c].queueLength.update(to: Double(n), at: now)
            if n > channels[c].maxQueue { channels[c].maxQueue = n }
        }
        let serialization = channels[c].serialization(wire)
        let end = start + serialization
        channels[c].busyUntil = end
        channels[c].busyPicoseconds &+= serialization.picoseconds
        channels[c].sent &+= 1
        channels[c].bytesSent &+= wire
        packets[p].linkEpoch = UInt32(truncatingIfNeeded: channels[c].downTimes.count)
        s.schedule(at: end + channels[c].propagation, kind: Kind.linkArrival.rawValue, target: UInt32(c), item: p)
    }

    /// The last bit of `p` reached the far end of channel `c` (unless the link failed while
    /// the packet was waiting or being sent, or it was lost at random).
    mutating func linkArrival(channel c: Int, packet p: UInt32, _ s: inout EventScheduler) {
        let epoch = Int(packets[p].linkEpoch)
        if epoch < channels[c].downTimes.count && channels[c].downTimes[epoch] <= s.now - channels[c].propagation {
            return drop(p, .linkDown, channel: c)
        }
        if channels[c].hasLoss && channels[c].lossStream!.uniform() < channels[c].spec.lossProbability {
            return drop(p, .randomLoss, channel: c)
        }
        arrive(device: channels[c].to, packet: p, &s)
    }

    /// The link goes down at `now`: what waits or is being sent is lost (dropped when its
    /// arrival comes up), and the link is free again from `now`.
    mutating func linkDown(channel c: Int, at now: SimTime) {
        channels[c].advance(to: now)
        channels[c].up = false
        channels[c].downTimes.append(now)
        while channels[c].waitingStart.popFront() != nil { _ = channels[c].waitingBytes.popFront() }
        channels[c].queuedBytes = 0
        channels[c].queueLength.update(to: 0, at: now)
        if channels[c].busyUntil > now {
            channels[c].busyPicoseconds -= (channels[c].busyUntil - now).picoseconds
            channels[c].busyUntil = now
        }
    }
}
