import Foundation
import SimKernel

/// ACK processing of a TCP sender: cumulative and selective acknowledgment, the RTT sample,
/// window growth, and loss recovery by SACK (RFC 6675) paced by proportional rate reduction
/// (RFC 6937, with slow-start reduction bound).
extension Network {
    /// An ACK for the data of `direction` reached its sender: `ack` is the next segment the
    /// receiver expects, `sack` one it holds above a hole (or `TCPHalf.none`). `pure`: the
    /// ACK carried no data (only those count as duplicate ACKs).
    mutating func tcpAckArrived(_ f: Int, _ c: Int, _ direction: TCPDirection, ack: UInt32, sack: UInt32, pure: Bool,
                                _ s: inout EventScheduler) {
        // Scalars only: a copy of the half would share its bitmaps and make the writes below copy them.
        let before = (sndUna: flows[f].connections[c][direction].sndUna, nextSeq: flows[f].connections[c][direction].nextSeq,
                      highestSent: flows[f].connections[c][direction].highestSent,
                      timedSeq: flows[f].connections[c][direction].timedSeq, timedAt: flows[f].connections[c][direction].timedAt,
                      hasRTT: flows[f].connections[c][direction].hasRTT, flight: flows[f].connections[c][direction].flight)
        guard ack <= before.highestSent else { return }
        var delivered = 0
        var advanced = 0
        if ack > before.sndUna {
            // Slide the scoreboard; segments SACKed earlier were counted as delivered then.
            var seq = before.sndUna
            var alreadySacked = 0
            let sacked = flows[f].connections[c][direction].sacked, retransmitted = flows[f].connections[c][direction].retransmitted
            while seq != ack {
                if flows[f].segmentBits.contains(sacked, seq) {
                    flows[f].segmentBits.remove(sacked, seq)
                    alreadySacked += 1
                }
                flows[f].segmentBits.remove(retransmitted, seq)
                seq &+= 1
            }
            advanced = Int(ack &- before.sndUna)
            flows[f].connections[c][direction].sackedCount -= alreadySacked
            delivered += advanced - alreadySacked
            flows[f].connections[c][direction].sndUna = ack
            flows[f].connections[c][direction].dupAcks = 0
            if before.nextSeq < ack { flows[f].connections[c][direction].nextSeq = ack }
            if before.timedSeq != TCPHalf.none && ack > before.timedSeq {
                flows[f].connections[c][direction].sampleRTT(s.now - before.timedAt, options: flows[f].tcpOptions)
                flows[f].connections[c][direction].window.rttSample(s.now - before.timedAt, now: s.now)
                flows[f].connections[c][direction].timedSeq = TCPHalf.none
            } else if before.hasRTT {
                // Progress ends the back-off (as Linux does on a new ACK).
                flows[f].connections[c][direction].updateRTO(options: flows[f].tcpOptions)
            }
        } else if pure && ack == before.sndUna && before.sndUna < before.nextSeq {
            flows[f].connections[c][direction].dupAcks += 1
        }
        if sack != TCPHalf.none && sack >= flows[f].connections[c][direction].sndUna && sack < before.highestSent
            && flows[f].segmentBits.insert(flows[f].connections[c][direction].sacked, sack) {
            flows[f].connections[c][direction].sackedCount += 1
            delivered += 1
        }

        let h = (inRecovery: flows[f].connections[c][direction].inRecovery, afterTimeout: flows[f].connections[c][direction].afterTimeout,
                 sndUna: flows[f].connections[c][direction].sndUna, nextSeq: flows[f].connections[c][direction].nextSeq,
                 recover: flows[f].connections[c][direction].recover, dupAcks: flows[f].connections[c][direction].dupAcks,
                 sackedCount: flows[f].connections[c][direction].sackedCount)
        if h.inRecovery {
            if h.sndUna >= h.recover {
                flows[f].connections[c][direction].inRecovery = false
                flows[f].connections[c][direction].window.endRecovery()
                flows[f].segmentBits.removeAll(flows[f].connections[c][direction].retransmitted)
                // The ACK that ends recovery grows the window by what it newly delivered (Linux's tcp_cong_control).
                if delivered > 0 { tcpGrow(f, c, direction, acked: delivered, flightBefore: before.flight, &s) }
            } else {
                flows[f].connections[c][direction].prrDelivered += delivered
                tcpProportionalRateReduction(f, c, direction, delivered: delivered, &s)
            }
        } else if h.afterTimeout {
            if h.sndUna >= h.recover { flows[f].connections[c][direction].afterTimeout = false }
            if advanced > 0 { tcpGrow(f, c, direction, acked: advanced, flightBefore: before.flight, &s) }
        } else if (h.dupAcks >= TCPOptions.duplicateThreshold || h.sackedCount >= TCPOptions.duplicateThreshold)
                    && h.sndUna < h.nextSeq {
            tcpEnterRecovery(f, c, direction, &s)
        } else if advanced > 0 {
            tcpGrow(f, c, direction, acked: advanced, flightBefore: before.flight, &s)
        }

        if advanced > 0 {
            let now = (sndUna: flows[f].connections[c][direction].sndUna, nextSeq: flows[f].connections[c][direction].nextSeq,
                       writeEnd: flows[f].connections[c][direction].writeEnd)
            if now.sndUna < now.nextSeq { tcpArmRetransmit(f, c, direction, &s) } else { flows[f].connections[c][direction].retransmitTimer.disarm() }
            if direction == .up && flows[f].isBulk && now.sndUna >= now.writeEnd { bulkFinished(flow: f, &s) }
        }
        tcpFill(f, c, direction, &s)
    }

