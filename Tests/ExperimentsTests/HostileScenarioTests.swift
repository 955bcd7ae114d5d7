import Foundation
import Testing
@testable import Experiments

/// Values the model cannot represent are refused before a run, with the file, line and path,
/// and resource limits are decided before the work (issue 15).
@Suite struct HostileScenarioTests {
    /// The error text of loading `yaml` (with `overrides`), or "" when it loads.
    func message(_ yaml: String, _ overrides: [String] = []) -> String {
        do { _ = try Scenario.load(text: yaml, file: "h.yaml", overrides: overrides); return "" } catch { return "\(error)" }
    }

    func flow(_ field: String) -> String { "flows:\n  f: {from: iks/web, to: vcs/db-vm, \(field)}\n" }

    @Test func distributionParametersOutsideTheModelAreLocatedErrors() {
        #expect(message(flow("think: \"erlang(1e300, 10ms)\"")).contains("h.yaml:2: flows.f.think: '1e300' must be a whole number"))
        #expect(message(flow("think: \"erlang(2.5, 10ms)\"")).contains("whole number"))
        #expect(message(flow("response: const(1e300B)")).contains("exceeds the model's largest message"))
        #expect(message(flow("response: \"pareto(0.01, 1B)\"")).contains("with probability 0.81"))
        #expect(message(flow("response: \"lognormal(1e-300B, 1B)\"")).contains("not finite"))
        // Bounded, the same Pareto is accepted; an unbounded one with a thin enough tail too.
        #expect(message(flow("response: \"pareto(0.01, 1B, 100MB)\"")) == "")
        #expect(message(flow("response: \"pareto(2, 1kB)\"")) == "")
        // Heavy-tailed times are fine: draws beyond the horizon fall after the run.
        #expect(message(flow("think: \"weibull(0.05, 1ms)\"")) == "")
    }

    @Test func sumsOfTimesAndRatesAreChecked() {
        #expect(message("experiment: {warmup: 8e6s, duration: 8e6s}\n").contains("at most 1000000s"))
        #expect(message("experiment: {warmup: 6e5s, duration: 6e5s}\n").contains("longer than the longest run"))
        #expect(message("experiment: {warmup: 1s, duration: 999999s}\n") == "")
        #expect(message("failures:\n  - {event: esg-failover, at: 6e5s, for: 6e5s}\n").contains("h.yaml:2: failures[0].for"))
        #expect(message("architecture:\n  enterprise:\n    wan: 0.4bps\n").contains("architecture.enterprise.wan: '0.4bps' is not a bit rate"))
        #expect(message("experiment: {confidence: 99.99999999999999%}\n").contains("at most 99.9999%"))
    }

    @Test func keysThatDoNotApplyAreErrors() {
        #expect(message("failures:\n  - {event: esg-failover, at: 1s, worker: 2}\n").contains("failures[0].worker: unknown key 'worker'"))
        #expect(message("failures:\n  - {event: link-down, at: 1s, cluster: dev, link: [a, b]}\n").contains("unknown key 'cluster'"))
        #expect(message("failures:\n  - {event: esg-falover, at: 1s}\n").contains("did you mean 'esg-failover'"))
    }

    @Test func theRootMustBeAMappingAlsoWithOverrides() {
        #expect(message("[1, 2]\n", ["experiment.duration=1s"]).contains("not a list"))
        #expect(message("hello\n").contains("not a single value"))
        #expect(message("", [".=1"]).contains("empty part"))
        #expect(message("", ["experiment..duration=1s"]).contains("empty part"))
    }

    @Test func aliasesAreRefusedBeforeExpansion() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        var prev = "a"
        for k in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            bomb += "\(k): &\(k) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]\n"
            prev = k
        }
        #expect(message(bomb).contains("h.yaml:1: YAML anchors and aliases"))
        #expect(message("name: x\nflows: *nothing\n").contains("h.yaml:2"))
        // An ampersand or asterisk inside a value is no anchor.
        #expect(message("name: \"R&D * 2\"\n") == "")
    }

    @Test func listsAndMappingsAreBoundedBeforeTheyAreBuilt() {
        let items = Array(repeating: "x", count: ScenarioTree.longestList + 1).joined(separator: ",")
        #expect(message("options: [\(items)]\n").contains("h.yaml:1: a list of more than 200000 items"))
        #expect(message("options: [\(items.dropLast(2))]\n").contains("options[0]"))  // 200,000 items are read
    }

    @Test func sweepSizeIsComputedBeforeThePointsAreBuilt() {
        let dims = ["clients", "think", "request", "response", "server"]
            .map { "  flows.iks-web-to-vcs-db.\($0): {from: 1, to: 100000, step: 1}" }.joined(separator: "\n")
        func sweepMessage(_ yaml: String) -> String {
            do { _ = try Sweep.points(ScenarioTree.parse(yaml, file: "s.yaml"), file: "s.yaml"); return "" }
            catch { return "\(error)" }
        }
        #expect(sweepMessage("sweep:\n\(dims)\n").contains("a sweep has at most 100000"))
        #expect(sweepMessage("sweep:\n  \"\": [1, 2]\n").contains("is not a plain word"))
        #expect(sweepMessage("sweep:\n  a..b: [1, 2]\n").contains("empty part"))
        #expect(sweepMessage("sweep:\n  a.b: {from: 0, to: 1e9, step: 1}\n").contains("more than 100000 values"))
    }

    @Test func twoLinksBetweenOnePairAreAnError() {
        let yaml = """
            topology:
              devices: [{name: a, address: 10.0.0.1}, {name: b, address: 10.0.0.2}]
              links: [{between: [a, b], rate: 1Gbps}, {between: [b, a], rate: 1Mbps}]
              sources: [{name: s, from: a, to: 10.0.0.2, poisson: 10, size: 100B}]
            """
        #expect(message(yaml).contains("topology.links[1].between: b and a are already joined by a link"))
    }
}
