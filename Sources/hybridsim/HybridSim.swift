import ArgumentParser
import Foundation

/// The `hybridsim` command: packet-level simulation of a hybrid IBM Cloud network.
@main
struct HybridSim: ParsableCommand {
    /// Exit status: 0 ok, 1 scenario or simulation error, 2 usage error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            if code == .success || error is ExitCode { exit(withError: error) }
            Console.error("hybridsim: \(error)")
            Foundation.exit(1)
        }
    }

    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "hybridsim",
        abstract: "Packet-level discrete-event simulator of a hybrid IBM Cloud network (IKS, ICP on VMware, NSX).",
        discussion: """
            Simulates packets through ESXi hosts, links, VXLAN / IP-in-IP / IPsec encapsulations and \
            gateways, and reports latency and throughput per traffic flow. Describe your own estate \
            in a scenario file (docs/inventory.md), or use the reference architecture.

            Examples:
              hybridsim show scenarios/estate-example.yaml   the compiled network of an estate
              hybridsim verify                  check the simulation kernel against queueing theory
              hybridsim verify --format csv     the same, as CSV
            """,
        version: "hybridsim \(version)",
        subcommands: [Run.self, SweepCommand.self, Compare.self, Capacity.self, MergeCommand.self, Trace.self, Validate.self, Outage.self, Resilience.self, Calibrate.self, Show.self, Metrics.self, Parameters.self, Verify.self]
    )
}
