import Foundation
import Testing
@testable import Experiments
import Reports

@Suite struct AnswerTests {
    /// Two options over three paired replications: the lower mean is best; the other's
    /// difference is the mean of the per-replication differences (1.5, 2, 2.5 ms → 2 ms), with
    /// the Student-t interval of those differences (t(0.975, 2) = 4.303, sd 0.5: ±1.242, which
    /// excludes zero: "worse"), and 2/10 = 20 %. Unpaired, the intervals (10 ± 2.48 and
    /// 12 ± 3.1) would overlap. The busiest component is the one on the flow's path, not the busiest overall.
    @Test func rankingPairsReplicationsAndMarksTheBest() throws {
        var flows = CSVTable(header: ["point", "point_label", "option", "flow", "replication", "transactions", "transaction_mean_ms",
                                      "transaction_p99_ms", "transactions_per_s", "goodput_mbps", "failed_transactions"])
        for (r, (a, b)) in [(10.0, 11.5), (9.0, 11.0), (11.0, 13.5)].enumerated() {
            flows.append(["0", "", "common-vlan", "f", "\(r)", "100", "\(a)", "20", "100", "1", "0"])
            flows.append(["0", "", "strongswan-vpn", "f", "\(r)", "100", "\(b)", "30", "90", "1", "2"])
        }
        var components = CSVTable(header: ["point", "option", "replication", "component", "utilisation"])
        for r in 0..<3 {
            components.append(["0", "strongswan-vpn", "\(r)", "iks-strongswan", "0.6"])
            components.append(["0", "strongswan-vpn", "\(r)", "somewhere-else", "0.9"])
            components.append(["0", "common-vlan", "\(r)", "vcs-esg", "0.3"])
        }
        let empty = CSVTable(header: [])
        let o = StudyRunner.Outcome(flows: flows, summary: empty, components: components, timeline: empty, events: 0, wallSeconds: 0, converged: true)
        let paths: [Int: [String: [String: Set<String>]]] = [0: ["strongswan-vpn": ["f": ["iks-strongswan"]], "common-vlan": ["f": ["vcs-esg"]]]]
        let k = try #require(OptionRanking.of(o, level: 0.95, paths: paths).first)
        #expect(k.metric == "transaction_mean_ms")
        let best = try #require(k.rows.first { $0.isBest })
        #expect(best.option == "common-vlan" && best.differenceToBest == nil)
        let vpn = try #require(k.rows.first { $0.option == "strongswan-vpn" })
        let d = try #require(vpn.differenceToBest)
        #expect(abs(d.mean - 2) < 1e-12)
        #expect(abs(d.halfWidth - 4.302653 * 0.5 / 3.0.squareRoot()) < 1e-5)
        #expect(abs(try #require(vpn.percentToBest).mean - 20) < 1e-9)
        #expect(!vpn.indistinguishableFromBest)
        #expect(vpn.busiest?.name == "iks-strongswan" && abs(vpn.busiest!.utilisation - 0.6) < 1e-12)
        #expect(vpn.failedTransactions == 2)
    }

    /// Each swept path is cut to its shortest ending no other swept path shares.
    @Test func sweepPointsAreLabelledByShortUniqueNames() {
        #expect(SweepPoint.shortNames(["architecture.vcs.esg.size", "flows.a.clients"]) == ["size", "clients"])
        #expect(SweepPoint.shortNames(["flows.a.clients", "flows.b.clients"]) == ["a.clients", "b.clients"])
        #expect(SweepPoint.shortNames(["x.clients", "x.clients"]) == ["x.clients", "x.clients"])
    }

    /// An interval column is one terminal cell and three CSV fields; JSON parses and carries
    /// the identity; a missing number is empty in CSV and null in JSON.
    @Test func reportFormatsSayTheSame() throws {
        let t = Report.Table(title: "f", keys: [Report.Field("flow", "f")],
                             columns: [Report.Column("option", "option", rightAligned: false), Report.Column("tx_ms", "tx ms", interval: true),
                                       Report.Column("p99_ms", "p99 ms")],
                             rows: [[.text("a"), .interval(mean: 1, low: 0.5, high: 1.5, decimals: 2), .number(.nan, decimals: 1)]])
        let r = Report(command: "run", identity: [Report.Field("scenario_id", "abc")], tables: [t])
        #expect(r.render(.csv) == "scenario_id,flow,option,tx_ms,tx_ms_low,tx_ms_high,p99_ms\nabc,f,a,1.00,0.50,1.50,\n")
        #expect(r.render(.table).contains("1.00 ± 0.50"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.render(.json).utf8)) as? [String: Any])
        #expect((json["identity"] as? [String: String])?["scenario_id"] == "abc")
        let row = try #require(((json["tables"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])?.first)
        #expect((row["tx_ms"] as? [String: Double])?["low"] == 0.5)
        #expect(row["p99_ms"] is NSNull)
    }
}

@Suite struct MetricDeclarationTests {
    /// docs/metrics.md carries the table `FlowMetric` declares, byte for byte.
    @Test func docsCarryTheDeclaredMetrics() throws {
        let text = try String(contentsOfFile: "docs/metrics.md", encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- BEGIN generated: hybridsim metrics --format markdown -->\n"))
        let end = try #require(text.range(of: "<!-- END generated -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == FlowMetric.markdown,
                "docs/metrics.md is out of date: replace its generated block with `hybridsim metrics --format markdown`")
    }

    /// flows.csv has one column per declared metric, names unique; compare ranks only metrics
    /// with a direction, and summary.csv aggregates every compared one.
    @Test func oneDeclarationDrivesColumnsSummaryAndCompare() {
        let names = FlowMetric.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Array(StudyColumns(paths: []).flowHeader.suffix(names.count)) == names)
        #expect(Set(Comparison.metrics).isSubset(of: Set(FlowMetric.summarisedMetrics.map(\.name))))
        #expect(Comparison.higherIsBetter == ["goodput_mbps", "transactions_per_s"])
    }

    /// A condition names a declared metric, a comparison and a limit; mistakes say what to write.
    @Test func capacityConditionsParseAndRefuseClearly() throws {
        let c = try CapacityCondition(parsing: "transaction_p99_ms > 10")
        #expect(c.metric == .flow("transaction_p99_ms") && c.above && c.limit == 10)
        #expect(c.crossed(10.5) && !c.crossed(9.9) && c.crossed(.nan))
        let u = try CapacityCondition(parsing: "utilisation(vcs-esg) > 80%")
        #expect(u.metric == .utilisation(component: "vcs-esg") && u.limit == 0.8)
        #expect(try CapacityCondition(parsing: "goodput_mbps < 100").above == false)
        for (bad, says) in [("p99 > 10", "unknown metric 'p99'"), ("transaction_p99_ms = 10", "write METRIC > LIMIT"),
                            ("utilisation(vcs-esg) > 180%", "fraction in (0, 1]"), ("transaction_p99_ms > ten", "not a number")] {
            #expect(throws: CapacityCondition.Invalid.self) { try CapacityCondition(parsing: bad) }
            do { _ = try CapacityCondition(parsing: bad) } catch { #expect("\(error)".contains(says), "\(bad): \(error)") }
        }
    }
}
