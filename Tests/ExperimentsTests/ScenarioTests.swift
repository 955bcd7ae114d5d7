import Foundation
import HybridCloud
import NetModel
import SimKernel
import Reports
import Testing
@testable import Experiments

@Suite struct UnitsTests {
    @Test func durationsRatesSizesFractions() {
        #expect(Units.duration("1.5ms") == .microseconds(1500))
        #expect(Units.duration("10us") == .microseconds(10))
        #expect(Units.duration("2s") == .seconds(2))
        #expect(Units.duration("1min") == .seconds(60))
        #expect(Units.duration("10") == nil, "a bare number is ambiguous")
        #expect(Units.duration("-1s") == nil)
        #expect(Units.duration("1e300s") == nil)
        #expect(Units.bitsPerSecond("10Gbps") == 10_000_000_000)
        #expect(Units.bitsPerSecond("100Mbit/s") == 100_000_000)
        #expect(Units.bitsPerSecond("0Gbps") == nil)
        #expect(Units.bytes("1500B") == 1500 && Units.bytes("64KiB") == 65536 && Units.bytes("4kB") == 4000)
        #expect(Units.bytes("9000") == 9000)
        #expect(Units.fraction("80%") == 0.8 && Units.fraction("0.95") == 0.95)
        #expect(Units.fraction("80 percent") == nil)
    }
}

@Suite struct ScenarioDecodingTests {
    func error(_ yaml: String, overrides: [String] = []) -> ScenarioError? {
        do { _ = try Scenario.load(text: yaml, file: "s.yaml", overrides: overrides); return nil } catch let e as ScenarioError { return e } catch { return nil }
    }

    /// Without a `flows:` section the documented flows run; `--set` on one of them changes
    /// that flow and keeps the other four (and their load on shared devices).
    @Test func settingOneImpliedFlowKeepsTheOthers() throws {
        let (s, _) = try Scenario.load(text: Scenario.defaultYAML, file: "d.yaml", overrides: ["flows.iks-web-to-vcs-db.clients=5"])
        #expect(s.flows.map(\.name) == DocumentedFlow.documented.map(\.rawValue))
        #expect(s.flows.first { $0.name == "iks-web-to-vcs-db" }?.traffic.clients == 5)
        #expect(s.flows.first { $0.name == "icp-web-to-vcs-db" }?.traffic.clients == DocumentedFlow.icpWebToVCSDB.defaultTraffic.clients)
        // Replacing the whole section still replaces it.
        let (only, _) = try Scenario.load(text: Scenario.defaultYAML, file: "d.yaml", overrides: ["flows={iks-web-to-vcs-db: default}"])
        #expect(only.flows.map(\.name) == ["iks-web-to-vcs-db"])
    }

    @Test func validScenarioDecodes() throws {
        let (s, _) = try Scenario.load(text: """
            name: t
            options: [common-vlan, bgp-peering]
            architecture:
              vcs: {esg: {size: large}}
              enterprise: {wan-latency: 20ms}
              iks: {vpn: {cipher: aes-gcm}}
            flows:
              iks-web-to-vcs-db:
                clients: 7
                think: exp(5ms)
                response: lognormal(4kB, 8kB)
              enterprise-to-vcs-vm: default
            failures:
              - {event: esg-failover, at: 3s}
            experiment: {warmup: 1s, duration: 4s, replications: 3, confidence: 90%, seed: 42}
            """, file: "t.yaml")
        #expect(s.options == [.commonVLAN, .bgpPeering])
        #expect(s.inventory.vcs.esg.size == .large && s.inventory.enterprise.wanLatency == .milliseconds(20))
        #expect(s.inventory.iks.vpn.cipher == .aesGCM)
        #expect(s.flows.count == 2 && s.flows[0].traffic.clients == 7 && abs(s.flows[0].traffic.thinkTime.mean - 0.005) < 1e-12)
        #expect(abs(s.flows[0].traffic.responseBytes.mean - 4000) < 1e-6)
        #expect(s.failures == [.esgFailover(at: .seconds(3))])
        #expect(s.warmup == .seconds(1) && s.duration == .seconds(4) && s.replications == 3 && s.confidence == 0.9 && s.seed == 42)
    }

