import ArgumentParser
import Experiments
import HybridCloud

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
            """)

    @OptionGroup var input: ScenarioInput

    @Option(help: "Check only this integration option (default: the scenario's options).")
    var option: IntegrationOption?

    func run() throws {
        let s = try input.load(allowTopology: true)
        if let topology = s.topology {
            // An explicit topology has no address plan or estate paths: decoding checked its
            // names, addresses, links and routes; building it checks the sources' ends.
            _ = try StudyRunner.network(s, alternative: "topology")
            print("validate: \(s.name): topology of \(topology.devices.count) devices, \(topology.links.count) links, "
                  + "\(topology.routes.count) routes, \(topology.sources.count) sources; it builds; 0 errors, 0 warnings")
            return
        }
        var findings = Validator.addressPlan(s.inventory)
        let flows = s.flows.map { ($0.name, $0.from, $0.to) }
        for o in option.map({ [$0] }) ?? s.options {
            findings += try Validator.paths(CompiledEstate(s.inventory, option: o), flows: flows)
        }
        for f in findings.sorted(by: { $0.severity > $1.severity }) { print(f) }
        let errors = findings.filter { $0.severity == .error }.count
        print("validate: \(s.name): \(s.flows.count) flows × \((option.map { [$0] } ?? s.options).count) options, \(errors) errors, \(findings.count - errors) warnings")
        if errors > 0 { throw ExitCode(1) }
    }
}
