import SimKernel

/// The TCP both request/response transactions and bulk transfers run over: three-way
/// handshake, delayed ACKs with quick-ACK start, SACK loss recovery with proportional rate
/// reduction (RFC 6675, RFC 6937), the RFC 6298 retransmission timer, slow start after idle
/// (RFC 2861), `cubic` or `newreno` (`CongestionWindow`), and the FIN exchange. Connection
/// `c` of flow `f` is `flows[f].connections[c]`; its timers' events carry `c * 2 + direction`.
extension Network {
    // MARK: Opening, writing, closing

    /// Opens connection `c` of flow `f` from source port `port`: a new incarnation, SYN sent.
    mutating func tcpOpen(_ f: Int, _ c: Int, port: UInt16, _ s: inout EventScheduler) {
        let options = flows[f].tcpOptions
        flows[f].connections[c].incarnation &+= 1
        flows[f].connections[c].up.reset(options: options)
        flows[f].connections[c].down.reset(options: options)
        let (up, down) = (flows[f].connections[c].up, flows[f].connections[c].down)
        flows[f].segmentBits.removeAll(of: up)
        flows[f].segmentBits.removeAll(of: down)
        flows[f].connections[c].sourcePort = port
        flows[f].connections[c].phase = .opening
        flows[f].connections[c].synSentAt = s.now
        flows[f].connections[c].synRetried = false
        flows[f].connections[c].serverDevice = -1
        flows[f].connections[c].tls = .done
        flows[f].connections[c].tlsResumed = false
        if s.now >= measureFrom { flows[f].stats.connectionsOpened &+= 1 }
        tcpSendSyn(f, c, &s)
    }

    mutating func tcpSendSyn(_ f: Int, _ c: Int, _ s: inout EventScheduler) {
        tcpEmit(f, c, .up, payload: 0, role: .handshake, sequence: 0, flags: .syn, &s)
        tcpArmRetransmit(f, c, .up, &s)
    }

    /// The SYN-ACK reached the client: the connection is open, the segment size known.
    mutating func tcpEstablished(_ f: Int, _ c: Int, _ s: inout EventScheduler) {
        flows[f].connections[c].phase = .established
        flows[f].connections[c].up.retransmitTimer.disarm()
        let options = flows[f].tcpOptions
        if !flows[f].connections[c].synRetried {
            // Both ends learn the RTT from the handshake (the server from the ACK of its SYN-ACK).
            let rtt = s.now - flows[f].connections[c].synSentAt
            flows[f].connections[c].up.sampleRTT(rtt, options: options)
            flows[f].connections[c].down.sampleRTT(rtt, options: options)
        }
        let each = max(1, min(flows[f].segmentLimit, flows[f].pathMSS))
        flows[f].connections[c].up.segmentBytes = each
        flows[f].connections[c].down.segmentBytes = each
        connectionEstablished(flow: f, client: c, &s)
    }

    /// Writes a message of `bytes` to direction `direction` and sends what the windows allow.
    /// A sender idle longer than its RTO first shrinks its window (RFC 2861).
    mutating func tcpWrite(_ f: Int, _ c: Int, _ direction: TCPDirection, bytes: Int, _ s: inout EventScheduler) {
        let options = flows[f].tcpOptions
        if flows[f].connections[c][direction].highestSent > 0
            && flows[f].connections[c][direction].sndUna == flows[f].connections[c][direction].nextSeq {
            let idle = s.now - flows[f].connections[c][direction].lastSendAt
            let rto = flows[f].connections[c][direction].rto
            flows[f].connections[c][direction].window.resume(idle: idle, rto: rto, initialWindow: options.initialWindow,
                                                             restartAfterIdle: options.slowStartAfterIdle, now: s.now)
        }
        if bytes < 0 {
            flows[f].connections[c][direction].writeEnd = TCPHalf.unbounded
            flows[f].connections[c][direction].messageEnd = TCPHalf.unbounded
        } else {
            flows[f].connections[c][direction].write(bytes: bytes)
        }
        tcpFill(f, c, direction, &s)
    }

    /// The client closes: FIN (not retransmitted; a lost one leaves the entries to time out).
    mutating func tcpClose(_ f: Int, _ c: Int, _ s: inout EventScheduler) {
        flows[f].connections[c].phase = .closing
        releaseClientPort(f, c, activeClose: true, &s)
        tcpEmit(f, c, .up, payload: 0, role: .close, sequence: flows[f].connections[c].up.nextSeq, flags: [.fin, .ack], &s)
    }

