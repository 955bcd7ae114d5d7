import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import SimKernel

/// `hybridsim outage`: one failure, and what each flow of a scenario saw.
struct Outage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a failure and report each flow's outage.",
        discussion: """
            Events: strongswan-restart (the IKS VPN pod restarts: 20 s down), esg-failover (the \
            VCS ESG fails: 15 s declare-dead + 2 s takeover), worker-loss (an IKS worker, 330 s; \
            its endpoints leave the Services after the 40 s node-monitor grace period), wan-down \
            (the enterprise WAN link, 10 s). Per flow of the scenario: packets lost, transactions \
            abandoned, the longest time without a delivery, and the time from the repair to the \
            first delivery.

            Examples:
              hybridsim outage --event esg-failover
              hybridsim outage --event strongswan-restart --option strongswan-vpn --at 5
              hybridsim outage scenarios/estate-example.yaml --event worker-loss --worker 2 --option bgp-peering
              hybridsim outage scenarios/multi-cluster.yaml --event strongswan-restart --cluster dev --option bgp-peering
            """)

    enum Event: String, ExpressibleByArgument, CaseIterable {
        case strongswanRestart = "strongswan-restart", esgFailover = "esg-failover"
        case workerLoss = "worker-loss", wanDown = "wan-down"
    }

    @OptionGroup var input: ScenarioInput

    @Option(help: "The failure: \(Event.allCases.map(\.rawValue).joined(separator: ", ")).")
    var event: Event

    @Option(help: "Integration option.")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "When the failure starts, seconds.")
    var at: Double = 5

    @Option(help: "The IKS worker lost by worker-loss (1-based).")
    var worker: Int = 3

    @Option(help: "The IKS cluster of worker-loss and strongswan-restart (default: the scenario's first).")
    var cluster: String?

    func validate() throws {
        guard at >= 0 && at <= 3600 else { throw ValidationError("--at must be 0...3600 seconds, got \(at)") }
        guard worker >= 1 else { throw ValidationError("--worker must be ≥ 1, got \(worker)") }
    }

    func run() throws {
        let s = try input.load()
        let start = SimTime.seconds(at)
        let failure: FailureEvent
        switch event {
        case .strongswanRestart: failure = .strongSwanRestart(at: start, cluster: cluster)
        case .esgFailover: failure = .esgFailover(at: start)
        case .workerLoss: failure = .workerLoss(worker: worker, at: start, cluster: cluster)
        case .wanDown:
            let site = DeviceName.site(s.inventory.enterprise.name)
            failure = .linkDown(site.router, site.wan, at: start, duration: .seconds(10))
        }
        var experiment = FailureExperiment(option: option, event: failure)
        experiment.inventory = s.inventory
        experiment.flows = s.flows.map { ($0.name, $0.from, $0.to, $0.traffic) }
        experiment.seed = s.seed
        let outages = try experiment.run()
        print("\(failure.name) at \(failure.start), repaired at \(failure.end), option \(option.rawValue)")
        let rows = outages.map { o in
            [o.flow, "\(o.packetsLost)", "\(o.failedTransactions)",
             String(format: "%.3f", o.outage.seconds), String(format: "%.3f", o.outageStart.seconds),
             o.recovery.map { String(format: "%.3f", $0.seconds) } ?? "none"]
        }
        print(TextTable.render(header: ["flow", "packets lost", "failed tx", "outage s", "from s", "recovery s"],
                               rows: rows, rightAligned: [1, 2, 3, 4, 5]), terminator: "")
    }
}
