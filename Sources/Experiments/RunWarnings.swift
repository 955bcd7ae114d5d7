import Reports

/// What a run's figures say that its user must not miss: a flow that delivered nothing, or
/// lost more than `lossLimit` of its packets (with the main drop reason and the device that
/// dropped most in that point and option), and a precision target not met. `run`, `sweep`
/// and `compare` print them on stderr; manifest.json lists them under `warnings`.
public enum RunWarnings {
    /// Packet loss above which a flow is reported (1 %).
    public static let lossLimit = 0.01

    /// The warnings of `o` for `runner`'s scenario, in point, option and flow order.
    public static func of(_ o: StudyRunner.Outcome, precisionTarget: Scenario.Precision?) -> [String] {
        var warnings: [String] = []
        let h = o.flows.header
        guard let point = h.firstIndex(of: "point"), let option = h.firstIndex(of: "option"), let flow = h.firstIndex(of: "flow"),
              let sent = h.firstIndex(of: "sent"), let delivered = h.firstIndex(of: "delivered"), let dropped = h.firstIndex(of: "dropped") else {
            return warnings
        }
        let reasons = h.indices.filter { h[$0].hasPrefix("drop_") }
        struct Tally { var sent = 0, delivered = 0, dropped = 0; var byReason: [String: Int] = [:] }
        var tallies: [String: Tally] = [:], order: [String] = []
        for r in o.flows.rows {
            let key = "\(r[point])|\(r[option])|\(r[flow])"
            if tallies[key] == nil { order.append(key) }
            var t = tallies[key, default: Tally()]
            t.sent += Int(r[sent]) ?? 0
            t.delivered += Int(r[delivered]) ?? 0
            t.dropped += Int(r[dropped]) ?? 0
            for c in reasons { t.byReason[String(h[c].dropFirst(5)), default: 0] += Int(r[c]) ?? 0 }
            tallies[key] = t
        }
        let dropper = busiestDropper(o.components)
        for key in order {
            let t = tallies[key]!
            guard t.sent > 0 else { continue }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let at = "flow \(parts[2]) (point \(parts[0]), \(parts[1]))"
            let reason = t.byReason.max { ($0.value, $1.key) < ($1.value, $0.key) }.flatMap { $0.value > 0 ? " mostly \($0.key) (\($0.value))" : nil } ?? ""
            let device = dropper["\(parts[0])|\(parts[1])"].map { "; most drops at \($0)" } ?? ""
            if t.delivered == 0 {
                warnings.append("\(at) delivered nothing of \(t.sent) packets sent; \(t.dropped) dropped\(reason)\(device)")
            } else if Double(t.dropped) > lossLimit * Double(t.sent) {
                let share = Double(t.dropped) / Double(t.sent) * 100
                warnings.append("\(at) lost \(String(format: "%.1f", share)) % of its packets (\(t.dropped) of \(t.sent))\(reason)\(device)")
            }
        }
        if let p = precisionTarget, !o.converged {
            warnings.append("precision target not met: \(p.metric) within ±\(String(format: "%g", p.relativeHalfWidth * 100)) % was not reached in \(p.maxReplications) replications")
        }
        return warnings
    }

    /// Per "point|option": the component that dropped most packets over the replications.
    static func busiestDropper(_ c: CSVTable) -> [String: String] {
        let h = c.header
        guard let point = h.firstIndex(of: "point"), let option = h.firstIndex(of: "option"), let component = h.firstIndex(of: "component"),
              let drops = h.firstIndex(of: "drops") else { return [:] }
        var sums: [String: [String: Int]] = [:]
        for r in c.rows { sums["\(r[point])|\(r[option])", default: [:]][r[component], default: 0] += Int(r[drops]) ?? 0 }
        return sums.compactMapValues { d in d.filter { $0.value > 0 }.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
    }
}