    @Test func errorsNameLinePathAndFix() {
        let unknown = error("experiment:\n  duraton: 5s\n")
        #expect(unknown?.line == 2 && unknown?.path == "experiment.duraton" && unknown?.message.contains("did you mean 'duration'") == true)
        let unit = error("experiment:\n  duration: 5 parsecs\n")
        #expect(unit?.line == 2 && unit?.message.contains("1.5ms") == true)
        let option = error("options: [common-vlam]\n")
        #expect(option?.message.contains("did you mean 'common-vlan'") == true)
        let flow = error("flows:\n  iks-web-to-vcs-bd: default\n")
        #expect(flow?.message.contains("did you mean 'iks-web-to-vcs-db'") == true && flow?.line == 2)
        let type = error("experiment:\n  replications: many\n")
        #expect(type?.message.contains("whole number") == true)
        let range = error("experiment:\n  replications: 1\n")
        #expect(range?.message.contains("2...10000") == true)
        let distribution = error("flows:\n  iks-web-to-vcs-db:\n    think: exp(-1ms)\n")
        #expect(distribution?.line == 3)
        let yaml = error("experiment: [unclosed\n")
        #expect(yaml?.message.contains("not valid YAML") == true)
        let architecture = error("architecture:\n  iks:\n    alb: {worker: 9}\n")
        #expect(architecture?.path == "architecture.iks.alb.worker" && architecture?.message == "must be 1...3" && architecture?.line == 3)
        let moved = error("architecture:\n  esg-size: large\n")
        #expect(moved?.message.contains("architecture.vcs.esg.size") == true && moved?.line == 2)
        let placement = error("architecture:\n  iks:\n    workloads:\n      web: {replicas: 2, placement: [1, 7]}\n")
        #expect(placement?.message.contains("worker 7 does not exist") == true && placement?.line == 4
                && placement?.path == "architecture.iks.workloads.web.placement")
        let room = error("architecture:\n  vcs:\n    hosts: 60\n")
        #expect(room?.path == "architecture.vcs" && room?.message.contains("no room for 60 VTEPs") == true && room?.line == 3)
        let endpoint = error("flows:\n  mine: {from: iks/web, to: vcs/nosuch}\n")
        #expect(endpoint?.line == 2 && endpoint?.path == "flows.mine.to" && endpoint?.message.contains("of that kind: vcs/db-vm") == true)
        let typo = error("flows:\n  mine: {from: iks/web, to: vcs/db-mv}\n")
        #expect(typo?.message.contains("did you mean 'vcs/db-vm'") == true)
        let preset = error("architecture:\n  vcs:\n    vms: {other: {host: 1}}\n")
        #expect(preset?.message.contains("this preset flow needs it") == true, "the default flows need db-vm")
        let form = error("flows:\n  mine: {from: iks/web, to: somewhere}\n")
        #expect(form?.message.contains("not an endpoint") == true && form?.line == 2)
        let half = error("flows:\n  mine: {from: iks/web}\n")
        #expect(half?.message.contains("both 'from' and 'to'") == true)
        let prefix = error("architecture:\n  iks:\n    subnets:\n      a: {prefix: 10.190.5.7/26, workers: 3}\n")
        #expect(prefix?.message.contains("host bits zero") == true && prefix?.line == 4)
        #expect(error("experiment:\n  warmup: auto\n") == nil)
        #expect(error("experiment:\n  warmup: sometimes\n")?.message.contains("not a duration") == true)
        let icpESGHost = error("architecture:\n  icp:\n    esg-host: 3\n")
        #expect(icpESGHost?.line == 3 && icpESGHost?.message.contains("architecture.icp.esg.host") == true)
        let standby = error("architecture:\n  vcs:\n    esg: {host: 2, standby-host: 2}\n")
        #expect(standby?.path == "architecture.vcs.esg.standby-host" && standby?.message.hasPrefix("must differ from host 2") == true && standby?.line == 3)
        #expect(error("architecture:\n  vcs:\n    esg: {standby-host: later}\n")?.message.contains("next (the host after host) or none") == true)
        let gateway = error("architecture:\n  iks:\n    vpn: {remote-gateway: internet}\n")
        #expect(gateway?.path == "architecture.iks.vpn.remote-gateway" && gateway?.line == 3)
        let icpDNAT = error("architecture:\n  icp:\n    esg: {dnat: {x: {port: 80, vm: db-vm}}}\n")
        #expect(icpDNAT?.message.hasPrefix("unknown key 'dnat'") == true && icpDNAT?.path == "architecture.icp.esg.dnat", "port forwards are the VCS ESG's")
        let both = error("architecture:\n  iks: {}\n  iks-clusters: {a: {}}\n")
        #expect(both?.message.contains("either iks (one cluster) or iks-clusters") == true && both?.line == 2)
        let movedRange = error("architecture:\n  address-plan:\n    iks-pods: 172.30.0.0/16\n")
        #expect(movedRange?.line == 3 && movedRange?.message.contains("architecture.iks.pod-network") == true)
        let overlap = error("architecture:\n  iks-clusters:\n    a: {}\n    b: {subnets: {x: {prefix: 10.190.9.0/26, workers: 1}}, workloads: {web: {placement: spread}}, vpn: {worker: 1}}\n")
        #expect(overlap?.path.hasPrefix("architecture.iks-clusters.b.pod-network") == true && overlap?.message.contains("overlaps cluster a's pod-network") == true
                && overlap?.line == 4, "\(overlap.map { "\($0)" } ?? "")")
        let sites = error("architecture:\n  enterprise: {}\n  enterprise-sites: {a: {}}\n")
        #expect(sites?.message.contains("either enterprise (one site) or enterprise-sites") == true && sites?.line == 2)
        let movedLAN = error("architecture:\n  address-plan:\n    enterprise-lan: 10.50.0.0/16\n")
        #expect(movedLAN?.line == 3 && movedLAN?.message.contains("architecture.enterprise.lan") == true)
        let lan = error("architecture:\n  enterprise-sites:\n    hq: {}\n    branch: {lan: 10.50.0.0/20}\n")
        #expect(lan?.path == "architecture.enterprise-sites.branch.lan" && lan?.line == 4 && lan?.message.contains("overlaps site hq's lan") == true,
                "\(lan.map { "\($0)" } ?? "")")
        let icps = error("architecture:\n  icp: {}\n  icp-clusters: {a: {}}\n")
        #expect(icps?.message.contains("either icp (one cluster) or icp-clusters") == true && icps?.line == 2)
        let movedICP = error("architecture:\n  address-plan:\n    icp-pods: 172.16.0.0/16\n")
        #expect(movedICP?.line == 3 && movedICP?.message.contains("architecture.icp.pod-network") == true)
        let instances = error("architecture:\n  vcs: {}\n  vcs-instances: {a: {}}\n")
        #expect(instances?.message.contains("either vcs (one instance) or vcs-instances") == true && instances?.line == 2)
        let movedVCS = error("architecture:\n  address-plan:\n    vcs-vm-network: 192.168.10.0/24\n")
        #expect(movedVCS?.line == 3 && movedVCS?.message.contains("architecture.vcs.vm-network") == true)
        let icpOn = error("architecture:\n  icp: {vcs: dr}\n")
        #expect(icpOn?.path == "architecture.icp.vcs" && icpOn?.message.contains("no VCS instance dr (vcs)") == true, "\(icpOn.map { "\($0)" } ?? "")")
        let movedStretched = error("architecture:\n  address-plan:\n    stretched-network: 192.168.50.0/24\n")
        #expect(movedStretched?.message.contains("architecture.enterprise.stretched-networks.stretched") == true)
                let snat = error("architecture:\n  vcs:\n    esg: {snat: [{source: 192.168.10.0/24, to: elsewhere}]}\n")
        #expect(snat?.path == "architecture.vcs.esg.snat[0].to" && snat?.message.contains("public, private, none") == true, "\(snat.map { "\($0)" } ?? "")")
                let duplicate = error("name: x\nname: y\n")
        #expect(duplicate?.message.contains("duplicated key") == true && duplicate?.line != nil)
    }

    @Test func overridesApplyAndReportTheirOrigin() throws {
        let (s, _) = try Scenario.load(text: "experiment: {duration: 4s}\n", file: "t.yaml",
                                       overrides: ["experiment.duration=9s", "architecture.vcs.esg.size=compact", "options=[static-nat]"])
        #expect(s.duration == .seconds(9) && s.inventory.vcs.esg.size == .compact && s.options == [.staticNAT])
        let e = error("name: x\n", overrides: ["experiment.duraton=1s"])
        #expect(e?.line == nil && e?.description.contains("--set") == true)
        #expect(error("name: x\n", overrides: ["nonsense"])?.message.contains("path=value") == true)
    }
}

