import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import Reports
import SimKernel

/// `hybridsim outage`: one failure, under the integration options side by side.
struct Outage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a failure under the integration options and report each flow's outage.",
        discussion: """
            Events: esg-failover (the VCS ESG's active appliance fails; the standby takes over \
            after 15 s declare-dead + 2 s), strongswan-restart (a VPN pod restarts: 20 s; with \
            the chart's ipsec.auto: add the far ends re-initiate only after their dead-peer \
            detection, about 3 min), \
            worker-loss (an IKS or ICP worker, 330 s; its endpoints leave the Services after \
            40 s, a LoadBalancer address it held moves to its backup after 3 s, and when it \
            stays away longer than 40 s + 300 s its pods are rescheduled with new addresses), \
            host-failure (an ESXi host; vSphere HA restarts its VMs after 15 s + 60 s boot), \
            link-down (--link A,B for --for seconds), wan-down (the enterprise WAN link, 10 s), \
            device-down (--device NAME, e.g. an L2 concentrator, for --for seconds, 10 s). \
            The control plane reacts by its timers: BGP sessions (common-vlan, bgp-peering) \
            withdraw and re-learn routes, IPsec tunnels re-negotiate, static routes stay.

            Per option and flow, over the replications (confidence intervals at the scenario's \
            level): whether the failure touched the flow (a packet of it was lost to the failed \
            parts), packets lost, failed transactions, total outage (the intervals without \
            delivery in which the flow lost packets to the failure) and the time from the \
            failure to recovery. A flow the failure did not touch has zero outage. Exit status: 0 \
            when it ran, 1 for a scenario or simulation error, 2 for a usage error.

            Examples:
              hybridsim outage --event esg-failover --replications 3
              hybridsim outage --event strongswan-restart --options strongswan-vpn,bgp-peering --replications 2
              hybridsim outage scenarios/estate-example.yaml --event worker-loss --worker 2 --options bgp-peering --replications 2
              hybridsim outage --event link-down --link esxi1,bcr --for 20 --options bgp-peering,static-nat --replications 2 --format csv
              hybridsim outage --event device-down --device l2c-ibm --for 5 --options static-nat --replications 2
              hybridsim outage --event esg-failover --options static-nat --replications 2 --format json
            """)

    enum Event: String, ExpressibleByArgument, CaseIterable {
        case esgFailover = "esg-failover", strongswanRestart = "strongswan-restart"
        case workerLoss = "worker-loss", hostFailure = "host-failure", linkDown = "link-down", wanDown = "wan-down"
        case deviceDown = "device-down"
    }

    @OptionGroup var input: ScenarioInput

    @Option(help: "The failure: \(Event.allCases.map(\.rawValue).joined(separator: ", ")).")
    var event: Event

    @Option(help: "Integration options, comma-separated, or all.")
    var options: String = "all"

    @Option(help: "Replications per option (≥ 1; intervals need ≥ 2).")
    var replications: Int = 10

    @Option(help: "When the failure starts, seconds.")
    var at: Double = 5

    @Option(name: .customLong("for"), help: "How long a link-down, device-down, worker-loss or host-failure lasts, seconds (worker-loss default 330; host-failure default: the host stays down).")
    var length: Double?

    @Option(help: "The IKS worker lost by worker-loss (1-based).")
    var worker: Int = 3

    @Option(help: "The IKS or ICP cluster of worker-loss and strongswan-restart (default: the first IKS cluster).")
    var cluster: String?

    @Option(help: "The ESXi host of host-failure (1-based).")
    var host: Int = 1

    @Option(help: "The VCS instance of esg-failover and host-failure, or an ICP cluster for its ESG's failover (default: the first VCS instance).")
    var instance: String?

    @Option(help: "The two devices of link-down, e.g. esxi1,bcr.")
    var link: String?

    @Option(help: "The device of device-down, e.g. l2c-ibm (hybridsim show lists them).")
    var device: String?

    @Option(help: "Output format on stdout: table, csv or json (json carries the scenario identity).")
    var format: Report.Format = .table

    @Option(help: "Parallel runs (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard at >= 0 && at <= 3600 else { throw ValidationError("--at must be 0...3600 seconds, got \(at)") }
        guard worker >= 1, host >= 1 else { throw ValidationError("--worker and --host are 1-based, got \(worker), \(host)") }
        guard (1...1000).contains(replications) else { throw ValidationError("--replications must be 1...1000, got \(replications)") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
        if let length { guard length > 0 && length <= 86_400 else { throw ValidationError("--for must be 0...86400 seconds, got \(length)") } }
        if event == .deviceDown && device == nil { throw ValidationError("device-down needs --device NAME (hybridsim show lists the devices)") }
        if event == .linkDown && link == nil { throw ValidationError("link-down needs --link A,B (two device names; hybridsim show lists them)") }
    }

    func run() throws {
        let (s, tree) = try input.loadWithTree()
        if !s.failures.isEmpty {
            Console.error("hybridsim outage: note: the scenario's failures: list (\(s.failures.count)) is not used; --event names the one failure this command injects")
        }
        let chosen = try Outage.parseOptions(options)
        let failure = try makeEvent(s)
        let study = OutageStudy(scenario: s, event: failure, options: chosen, replications: replications)
        let rows = try study.run(jobs: jobs)
        print(OutageReport.make(rows, event: failure, identity: RunReport.identity(s, tree: tree)).render(format), terminator: "")
    }

    static func parseOptions(_ text: String) throws -> [IntegrationOption] {
        if text == "all" { return IntegrationOption.allCases }
        return try text.split(separator: ",").map { name in
            guard let o = IntegrationOption(rawValue: String(name)) else {
                throw ValidationError("--options: '\(name)' is not an integration option (\(IntegrationOption.allCases.map(\.rawValue).joined(separator: ", ")), or all)")
            }
            return o
        }
    }

    func makeEvent(_ s: Scenario) throws -> FailureEvent {
        let start = SimTime.seconds(at)
        switch event {
        case .strongswanRestart: return .strongSwanRestart(at: start, cluster: cluster)
        case .esgFailover: return .esgFailover(at: start, instance: instance)
        case .workerLoss: return .workerLoss(worker: worker, at: start, downtime: .seconds(length ?? 330), cluster: cluster)
        case .hostFailure: return .hostFailure(host: host, at: start, downtime: length.map { .seconds($0) }, instance: instance)
        case .linkDown:
            let ends = (link ?? "").split(separator: ",").map(String.init)
            guard ends.count == 2 else { throw ValidationError("--link takes two device names, e.g. esxi1,bcr; got '\(link ?? "")'") }
            return .linkDown(ends[0], ends[1], at: start, duration: .seconds(length ?? 10))
        case .deviceDown: return .deviceDown(device ?? "", at: start, duration: .seconds(length ?? 10))
        case .wanDown:
            let site = DeviceName.site(s.inventory.enterprise.name)
            return .linkDown(site.router, site.wan, at: start, duration: .seconds(length ?? 10))
        }
    }
}