    /// Window growth for `acked` segments, only while the window is what limits the sender
    /// (Linux's tcp_is_cwnd_limited): an application sending less does not inflate it.
    mutating func tcpGrow(_ f: Int, _ c: Int, _ direction: TCPDirection, acked: Int, flightBefore: Int, _ s: inout EventScheduler) {
        let w = flows[f].connections[c][direction].window
        let limited = w.cwnd < w.ssthresh ? flightBefore * 2 > w.cwnd : flightBefore + 1 >= w.cwnd
        guard limited else { return }
        flows[f].connections[c][direction].window.grow(acked: acked, now: s.now)
    }

    /// Fast retransmit: the window's reduction is set, the first hole sent again, and the
    /// recovery point is the highest segment sent (RFC 6675 §5).
    mutating func tcpEnterRecovery(_ f: Int, _ c: Int, _ direction: TCPDirection, _ s: inout EventScheduler) {
        let highestSent = flows[f].connections[c][direction].highestSent, sndUna = flows[f].connections[c][direction].sndUna
        if s.now >= measureFrom { flows[f].stats.fastRecoveries &+= 1 }
        flows[f].connections[c][direction].window.reduce()
        flows[f].connections[c][direction].inRecovery = true
        flows[f].connections[c][direction].recover = highestSent
        flows[f].connections[c][direction].prrDelivered = 0
        flows[f].connections[c][direction].prrOut = 0
        flows[f].connections[c][direction].recoverFS = max(1, Int(highestSent &- sndUna))
        flows[f].segmentBits.removeAll(flows[f].connections[c][direction].retransmitted)
        if let seq = tcpNextSegment(f, c, direction) {
            flows[f].connections[c][direction].prrOut += 1
            tcpSendSegment(f, c, direction, seq, &s)
        }
        tcpArmRetransmit(f, c, direction, &s)
    }

    /// RFC 6937: send so that what is in flight falls to ssthresh in proportion to what is
    /// delivered; below ssthresh, grow back towards it no faster than slow start.
    mutating func tcpProportionalRateReduction(_ f: Int, _ c: Int, _ direction: TCPDirection, delivered: Int,
                                               _ s: inout EventScheduler) {
        let pipe = tcpPipe(f, c, direction)
        let h = (prrDelivered: flows[f].connections[c][direction].prrDelivered, prrOut: flows[f].connections[c][direction].prrOut,
                 recoverFS: flows[f].connections[c][direction].recoverFS)
        let ssthresh = flows[f].connections[c][direction].window.ssthresh
        var count: Int
        if pipe > ssthresh {
            count = (h.prrDelivered * ssthresh + h.recoverFS - 1) / h.recoverFS - h.prrOut
        } else {
            let limit = max(h.prrDelivered - h.prrOut, delivered) + 1
            count = min(ssthresh - pipe, limit)
        }
        while count > 0, let seq = tcpNextSegment(f, c, direction) {
            flows[f].connections[c][direction].prrOut += 1
            tcpSendSegment(f, c, direction, seq, &s)
            count -= 1
        }
    }

    /// The segment below which every unSACKed segment is lost: in recovery the highest SACKed
    /// one (a later segment arrived, so an earlier one missing is lost: RACK, RFC 8985, with no
    /// reordering window, as the model's paths keep order; it also covers a partial ACK's next
    /// hole, as NewReno would, RFC 6582 §3.2); before recovery, the one with
    /// `TCPOptions.duplicateThreshold` SACKed above it (RFC 6675 IsLost). With no SACK
    /// information, the first unacknowledged segment after three duplicate ACKs.
    func tcpLossBoundary(_ f: Int, _ c: Int, _ direction: TCPDirection) -> UInt32 {
        let h = flows[f].connections[c][direction]
        var seq = h.highestSent
        var seen = 0
        let needed = h.inRecovery ? 1 : TCPOptions.duplicateThreshold
        while seq > h.sndUna {
            seq &-= 1
            if flows[f].segmentBits.contains(h.sacked, seq) {
                seen += 1
                if seen == needed { return seq }
            }
        }
        return h.dupAcks >= TCPOptions.duplicateThreshold || h.inRecovery ? h.sndUna &+ 1 : h.sndUna
    }

    /// RFC 6675 NextSeg: the first lost segment not yet sent again, else new data.
    mutating func tcpNextSegment(_ f: Int, _ c: Int, _ direction: TCPDirection) -> UInt32? {
        let boundary = tcpLossBoundary(f, c, direction)
        var seq = flows[f].connections[c][direction].sndUna
        while seq < boundary {
            if !flows[f].segmentBits.contains(flows[f].connections[c][direction].sacked, seq)
                && flows[f].segmentBits.insert(flows[f].connections[c][direction].retransmitted, seq) {
                return seq
            }
            seq &+= 1
        }
        let next = flows[f].connections[c][direction].nextSeq
        if next < flows[f].connections[c][direction].writeEnd
            && Int(next &- flows[f].connections[c][direction].sndUna) < flows[f].connections[c][direction].receiveWindow {
            flows[f].connections[c][direction].nextSeq &+= 1
            return next
        }
        return nil
    }

    /// RFC 6675 SetPipe: segments believed in the network.
    /// - Complexity: O(segments outstanding).
    func tcpPipe(_ f: Int, _ c: Int, _ direction: TCPDirection) -> Int {
        let h = flows[f].connections[c][direction]
        let boundary = tcpLossBoundary(f, c, direction)
        var pipe = 0
        var seq = h.sndUna
        while seq < h.highestSent {
            if !flows[f].segmentBits.contains(h.sacked, seq) {
                if seq >= boundary { pipe += 1 }
                if flows[f].segmentBits.contains(h.retransmitted, seq) { pipe += 1 }
            }
            seq &+= 1
        }
        return pipe
    }
}
