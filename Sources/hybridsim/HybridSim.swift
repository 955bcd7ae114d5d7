import ArgumentParser

/// The `hybridsim` command: packet-level simulation of a hybrid IBM Cloud network.
@main
struct HybridSim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "hybridsim",
        abstract: "Packet-level discrete-event simulator of a hybrid IBM Cloud network (IKS, ICP on VMware, NSX).",
        discussion: """
            Simulates packets through ESXi hosts, links, VXLAN / IP-in-IP / IPsec encapsulations and \
            gateways, and reports latency and throughput per documented traffic flow.

            Examples:
              hybridsim verify                  check the simulation kernel against queueing theory
              hybridsim verify --format csv     the same, as CSV
            """,
        version: "hybridsim \(version)",
        subcommands: [Run.self, Trace.self, Validate.self, Outage.self, Verify.self]
    )
}
