import SimKernel

/// The window-limited bulk transfer: a handshake (which learns the path MSS, as TCP's SYN
/// exchange does), then TCP Reno congestion control with NewReno partial ACKs and an RFC 6298
/// retransmission timer. ACKs are 40-byte packets (IPv4 + TCP headers) carrying the next
/// segment expected.
extension Network {
    mutating func bulkStart(flow f: Int, _ s: inout EventScheduler) {
        let spec = flows[f].spec
        emit(flow: f, from: spec.sourceDevice, source: spec.sourceAddress, destination: spec.destinationAddress,
             sourcePort: spec.sourcePort, destinationPort: spec.destinationPort, payload: 0, role: .handshake,
             sequence: 0, context: 0, &s)
        armRetransmitTimer(f, &s)
    }

    mutating func bulkDataArrived(flow f: Int, packet: Packet, at d: Int, _ s: inout EventScheduler) {
        if packet.role == .handshake {
            // The receiver answers the handshake.
            flows[f].tcp.receiverDevice = d
            return reply(flow: f, to: packet, from: d, payload: 0, role: .handshake, sequence: 1, context: 0, &s)
        }
        let seq = packet.sequence
        if seq == flows[f].tcp.rcvNext {
            var bytes = segmentPayload(f, seq)
            flows[f].tcp.rcvNext &+= 1
            while flows[f].tcp.outOfOrder.remove(flows[f].tcp.rcvNext) != nil {
                bytes += segmentPayload(f, flows[f].tcp.rcvNext)
                flows[f].tcp.rcvNext &+= 1
            }
            if s.now >= measureFrom { flows[f].stats.goodputBytes &+= bytes }
        } else if seq > flows[f].tcp.rcvNext {
            flows[f].tcp.outOfOrder.insert(seq)
        }
        reply(flow: f, to: packet, from: d, payload: 0, role: .ack, sequence: flows[f].tcp.rcvNext, context: 0, &s)
    }

    mutating func bulkAckArrived(flow f: Int, packet: Packet, _ s: inout EventScheduler) {
        guard case .bulk(let b) = flows[f].spec.pattern else { return }
        let ack = packet.sequence
        var tcp = flows[f].tcp
        if tcp.finished { return }
        if ack > tcp.sndUna {
            let newly = Double(ack - tcp.sndUna)
            tcp.sndUna = ack
            tcp.dupAcks = 0
            if let timed = tcp.timedSeq, ack > timed {
                sampleRTT(&tcp, s.now - tcp.timedAt, minimum: b.minimumRTO)
                tcp.timedSeq = nil
            }
            if tcp.inRecovery {
                if ack >= tcp.recover {
                    tcp.inRecovery = false
                    tcp.cwnd = tcp.ssthresh
                } else {
                    flows[f].tcp = tcp
                    sendSegment(f, seq: ack, &s)  // NewReno: retransmit the next hole
                    tcp = flows[f].tcp
                }
            } else if tcp.cwnd < tcp.ssthresh {
                tcp.cwnd += newly
            } else {
                tcp.cwnd += newly / tcp.cwnd
            }
            if tcp.nextSeq < tcp.sndUna { tcp.nextSeq = tcp.sndUna }
            if let total = tcp.totalSegments, tcp.sndUna >= total { tcp.finished = true }
            flows[f].tcp = tcp
            if let h = flows[f].tcp.rtoHandle { s.cancel(h) }
            flows[f].tcp.rtoHandle = nil
            if !flows[f].tcp.finished && flows[f].tcp.sndUna < flows[f].tcp.nextSeq { armRetransmitTimer(f, &s) }
        } else if ack == tcp.sndUna && tcp.sndUna < tcp.nextSeq {
            tcp.dupAcks += 1
            let fastRetransmit = tcp.dupAcks == 3 && !tcp.inRecovery
            if fastRetransmit {
                tcp.ssthresh = max(tcp.cwnd / 2, 2)
                tcp.cwnd = tcp.ssthresh
                tcp.inRecovery = true
                tcp.recover = tcp.nextSeq
            }
            flows[f].tcp = tcp
            if fastRetransmit { sendSegment(f, seq: ack, &s) }
        } else {
            flows[f].tcp = tcp
        }
        fillWindow(f, &s)
    }