@Suite struct SweepTests {
    func points(_ yaml: String) throws -> [[String]] {
        try Sweep.points(try ScenarioTree.parse(yaml, file: "s.yaml"), file: "s.yaml").map { $0.settings.map { "\($0.path)=\($0.value.text)" } }
    }

    @Test func gridZipAndRanges() throws {
        let grid = try points("sweep:\n  a: [1, 2]\n  b: {from: 10ms, to: 30ms, step: 10ms}\n")
        #expect(grid == [["a=1", "b=10ms"], ["a=1", "b=20ms"], ["a=1", "b=30ms"], ["a=2", "b=10ms"], ["a=2", "b=20ms"], ["a=2", "b=30ms"]])
        let zip = try points("sweep:\n  mode: zip\n  a: [1, 2]\n  b: [x, y]\n")
        #expect(zip == [["a=1", "b=x"], ["a=2", "b=y"]])
        #expect(try points("name: x\n") == [[]])
        #expect(throws: ScenarioError.self) { try points("sweep:\n  mode: zip\n  a: [1, 2]\n  b: [x]\n") }
        #expect(throws: ScenarioError.self) { try points("sweep:\n  a: {from: 1ms, to: 2s, step: 1ms}\n") }
    }
}

/// Runs of the same scenario give byte-identical CSV whatever --jobs, sharded and merged
/// sweeps equal the unsharded one, and --resume recomputes only what is missing.
@Suite struct DeterminismTests {
    static let yaml = """
        name: det
        options: [bgp-peering, static-nat]
        flows:
          iks-web-to-vcs-db: {clients: 4}
          enterprise-to-vcs-vm: {clients: 2}
        experiment: {warmup: 50ms, duration: 150ms, replications: 2}
        sweep:
          flows.iks-web-to-vcs-db.clients: [2, 4, 6]
        """

