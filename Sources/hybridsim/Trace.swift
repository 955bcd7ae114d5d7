import ArgumentParser
import Foundation
import HybridCloud

extension DocumentedFlow: ExpressibleByArgument {}
extension IntegrationOption: ExpressibleByArgument {}

/// `hybridsim trace`: the path of one packet of a documented flow.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the path of one packet of a documented flow on an idle network.",
        discussion: """
            One row per step: the device, its kind, what it did (route, forward, snat, dnat, \
            vxlan-encap/decap, ipip-encap/decap, esp-encrypt/decrypt, l2c-encap/decap, deliver), \
            the IP packet size after that step and the time since the packet was sent.

            Flows: \(DocumentedFlow.allCases.map(\.rawValue).joined(separator: ", "))
            Options: \(IntegrationOption.allCases.map(\.rawValue).joined(separator: ", "))

            Examples:
              hybridsim trace --flow iks-web-to-vcs-db --option strongswan-vpn
              hybridsim trace --flow enterprise-to-vcs-vm --format csv
              hybridsim trace --flow internet-to-icp-web --payload 1400
            """)

    @Option(help: "The documented flow to trace.")
    var flow: DocumentedFlow

    @Option(help: "How IKS reaches VCS (only changes iks-web-to-vcs-db).")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "Payload bytes of the traced packet (TCP; the packet is 40 bytes more).")
    var payload: Int = 100

    @Option(help: "Output format: table or csv.")
    var format: Verify.Format = .table

    func validate() throws {
        guard (0...8960).contains(payload) else { throw ValidationError("--payload must be 0...8960 bytes, got \(payload)") }
    }

    func run() throws {
        let trace = try PathTrace(flow: flow, option: option, payloadBytes: payload)
        switch format {
        case .table:
            print("\(flow.rawValue), option \(option.rawValue)")
            print(trace.table, terminator: "")
        case .csv: print(trace.csv, terminator: "")
        }
        if !trace.delivered { throw ExitCode(1) }
    }
}
