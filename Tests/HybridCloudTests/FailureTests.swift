import NetModel
import SimKernel
import Testing
@testable import HybridCloud

@Suite struct FailureTests {
    /// Short recovery timers keep the debug-build tests quick; the mechanisms are the same.
    static var quick: RecoveryTimers {
        var t = RecoveryTimers()
        (t.declareDead, t.takeover, t.routingStart, t.ipsecStart) = (.seconds(3), .seconds(1), .seconds(4), .seconds(2))
        (t.hostFailureDetection, t.vmBoot) = (.seconds(2), .seconds(2))
        return t
    }

    /// Runs until 2 s after the failure's last change.
    func outages(_ option: IntegrationOption, _ event: FailureEvent, inventory: Inventory = .reference) throws -> [DocumentedFlow: FlowOutage] {
        var experiment = FailureExperiment(option: option, event: event)
        experiment.settle = .seconds(2)
        experiment.timers = Self.quick
        experiment.inventory = inventory
        return Dictionary(uniqueKeysWithValues: try experiment.run().map { (DocumentedFlow(rawValue: $0.flow)!, $0) })
    }

    /// A flow no failed part touched: not affected, no loss, zero outage (not its natural gaps).
    func unaffected(_ o: FlowOutage) -> Bool { !o.affected && o.outage == .zero && o.packetsLost == 0 && o.recovery == .zero }

    /// The pod initiates (`ipsec.auto: start`): the tunnel is back with the pod.
    @Test func strongSwanRestartCutsOnlyTheVPNFlow() throws {
        var inv = Inventory.reference
        inv.iks.vpn.auto = .start
        let o = try outages(.strongSwanVPN, .strongSwanRestart(at: .seconds(2), downtime: .seconds(5)), inventory: inv)
        let vpn = o[.iksWebToVCSDB]!
        // At least the downtime; at most the downtime plus a client timeout (1 s) and a think time.
        #expect(vpn.affected && vpn.outage >= .seconds(5) && vpn.outage < .seconds(6.5), "outage \(vpn.outage)")
        #expect(vpn.packetsLost > 0 && vpn.failedTransactions > 0)
        #expect(vpn.recovery != nil && vpn.recovery! < .seconds(6.5), "recovery \(String(describing: vpn.recovery))")
        for flow in [DocumentedFlow.internetToIKSWeb, .internetToICPWeb, .icpWebToVCSDB, .enterpriseToVCSVM] {
            #expect(unaffected(o[flow]!), "\(flow.rawValue): \(o[flow]!)")
        }
    }

    /// The HA takeover alone under static routes; IKE re-negotiation under strongswan-vpn;
    /// BGP re-establishment under bgp-peering, unless graceful restart keeps the routes.
    @Test func esgFailoverDiffersByOption() throws {
        let event = FailureEvent.esgFailover(at: .seconds(2), declareDead: .seconds(3), takeover: .seconds(1))
        let staticRoutes = try outages(.staticNAT, event)[.iksWebToVCSDB]!
        let vpn = try outages(.strongSwanVPN, event)[.iksWebToVCSDB]!
        let bgp = try outages(.bgpPeering, event)[.iksWebToVCSDB]!
        #expect(staticRoutes.outage >= .seconds(4) && staticRoutes.outage < .seconds(5.5), "static-nat \(staticRoutes.outage)")
        // + IPsec service start (2 s) + IKE (0.1 s)
        #expect(vpn.outage >= .seconds(6.1) && vpn.outage < .seconds(7.6), "strongswan-vpn \(vpn.outage)")
        // Service back only once the new active's sessions are up: + routing start (4 s) + convergence (0.5 s).
        #expect(bgp.recovery! >= .seconds(8.5) && bgp.recovery! < .seconds(10), "bgp-peering recovery \(String(describing: bgp.recovery))")
        var graceful = Inventory.reference
        graceful.vcs.esg.bgp.gracefulRestart = .seconds(120)
        let gr = try outages(.bgpPeering, event, inventory: graceful)[.iksWebToVCSDB]!
        #expect(gr.recovery! < .seconds(5.5), "graceful restart keeps the routes: \(String(describing: gr.recovery))")
        let o = try outages(.bgpPeering, event)
        for flow in [DocumentedFlow.internetToIKSWeb, .internetToICPWeb, .enterpriseToVCSVM] {
            #expect(unaffected(o[flow]!), "\(flow.rawValue): \(o[flow]!)")
        }
    }

