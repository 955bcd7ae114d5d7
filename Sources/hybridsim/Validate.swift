import ArgumentParser
import Experiments
import HybridCloud
import Reports

/// `hybridsim validate`: address plan and path checks of a scenario's estate.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the address plan of an estate and the paths of every flow.",
        discussion: """
            Address plan: BYOIP ranges (VCS and ICP networks) overlapping the IKS pod or service \
            networks, an IBM Cloud subnet or each other; overlapping worker subnets; more than 4 \
            LoadBalancer services on an IKS portable subnet. Paths: every flow of the scenario is \
            run briefly with full-size segments in both directions under each of its options; \
            packets that find no route (naming the device and the destination) or do not fit an \
            MTU are reported with the fix, and so is a flow that delivers nothing.
            A scenario with an explicit topology: is decoded and built (names, addresses, \
            links, routes and sources checked). Exit status 1 when there is an error (warnings \
            alone: 0).

            Examples:
              hybridsim validate
              hybridsim validate scenarios/estate-example.yaml
              hybridsim validate scenarios/tandem.yaml
              hybridsim validate --option strongswan-vpn --set architecture.vcs.vxlan-mtu=9000B
              hybridsim validate scenarios/estate-example.yaml --format json
            """)

    @OptionGroup var input: ScenarioInput

    @Option(help: "Check only this integration option (default: the scenario's options).")
    var option: IntegrationOption?

    @Option(help: "Output format on stdout: table (the findings as text), csv or json (one row per finding, with the scenario identity).")
    var format: Report.Format = .table

    func run() throws {
        let (s, tree) = try input.loadWithTree(allowTopology: true)
        var report = Report(command: "validate", identity: RunReport.identity(s, tree: tree))
        if let topology = s.topology {
            // An explicit topology has no address plan or estate paths: decoding checked its
            // names, addresses, links and routes; building it checks the sources' ends.
            _ = try StudyRunner.network(s, alternative: "topology")
            report.footer = ["validate: \(s.name): topology of \(topology.devices.count) devices, \(topology.links.count) links, "
                             + "\(topology.routes.count) routes, \(topology.sources.count) sources; it builds; 0 errors, 0 warnings"]
            report.tables = [Validate.table([])]
            print(format == .table ? report.footer.joined(separator: "\n") + "\n" : report.render(format), terminator: "")
            return
        }
        var findings = Validator.addressPlan(s.inventory)
        let flows = s.flows.map { ($0.name, $0.from, $0.to) }
        for o in option.map({ [$0] }) ?? s.options {
            findings += try Validator.paths(CompiledEstate(s.inventory, option: o), flows: flows)
        }
        let sorted = findings.sorted(by: { $0.severity > $1.severity })
        let errors = findings.filter { $0.severity == .error }.count
        report.tables = [Validate.table(sorted)]
        report.footer = ["validate: \(s.name): \(s.flows.count) flows × \((option.map { [$0] } ?? s.options).count) options, \(errors) errors, \(findings.count - errors) warnings"]
        // On the terminal a finding is two lines (what, then the fix): messages are too long for a table.
        print(format == .table ? (sorted.map(\.description) + report.footer).joined(separator: "\n") + "\n" : report.render(format), terminator: "")
        if errors > 0 { throw ExitCode(1) }
    }

    static func table(_ findings: [Finding]) -> Report.Table {
        Report.Table(title: "findings",
                     columns: [Report.Column("severity", "severity", rightAligned: false), Report.Column("check", "check", rightAligned: false),
                               Report.Column("message", "message", rightAligned: false), Report.Column("fix", "fix", rightAligned: false)],
                     rows: findings.map { [.text($0.severity.rawValue), .text($0.check), .text($0.message), .text($0.fix)] })
    }
}
