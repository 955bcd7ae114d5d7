import Foundation
import HybridCloud
import Reports

/// The tables of `hybridsim calibrate`: the check of the current models against the
/// measurements (`--check`, and the calibration table of docs/assumptions.md), and a fit's
/// parameters and measurements before and after.
public enum CalibrationReport {
    static func identity(_ plan: CalibrationPlan) -> [Report.Field] {
        [Report.Field("measurements", plan.file), Report.Field("scenario", plan.scenarioFile ?? "(reference architecture)"),
         Report.Field("replications", String(plan.replications)), Report.Field("seed", String(plan.seed)),
         Report.Field("hybridsim_version", StudyRunner.version)]
    }

    /// simulated / measured.
    static func ratio(_ e: Calibration.Estimate, _ m: CalibrationMeasurement) -> Double { e.mean / m.value }

    /// The measurements whose ratio leaves 1 ± the plan's band.
    public static func outOfBand(_ c: Calibration, _ estimates: [Calibration.Estimate]) -> [String] {
        zip(c.plan.measurements, estimates).filter { abs(ratio($1, $0) - 1) > c.plan.checkBand }.map {
            String(format: "%@: simulated / measured = %.3f, outside %.2f–%.2f", $0.0.name, ratio($0.1, $0.0), 1 - c.plan.checkBand, 1 + c.plan.checkBand)
        }
    }

    public static func check(_ c: Calibration, _ estimates: [Calibration.Estimate]) -> Report {
        let band = c.plan.checkBand
        let rows: [[Report.Cell]] = zip(c.plan.measurements, estimates).map { m, e in
            let s = m.kind.scale, r = ratio(e, m)
            return [.text(m.device), .text(m.name), .text(m.option.rawValue), .number(m.value * s, decimals: 3), .text(m.kind.unit),
                    .interval(mean: e.mean * s, low: (e.mean - e.halfWidth) * s, high: (e.mean + e.halfWidth) * s, decimals: 3),
                    .number(r, decimals: 3), .text(abs(r - 1) <= band ? "ok" : "OUT")]
        }
        let table = Report.Table(
            title: String(format: "the device models against published measurements (ratio must stay within %.2f–%.2f)", 1 - band, 1 + band),
            columns: [Report.Column("device", "device", rightAligned: false), Report.Column("measurement", "measurement", rightAligned: false),
                      Report.Column("option", "option", rightAligned: false), Report.Column("measured", "measured"),
                      Report.Column("unit", "unit", rightAligned: false), Report.Column("simulated", "simulated", interval: true),
                      Report.Column("ratio", "ratio"), Report.Column("verdict", "", rightAligned: false)],
            rows: rows)
        return Report(command: "calibrate", identity: identity(c.plan), tables: [table], warnings: outOfBand(c, estimates))
    }

    /// The check as the markdown table docs/assumptions.md carries.
    public static func markdown(_ c: Calibration, _ estimates: [Calibration.Estimate]) -> String {
        var out = "| device | published figure | conditions | source | hybridsim (95 % CI) | ratio |\n|---|---|---|---|---|---|\n"
        for (m, e) in zip(c.plan.measurements, estimates) {
            let s = m.kind.scale
            let simulated = String(format: m.kind == .tcpThroughput ? "%.1f ± %.1f %@" : "%.4f ± %.4f %@", e.mean * s, e.halfWidth * s, m.kind.unit)
            out += String(format: "| %@ | %@ | %@ | %@ | %@ | %.3f |\n", m.device, m.written(m.value), m.conditions, m.source, simulated, ratio(e, m))
        }
        return out
    }

    public static func fit(_ c: Calibration, _ f: Calibration.Fit) -> Report {
        let params = Report.Table(
            title: "fitted parameters (\(f.method), \(f.trials) trials\(f.converged ? "" : ", stopped before its tolerance"))",
            columns: [Report.Column("parameter", "parameter", rightAligned: false), Report.Column("before", "before", rightAligned: false),
                      Report.Column("after", "after", rightAligned: false), Report.Column("change_pct", "change %"),
                      Report.Column("range", "allowed range", rightAligned: false)],
            rows: c.plan.fit.map { p in
                let (a, b) = (f.start[p.parameter]!, f.values[p.parameter]!)
                return [.text(p.parameter.rawValue), .text(p.parameter.written(a)), .text(p.parameter.written(b)),
                        .number((b / a - 1) * 100, decimals: 1),
                        .text("\(p.parameter.written(p.range.lowerBound))…\(p.parameter.written(p.range.upperBound))")]
            })
        let measurements = Report.Table(
            title: "measurements before and after (error in units of the measurement's uncertainty)",
            columns: [Report.Column("measurement", "measurement", rightAligned: false), Report.Column("unit", "unit", rightAligned: false),
                      Report.Column("measured", "measured"), Report.Column("uncertainty", "±"),
                      Report.Column("before", "before", interval: true), Report.Column("error_before", "error before"),
                      Report.Column("after", "after", interval: true), Report.Column("error_after", "error after"),
                      Report.Column("reached", "reached", rightAligned: false)],
            rows: c.plan.measurements.indices.map { i in
                let m = c.plan.measurements[i], s = m.kind.scale, (b, a) = (f.before[i], f.after[i])
                func cell(_ e: Calibration.Estimate) -> Report.Cell {
                    .interval(mean: e.mean * s, low: (e.mean - e.halfWidth) * s, high: (e.mean + e.halfWidth) * s, decimals: 3)
                }
                return [.text(m.name), .text(m.kind.unit), .number(m.value * s, decimals: 3), .number(m.uncertainty * s, decimals: 3),
                        cell(b), .number((b.mean - m.value) / m.uncertainty, decimals: 2),
                        cell(a), .number((a.mean - m.value) / m.uncertainty, decimals: 2),
                        .text(Calibration.reaches(a, m) ? "yes" : "NO")]
            })
        let missed = c.plan.measurements.indices.filter { !Calibration.reaches(f.after[$0], c.plan.measurements[$0]) }.map { i in
            let m = c.plan.measurements[i]
            return "the fit cannot reach \(m.name): simulated \(m.written(f.after[i].mean)) against \(m.written(m.value)) ± \(m.written(m.uncertainty)); "
                + "widen the parameters' ranges, fit others, or check the measurement's conditions (set:)"
        }
        return Report(command: "calibrate", identity: identity(c.plan), tables: [params, measurements], warnings: missed)
    }
}