    /// The handshake answer: the sender learns the MSS and starts sending.
    mutating func bulkEstablished(flow f: Int, _ s: inout EventScheduler) {
        guard case .bulk(let b) = flows[f].spec.pattern, !flows[f].tcp.established else { return }
        flows[f].tcp.established = true
        let each = max(1, min(b.segmentPayloadBytes, flows[f].pathMSS))
        flows[f].tcp.segmentBytes = each
        if let total = b.totalBytes { flows[f].tcp.totalSegments = UInt32((total + each - 1) / each) }
        if let h = flows[f].tcp.rtoHandle { s.cancel(h) }
        flows[f].tcp.rtoHandle = nil
        fillWindow(f, &s)
    }

    /// Sends new segments while the congestion and receive windows allow.
    mutating func fillWindow(_ f: Int, _ s: inout EventScheduler) {
        guard flows[f].tcp.established, !flows[f].tcp.finished, !stopped(f, s.now) else { return }
        while true {
            let tcp = flows[f].tcp
            let window = min(Int(tcp.cwnd), tcp.receiveWindow)
            if Int(tcp.nextSeq - tcp.sndUna) >= window { break }
            if let total = tcp.totalSegments, tcp.nextSeq >= total { break }
            sendSegment(f, seq: tcp.nextSeq, &s)
            flows[f].tcp.nextSeq &+= 1
        }
        if flows[f].tcp.rtoHandle == nil && flows[f].tcp.sndUna < flows[f].tcp.nextSeq { armRetransmitTimer(f, &s) }
    }

    mutating func sendSegment(_ f: Int, seq: UInt32, _ s: inout EventScheduler) {
        let spec = flows[f].spec
        if seq < flows[f].tcp.highestSent {
            if s.now >= measureFrom { flows[f].stats.retransmissions &+= 1 }
            if flows[f].tcp.timedSeq.map({ seq <= $0 }) ?? false { flows[f].tcp.timedSeq = nil }  // Karn
        } else {
            flows[f].tcp.highestSent = seq &+ 1
            if flows[f].tcp.timedSeq == nil {
                flows[f].tcp.timedSeq = seq
                flows[f].tcp.timedAt = s.now
            }
        }
        emit(flow: f, from: spec.sourceDevice, source: spec.sourceAddress, destination: spec.destinationAddress,
             sourcePort: spec.sourcePort, destinationPort: spec.destinationPort, payload: segmentPayload(f, seq),
             role: .data, sequence: seq, context: 0, &s)
    }

    /// Payload of segment `seq`: the segment size, or the remainder for the last one.
    func segmentPayload(_ f: Int, _ seq: UInt32) -> Int {
        let each = flows[f].tcp.segmentBytes
        guard case .bulk(let b) = flows[f].spec.pattern, let total = b.totalBytes else { return each }
        return max(0, min(each, total - Int(seq) * each))
    }

    mutating func armRetransmitTimer(_ f: Int, _ s: inout EventScheduler) {
        flows[f].tcp.rtoHandle = s.schedule(after: flows[f].tcp.rto, kind: Kind.retransmitTimeout.rawValue, target: UInt32(f))
    }

    mutating func retransmitTimeout(flow f: Int, _ s: inout EventScheduler) {
        flows[f].tcp.rtoHandle = nil
        if flows[f].tcp.finished || stopped(f, s.now) { return }
        flows[f].tcp.rto = min(flows[f].tcp.rto * 2, .seconds(60))
        if !flows[f].tcp.established {
            // Handshake lost: try again.
            return bulkStart(flow: f, &s)
        }
        var tcp = flows[f].tcp
        tcp.ssthresh = max(Double(tcp.nextSeq - tcp.sndUna) / 2, 2)
        tcp.cwnd = 1
        tcp.nextSeq = tcp.sndUna   // go back N
        tcp.inRecovery = false
        tcp.dupAcks = 0
        tcp.timedSeq = nil
        flows[f].tcp = tcp
        fillWindow(f, &s)
    }

    /// RFC 6298 smoothed RTT and RTO.
    func sampleRTT(_ tcp: inout TCPState, _ r: SimTime, minimum: SimTime) {
        let sample = Double(r.picoseconds)
        if tcp.hasRTT {
            tcp.rttvar = 0.75 * tcp.rttvar + 0.25 * abs(tcp.srtt - sample)
            tcp.srtt = 0.875 * tcp.srtt + 0.125 * sample
        } else {
            tcp.srtt = sample
            tcp.rttvar = sample / 2
            tcp.hasRTT = true
        }
        tcp.rto = max(minimum, SimTime(picoseconds: Int64(tcp.srtt + max(1e6, 4 * tcp.rttvar))))
    }
}
