import SimKernel

extension Network {
    /// Drops `p` at device `d`, counting it there and for its flow.
    mutating func drop(_ p: UInt32, _ reason: DropReason, device d: Int) {
        devices[d].drops[reason] &+= 1
        if packets[p].traced { traceStep(d, p, .drop(reason)) }
        dropPacket(p, reason)
    }

    /// Drops `p` on channel `c`, counting it there and for its flow.
    mutating func drop(_ p: UInt32, _ reason: DropReason, channel c: Int) {
        channels[c].drops[reason] &+= 1
        if packets[p].traced { traceStep(channels[c].from, p, .drop(reason)) }
        dropPacket(p, reason)
    }

    /// Flow accounting and release of a dropped packet (or fragment).
    mutating func dropPacket(_ p: UInt32, _ reason: DropReason) {
        if packets[p].isFragment { return fragmentLost(p, reason) }
        let f = Int(packets[p].flow)
        if packets[p].createdAt >= measureFrom {
            flows[f].stats.drops[reason] &+= 1
        }
        if failuresBegan && reason.isFailureLoss { flows[f].stats.lostToFailure() }
        packets.release(p)
    }

    /// `p` reached its final destination, device `d`.
    mutating func deliver(device d: Int, packet p: UInt32, _ s: inout EventScheduler) {
        let packet = packets[p]
        let f = Int(packet.flow)
        if packet.createdAt >= measureFrom { flows[f].stats.recordDelivery(transit: s.now - packet.createdAt) }
        if !flows[f].isTwoWay || packet.role == .response || packet.role == .data {
            if flows[f].stats.outageOpen { flows[f].stats.closeOutage(at: s.now) }
            flows[f].stats.lastService = s.now
        }
        flows[f].stats.lastDelivery = s.now
        flows[f].stats.countInTimeline(s.now, transaction: false)
        // Throughput counts what arrives during the window, whenever it was sent.
        let counted = s.now >= measureFrom
        if packet.mssSeen != UInt16.max { flows[f].pathMSS = min(flows[f].pathMSS, Int(packet.mssSeen)) }
        if packet.role == .lookup {
            lookupArrived(flow: f, packet: packet, at: d, &s)
        } else if packet.role == .lookupAnswer {
            lookupAnswered(flow: f, packet: packet, &s)
        } else if flows[f].usesTCP {
            tcpArrived(f, packet: packet, at: d, &s)   // counts goodput as data arrives in order
        } else {
            if counted { flows[f].stats.goodputBytes &+= Int(packet.payloadBytes) }
            switch packet.role {
            case .request: requestArrived(flow: f, packet: packet, at: d, &s)
            case .response: responseArrived(flow: f, packet: packet, &s)
            case .data, .ack, .handshake, .close, .lookup, .lookupAnswer: break
            }
        }
        packets.release(p)
    }

    /// Creates a packet of flow `f` at device `d` and sends it into the device.
    mutating func emit(flow f: Int, from d: Int, source: IPv4Address, destination: IPv4Address,
                       sourcePort: UInt16, destinationPort: UInt16, payload: Int, role: PacketRole,
                       sequence: UInt32, context: UInt32, acknowledgment: UInt32 = 0, flags: TCPFlags = [],
                       incarnation: UInt32 = 0, _ s: inout EventScheduler) {
        var packet = Packet()
        packet.acknowledgment = acknowledgment
        packet.tcpFlags = flags
        packet.incarnation = incarnation
        packet.payloadBytes = Int32(max(0, payload))
        if flows[f].isTCP && role != .lookup && role != .lookupAnswer {
            packet.headers.push(.tcp(sourcePort: sourcePort, destinationPort: destinationPort))
        } else {
            packet.headers.push(.udp(sourcePort: sourcePort, destinationPort: destinationPort))
        }
        packet.headers.push(.ipv4(source: source, destination: destination, dontFragment: flows[f].dontFragment))
        packet.flow = UInt32(f)
        packet.sequence = sequence
        packet.createdAt = s.now
        packet.role = role
        packet.context = context
        packet.traced = flows[f].spec.traced
        if s.now >= measureFrom { flows[f].stats.sent &+= 1 }
        let p = allocate(packet)
        if budgetExceeded { s.requestStop() }
        arrive(device: d, packet: p, &s)
    }

    /// Sends a packet of flow `f` back from the device where `packet` was delivered, to its
    /// sender (the reverse of its outermost address and port pair).
    mutating func reply(flow f: Int, to packet: Packet, from d: Int, payload: Int, role: PacketRole,
                        sequence: UInt32, context: UInt32, _ s: inout EventScheduler) {
        guard let t = FiveTuple(packet.headers) else { return }
        emit(flow: f, from: d, source: t.destination, destination: t.source, sourcePort: t.destinationPort,
             destinationPort: t.sourcePort, payload: payload, role: role, sequence: sequence, context: context, &s)
    }
}
