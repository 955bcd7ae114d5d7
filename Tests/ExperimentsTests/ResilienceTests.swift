import Reports
import SimKernel
import Testing
@testable import Experiments
@testable import HybridCloud

@Suite struct ResilienceTests {
    /// The reference estate with two flows (quick in a debug build).
    static func scenario() throws -> Scenario {
        try Scenario.load(text: """
            name: resilience-test
            options: [static-nat]
            flows:
              iks-web-to-vcs-db: default
              enterprise-to-vcs-vm: default
            """, file: "r.yaml").0
    }

    /// Every part the inventory has is failed once, by its device names; no link inside a
    /// host and no traffic source's access link is among the cables.
    @Test func everyPartOfTheReferenceEstateIsListedOnce() throws {
        let all = try SingleFailure.all(in: .reference, options: IntegrationOption.allCases)
        let byPart = Dictionary(grouping: all, by: \.part).mapValues { $0.map(\.name) }
        #expect(byPart[.host] == ["esxi1", "esxi2", "esxi3"])
        #expect(byPart[.esg] == ["vcs-esg", "icp-esg"])
        #expect(byPart[.worker] == ["iks-w1", "iks-w2", "iks-w3", "icp-w1", "icp-w2"])
        #expect(byPart[.vpnPod] == ["iks-strongswan", "icp-strongswan"])
        #expect(byPart[.l2Concentrator] == ["l2c-onprem", "l2c-ibm"])
        #expect(byPart[.wan] == ["onprem-router-wan"])
        let links = byPart[.link] ?? []
        #expect(Set(links).count == links.count)
        for expected in ["esxi1-bcr", "iks-w3-bcr", "bcr-xcr", "wan-xcr", "public-network-fcr"] { #expect(links.contains(expected), "\(expected)") }
        for absent in ["vcs-esg-esxi1", "db-vm-vxlan-switch-h3", "user-internet", "enterprise-user-onprem-router", "onprem-router-wan"] {
            #expect(!links.contains(absent), "\(absent)")
        }
        // The shared-VLAN links exist under common-vlan only.
        let shared = all.first { $0.name == "iks-w3-esxi1" }
        #expect(shared?.options == [.commonVLAN])
    }

    /// A link no packet crosses is not run: its figures come from the failure-free run. The
    /// derivation is exact: the same failure run for real gives the same figures.
    @Test func anIdleLinkIsDerivedExactly() throws {
        var study = ResilienceStudy(scenario: try Self.scenario(), options: [.staticNAT])
        study.parts = [.link]
        (study.window, study.timing.repair, study.settle) = (.seconds(1.5), .seconds(0.5), .seconds(0.5))
        let (_, rows) = try study.run(jobs: 2)
        let idle = try #require(rows.first { $0.derived && $0.failure.name == "esxi2-bcr" })
        let busy = try #require(rows.first { $0.failure.name == "bcr-xcr" })
        #expect(!busy.derived && busy.flowsAffected == 1, "the enterprise flow crosses bcr-xcr")
        var e = try study.experiment(.staticNAT, idle.failure.event)
        e.seed = study.scenario.seed
        let real = try e.run()
        for (d, r) in zip(try #require(idle.flows), real) {
            #expect(!r.affected && d.affected == r.affected && d.packetsLost == r.packetsLost && d.failedTransactions == r.failedTransactions,
                    "\(r.flow): derived \(d), run \(r)")
        }
    }

    /// The table ranks by the worst option: flows affected, then transactions, then outage;
    /// ties keep the analysis's order.
    @Test func theTableRanksByWorstOption() throws {
        func rows(_ index: Int, _ name: String, _ option: String, _ affected: [Bool], tx: Int, outage: Double, applies: Bool = true) -> [[String]] {
            affected.enumerated().map { k, a in
                ["id", "\(index)", "4", "link", name, option, "f\(k)", "\(applies)"] +
                    (applies ? ["\(a)", "0", a ? "\(tx)" : "0", a ? "\(outage)" : "0", a ? "\(outage)" : "0", "10", "10", "false"]
                             : Array(repeating: "", count: 8))
            }
        }
        var t = CSVTable(header: ResilienceTable.columns)
        for r in rows(0, "quiet", "static-nat", [false, false], tx: 0, outage: 0) + rows(0, "quiet", "bgp-peering", [false, false], tx: 0, outage: 0)
            + rows(1, "small", "static-nat", [true, false], tx: 5, outage: 2) + rows(1, "small", "bgp-peering", [false, false], tx: 0, outage: 0, applies: false)
            + rows(2, "wide", "static-nat", [false, false], tx: 0, outage: 0) + rows(2, "wide", "bgp-peering", [true, true], tx: 1, outage: 1)
            + rows(3, "quiet2", "static-nat", [false, false], tx: 0, outage: 0) + rows(3, "quiet2", "bgp-peering", [false, false], tx: 0, outage: 0) {
            t.append(r)
        }
        let lines = ResilienceTable.render(t).split(separator: "\n").map(String.init)
        let order = lines.dropFirst(2).prefix(4).map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        #expect(order == ["wide", "small", "quiet", "quiet2"])
        #expect(lines[3].contains("n/a") && lines[3].contains("1 · 5 tx · 2.0 s"))
    }

    /// Shards join only when they are one run's, complete and each given once.
    @Test func mergeRefusesForeignOrIncompleteShards() throws {
        func csv(_ rows: [[String]]) -> String {
            var t = CSVTable(header: ResilienceTable.columns)
            for r in rows { t.append(r) }
            return t.text
        }
        func row(_ id: String, _ i: Int, _ n: Int) -> [String] { [id, "\(i)", "\(n)", "link", "l\(i)", "static-nat", "f", "false"] + Array(repeating: "", count: 8) }
        let a = csv([row("x", 0, 2)]), b = csv([row("x", 1, 2)]), other = csv([row("y", 1, 2)])
        #expect(try ResilienceTable.merge([("b", b), ("a", a)]).rows.map { $0[1] } == ["0", "1"])
        #expect(throws: ResilienceTable.MergeError.self) { try ResilienceTable.merge([("a", a)]) }
        #expect(throws: ResilienceTable.MergeError.self) { try ResilienceTable.merge([("a", a), ("o", other)]) }
        #expect(throws: ResilienceTable.MergeError.self) { try ResilienceTable.merge([("a", a), ("a2", a), ("b", b)]) }
        #expect(throws: ResilienceTable.MergeError.self) { try ResilienceTable.merge([("t", "not,a,csv\n")]) }
    }
}
