import NetModel
import SimKernel
import Testing
@testable import HybridCloud

@Suite struct FailureTests {
    /// Runs until 3 s after the repair (short downtimes keep the debug-build tests quick).
    func outages(_ option: IntegrationOption, _ event: FailureEvent) throws -> [DocumentedFlow: FlowOutage] {
        let experiment = FailureExperiment(option: option, event: event, duration: event.end + .seconds(3))
        return Dictionary(uniqueKeysWithValues: try experiment.run().map { (DocumentedFlow(rawValue: $0.flow)!, $0) })
    }

    /// Flows that do not cross the failed part keep delivering (no gap longer than a second).
    func unaffected(_ o: FlowOutage) -> Bool { o.outage < .seconds(1) && o.packetsLost == 0 }

    @Test func strongSwanRestartCutsOnlyTheVPNFlow() throws {
        let o = try outages(.strongSwanVPN, .strongSwanRestart(at: .seconds(2), downtime: .seconds(5)))
        let vpn = o[.iksWebToVCSDB]!
        // The outage lasts at least the downtime, and at most the downtime plus a client
        // timeout (1 s) and a think time (mean 10 ms) more. It starts at the failure (packets
        // already past the pod still arrive for a fraction of a millisecond).
        #expect(vpn.outage >= .seconds(5) && vpn.outage < .seconds(6.5), "outage \(vpn.outage)")
        #expect(vpn.outageStart >= .seconds(1.9) && vpn.outageStart <= .seconds(2.01))
        #expect(vpn.packetsLost > 0 && vpn.failedTransactions > 0)
        #expect(vpn.recovery != nil && vpn.recovery! < .seconds(1.5), "recovery \(String(describing: vpn.recovery))")
        for flow in [DocumentedFlow.internetToIKSWeb, .internetToICPWeb, .icpWebToVCSDB, .enterpriseToVCSVM] {
            #expect(unaffected(o[flow]!), "\(flow.rawValue): \(o[flow]!.outage)")
        }
    }

    @Test func esgFailoverCutsTheFlowsThroughTheVCSESG() throws {
        let o = try outages(.bgpPeering, .esgFailover(at: .seconds(2), declareDead: .seconds(3), takeover: .seconds(1)))
        for flow in [DocumentedFlow.iksWebToVCSDB, .icpWebToVCSDB] {
            #expect(o[flow]!.outage >= .seconds(4) && o[flow]!.outage < .seconds(5.5), "\(flow.rawValue): \(o[flow]!.outage)")
            #expect(o[flow]!.recovery! < .seconds(1.5))
        }
        for flow in [DocumentedFlow.internetToIKSWeb, .internetToICPWeb, .enterpriseToVCSVM] {
            #expect(unaffected(o[flow]!), "\(flow.rawValue): \(o[flow]!.outage)")
        }
    }

    @Test func linkDownAndWorkerLoss() throws {
        let wan = try outages(.commonVLAN, .linkDown("onprem-router", "wan", at: .seconds(2), duration: .seconds(3)))
        #expect(wan[.enterpriseToVCSVM]!.outage >= .seconds(3) && wan[.enterpriseToVCSVM]!.outage < .seconds(5.5))
        #expect(unaffected(wan[.internetToIKSWeb]!))
        // Losing worker 3 (the web pod's) stops the IKS web flow and the IKS database flow.
        let worker = try outages(.bgpPeering, .workerLoss(worker: 3, at: .seconds(2), downtime: .seconds(3)))
        #expect(worker[.internetToIKSWeb]!.outage >= .seconds(3))
        #expect(worker[.iksWebToVCSDB]!.outage >= .seconds(3))
        #expect(unaffected(worker[.icpWebToVCSDB]!))
    }

    /// The IKS VPN pod exists under every option (IKS <-> ICP always uses it), so its
    /// restart cuts the IKS -> ICP flow under bgp-peering too, and not the database flow.
    @Test func strongSwanRestartUnderEveryOption() throws {
        var experiment = FailureExperiment(option: .bgpPeering, event: .strongSwanRestart(at: .seconds(1), downtime: .seconds(3)),
                                           duration: .seconds(6))
        experiment.flows = [DocumentedFlow.iksWebToICPWeb, .iksWebToVCSDB].map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, $0.defaultTraffic) }
        let o = try experiment.run()
        #expect(o[0].outage >= .seconds(3) && o[0].packetsLost > 0, "iks-web-to-icp-web: \(o[0].outage)")
        #expect(unaffected(o[1]), "iks-web-to-vcs-db: \(o[1].outage)")
    }

    @Test func invalidFailuresAreErrors() {
        #expect(throws: CompiledEstate.Invalid.self) {
            try FailureExperiment(option: .bgpPeering, event: .workerLoss(worker: 9, at: .seconds(1))).run()
        }
        #expect(throws: CompiledEstate.Invalid.self) {
            try FailureExperiment(option: .bgpPeering, event: .linkDown("user", "bcr", at: .seconds(1), duration: .seconds(1))).run()
        }
    }
}