    /// The client gives up on the connection: a RST, and packets still in flight are ignored.
    mutating func tcpAbort(_ f: Int, _ c: Int, _ s: inout EventScheduler) {
        releaseClientPort(f, c, activeClose: false, &s)
        if flows[f].connections[c].phase != .closed {
            tcpEmit(f, c, .up, payload: 0, role: .close, sequence: flows[f].connections[c].up.nextSeq, flags: .rst, &s)
        }
        flows[f].connections[c].phase = .closed
        flows[f].connections[c].incarnation &+= 1
        flows[f].connections[c].up.retransmitTimer.disarm()
        flows[f].connections[c].down.retransmitTimer.disarm()
        flows[f].connections[c].up.delayedAckTimer.disarm()
        flows[f].connections[c].down.delayedAckTimer.disarm()
    }

    // MARK: Sending

    /// Sends new data while the congestion and receive windows allow (outside fast recovery,
    /// where proportional rate reduction decides).
    mutating func tcpFill(_ f: Int, _ c: Int, _ direction: TCPDirection, _ s: inout EventScheduler) {
        guard flows[f].connections[c].phase == .established, !flows[f].connections[c][direction].inRecovery,
              !stopped(f, s.now) else { return }
        while true {
            let next = flows[f].connections[c][direction].nextSeq
            if flows[f].connections[c][direction].flight >= flows[f].connections[c][direction].window.cwnd
                || Int(next &- flows[f].connections[c][direction].sndUna) >= flows[f].connections[c][direction].receiveWindow
                || next >= flows[f].connections[c][direction].writeEnd { break }
            flows[f].connections[c][direction].nextSeq &+= 1
            tcpSendSegment(f, c, direction, next, &s)
        }
        if !flows[f].connections[c][direction].retransmitTimer.isArmed
            && flows[f].connections[c][direction].sndUna < flows[f].connections[c][direction].nextSeq {
            tcpArmRetransmit(f, c, direction, &s)
        }
    }

    mutating func tcpSendSegment(_ f: Int, _ c: Int, _ direction: TCPDirection, _ seq: UInt32, _ s: inout EventScheduler) {
        if seq < flows[f].connections[c][direction].highestSent {
            if s.now >= measureFrom { flows[f].stats.retransmissions &+= 1 }
            let timed = flows[f].connections[c][direction].timedSeq
            if timed != TCPHalf.none && seq <= timed { flows[f].connections[c][direction].timedSeq = TCPHalf.none }  // Karn
        } else {
            flows[f].connections[c][direction].highestSent = seq &+ 1
            if flows[f].connections[c][direction].timedSeq == TCPHalf.none {
                flows[f].connections[c][direction].timedSeq = seq
                flows[f].connections[c][direction].timedAt = s.now
            }
        }
        flows[f].connections[c][direction].lastSendAt = s.now
        let role: PacketRole = flows[f].isBulk ? .data : (direction == .up ? .request : .response)
        tcpEmit(f, c, direction, payload: flows[f].connections[c][direction].payload(seq), role: role, sequence: seq, flags: .ack, &s)
    }

    /// Creates a packet of connection `c` travelling `direction`. With `.ack` it carries the
    /// other direction's next expected segment, which answers any delayed ACK pending there.
    mutating func tcpEmit(_ f: Int, _ c: Int, _ direction: TCPDirection, payload: Int, role: PacketRole,
                          sequence: UInt32, flags: TCPFlags, _ s: inout EventScheduler) {
        var flags = flags
        var acknowledgment: UInt32 = 0
        if flags.contains(.ack) {
            acknowledgment = flows[f].connections[c][direction.reverse].rcvNext
            flows[f].connections[c][direction.reverse].unacknowledged = 0
            flows[f].connections[c][direction.reverse].delayedAckTimer.disarm()
        }
        let incarnation = flows[f].connections[c].incarnation
        if direction == .up {
            let e = flows[f].endpoints
            emit(flow: f, from: e.device, source: e.source, destination: e.destination,
                 sourcePort: flows[f].connections[c].sourcePort, destinationPort: e.destinationPort, payload: payload,
                 role: role, sequence: sequence, context: UInt32(c), acknowledgment: acknowledgment, flags: flags,
                 incarnation: incarnation, &s)
        } else {
            flags.insert(.fromServer)
            let v = flows[f].connections[c].serverView
            emit(flow: f, from: flows[f].connections[c].serverDevice, source: v.destination, destination: v.source,
                 sourcePort: v.destinationPort, destinationPort: v.sourcePort, payload: payload, role: role,
                 sequence: sequence, context: UInt32(c), acknowledgment: acknowledgment, flags: flags,
                 incarnation: incarnation, &s)
        }
    }

