import Testing
import SimKernel
@testable import NetModel

/// The congestion window against Linux's integer arithmetic (tcp_cong.c, tcp_cubic.c): the
/// reductions, the avoidance count that restarts at each one, CUBIC's Reno-friendly step and
/// its curve back to W_max. Every expected value is worked out from Linux's formulas by hand.
@Suite struct CongestionWindowTests {
    func window(_ algorithm: CongestionControl, cwnd: Int, ssthresh: Int = Int.max, friendly: Bool = true) -> CongestionWindow {
        var w = CongestionWindow()
        w.algorithm = algorithm
        w.renoFriendly = friendly
        w.cwnd = cwnd
        w.ssthresh = ssthresh
        return w
    }

    @Test func renoHalvesToAWholeSegmentAndNeverBelowTwo() {
        var w = window(.newreno, cwnd: 17)
        w.reduce()
        #expect(w.ssthresh == 8)   // 17 >> 1
        var small = window(.newreno, cwnd: 3)
        small.reduce()
        #expect(small.ssthresh == 2)
    }

    @Test func slowStartHandsWhatExceedsSsthreshToAvoidance() {
        var w = window(.newreno, cwnd: 8, ssthresh: 10)
        w.grow(acked: 5, now: .zero)   // 2 to reach 10, 3 counted towards the 11th
        #expect(w.cwnd == 10 && w.count == 3)
    }

    @Test func renoAddsOneSegmentPerWindowOfAcknowledgedSegments() {
        var w = window(.newreno, cwnd: 10, ssthresh: 5)
        for _ in 0..<4 { w.grow(acked: 2, now: .zero) }   // 8 of 10
        #expect(w.cwnd == 10)
        w.grow(acked: 2, now: .zero)
        #expect(w.cwnd == 11 && w.count == 0)
    }

    @Test func aReductionRestartsTheAvoidanceCount() {
        var w = window(.newreno, cwnd: 10, ssthresh: 5)
        for _ in 0..<4 { w.grow(acked: 2, now: .zero) }
        #expect(w.count == 8)
        w.reduce()
        w.endRecovery()
        #expect(w.cwnd == 5 && w.count == 0)
        w.grow(acked: 4, now: .zero)   // 4 of 5: no segment yet (a carried count of 8 would add one)
        #expect(w.cwnd == 5)
    }

    @Test func cubicReducesToSevenTenthsAndRemembersItsMaximum() {
        var w = window(.cubic, cwnd: 100)
        w.reduce()
        #expect(w.ssthresh == 70 && w.lastMaxCwnd == 100)   // 100 × 717 / 1024 = 70.02
        w.cwnd = 80
        w.reduce()   // fast convergence: below the last maximum, W_max = 80 × 1741 / 2048 = 68
        #expect(w.lastMaxCwnd == 68 && w.ssthresh == 56)
    }

    @Test func theRenoFriendlyEstimateGrowsOneSegmentPerFifteenEighthsOfAWindow() {
        // At W_max (K = 0) the cubic curve adds less than a segment for the first 1.3 s; the estimate decides.
        var w = window(.cubic, cwnd: 16, ssthresh: 16)
        w.lastMaxCwnd = 16
        w.grow(acked: 1, now: .zero)                  // the epoch starts: estimate = 16
        #expect(w.renoCwnd == 16 && w.step == 100 * 16)
        // 30 = 16 × 15 / 8 acknowledged segments raise the estimate by one; the count must exceed 30.
        w.grow(acked: 29, now: .milliseconds(40))
        #expect(w.renoCwnd == 16 && w.step == 100 * 16)
        w.grow(acked: 1, now: .milliseconds(80))
        #expect(w.renoCwnd == 17 && w.step == 16)     // cwnd / (17 − 16)
        var unfriendly = window(.cubic, cwnd: 16, ssthresh: 16, friendly: false)
        unfriendly.lastMaxCwnd = 16
        unfriendly.grow(acked: 1, now: .zero)
        unfriendly.grow(acked: 30, now: .milliseconds(40))
        #expect(unfriendly.step == 100 * 16)
    }

    @Test func theStepIsRecomputedAtMostEvery32ndOfASecondWhileTheWindowHolds() {
        var w = window(.cubic, cwnd: 16, ssthresh: 16)
        w.lastMaxCwnd = 16
        w.grow(acked: 1, now: .zero)
        w.grow(acked: 30, now: .milliseconds(20))     // within 31.25 ms, cwnd unchanged: step kept
        #expect(w.step == 100 * 16)
        w.grow(acked: 1, now: .milliseconds(32))
        #expect(w.step == 16)
    }

    @Test func cubicReturnsToWMaxAfterK() {
        // W_max 100, cwnd 70 after the reduction: K = cbrt(30 / 0.4004) = 4.2158 s; at K the curve is W_max.
        var w = window(.cubic, cwnd: 100)
        w.reduce()
        w.endRecovery()
        w.grow(acked: 1, now: .zero)
        #expect(abs(w.k - 4.2158) < 0.001 && w.origin == 100)
        w.grow(acked: 1, now: .seconds(4.2158))       // at K the target is W_max: a far larger step than before
        #expect(w.step == 70 / (100 - 70))
    }

    @Test func aTimeoutLeavesOneSegmentAndCubicForgetsItsHistory() {
        var w = window(.cubic, cwnd: 40)
        w.reduce()
        w.timeout(alreadyReduced: true)
        #expect(w.cwnd == 1 && w.ssthresh == 28 && w.lastMaxCwnd == 0 && w.epochStart == -1)
        var r = window(.newreno, cwnd: 40)
        r.timeout(alreadyReduced: false)
        #expect(r.cwnd == 1 && r.ssthresh == 20)
    }

    @Test func idleBeyondAnRTOHalvesTheWindowPerRTODownToTheInitialWindow() {
        var w = window(.newreno, cwnd: 80, ssthresh: 40)
        w.resume(idle: .milliseconds(750), rto: .milliseconds(200), initialWindow: 10, restartAfterIdle: true, now: .seconds(1))
        // idle − RTO = 550 ms: halvings at 550, 350, 150 ms left → 80 → 10; ssthresh max(40, 40 + 20)
        #expect(w.cwnd == 10 && w.ssthresh == 60)
        var kept = window(.newreno, cwnd: 80, ssthresh: 40)
        kept.resume(idle: .milliseconds(150), rto: .milliseconds(200), initialWindow: 10, restartAfterIdle: true, now: .seconds(1))
        #expect(kept.cwnd == 80)
    }

    @Test func cubicsEpochMovesOnByTheIdleTime() {
        var w = window(.cubic, cwnd: 16, ssthresh: 16)
        w.grow(acked: 1, now: .seconds(1))
        #expect(w.epochStart == SimTime.seconds(1).picoseconds)
        w.resume(idle: .milliseconds(100), rto: .milliseconds(200), initialWindow: 10, restartAfterIdle: true, now: .seconds(2))
        #expect(w.epochStart == SimTime.seconds(1.1).picoseconds)
    }
}