    /// The link between the ESG's host and the BCR fails for 5 s. Static routes come back
    /// with the link; BGP withdraws the routes (BFD: 3 s) and re-learns them at the next
    /// connect retry after the repair (10 s after the session dropped).
    @Test func bcrLinkFailureStaticAgainstBGP() throws {
        var inv = Inventory.reference
        inv.vcs.esg.bgp.bfd = BGPTimers.BFD(interval: .seconds(1), multiplier: 3)
        inv.vcs.esg.bgp.connectRetry = .seconds(10)
        let uplink = DeviceName.esxi("vcs", inv.vcs.esg.host)
        let event = FailureEvent.linkDown(uplink, DeviceName.bcr, at: .seconds(2), duration: .seconds(5))
        let staticRoutes = try outages(.staticNAT, event, inventory: inv)[.iksWebToVCSDB]!
        let bgp = try outages(.bgpPeering, event, inventory: inv)[.iksWebToVCSDB]!
        #expect(staticRoutes.recovery! >= .seconds(5) && staticRoutes.recovery! < .seconds(6.5), "static \(String(describing: staticRoutes.recovery))")
        #expect(bgp.recovery! >= .seconds(13.5) && bgp.recovery! < .seconds(15), "bgp \(String(describing: bgp.recovery))")
        // Common VLAN: the workers reach the ESG's host directly, not through the BCR.
        #expect(!(try outages(.commonVLAN, event, inventory: inv)[.iksWebToVCSDB]!.affected))
    }

    /// With a BCR pair (`backend-routers: 2`), the ESG's host uplink to the first BCR fails
    /// for 10 s. Under bgp-peering BFD drops the session (3 s), both sides' routes fall back to
    /// the second BCR after convergence (0.5 s), and the flow recovers long before the repair;
    /// static routes keep the failed uplink until it is repaired.
    @Test func bcrPairRoutesRoundAFailedUplinkOnlyUnderBGP() throws {
        var inv = Inventory.reference
        inv.ibmCloud.backendRouters = 2
        inv.vcs.esg.bgp.bfd = BGPTimers.BFD(interval: .seconds(1), multiplier: 3)
        inv.vcs.esg.bgp.connectRetry = .seconds(10)
        let uplink = DeviceName.esxi("vcs", inv.vcs.esg.host)
        let event = FailureEvent.linkDown(uplink, DeviceName.bcr, at: .seconds(2), duration: .seconds(10))
        let bgp = try outages(.bgpPeering, event, inventory: inv)[.iksWebToVCSDB]!
        let staticRoutes = try outages(.staticNAT, event, inventory: inv)[.iksWebToVCSDB]!
        #expect(bgp.affected && bgp.recovery! >= .seconds(3.5) && bgp.recovery! < .seconds(5), "bgp \(String(describing: bgp.recovery))")
        #expect(bgp.outage < .seconds(5), "bgp outage \(bgp.outage)")
        #expect(staticRoutes.recovery! >= .seconds(10) && staticRoutes.recovery! < .seconds(11.5), "static \(String(describing: staticRoutes.recovery))")
        // The session's return after the repair moves the routes back without a loss (one
        // BCR, nothing to fall back to: bcrLinkFailureStaticAgainstBGP).
        #expect(bgp.outage < staticRoutes.outage)
    }

