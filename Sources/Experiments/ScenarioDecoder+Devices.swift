import HybridCloud
import SimKernel

/// The `devices:` section of a scenario: device-model parameters by device group, e.g.
/// `devices: {esg: {per-byte: 3ns, crypto-per-byte-gcm: 2.5ns}, vtep: {offload: true}}`.
/// Every parameter is declared once in `DeviceParameter` (unit, default, source); a value
/// given here replaces the default for every device of that group in the estate.
extension ScenarioDecoder {
    func devices(_ node: ScenarioTree, _ path: String) throws -> DeviceProfile {
        var profile = DeviceProfile()
        for (group, groupNode, groupPath) in try entries(node, path) {
            let keys = DeviceParameter.allCases.filter { $0.device == group }.map(\.key)
            guard !keys.isEmpty else {
                let all = DeviceParameter.devices
                let hint = didYouMean(group, all).map { "did you mean '\($0)'?" } ?? "device groups: \(all.joined(separator: ", "))"
                throw error(groupNode, groupPath, "unknown device group '\(group)'; \(hint) (hybridsim parameters lists them)")
            }
            let m = try mapping(groupNode, groupPath, allowed: keys)
            for (key, v) in m {
                let p = DeviceParameter(rawValue: "\(group).\(key)")!
                profile[p] = try parameter(v, "\(groupPath).\(key)", p)
            }
        }
        return profile
    }

    /// One parameter's value in SI units, checked against its valid range.
    func parameter(_ node: ScenarioTree, _ path: String, _ p: DeviceParameter) throws -> Double {
        let s = try scalar(node, path)
        let value: Double?
        switch p.unit {
        case .duration: value = Units.duration(s)?.seconds
        case .durationPerByte:
            let t = s.hasSuffix("/B") ? String(s.dropLast(2)) : s
            value = Units.duration(t)?.seconds
        case .count: value = Int(s).map(Double.init)
        case .bitRate: value = Units.bitsPerSecond(s).map(Double.init)
        case .flag: value = s == "true" ? 1 : s == "false" ? 0 : nil
        }
        guard let value else { throw error(node, path, "'\(s)' is not \(p.example)") }
        if let problem = DeviceProfile.problem(p, value) {
            throw error(node, path, "'\(s)': \(problem); the default is \(p.written(p.defaultValue))")
        }
        return value
    }
}