    // MARK: Arrivals

    /// A TCP packet of flow `f` reached its end, device `d`.
    mutating func tcpArrived(_ f: Int, packet: Packet, at d: Int, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard c < flows[f].connections.count, packet.incarnation == flows[f].connections[c].incarnation else { return }
        let flags = packet.tcpFlags
        let direction: TCPDirection = flags.contains(.fromServer) ? .down : .up
        if flags.contains(.syn) {
            if direction == .up {
                // The server answers every SYN (a repeated one when its SYN-ACK was lost).
                guard let view = FiveTuple(packet.headers) else { return }
                flows[f].connections[c].serverDevice = d
                flows[f].connections[c].serverView = view
                tcpEmit(f, c, .down, payload: 0, role: .handshake, sequence: 0, flags: [.syn, .ack], &s)
            } else if flows[f].connections[c].phase == .opening {
                tcpEstablished(f, c, &s)
            }
            return
        }
        if flags.contains(.rst) { return }
        let carriesData = packet.role == .data || packet.role == .request || packet.role == .response
        if flags.contains(.ack) {
            tcpAckArrived(f, c, direction.reverse, ack: packet.acknowledgment,
                          sack: flags.contains(.sack) ? packet.sequence : TCPHalf.none, pure: !carriesData, &s)
        }
        if carriesData { tcpSegmentArrived(f, c, direction, packet.sequence, &s) }
        if flags.contains(.fin) {
            if direction == .up {
                tcpEmit(f, c, .down, payload: 0, role: .close, sequence: flows[f].connections[c].down.nextSeq, flags: [.fin, .ack], &s)
            } else {
                tcpEmit(f, c, .up, payload: 0, role: .ack, sequence: TCPHalf.none, flags: .ack, &s)
                flows[f].connections[c].phase = .closed
                flows[f].connections[c].up.retransmitTimer.disarm()
                flows[f].connections[c].down.retransmitTimer.disarm()
            }
        }
    }

    /// Data segment `seq` travelling `direction` reached its receiver: in order it is ACKed
    /// every second segment or after the delayed-ACK time (at once while quick-ACKs last); out
    /// of order or duplicate at once, with a SACK of it.
    mutating func tcpSegmentArrived(_ f: Int, _ c: Int, _ direction: TCPDirection, _ seq: UInt32, _ s: inout EventScheduler) {
        var immediate = false
        var sack = TCPHalf.none
        let next = flows[f].connections[c][direction].rcvNext
        if seq == next {
            var bytes = flows[f].connections[c][direction].payload(seq)
            flows[f].connections[c][direction].rcvNext &+= 1
            if flows[f].connections[c][direction].heldOutOfOrder > 0 {
                immediate = true   // a hole filled
                let held = flows[f].connections[c][direction].received
                while flows[f].segmentBits.contains(held, flows[f].connections[c][direction].rcvNext) {
                    let r = flows[f].connections[c][direction].rcvNext
                    flows[f].segmentBits.remove(held, r)
                    flows[f].connections[c][direction].heldOutOfOrder -= 1
                    bytes += flows[f].connections[c][direction].payload(r)
                    flows[f].connections[c][direction].rcvNext &+= 1
                }
            }
            if s.now >= measureFrom { flows[f].stats.goodputBytes &+= bytes }
            flows[f].connections[c][direction].unacknowledged += 1
            if flows[f].connections[c][direction].quickAcks > 0 {
                flows[f].connections[c][direction].quickAcks -= 1
                immediate = true
            } else if flows[f].connections[c][direction].unacknowledged >= 2 {
                immediate = true
            }
        } else {
            let held = flows[f].connections[c][direction].received
            if seq > next && Int(seq &- next) < held.capacity && flows[f].segmentBits.insert(held, seq) {
                flows[f].connections[c][direction].heldOutOfOrder += 1
            }
            if seq > next { sack = seq }
            immediate = true
            flows[f].connections[c][direction].unacknowledged += 1
        }
        let messageEnd = flows[f].connections[c][direction].messageEnd
        if flows[f].connections[c][direction].rcvNext >= messageEnd && flows[f].connections[c][direction].deliveredEnd < messageEnd {
            flows[f].connections[c][direction].deliveredEnd = messageEnd
            messageDelivered(flow: f, client: c, direction, &s)
        }
        // The application may have answered (its data carries the ACK); otherwise ACK now or later.
        guard flows[f].connections[c][direction].unacknowledged > 0 else { return }
        if immediate {
            tcpEmit(f, c, direction.reverse, payload: 0, role: .ack, sequence: sack,
                    flags: sack == TCPHalf.none ? .ack : [.ack, .sack], &s)
        } else if !flows[f].connections[c][direction].delayedAckTimer.isArmed {
            flows[f].connections[c][direction].delayedAckTimer.arm(
                at: s.now + flows[f].tcpOptions.delayedAck, kind: Kind.delayedAck.rawValue, target: UInt32(f),
                item: UInt32(c * 2) + UInt32(direction.rawValue), &s)
        }
    }

