import Foundation
import SimKernel

/// The congestion window of one TCP sender and what its controller remembers between losses,
/// in Linux's integer arithmetic (net/ipv4/tcp_cong.c, tcp_cubic.c): the window and ssthresh
/// are whole segments, and congestion avoidance adds a segment once `count` (Linux's
/// `snd_cwnd_cnt`) reaches the growth step. Every reduction restarts the count, as
/// `tcp_init_cwnd_reduction` and `tcp_enter_loss` do. Plain values only: it lives in the
/// connection table's hot path.
struct CongestionWindow {
    var algorithm: CongestionControl = .cubic
    var renoFriendly = true
    /// Congestion window, segments.
    var cwnd = 10
    /// Slow-start threshold, segments (`Int.max`: none yet).
    var ssthresh = Int.max
    /// Segments acknowledged towards the next avoidance increment (snd_cwnd_cnt).
    var count = 0
    // CUBIC (struct bictcp): the growth step in acknowledged segments per added segment, the
    // window and time it was last computed for, the window before the last reduction, the
    // current epoch's start (picoseconds, -1: none), origin and K (seconds), the smallest RTT
    // seen (picoseconds, 0: none), and the Reno-friendly estimate with its ACK count.
    var step = 2
    var lastCwnd = 0
    var lastTime: Int64 = 0
    var lastMaxCwnd = 0
    var epochStart: Int64 = -1
    var origin = 0
    var k: Double = 0
    var delayMin: Int64 = 0
    var renoCwnd = 0
    var ackCount = 0

    /// Grows the window for `acked` segments newly delivered at `now` (Linux's
    /// cong_avoid with acked_sacked): slow start up to ssthresh, what remains to avoidance.
    mutating func grow(acked: Int, now: SimTime) {
        var acked = acked
        if cwnd < ssthresh {   // tcp_slow_start
            let grown = min(cwnd + acked, ssthresh)
            acked -= grown - cwnd
            cwnd = grown
            if acked <= 0 { return }
        }
        switch algorithm {
        case .newreno: addInAvoidance(step: cwnd, acked: acked)
        case .cubic:
            updateCubicStep(acked: acked, now: now.picoseconds)
            addInAvoidance(step: step, acked: acked)
        }
    }

    /// tcp_cong_avoid_ai: one segment per `step` acknowledged segments.
    private mutating func addInAvoidance(step: Int, acked: Int) {
        if count >= step {
            count = 0
            cwnd += 1
        }
        count += acked
        if count >= step {
            let delta = count / step
            count -= delta * step
            cwnd += delta
        }
    }

    /// bictcp_update: the acknowledged segments per added segment that take the window to the
    /// cubic curve one RTT ahead, or to the Reno-friendly estimate when that is higher.
    private mutating func updateCubicStep(acked: Int, now: Int64) {
        ackCount += acked
        if lastCwnd == cwnd && now - lastTime <= CongestionWindow.stepRefresh { return }
        lastCwnd = cwnd
        lastTime = now
        if epochStart < 0 {
            epochStart = now
            ackCount = acked
            renoCwnd = cwnd
            if lastMaxCwnd <= cwnd {
                k = 0
                origin = cwnd
            } else {
                k = cbrt(Double(lastMaxCwnd - cwnd) / CongestionControl.cubicC)
                origin = lastMaxCwnd
            }
        }
        let t = Double(now - epochStart + delayMin) / 1e12
        let offset = abs(t - k)
        let delta = Int(CongestionControl.cubicC * offset * offset * offset)
        let target = t < k ? origin - delta : origin + delta
        step = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd
        if lastMaxCwnd == 0 && step > 20 { step = 20 }
        if renoFriendly {
            let perSegment = (cwnd * CongestionControl.cubicFriendlyScale) >> 3
            while ackCount > perSegment {
                ackCount -= perSegment
                renoCwnd += 1
            }
            if renoCwnd > cwnd { step = min(step, cwnd / (renoCwnd - cwnd)) }
        }
        step = max(step, 2)
    }

    /// The reduction on a loss: ssthresh from the window (cubictcp_recalc_ssthresh with fast
    /// convergence, or reno's half), and the avoidance count restarts.
    mutating func reduce() {
        count = 0
        switch algorithm {
        case .newreno:
            ssthresh = max(cwnd >> 1, 2)
        case .cubic:
            epochStart = -1
            lastMaxCwnd = cwnd < lastMaxCwnd ? cwnd * (1024 + CongestionControl.cubicBetaScaled) / 2048 : cwnd
            ssthresh = max(cwnd * CongestionControl.cubicBetaScaled / 1024, 2)
        }
    }

    /// A retransmission timeout (tcp_enter_loss): the window falls to one segment, reduced
    /// first unless this loss episode already reduced it; CUBIC forgets its history (bictcp_reset).
    mutating func timeout(alreadyReduced: Bool) {
        if !alreadyReduced { reduce() }
        cwnd = 1
        count = 0
        if algorithm == .cubic {
            lastMaxCwnd = 0; epochStart = -1; origin = 0; k = 0; delayMin = 0
            step = 2; lastCwnd = 0; lastTime = 0; renoCwnd = 0; ackCount = 0
        }
    }

    /// Fast recovery ended: the window is ssthresh (tcp_end_cwnd_reduction).
    mutating func endRecovery() { cwnd = ssthresh }

    /// An RTT sample (bictcp_acked): the smallest sets CUBIC's delay, ignoring the first
    /// second of an epoch.
    mutating func rttSample(_ rtt: SimTime, now: SimTime) {
        guard algorithm == .cubic else { return }
        if epochStart >= 0 && now.picoseconds - epochStart < SimTime.seconds(1).picoseconds { return }
        let d = max(rtt.picoseconds, 1)
        if delayMin == 0 || delayMin > d { delayMin = d }
    }

    /// Sending resumes with nothing in flight after `idle` (RFC 2861 as Linux's
    /// tcp_cwnd_restart when idle beyond an RTO: the window halves for every RTO idle, down to
    /// min(IW, cwnd); and CUBIC's CA_EVENT_TX_START: the epoch moves on by the idle time, so
    /// the curve does not count it).
    mutating func resume(idle: SimTime, rto: SimTime, initialWindow: Int, restartAfterIdle: Bool, now: SimTime) {
        if algorithm == .cubic && epochStart >= 0 && idle > .zero {
            epochStart = min(epochStart + idle.picoseconds, now.picoseconds)
        }
        guard restartAfterIdle, idle > rto, rto > .zero else { return }
        let restart = min(initialWindow, cwnd)
        ssthresh = max(ssthresh, (cwnd >> 1) + (cwnd >> 2))
        var w = cwnd
        var left = idle - rto
        while left > .zero && w > restart {
            w >>= 1
            left = left - rto
        }
        cwnd = max(w, restart)
    }

    /// How often CUBIC recomputes its step while the window is unchanged: HZ / 32 (31.25 ms).
    static let stepRefresh = SimTime.milliseconds(1).picoseconds * 1000 / 32
}