    /// keepalived: a LoadBalancer address held by a lost worker moves to its backup (the next
    /// replica's worker) after 3 s; the backup balances over both replicas until the lost
    /// one's endpoint leaves the Service (5 s here), and the flow recovers by then, long
    /// before the worker returns (20 s).
    @Test func loadBalancerAddressMovesToTheBackupWorker() throws {
        var inv = Inventory.reference
        inv.iks.workloads = [Workload(name: "web", replicas: 2, placement: .pinned([1, 3]), port: 8080)]
        inv.iks.services.append(KubernetesService(name: "web-lb", workload: "web", kind: .loadBalancer(.public), port: 443))
        let estate = try CompiledEstate(inv, option: .staticNAT)
        #expect(estate.registry.loadBalancers.map { [$0.holder, $0.standby ?? 0] } == [[1, 3]])
        var e = FailureExperiment(option: .staticNAT, event: .workerLoss(worker: 1, at: .seconds(2), downtime: .seconds(20), endpointRemoval: .seconds(5)))
        (e.inventory, e.settle, e.timers) = (inv, .seconds(2), Self.quick)
        e.flows = [("internet-to-lb", .internet, .service(cluster: "iks", name: "web-lb"), .requestResponse(DocumentedFlow.internetToIKSWeb.defaultTraffic))]
        let o = try e.run()[0]
        // The lost replica is picked until its endpoint's removal (5 s); a client whose connection
        // went there retransmits on it until its 2 s timeout, then reconnects after thinking
        // (0.1 s mean): service is back by 7 s and a few think times.
        #expect(o.affected && o.recovery! >= .seconds(3) && o.recovery! < .seconds(7.5), "recovery \(String(describing: o.recovery))")
        #expect(o.outage >= .seconds(3) && o.outage < .seconds(5), "outage \(o.outage)")
    }

