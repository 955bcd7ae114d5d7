import ArgumentParser
import HybridCloud

/// `hybridsim validate`: address plan and path checks of the reference architecture.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the address plan and the paths of every documented flow.",
        discussion: """
            Address plan: BYOIP ranges (VCS and ICP networks) overlapping the IKS pod or service \
            networks, an IBM Cloud subnet or each other; more than 4 LoadBalancer services on an \
            IKS portable subnet. Paths: every documented flow is run briefly with full-size \
            segments in both directions; packets that find no route (naming the device and the \
            destination) or do not fit an MTU are reported with the fix.
            Exit status 1 when there is an error (warnings alone: 0).
            Scenario files (SCENARIO) arrive with the scenario format; without one the \
            built-in reference architecture is checked.

            Examples:
              hybridsim validate
              hybridsim validate --option strongswan-vpn
            """)

    @Argument(help: "A scenario file (not supported yet: the built-in reference architecture is checked).")
    var scenario: String?

    @Option(help: "Check only this integration option (default: all).")
    var option: IntegrationOption?

    func run() throws {
        if let scenario {
            throw ValidationError("scenario files are not supported yet (\(scenario)); run `hybridsim validate` without a file to check the built-in reference architecture")
        }
        var findings = Validator.addressPlan(AddressPlan())
        for o in option.map({ [$0] }) ?? IntegrationOption.allCases {
            findings += try Validator.paths(option: o)
        }
        for f in findings.sorted(by: { $0.severity > $1.severity }) { print(f) }
        let errors = findings.filter { $0.severity == .error }.count
        print("validate: \(errors) errors, \(findings.count - errors) warnings")
        if errors > 0 { throw ExitCode(1) }
    }
}
