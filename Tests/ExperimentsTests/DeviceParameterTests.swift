import Foundation
import Testing
@testable import Experiments
@testable import HybridCloud
@testable import NetModel

/// The device models' parameters: the scenario's devices: section, --set, overrides files,
/// the compiled costs they give, and the calibration file's errors (issue 13).
@Suite struct DeviceParameterTests {
    func load(_ yaml: String, _ overrides: [String] = []) throws -> Scenario {
        try Scenario.load(text: yaml, file: "d.yaml", overrides: overrides).0
    }

    func message(_ yaml: String, _ overrides: [String] = []) -> String {
        do { _ = try load(yaml, overrides); return "" } catch { return "\(error)" }
    }

    @Test func devicesSectionSetsParametersInSIUnits() throws {
        let s = try load("devices: {esg: {per-byte: 4ns, per-packet: 3us}, vtep: {offload: true, cores: 2}, l2c: {network-rate: 2Gbps}}\n")
        #expect(s.inventory.devices[.esgPerByte] == 4e-9)
        #expect(abs(s.inventory.devices[.esgPerPacket] - 3e-6) < 1e-15)
        #expect(s.inventory.devices.flag(.vtepOffload))
        #expect(s.inventory.devices.count(.vtepCores) == 2)
        #expect(s.inventory.devices[.l2cNetworkRate] == 2e9)
        // Untouched parameters keep their declared defaults.
        #expect(s.inventory.devices[.dlrPerPacket] == DeviceParameter.dlrPerPacket.defaultValue)
        // --set reaches the same keys, and wins over the file.
        let t = try load("devices: {esg: {per-byte: 4ns}}\n", ["devices.esg.per-byte=5ns/B"])
        #expect(t.inventory.devices[.esgPerByte] == 5e-9)
    }

    @Test func badDeviceValuesAreLocatedErrors() {
        #expect(message("devices: {esgg: {per-byte: 4ns}}\n").contains("d.yaml:1: devices.esgg: unknown device group 'esgg'; did you mean 'esg'?"))
        #expect(message("devices: {esg: {per-bite: 4ns}}\n").contains("unknown key 'per-bite'; did you mean 'per-byte'?"))
        #expect(message("devices: {esg: {per-byte: 4Gbps}}\n").contains("'4Gbps' is not a duration per byte"))
        #expect(message("devices: {vtep: {cores: 0}}\n").contains("vtep.cores must be within 1.0...1024.0"))
        #expect(message("devices: {vtep: {offload: maybe}}\n").contains("is not true or false"))
        #expect(message("topology: {devices: [], links: [], sources: []}\ndevices: {esg: {per-byte: 4ns}}\n").contains("'devices' belongs to the reference architecture"))
    }

    @Test func theCompiledNetworkTakesTheParameters() throws {
        var inv = Inventory()
        inv.devices[.esgPerPacket] = 9e-6
        inv.devices[.calicoIPIP] = 4e-6
        let net = try CompiledEstate(inv, option: .staticNAT).network
        let esg = net.deviceSpec(net.deviceIndex(named: "vcs-esg")!)
        #expect(esg.perPacket == .microseconds(9))
        #expect(esg.receiveSideScaling)
        let vRouter = net.deviceSpec(net.deviceIndex(named: "iks-w1-vrouter")!)
        #expect(vRouter.encapsulationCost == .microseconds(4))
        // The default estate compiles with the declared defaults.
        let plain = try CompiledEstate(Inventory(), option: .staticNAT).network
        #expect(plain.deviceSpec(plain.deviceIndex(named: "vcs-esg")!).perPacket == .seconds(DeviceParameter.esgPerPacket.defaultValue))
    }