    /// After the eviction timeout (here 10 s after the 5 s grace period) the lost worker's web
    /// pod is recreated on the next worker with an address of that worker's pod subnet (+ 2 s
    /// start): both IKS web flows — the one to it and the one from it — recover then, not when
    /// the worker returns (30 s).
    @Test func evictedPodsAreRescheduledWithNewAddresses() throws {
        var timers = Self.quick
        (timers.podEviction, timers.podStart) = (.seconds(10), .seconds(2))
        var e = FailureExperiment(option: .staticNAT, event: .workerLoss(worker: 3, at: .seconds(2), downtime: .seconds(30), endpointRemoval: .seconds(5)))
        (e.settle, e.timers) = (.seconds(2), timers)
        e.flows = [DocumentedFlow.internetToIKSWeb, .iksWebToVCSDB].map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, .requestResponse($0.defaultTraffic)) }
        for f in try e.run() {
            #expect(f.affected && f.recovery! >= .seconds(17) && f.recovery! < .seconds(19.5), "\(f.flow): \(String(describing: f.recovery))")
        }
        let (net, _) = try e.network()
        let pod = try #require(net.deviceIndex(named: "iks-web-on-iks-w1"))
        #expect(Inventory.reference.iks.addresses.podSubnet(1).contains(net.deviceSpec(pod).addresses[0]))
    }

    /// vSphere HA: the database VM's host fails; the VM is back on the next host after
    /// detection and boot (2 s + 2 s here), the ESG (on another host) is untouched.
    @Test func hostFailureRestartsItsVMsElsewhere() throws {
        let host = Inventory.reference.vcs.vms.first { $0.name == "db-vm" }!.host
        let o = try outages(.staticNAT, .hostFailure(host: host, at: .seconds(2)))
        let db = o[.iksWebToVCSDB]!
        #expect(db.affected && db.recovery! >= .seconds(4) && db.recovery! < .seconds(5.5), "\(String(describing: db.recovery))")
        #expect(unaffected(o[.internetToIKSWeb]!))
        // The ICP worker there (icp-w2, the ICP web pod's) restarts on host 2, which has the
        // cluster's DLR module: both ICP web flows are back after detection + boot too.
        for flow in [DocumentedFlow.icpWebToVCSDB, .internetToICPWeb] {
            #expect(o[flow]!.affected && o[flow]!.recovery! >= .seconds(4) && o[flow]!.recovery! < .seconds(6), "\(flow.rawValue) \(String(describing: o[flow]!.recovery))")
        }
        // The ESG's own host: its standby takes over (3 s + 1 s of the event's defaults here).
        let esgHost = try outages(.staticNAT, .hostFailure(host: Inventory.reference.vcs.esg.host, at: .seconds(2)))
        #expect(esgHost[.iksWebToVCSDB]!.affected && esgHost[.iksWebToVCSDB]!.recovery! < .seconds(6))
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
    /// restart cuts the IKS -> ICP flow under each, and not the database flow.
    @Test(arguments: IntegrationOption.allCases)
    func strongSwanRestartUnderEveryOption(_ option: IntegrationOption) throws {
        var experiment = FailureExperiment(option: option, event: .strongSwanRestart(at: .seconds(1), downtime: .seconds(3)))
        experiment.settle = .seconds(2)
        experiment.inventory.iks.vpn.auto = .start
        experiment.flows = [DocumentedFlow.iksWebToICPWeb, .iksWebToVCSDB].map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, .requestResponse($0.defaultTraffic)) }
        let o = try experiment.run()
        #expect(o[0].affected && o[0].outage >= .seconds(3) && o[0].packetsLost > 0, "iks-web-to-icp-web: \(o[0].outage)")
        if option != .strongSwanVPN { #expect(unaffected(o[1]), "iks-web-to-vcs-db: \(o[1])") }
    }

    /// With the chart's `ipsec.auto: add` the restarted pod only responds: each far end
    /// re-initiates when its dead-peer detection declares the pod dead — the ICP pod
    /// (strongSwan) after dpddelay + retransmissions, the VCS ESG at its next periodic probe
    /// + retransmissions — not when the pod is back; with `start` the pod re-initiates at once.
    @Test func deadPeerDetectionRestoresTunnelsToAListeningPod() throws {
        var timers = Self.quick
        (timers.dpdDelay, timers.dpdTimeout, timers.edgeDPDInterval, timers.edgeDPDTimeout) = (.seconds(2), .seconds(4), .seconds(2), .seconds(5))
        func run(_ auto: IPsecAuto) throws -> [FlowOutage] {
            var e = FailureExperiment(option: .strongSwanVPN, event: .strongSwanRestart(at: .seconds(1), downtime: .seconds(2)))
            e.inventory.iks.vpn.auto = auto
            (e.settle, e.timers) = (.seconds(2), timers)
            e.flows = [DocumentedFlow.iksWebToICPWeb, .iksWebToVCSDB].map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, .requestResponse($0.defaultTraffic)) }
            return try e.run()
        }
        let listens = try run(.add), initiates = try run(.start)
        // The ICP pod: 2 s + 4 s + IKE after the failure.
        #expect(listens[0].recovery! >= .seconds(6.1) && listens[0].recovery! < .seconds(7.5), "icp \(String(describing: listens[0].recovery))")
        // The VCS ESG: 5 s + a phase in [0, 2 s) + IKE.
        #expect(listens[1].recovery! >= .seconds(5.1) && listens[1].recovery! < .seconds(7.6), "esg \(String(describing: listens[1].recovery))")
        for o in initiates { #expect(o.affected && o.recovery! >= .seconds(2) && o.recovery! < .seconds(3.5), "\(o.flow) \(String(describing: o.recovery))") }
    }

    @Test func invalidFailuresAreErrors() {
        #expect(throws: CompiledEstate.Invalid.self) {
            try FailureExperiment(option: .bgpPeering, event: .workerLoss(worker: 9, at: .seconds(1))).run()
        }
        #expect(throws: CompiledEstate.Invalid.self) {
            try FailureExperiment(option: .bgpPeering, event: .linkDown("user", "bcr", at: .seconds(1), duration: .seconds(1))).run()
        }
        #expect(throws: CompiledEstate.Invalid.self) {
            try FailureExperiment(option: .bgpPeering, event: .hostFailure(host: 99, at: .seconds(1))).run()
        }
    }
}
