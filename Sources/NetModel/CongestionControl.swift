import Foundation
import SimKernel

/// The congestion control a TCP sender runs, per flow. Windows are in segments.
public enum CongestionControl: String, Sendable, CaseIterable {
    /// Linux's `reno` (tcp_cong.c): slow start credits every newly acknowledged segment up to
    /// ssthresh, congestion avoidance adds one segment per window of acknowledged segments,
    /// a loss halves the window (RFC 5681 with RFC 6582 recovery).
    case newreno
    /// CUBIC (RFC 9438), Linux's default: after a loss the window follows
    /// W(t) = C (t − K)³ + W_max with C = 0.4 and β = 0.7, never below the Reno-friendly
    /// estimate; fast convergence as in §4.7. HyStart is not modelled.
    case cubic

    /// CUBIC's constants (RFC 9438 §4.1, §4.6).
    static let cubicC = 0.4
    static let cubicBeta = 0.7
}

/// The congestion window of one sender and what its controller remembers between losses.
struct CongestionWindow {
    var algorithm: CongestionControl = .cubic
    var renoFriendly = true
    /// Congestion window (segments).
    var cwnd: Double = 10
    var ssthresh: Double = .infinity
    // CUBIC (RFC 9438): the window before the last reduction, when the current epoch began
    // (picoseconds, -1: none), K (seconds), and the Reno-friendly estimate.
    var wMax: Double = 0
    var epochStart: Int64 = -1
    var k: Double = 0
    var wEst: Double = 0

    /// Grows the window for `acked` newly acknowledged segments at `now`, with the smoothed
    /// RTT `srtt` (picoseconds). Slow start up to ssthresh, then the algorithm's avoidance.
    mutating func grow(acked: Double, now: SimTime, srtt: Double) {
        var acked = acked
        if cwnd < ssthresh {
            let room = ssthresh - cwnd
            let used = min(acked, room)
            cwnd += used
            acked -= used
            if acked <= 0 { return }
        }
        switch algorithm {
        case .newreno:
            cwnd += acked / cwnd
        case .cubic:
            let t0 = Double(now.picoseconds)
            if epochStart < 0 {
                epochStart = now.picoseconds
                if cwnd < wMax {
                    k = cbrt((wMax - cwnd) / CongestionControl.cubicC)
                } else {
                    k = 0
                    wMax = cwnd
                }
                wEst = cwnd
            }
            let t = (t0 - Double(epochStart)) / 1e12
            let rtt = srtt / 1e12
            let x = t + rtt - k
            let target = CongestionControl.cubicC * x * x * x + wMax
            let beta = CongestionControl.cubicBeta
            wEst += 3 * (1 - beta) / (1 + beta) * acked / cwnd
            if renoFriendly && wEst > target && wEst > cwnd {
                cwnd += (wEst - cwnd) / cwnd * acked  // Reno-friendly region (§4.3)
            } else if target > cwnd {
                cwnd += min(target - cwnd, cwnd / 2) / cwnd * acked   // concave / convex (§4.4, §4.5)
            } else {
                cwnd += 0.01 * acked / cwnd
            }
        }
    }

    /// The reduction on a loss (fast retransmit or timeout): the new ssthresh, from the
    /// window in flight.
    mutating func reduce() {
        switch algorithm {
        case .newreno:
            ssthresh = max(cwnd / 2, 2)
        case .cubic:
            let beta = CongestionControl.cubicBeta
            // Fast convergence (§4.7): a flow whose window is below its last maximum releases bandwidth.
            wMax = cwnd < wMax ? cwnd * (1 + beta) / 2 : cwnd
            ssthresh = max(cwnd * beta, 2)
            epochStart = -1
        }
    }

    /// Restart after idle (RFC 2861 as Linux's tcp_cwnd_restart): the window halves for
    /// every RTO the sender was idle, down to the restart window min(IW, cwnd).
    mutating func restartAfterIdle(idle: SimTime, rto: SimTime, initialWindow: Double) {
        guard idle > rto, rto > .zero else { return }
        let restart = min(initialWindow, cwnd)
        ssthresh = max(ssthresh, cwnd * 3 / 4)
        var w = cwnd
        var left = idle - rto
        while left > .zero && w > restart {
            w /= 2
            left = left - rto
        }
        cwnd = max(w, restart)
        epochStart = -1
    }
}