    func scenarioInOwnFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hybridsim-det-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("det.yaml").path
        try Self.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func files(_ dir: String) throws -> [String] {
        try ["flows.csv", "summary.csv", "components.csv"].map { try String(contentsOfFile: "\(dir)/\($0)", encoding: .utf8) }
    }

    @Test func jobsShardsAndResume() throws {
        let file = try scenarioInOwnFolder()
        let base = (file as NSString).deletingLastPathComponent
        let one = try StudyRunner(file: file, jobs: 1)
        _ = try one.run(out: "\(base)/one")
        let two = try StudyRunner(file: file, jobs: 2)
        _ = try two.run(out: "\(base)/two")
        #expect(try files("\(base)/one") == files("\(base)/two"))
        // Common random numbers: a flow that does not cross the IKS-VCS integration sees
        // identical traffic under both options, replication by replication.
        let flows = CSVTable.parse(try String(contentsOfFile: "\(base)/one/flows.csv", encoding: .utf8))
        let column = try #require(flows.first?.firstIndex(of: "option"))
        // Its packets may still meet the other flows' in a shared device's queue: latencies agree
        // to 0.1 %, counts exactly.
        let header = try #require(flows.first)
        func enterprise(_ option: String) -> [[String]] {
            flows.filter { $0[column] == option && $0.contains("enterprise-to-vcs-vm") }.map { var r = $0; r.remove(at: column); return r }
        }
        var timed = header
        timed.remove(at: column)
        let a = enterprise("bgp-peering"), b = enterprise("static-nat")
        #expect(!a.isEmpty && a.count == b.count)
        for (x, y) in zip(a, b) {
            for (k, name) in timed.enumerated() {
                if name.hasPrefix("latency_") || name.hasPrefix("jitter") || name.hasPrefix("transaction_") && name.hasSuffix("_ms") {
                    let (u, v) = (Double(x[k]) ?? .nan, Double(y[k]) ?? .nan)
                    #expect(abs(u - v) <= 1e-3 * max(abs(u), abs(v)), "\(name): \(u) against \(v)")
                } else {
                    #expect(x[k] == y[k], "\(name): \(x[k]) against \(y[k])")
                }
            }
        }
        // Shards 1/2 and 2/2, merged.
        for i in 1...2 {
            var shard = try StudyRunner(file: file, jobs: 2)
            shard.shard = (i, 2)
            _ = try shard.run(out: "\(base)/shard\(i)")
        }
        try Merge.merge(["\(base)/shard2", "\(base)/shard1"], into: "\(base)/merged")
        #expect(try files("\(base)/merged") == files("\(base)/one"))
        // A missing or repeated shard is an error naming it, not a merge that lacks points.
        #expect { try Merge.merge(["\(base)/shard1"], into: "\(base)/partial") } throws: {
            "\($0)".contains("shard(s) 2/2 missing")
        }
        #expect { try Merge.merge(["\(base)/shard1", "\(base)/shard1"], into: "\(base)/partial") } throws: {
            "\($0)".contains("is the same folder as")
        }
        #expect { try Merge.merge(["\(base)/shard1", "\(base)/no-such-shard"], into: "\(base)/partial") } throws: {
            "\($0)" == "\(base)/no-such-shard: no such folder; give the output folder of a finished run or shard"
        }
        #expect(!FileManager.default.fileExists(atPath: "\(base)/partial/flows.csv"))
        // Resume: drop point 1's saved rows; only that point is computed again.
        try FileManager.default.removeItem(atPath: "\(base)/one/.points/1")
        var again = try StudyRunner(file: file, jobs: 2)
        again.resume = true
        let outcome = try again.run(out: "\(base)/one")
        #expect(try files("\(base)/one") == files("\(base)/two"))
        #expect(outcome.events > 0)
        var nothing = try StudyRunner(file: file, jobs: 2)
        nothing.resume = true
        #expect(try nothing.run(out: "\(base)/one").events == 0, "everything was already done")
        let manifest = try String(contentsOfFile: "\(base)/one/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"seed\" : \"20261121\"") && manifest.contains("file_fnv1a64"))
    }
}

