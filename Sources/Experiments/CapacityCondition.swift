import Foundation

/// The limit `hybridsim capacity --until` looks for: a metric, a comparison and a value, as
/// `transaction_p99_ms > 10` or `utilisation(vcs-esg) > 80%`. The metric is a flow metric of
/// flows.csv (`FlowMetric.all`, of the `--flow` chosen) or the mean utilisation
/// (0...1) of a named component (device, or link direction `a-b>`).
public struct CapacityCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Metric: Sendable, Equatable {
        case flow(String)
        case utilisation(component: String)
    }

    public let metric: Metric
    /// True for `>`: the crossing is where the metric rises above `limit`; false for `<`.
    public let above: Bool
    public let limit: Double

    public var description: String {
        let m: String
        switch metric {
        case .flow(let name): m = name
        case .utilisation(let c): m = "utilisation(\(c))"
        }
        return "\(m) \(above ? ">" : "<") \(limit.formatted())"
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The flow metrics a condition can name.
    public static var flowMetrics: [String] { FlowMetric.all.map(\.name) }

    public init(parsing text: String) throws {
        let ops = text.contains(">") ? (">", true) : text.contains("<") ? ("<", false) : nil
        guard let (op, above) = ops else {
            throw Invalid(description: "--until '\(text)': write METRIC > LIMIT or METRIC < LIMIT, e.g. 'transaction_p99_ms > 10' or 'utilisation(vcs-esg) > 80%'")
        }
        let parts = text.split(separator: Character(op), maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { throw Invalid(description: "--until '\(text)': no metric before '\(op)'") }
        let name = parts[0]
        if name.hasPrefix("utilisation(") && name.hasSuffix(")") {
            let component = String(name.dropFirst("utilisation(".count).dropLast())
            guard !component.isEmpty else { throw Invalid(description: "--until '\(text)': name the component, e.g. utilisation(vcs-esg)") }
            guard let f = Units.fraction(parts[1]), f > 0, f <= 1 else {
                throw Invalid(description: "--until '\(text)': a utilisation limit is a fraction in (0, 1] or a percentage, e.g. 80%")
            }
            metric = .utilisation(component: component)
            limit = f
        } else {
            let known = CapacityCondition.flowMetrics
            guard known.contains(name) else {
                throw Invalid(description: "--until '\(text)': unknown metric '\(name)'; one of: \(known.joined(separator: ", ")), or utilisation(COMPONENT)")
            }
            guard let v = Double(parts[1]), v.isFinite else {
                throw Invalid(description: "--until '\(text)': the limit '\(parts[1])' is not a number (in the metric's unit, \(FlowMetric.named(name)!.unit))")
            }
            metric = .flow(name)
            limit = v
        }
        self.above = above
    }

    /// True when `value` is past the limit. For `>`, no value at all (no transaction
    /// completed) counts as past: the load is beyond what the estate carries.
    public func crossed(_ value: Double) -> Bool { above ? value > limit || value.isNaN : value < limit }
}
