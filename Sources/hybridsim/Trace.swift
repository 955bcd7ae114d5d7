import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import Reports

extension IntegrationOption: ExpressibleByArgument {}

/// `hybridsim trace`: the path of one packet of a flow.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the path of one packet of a flow on an idle network.",
        discussion: """
            One row per step: the device, its kind, what it did (route, forward, snat, dnat, \
            vxlan-encap/decap, ipip-encap/decap, esp-encrypt/decrypt, l2c-encap/decap, deliver), \
            the IP packet size after that step and the time since the packet was sent. \
            Exit status: 0 when the packet is delivered, 1 when it is dropped (the last step \
            says why) or the input is wrong, 2 for a usage error.
            The flow is one of the scenario's flows or a preset (\(DocumentedFlow.allCases.map(\.rawValue).joined(separator: ", "))); \
            or give --from and --to endpoints (\(FlowEndpoint.forms)).

            Examples:
              hybridsim trace --flow iks-web-to-vcs-db --option strongswan-vpn
              hybridsim trace --flow enterprise-to-vcs-vm --format csv
              hybridsim trace --flow iks-web-to-vcs-db --option bgp-peering --format json
              hybridsim trace --flow internet-to-icp-web --payload 1400
              hybridsim trace scenarios/estate-example.yaml --flow pods-to-internet-api
              hybridsim trace --from ibm-private --to icp/master
            """)

    @OptionGroup var input: ScenarioInput

    @Option(help: "The flow to trace (a flow of the scenario or a preset).")
    var flow: String?

    @Option(help: "Trace from this endpoint (with --to) instead of a named flow.")
    var from: String?

    @Option(help: "Trace to this endpoint (with --from).")
    var to: String?

    @Option(help: "How IKS reaches VCS.")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "Payload bytes of the traced packet (TCP; the packet is 40 bytes more).")
    var payload: Int = 100

    @Option(help: "Output format on stdout: table, csv or json (json carries the scenario identity).")
    var format: Report.Format = .table

    func validate() throws {
        guard (0...8960).contains(payload) else { throw ValidationError("--payload must be 0...8960 bytes, got \(payload)") }
        guard (flow == nil) != (from == nil && to == nil), (from == nil) == (to == nil) else {
            throw ValidationError("give either --flow NAME or both --from and --to")
        }
        for e in [from, to].compactMap({ $0 }) where FlowEndpoint(e) == nil {
            throw ValidationError("'\(e)' is not an endpoint; one of: \(FlowEndpoint.forms)")
        }
    }

    func run() throws {
        let (s, tree) = try input.loadWithTree()
        let name: String, ends: (FlowEndpoint, FlowEndpoint)
        if let flow {
            if let f = s.flows.first(where: { $0.name == flow }) {
                ends = (f.from, f.to)
            } else if let preset = DocumentedFlow(rawValue: flow) {
                ends = preset.endpoints(in: s.inventory)
            } else {
                let names = s.flows.map(\.name) + DocumentedFlow.allCases.map(\.rawValue).filter { p in !s.flows.contains { $0.name == p } }
                throw CompiledEstate.Invalid(description: "no flow '\(flow)' in \(s.name); flows: \(names.joined(separator: ", "))")
            }
            name = flow
        } else {
            ends = (FlowEndpoint(from!)!, FlowEndpoint(to!)!)
            name = "\(from!)-to-\(to!)"
        }
        let estate = try CompiledEstate(s.inventory, option: option)
        let trace = try PathTrace(name, from: ends.0, to: ends.1, in: estate, payloadBytes: payload)
        print(Report(command: "trace", identity: RunReport.identity(s, tree: tree), tables: [trace.reportTable]).render(format), terminator: "")
        if !trace.delivered { throw ExitCode(1) }
    }
}