/// Mutated scenario text must give a clean error or a clean decode, never a crash or a hang.
@Suite struct ScenarioFuzzTests {
    @Test func thousandMutationsOfTheShippedScenarios() throws {
        let estate = try String(contentsOf: ShippedInventoryTests.root.appendingPathComponent("scenarios/estate-example.yaml"), encoding: .utf8)
        let seeds = [Scenario.defaultYAML, DeterminismTests.yaml, estate, """
            options: [strongswan-vpn]
            architecture: {vcs: {esg: {size: compact}, vxlan-mtu: 1500B}, enterprise: {wan-loss: 1%}, iks: {subnets: {a: {prefix: 10.190.5.0/26, workers: 4}, b: {prefix: 10.190.6.0/26, workers: 1}}}}
            flows:
              iks-web-to-vcs-db: {clients: 3, think: pareto(2.5, 1ms, 1s), request: uniform(100B, 2kB)}
            failures:
              - {event: link-down, link: [onprem-router, wan], at: 1s, for: 2s}
            """]
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789:-_[]{}(),. \n%#\"'&*!|>@`")
        let stream = RandomStream(master: 99, name: "fuzz", replication: 0)
        var decoded = 0, rejected = 0, ran = 0
        for i in 0..<1_200 {
            var chars = Array(seeds[i % seeds.count])
            for _ in 0..<(1 + Int(stream.nextUInt32() % 4)) {
                let at = Int(stream.nextUInt32() % UInt32(max(chars.count, 1)))
                switch stream.nextUInt32() % 3 {
                case 0: if !chars.isEmpty { chars.remove(at: at) }
                case 1: chars.insert(alphabet[Int(stream.nextUInt32() % UInt32(alphabet.count))], at: min(at, chars.count))
                default: if !chars.isEmpty { chars[at] = alphabet[Int(stream.nextUInt32() % UInt32(alphabet.count))] }
                }
            }
            let text = String(chars)
            do {
                let (scenario, tree) = try Scenario.load(text: text, file: "fuzz.yaml")
                _ = try Sweep.points(tree, file: "fuzz.yaml")
                #expect(scenario.replications >= 2 && scenario.duration > .zero)
                decoded += 1
                // Every 10th decodable mutation also runs, kept short by overrides: it must
                // finish or fail with an error, never crash.
                if decoded % 10 == 1 {
                    let bounded = try Scenario.apply(overrides: ["experiment.duration=20ms", "experiment.warmup=0s",
                                                                 "experiment.replications=2", "sweep={}"], to: tree, file: "fuzz.yaml")
                    if var s = try? Scenario.decode(bounded.removing("sweep"), file: "fuzz.yaml") {
                        s.options = [s.options[0]]
                        _ = try? StudyRunner.simulate(s, alternative: s.options[0].rawValue, replication: 0)
                        ran += 1
                    }
                }
            } catch is ScenarioError {
                rejected += 1
            }
        }
        #expect(decoded + rejected == 1_200)
        #expect(decoded > 50 && rejected > 50, "decoded \(decoded), rejected \(rejected)")
        #expect(ran >= 5, "ran \(ran)")
    }
}

@Suite struct PrecisionAndComparisonTests {
    /// A loose target is met with the first replications; a strict one adds rounds until the
    /// cap, and the run says it did not converge.
    @Test func precisionTargetAddsReplicationsUntilMetOrCapped() throws {
        let base = """
            options: [bgp-peering]
            flows:
              iks-web-to-vcs-db: {clients: 4}
            experiment:
              warmup: 50ms
              duration: 200ms
              replications: 3
            """
        let loose = try StudyRunner(file: try scenarioFile(base + "\n  precision: {metric: transaction_mean_ms, relative-half-width: 95%, max-replications: 9}\n"), jobs: 2)
        let a = try loose.run(out: nil)
        #expect(a.flows.rows.count == 3 && a.converged, "\(a.flows.rows.count) replications")
        let strict = try StudyRunner(file: try scenarioFile(base + "\n  precision: {metric: transaction_mean_ms, relative-half-width: 0.01%, max-replications: 9}\n"), jobs: 2)
        let b = try strict.run(out: nil)
        #expect(b.flows.rows.count == 9 && !b.converged)
        #expect(throws: ScenarioError.self) {
            try StudyRunner(file: try scenarioFile(base + "\n  precision: {metric: latency, relative-half-width: 2%}\n"), jobs: 1)
        }
    }

    @Test func comparisonFindsTheVPNSlowerUnderCommonRandomNumbers() throws {
        let runner = try StudyRunner(file: try scenarioFile("""
            options: [bgp-peering, strongswan-vpn]
            flows:
              iks-web-to-vcs-db: {clients: 5}
            experiment: {warmup: 100ms, duration: 400ms, replications: 3}
            """), jobs: 2)
        let outcome = try runner.run(out: nil)
        let c = try Comparison(flows: outcome.flows, options: [.bgpPeering, .strongSwanVPN], level: 0.95)
        let latency = try #require(c.rows.first { $0.metric == "latency_mean_us" })
        #expect(latency.difference.low > 0, "the VPN adds encryption and hops")
        #expect(latency.better == .bgpPeering)
    }
}