    @Test func anOverridesFileBecomesSettings() throws {
        let path = NSTemporaryDirectory() + "hybridsim-overrides-\(getpid()).yaml"
        try "devices:\n  esg:\n    per-byte: 3ns\nexperiment: {duration: 2s}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try OverridesFile.settings(files: [path], then: ["experiment.duration=3s"])
        #expect(settings == ["devices.esg.per-byte=3ns", "experiment.duration=2s", "experiment.duration=3s"])
        let s = try load("", settings)
        #expect(s.inventory.devices[.esgPerByte] == 3e-9)
        #expect(s.duration == .seconds(3))
        try "- a\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError.self) { try OverridesFile.settings(path: path) }
    }

    @Test func writtenValuesReadBack() throws {
        for p in DeviceParameter.allCases {
            let s = try load("devices: {\(p.device): {\(p.key): \(p.written(p.defaultValue))}}\n")
            let v = s.inventory.devices[p]
            #expect(abs(v - p.defaultValue) <= 1e-6 * p.defaultValue, "\(p.rawValue): \(p.written(p.defaultValue)) read back as \(v)")
        }
    }

    @Test func tooManyTunnelsForTheESGSizeIsAnError() {
        var inv = Inventory()
        inv.vcsInstances[0].esg.size = .compact
        #expect(ESGFormFactor.compact.ipsecTunnels == 512 && ESGFormFactor.xLarge.ipsecTunnels == 6_000)
        // One IKS cluster: one tunnel, well inside every size.
        #expect((try? CompiledEstate(inv, option: .strongSwanVPN)) != nil)
    }

    @Test func measurementFilesAreCheckedWithLocations() throws {
        let path = NSTemporaryDirectory() + "hybridsim-measurements-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        func problem(_ text: String) -> String {
            do { try text.write(toFile: path, atomically: true, encoding: .utf8); _ = try CalibrationPlan.load(path: path); return "" } catch { return "\(error)" }
        }
        let m = "measurements:\n  s: {kind: tcp-throughput, from: iks/web, to: vcs/db-vm, option: bgp-peering, value: 1Gbps}\n"
        #expect(problem(m) == "")
        #expect(problem("fit: {esg.per-bite: {from: 1ns, to: 2ns}}\n" + m).contains("unknown device parameter 'esg.per-bite'; did you mean 'esg.per-byte'?"))
        #expect(problem("fit: {vtep.cores: {from: 1, to: 2}}\n" + m).contains("only costs and rates are fitted"))
        #expect(problem("fit: {esg.per-byte: {from: 5ns, to: 2ns}}\n" + m).contains("'from' below 'to'"))
        #expect(problem(m.replacingOccurrences(of: "value: 1Gbps", with: "value: 1ms")).contains("measurements.s.value"))
        #expect(problem(m.replacingOccurrences(of: "kind: tcp-throughput", with: "kind: rtt") .replacingOccurrences(of: "value: 1Gbps", with: "value: 1ms, streams: 2")).contains("'streams' is for tcp-throughput"))
        try m.write(toFile: path, atomically: true, encoding: .utf8)
        let plan = try CalibrationPlan.load(path: path)
        #expect(plan.measurements.count == 1)
    }
}

@Suite struct ParameterDeclarationTests {
    /// docs/assumptions.md carries the table `DeviceParameter` declares, byte for byte.
    @Test func docsCarryTheDeclaredParameters() throws {
        let text = try String(contentsOfFile: "docs/assumptions.md", encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- BEGIN generated: parameters (hybridsim parameters --format markdown) -->\n"))
        let end = try #require(text[begin.upperBound...].range(of: "<!-- END generated -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == ParameterTable.markdown,
                "docs/assumptions.md is out of date: replace its parameters block with `hybridsim parameters --format markdown`")
    }

    /// Every parameter has a unit-consistent default inside its range and a source.
    @Test func everyDeclarationIsUsable() {
        for p in DeviceParameter.allCases {
            #expect(DeviceProfile.problem(p, p.defaultValue) == nil, "\(p.rawValue)")
            #expect(!p.source.isEmpty && !p.summary.isEmpty, "\(p.rawValue)")
            #expect(p.rawValue == "\(p.device).\(p.key)", "\(p.rawValue): names are <group>.<name>")
        }
    }
}
