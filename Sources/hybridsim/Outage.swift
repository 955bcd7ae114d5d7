import ArgumentParser
import Foundation
import HybridCloud
import SimKernel

/// `hybridsim outage`: one documented failure, and what each flow saw.
struct Outage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a failure named by the documents and report each flow's outage.",
        discussion: """
            Events: strongswan-restart (the VPN pod restarts: 20 s down; needs --option strongswan-vpn), \
            esg-failover (the VCS ESG fails: 15 s declare-dead + 2 s takeover), worker-loss (IKS \
            worker 3, 330 s), wan-down (the enterprise WAN link, 10 s). Per flow: packets lost, \
            transactions abandoned, the longest time without a delivery, and the time from the \
            repair to the first delivery.

            Examples:
              hybridsim outage --event esg-failover
              hybridsim outage --event strongswan-restart --option strongswan-vpn --at 5
            """)

    enum Event: String, ExpressibleByArgument, CaseIterable {
        case strongswanRestart = "strongswan-restart", esgFailover = "esg-failover"
        case workerLoss = "worker-loss", wanDown = "wan-down"
    }

    @Option(help: "The failure: \(Event.allCases.map(\.rawValue).joined(separator: ", ")).")
    var event: Event

    @Option(help: "Integration option.")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "When the failure starts, seconds.")
    var at: Double = 5

    func validate() throws {
        guard at >= 0 && at <= 3600 else { throw ValidationError("--at must be 0...3600 seconds, got \(at)") }
    }

    func run() throws {
        let start = SimTime.seconds(at)
        let failure: FailureEvent
        switch event {
        case .strongswanRestart: failure = .strongSwanRestart(at: start)
        case .esgFailover: failure = .esgFailover(at: start)
        case .workerLoss: failure = .workerLoss(worker: 3, at: start)
        case .wanDown: failure = .linkDown("onprem-router", "wan", at: start, duration: .seconds(10))
        }
        let outages = try FailureExperiment(option: option, event: failure).run()
        print("\(failure.name) at \(failure.start), repaired at \(failure.end), option \(option.rawValue)")
        let rows = outages.map { o in
            [o.flow.rawValue, "\(o.packetsLost)", "\(o.failedTransactions)",
             String(format: "%.3f", o.outage.seconds), String(format: "%.3f", o.outageStart.seconds),
             o.recovery.map { String(format: "%.3f", $0.seconds) } ?? "none"]
        }
        print(TextTable.render(header: ["flow", "packets lost", "failed tx", "outage s", "from s", "recovery s"],
                               rows: rows, rightAligned: [1, 2, 3, 4, 5]), terminator: "")
    }
}