@Suite struct AutomaticWarmUpTests {
    /// A compact ESG near saturation starts empty: MSER-5 cuts a transient off the front.
    @Test func mser5ChoosesAWarmUpForATransient() throws {
        let runner = try StudyRunner(file: try scenarioFile("""
            options: [bgp-peering]
            architecture: {vcs: {esg: {size: compact}}, iks: {worker-uplink: 10Gbps}}
            flows:
              iks-web-to-vcs-db: {clients: 450}
            experiment: {warmup: auto, duration: 400ms, replications: 2}
            """), jobs: 2)
        let outcome = try runner.run(out: nil)
        let chosen = try #require(outcome.warmups[0])
        #expect(chosen > .zero && chosen < .milliseconds(200), "chosen \(chosen)")
    }

    @Test func tooLittleDataIsAClearError() throws {
        let runner = try StudyRunner(file: try scenarioFile("""
            options: [bgp-peering]
            flows:
              iks-web-to-vcs-db: {clients: 1, think: exp(300ms)}
            experiment: {warmup: auto, duration: 500ms, replications: 2}
            """), jobs: 1)
        #expect { try runner.run(out: nil) } throws: { "\($0)".contains("too few transactions") && !"\($0)".contains("--set") }
    }
}

@Suite struct TopologyScenarioTests {
    static let tandem = """
        topology:
          devices:
            - {name: a, address: 10.0.0.1}
            - {name: b, address: 10.0.0.2}
            - {name: c, address: 10.0.0.3}
          links:
            - {between: [a, b], rate: 1Gbps, delay: 10us, framing: 0B, buffer: unbounded}
            - {between: [b, c], rate: 1Gbps, delay: 10us, framing: 0B, buffer: unbounded}
          routes:
            - {at: a, to: 10.0.0.0/24, via: b}
            - {at: b, to: 10.0.0.0/24, via: c}
          sources:
            - {name: q, from: a, to: 10.0.0.3, poisson: 66666.667, size: 1500B}
        experiment: {warmup: 10ms, duration: 300ms, replications: 6}
        """

    /// Two links at ρ = 0.8: M/D/1 wait 24 µs + 2 × (12 + 10) µs = 68 µs.
    @Test func explicitTandemMatchesTheAnalyticMean() throws {
        let outcome = try StudyRunner(file: try scenarioFile(Self.tandem), jobs: 2).run(out: nil)
        let h = outcome.summary.header
        let row = try #require(outcome.summary.rows.first { $0[h.firstIndex(of: "metric")!] == "latency_mean_us" })
        let (mean, low, high) = (Double(row[h.firstIndex(of: "mean")!])!, Double(row[h.firstIndex(of: "ci_low")!])!, Double(row[h.firstIndex(of: "ci_high")!])!)
        #expect(low <= 68 && 68 <= high, "CI [\(low), \(high)]")
        #expect(abs(mean - 68) / 68 < 0.02)
        #expect(outcome.flows.rows.allSatisfy { $0[h.firstIndex(of: "option")!] == "topology" })
    }

    @Test func topologyErrorsNameTheProblem() {
        func message(_ yaml: String) -> String {
            do { _ = try Scenario.load(text: yaml, file: "t.yaml"); return "" } catch { return "\(error)" }
        }
        #expect(message(Self.tandem.replacingOccurrences(of: "via: c}", with: "via: d}")).contains("no device 'd'"))
        #expect(message(Self.tandem.replacingOccurrences(of: "{at: a, to: 10.0.0.0/24, via: b}", with: "{at: a, to: 10.0.0.0/24, via: c}")).contains("a has no link to c"))
        #expect(message(Self.tandem.replacingOccurrences(of: "rate: 1Gbps, delay", with: "rate: fast, delay")).contains("not a bit rate"))
        #expect(message(Self.tandem.replacingOccurrences(of: "address: 10.0.0.2", with: "address: 10.0.0.1")).contains("used twice"))
        #expect(message(Self.tandem + "\noptions: all\n").contains("belongs to the reference architecture"))
        #expect(message(Self.tandem.replacingOccurrences(of: "poisson: 66666.667, ", with: "")).contains("give how it sends: poisson (packets/s), cbr"))
    }
}

