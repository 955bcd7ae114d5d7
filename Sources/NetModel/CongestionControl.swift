import Foundation

/// The congestion control a TCP sender runs, per flow. Both follow Linux's modules in their
/// integer arithmetic (`CongestionWindow`): windows are whole segments, avoidance counts
/// acknowledged segments with `snd_cwnd_cnt`, which restarts at every reduction.
public enum CongestionControl: String, Sendable, CaseIterable {
    /// Linux's `reno` (net/ipv4/tcp_cong.c, tcp_reno_cong_avoid): slow start credits every
    /// newly acknowledged segment up to ssthresh, congestion avoidance adds one segment per
    /// window of acknowledged segments, a loss halves the window (max(cwnd >> 1, 2); RFC 5681
    /// with SACK recovery).
    case newreno
    /// CUBIC, Linux's default (net/ipv4/tcp_cubic.c; RFC 9438): after a loss the window follows
    /// W(t) = C (t − K)³ + W_max with C = 410/1024 and β = 717/1024, never below the
    /// Reno-friendly estimate (Linux's `tcp_friendliness`), with fast convergence. As in Linux
    /// the growth step is recomputed at most every 1/32 s while the window is unchanged.
    /// HyStart is not modelled.
    case cubic

    /// CUBIC's constants as Linux's integers give them: bic_scale 41 (C = 41 × 10 / 1024) and
    /// beta 717 / 1024.
    static let cubicC = 410.0 / 1024.0
    static let cubicBetaScaled = 717
    /// Reno-friendly step: one segment of the estimate per `beta_scale` / 8 windows of
    /// acknowledged segments, beta_scale = 8 (1024 + 717) / 3 / (1024 − 717) = 15 in Linux's
    /// integers (α = 3 (1 − β) / (1 + β) ≈ 0.53 segment per round trip).
    static let cubicFriendlyScale = 8 * (1024 + 717) / 3 / (1024 - 717)
}
