import HybridCloud
import Reports

/// The device parameters as declared once in `DeviceParameter`: the scenario key under
/// `devices:`, unit, default and source (`hybridsim parameters`, docs/assumptions.md).
public enum ParameterTable {
    public static var report: Report {
        Report(command: "parameters", identity: [Report.Field("hybridsim_version", StudyRunner.version)], tables: [Report.Table(
            title: "device parameters: devices.<group>.<name> in a scenario, --set devices.<group>.<name>=VALUE, fit: in a measurements file",
            columns: [Report.Column("name", "name", rightAligned: false), Report.Column("unit", "unit", rightAligned: false),
                      Report.Column("default", "default", rightAligned: false), Report.Column("meaning", "meaning", rightAligned: false),
                      Report.Column("source", "source", rightAligned: false)],
            rows: DeviceParameter.allCases.map { p in
                [.text(p.rawValue), .text(p.unit.rawValue), .text(p.written(p.defaultValue)), .text(p.summary), .text(p.source)]
            })])
    }

    /// The markdown table docs/assumptions.md carries between its generated-block markers.
    public static var markdown: String {
        var out = "| parameter | default | meaning | source |\n|---|---|---|---|\n"
        for p in DeviceParameter.allCases {
            out += "| `\(p.rawValue)` | \(p.written(p.defaultValue)) | \(p.summary) | \(p.source) |\n"
        }
        return out
    }
}