/// Writes `yaml` to a new temporary scenario file and returns its path.
func scenarioFile(_ yaml: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hybridsim-\(UUID().uuidString).yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The shipped inventories: the reference file is the built-in estate, and the estate example
/// compiles, lists its parts and delivers every flow.
@Suite struct ShippedInventoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func referenceFileIsTheBuiltInInventory() throws {
        let (s, _) = try Scenario.load(path: Self.root.appendingPathComponent("scenarios/reference.yaml").path)
        #expect(s.inventory == Inventory.reference)
        let (d, _) = try Scenario.load(text: Scenario.defaultYAML, file: "(built-in)")
        #expect(d.inventory == s.inventory && d.flows.map(\.name) == s.flows.map(\.name) && d.options == s.options)
        #expect(d.warmup == s.warmup && d.duration == s.duration && d.replications == s.replications && d.seed == s.seed)
    }

    @Test func vmServiceTimeIsTheDefaultServerTime() throws {
        let (s, _) = try Scenario.load(text: """
            architecture:
              vcs: {vms: {db-vm: {host: 3, port: 5432, service-time: exp(7ms)}, stretched-vm: {host: 3, segment: stretched}}}
            flows:
              iks-web-to-vcs-db: default
              mine: {from: icp/web, to: vcs/db-vm, server: 1ms}
            """, file: "t.yaml")
        #expect(abs(s.flows[0].traffic.serverTime.mean - 0.007) < 1e-12)
        #expect(abs(s.flows[1].traffic.serverTime.mean - 0.001) < 1e-12, "a flow's own server time wins")
    }

    @Test func multiClusterExampleHasTwoClustersAndFlowsFromBoth() throws {
        let (s, _) = try Scenario.load(path: Self.root.appendingPathComponent("scenarios/multi-cluster.yaml").path)
        #expect(s.inventory.iksClusters.map(\.name) == ["prod", "dev"])
        #expect(s.inventory.iksClusters[1].addresses.pods == IPv4Prefix("172.31.0.0/16")!)
        // The presets take the first cluster.
        #expect(s.flows.first { $0.name == "iks-web-to-vcs-db" }?.from == .workload(cluster: "prod", name: "web"))
        #expect(s.flows.contains { $0.from == .workload(cluster: "dev", name: "api") })
        #expect(s.failures == [.workerLoss(worker: 1, at: .seconds(4), downtime: .seconds(60), cluster: "dev")])
        #expect(s.inventory.icpClusters.map(\.name) == ["icp", "shop"] && s.inventory.icpClusters[1].esg.name == "shop-esg")
        #expect(s.flows.contains { $0.to == .ingress("shop") })
    }

    @Test func branchOfficeExampleHasTwoSites() throws {
        let (s, _) = try Scenario.load(path: Self.root.appendingPathComponent("scenarios/branch-office.yaml").path)
        #expect(s.inventory.enterpriseSites.map(\.name) == ["hq", "branch"])
        #expect(s.inventory.enterpriseSites.map(\.stretchesNetwork) == [true, false], "only the first site stretches unless told")
        #expect(s.inventory.enterpriseSites[1].wanLatency == .milliseconds(15) && s.inventory.enterpriseSites[1].wanLossProbability == 0.0005)
        #expect(s.flows.first { $0.name == "enterprise-to-vcs-vm" }?.from == .enterprise(site: nil))
        #expect(s.flows.contains { $0.from == .enterprise(site: "branch") })
    }

    @Test func aVMOnAnotherStretchedNetworkNamesIt() throws {
        let (s, _) = try Scenario.load(text: """
            architecture:
              enterprise: {stretched-networks: {stretched: 192.168.50.0/24, erp: 192.168.51.0/24}}
              vcs:
                vms:
                  db-vm: {host: 3, port: 5432}
                  stretched-vm: {host: 3, segment: stretched}
                  erp-vm: {host: 2, segment: erp, address: 30}
            """, file: "erp.yaml")
        #expect(s.inventory.vm(named: "erp-vm")?.vm.segment == .stretched("erp"))
        #expect(s.inventory.prefix(of: s.inventory.vm(named: "erp-vm")!.vm, instance: 0) == IPv4Prefix("192.168.51.0/24")!)
    }

    @Test func drInstanceExampleHasTwoInstances() throws {
        let (s, _) = try Scenario.load(path: Self.root.appendingPathComponent("scenarios/dr-instance.yaml").path)
        #expect(s.inventory.vcsInstances.map(\.name) == ["vcs", "dr"] && s.inventory.vcsInstances[1].esg.name == "dr-esg")
        #expect(s.inventory.vcsInstances[1].zone == "dal12" && s.inventory.vcsInstances[1].hosts == 2)
        #expect(s.inventory.vm(named: "dr-db")?.instance == 1 && s.inventory.vm(named: "db-vm")?.instance == 0)
        #expect(s.flows.contains { $0.to == .vm("dr-db") })
    }

    @Test func estateExampleCompilesAndEveryFlowDelivers() throws {
        let (s, _) = try Scenario.load(path: Self.root.appendingPathComponent("scenarios/estate-example.yaml").path)
        #expect(s.inventory.vcs.hosts == 6 && s.inventory.iks.workerCount == 12 && s.inventory.iks.subnets.count == 3)
        #expect(Set(s.inventory.iks.subnets.compactMap(\.zone)).count == 2)
        #expect(s.inventory.vcs.vms.first { $0.name == "db-vm" }?.host == 5)
        #expect(s.inventory.vcs.esg.name == "vcs-edge" && s.inventory.vcs.esg.standby == .host(2) && s.inventory.icp.esg.standby == .host(3))
        #expect(s.flows.filter { DocumentedFlow(rawValue: $0.name) == nil }.count >= 4)
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(s.inventory, option: option)
            #expect(estate.registry.pods["iks/web"]?.count == 4)
            #expect(Set(estate.registry.pods["iks/web"]!.map(\.worker)).count == 4)
            #expect(estate.registry.services["iks/web-public"] != nil)
            var net = estate.network
            for f in s.flows { try net.addFlow(f.spec(in: estate)) }
            // After a warm-up: the first full-size segments through the VPN are lost to path-MTU discovery.
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 3, replication: 0), warmup: .milliseconds(500), duration: .milliseconds(1500))
            for (i, f) in s.flows.enumerated() {
                #expect(r.flows[i].transactions.count > 0 && r.flows[i].failedTransactions == 0,
                        "\(f.name) (\(option.rawValue)): \(r.flows[i].transactions.count) transactions, \(r.flows[i].failedTransactions) failed")
            }
        }
    }
}