    // MARK: Timers

    mutating func tcpArmRetransmit(_ f: Int, _ c: Int, _ direction: TCPDirection, _ s: inout EventScheduler) {
        let at = s.now + flows[f].connections[c][direction].rto
        flows[f].connections[c][direction].retransmitTimer.arm(
            at: at, kind: Kind.retransmitTimeout.rawValue, target: UInt32(f), item: UInt32(c * 2) + UInt32(direction.rawValue), &s)
    }

    mutating func delayedAck(flow f: Int, item: UInt32, _ s: inout EventScheduler) {
        let c = Int(item / 2), direction = TCPDirection(rawValue: UInt8(item % 2))!
        guard flows[f].connections[c][direction].delayedAckTimer.fire(kind: Kind.delayedAck.rawValue, target: UInt32(f), item: item, &s),
              flows[f].connections[c][direction].unacknowledged > 0, flows[f].connections[c].phase != .closed else { return }
        tcpEmit(f, c, direction.reverse, payload: 0, role: .ack, sequence: TCPHalf.none, flags: .ack, &s)
    }

    /// The retransmission timer of one direction expired: a lost SYN is sent again; lost data
    /// goes back to the first unacknowledged segment with a window of one, the timeout doubled.
    mutating func retransmitTimeout(flow f: Int, item: UInt32, _ s: inout EventScheduler) {
        let c = Int(item / 2), direction = TCPDirection(rawValue: UInt8(item % 2))!
        guard flows[f].connections[c][direction].retransmitTimer.fire(kind: Kind.retransmitTimeout.rawValue, target: UInt32(f), item: item, &s),
              !stopped(f, s.now) else { return }
        let maximum = flows[f].tcpOptions.maximumRTO
        flows[f].connections[c][direction].rto = min(flows[f].connections[c][direction].rto * 2, maximum)
        switch flows[f].connections[c].phase {
        case .opening:
            flows[f].connections[c].synRetried = true
            return tcpSendSyn(f, c, &s)
        case .closed, .closing:
            return
        case .established:
            break
        }
        let sndUna = flows[f].connections[c][direction].sndUna
        guard sndUna < flows[f].connections[c][direction].nextSeq else { return }
        if s.now >= measureFrom { flows[f].stats.retransmissionTimeouts &+= 1 }
        // Linux's tcp_enter_loss: ssthresh falls only if this loss episode has not reduced it yet.
        let reduced = flows[f].connections[c][direction].afterTimeout || flows[f].connections[c][direction].inRecovery
        flows[f].connections[c][direction].window.timeout(alreadyReduced: reduced)
        flows[f].connections[c][direction].inRecovery = false
        flows[f].connections[c][direction].afterTimeout = true
        flows[f].connections[c][direction].recover = flows[f].connections[c][direction].highestSent
        flows[f].connections[c][direction].dupAcks = 0
        flows[f].segmentBits.removeAll(flows[f].connections[c][direction].sacked)
        flows[f].connections[c][direction].sackedCount = 0
        flows[f].segmentBits.removeAll(flows[f].connections[c][direction].retransmitted)
        flows[f].connections[c][direction].nextSeq = sndUna
        flows[f].connections[c][direction].timedSeq = TCPHalf.none
        tcpFill(f, c, direction, &s)
        tcpArmRetransmit(f, c, direction, &s)
    }

    /// Path-MTU discovery lowered the segment size: the segments in flight are sent again at
    /// once, without a window reduction (Linux's tcp_simple_retransmit).
    mutating func tcpSegmentSizeLowered(_ f: Int, to mss: Int, _ s: inout EventScheduler) {
        for c in flows[f].connections.indices where flows[f].connections[c].phase == .established {
            for direction in [TCPDirection.up, .down] where mss < flows[f].connections[c][direction].segmentBytes {
                flows[f].connections[c][direction].segmentBytes = mss
                if flows[f].connections[c][direction].inRecovery { continue }
                flows[f].connections[c][direction].nextSeq = flows[f].connections[c][direction].sndUna
                flows[f].connections[c][direction].timedSeq = TCPHalf.none
                tcpFill(f, c, direction, &s)
            }
        }
    }
}