@Suite struct RunWarningTests {
    /// A flow that delivered nothing, and one that lost more than 1 %, are reported with the
    /// main drop reason and the device that dropped most; a clean flow and a met target are not.
    @Test func warningsNameTheFlowTheReasonAndTheDevice() throws {
        var flows = CSVTable(header: ["point", "option", "flow", "replication", "sent", "delivered", "dropped", "drop_noRoute", "drop_queueFull"])
        flows.append(["0", "static-nat", "dead", "0", "100", "0", "100", "100", "0"])
        flows.append(["0", "static-nat", "dead", "1", "50", "0", "50", "50", "0"])
        flows.append(["0", "static-nat", "lossy", "0", "1000", "980", "20", "0", "20"])
        flows.append(["0", "static-nat", "clean", "0", "1000", "995", "5", "0", "5"])
        var components = CSVTable(header: ["point", "option", "replication", "component", "drops"])
        components.append(["0", "static-nat", "0", "bcr", "120"])
        components.append(["0", "static-nat", "0", "vcs-esg", "50"])
        let empty = CSVTable(header: [])
        var o = StudyRunner.Outcome(flows: flows, summary: empty, components: components, timeline: empty, events: 0, wallSeconds: 0, converged: true)
        let w = RunWarnings.of(o, precisionTarget: nil)
        #expect(w.count == 2, "\(w)")
        #expect(w[0] == "flow dead (point 0, static-nat) delivered nothing of 150 packets sent; 150 dropped mostly noRoute (150); most drops at bcr")
        #expect(w[1].hasPrefix("flow lossy (point 0, static-nat) lost 2.0 % of its packets (20 of 1000) mostly queueFull (20)"))
        o.converged = false
        let target = Scenario.Precision(metric: "transaction_mean_ms", flow: nil, relativeHalfWidth: 0.02, maxReplications: 50)
        #expect(RunWarnings.of(o, precisionTarget: target).last == "precision target not met: transaction_mean_ms within ±2 % was not reached in 50 replications")
    }
}

@Suite struct InapplicableFailureTests {
    /// A link of the shared VLAN exists under common-vlan only: the failure runs there, the
    /// other option runs without it and says so; a link no option has is still an error.
    @Test func aFailureOnlySomeOptionsHaveIsSkippedWhereItDoesNotApply() throws {
        let yaml = { (link: String) in """
            name: fa
            options: [common-vlan, static-nat]
            flows:
              iks-web-to-vcs-db: default
            failures:
              - {event: link-down, link: [\(link)], at: 1s, for: 1s}
            experiment: {warmup: 0s, duration: 2s, replications: 2}
            """ }
        let (s, _) = try Scenario.load(text: yaml("iks-w3, esxi1"), file: "fa.yaml")
        let skipped = try StudyRunner.inapplicableFailures(s)
        #expect(skipped[.staticNAT]?[0]?.contains("no link between iks-w3 and esxi1") == true)
        #expect(skipped[.commonVLAN] == nil)
        _ = try StudyRunner.network(s, alternative: "static-nat")
        let (bad, _) = try Scenario.load(text: yaml("iks-w3, wan"), file: "fa.yaml")
        #expect(throws: CompiledEstate.Invalid.self) { try StudyRunner.inapplicableFailures(bad) }
    }
}
