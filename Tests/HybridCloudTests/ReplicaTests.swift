import NetModel
import SimKernel
import Testing
@testable import HybridCloud

/// Services balance new connections over a workload's replicas, and the path follows placement.
@Suite struct ReplicaTests {
    /// 4 workers on 2 subnets (a: 1, 2; b: 3, 4), a web workload of 4 replicas spread over them,
    /// and a client pod on worker 1 calling the web ClusterIP with a new connection per request.
    func estate(_ mode: KubeProxyMode) -> Inventory {
        var inv = Inventory()
        inv.iks.subnets = [WorkerSubnet(name: "a", prefix: IPv4Prefix("10.190.5.0/26")!, workers: 2),
                           WorkerSubnet(name: "b", prefix: IPv4Prefix("10.190.6.0/26")!, workers: 2)]
        inv.iks.kubeProxyMode = mode
        inv.iks.workloads = [Workload(name: "web", replicas: 4, placement: .spread),
                             Workload(name: "client", replicas: 1, placement: .pinned([1]))]
        return inv
    }

    func run(_ mode: KubeProxyMode, seconds: Double) throws -> (result: NetworkResult, estate: CompiledEstate) {
        let estate = try CompiledEstate(estate(mode), option: .bgpPeering)
        var net = estate.network
        var traffic = RequestResponse(clients: 8, thinkTime: try .exponential(mean: 0.002), requestBytes: try .constant(300),
                                      responseBytes: try .constant(1000), serverTime: try .constant(0.0002), timeout: .seconds(1))
        traffic.newConnectionEachRequest = true
        try net.addFlow(estate.flow("client-to-web", from: .workload(cluster: "iks", name: "client"),
                                    to: .service(cluster: "iks", name: "web"), pattern: .requestResponse(traffic)))
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 11, replication: 0), warmup: .zero, duration: .seconds(seconds))
        return (r, estate)
    }

    @Test func iptablesSharesConnectionsEquallyAndIPIPFollowsPlacement() throws {
        let (r, estate) = try run(.iptables, seconds: 1.5)
        let pods = estate.registry.pods["iks/web"]!
        #expect(pods.map(\.worker) == [1, 2, 3, 4])
        let proxy = r.devices.first { $0.name == DeviceName.kubeProxy(DeviceName.worker("iks", 1)) }!
        let counts = pods.map { proxy.backendConnections[$0.address] ?? 0 }
        let n = counts.reduce(0, +)
        #expect(n > 500, "\(n) connections")
        // Each replica's share lies within its 99 % binomial confidence interval of 1/4
        // (the normal approximation, n ≥ 500).
        for (k, c) in counts.enumerated() {
            let share = Double(c) / Double(n)
            let halfWidth = 2.576 * (share * (1 - share) / Double(n)).squareRoot()
            #expect(abs(share - 0.25) <= halfWidth, "replica \(k + 1): \(c) of \(n) = \(share) ± \(halfWidth)")
        }
        // IP-in-IP: the client's vRouter (worker 1, subnet a) encapsulates exactly the client's
        // packets to the replicas on subnet b, never those on subnet a. A connection sends three
        // or four: SYN, the request (which ACKs the SYN-ACK), FIN (which ACKs the response) and
        // the last ACK unless the client has already opened its next connection.
        let vRouter = r.devices.first { $0.name == DeviceName.vRouter(DeviceName.worker("iks", 1)) }!
        let encapsulated = vRouter.encapsulations["ipip"] ?? 0
        #expect(encapsulated <= 4 * (counts[2] + counts[3]) && encapsulated >= 3 * (counts[2] + counts[3] - 8), "\(encapsulated) packets")
        let share = Double(counts[2] + counts[3]) / Double(n)
        #expect(abs(share - 0.5) <= 2.576 * (0.25 / Double(n)).squareRoot(), "IP-in-IP share \(share)")
        // Replicas on worker 2 (same subnet) are reached natively: its vRouter encapsulates
        // nothing towards the client (replies to the client's subnet go natively).
        let w2 = r.devices.first { $0.name == DeviceName.vRouter(DeviceName.worker("iks", 2)) }!
        #expect(w2.encapsulations["ipip"] == nil)
        #expect(r.flows[0].failedTransactions == 0 && r.flows[0].dropped == 0)
    }

    @Test func ipvsRoundRobinIsExact() throws {
        let (r, estate) = try run(.ipvs, seconds: 0.5)
        let proxy = r.devices.first { $0.name == DeviceName.kubeProxy(DeviceName.worker("iks", 1)) }!
        let counts = estate.registry.pods["iks/web"]!.map { proxy.backendConnections[$0.address] ?? 0 }
        #expect(counts.max()! - counts.min()! <= 1, "round robin: \(counts)")
    }

    /// With 4 replicas, losing worker 3 fails only the connections that were on its replica,
    /// and only until its endpoint leaves the Service: after the removal and one client
    /// timeout, no transaction fails, while the worker stays down. With one replica on the
    /// lost worker, transactions keep failing for the whole downtime.
    @Test func workerLossLosesOnlyItsEndpointsUntilTheyAreRemoved() throws {
        func failed(_ inv: Inventory, until end: Double) throws -> (failed: Int, done: Int) {
            let estate = try CompiledEstate(inv, option: .bgpPeering)
            var net = estate.network
            let traffic = RequestResponse(clients: 8, thinkTime: try .exponential(mean: 0.01), requestBytes: try .constant(300),
                                          responseBytes: try .constant(1000), serverTime: try .constant(0.0002), timeout: .milliseconds(500))
            try net.addFlow(estate.flow("client-to-web", from: .workload(cluster: "iks", name: "client"),
                                        to: .service(cluster: "iks", name: "web"), pattern: .requestResponse(traffic)))
            try FailureEvent.workerLoss(worker: 3, at: .seconds(1), downtime: .seconds(30), endpointRemoval: .seconds(2)).apply(to: &net, estate)
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 5, replication: 0), warmup: .zero, duration: .seconds(end))
            return (r.flows[0].failedTransactions, r.flows[0].transactions.count)
        }
        let replicated = estate(.iptables)
        // Removal at 3 s; a client stuck on the lost replica times out (0.5 s) and reconnects.
        let early = try failed(replicated, until: 3.6), late = try failed(replicated, until: 6)
        #expect(early.failed > 0, "some clients were on worker 3's replica")
        #expect(late.failed == early.failed, "no failures after the endpoint removal: \(early.failed) then \(late.failed)")
        #expect(late.done > early.done + 1000, "the other replicas keep serving")
        var single = replicated
        single.iks.workloads[0] = Workload(name: "web", replicas: 1, placement: .pinned([3]))
        let a = try failed(single, until: 3.6), b = try failed(single, until: 6)
        #expect(b.failed > a.failed + 20, "one replica on the lost worker: failures go on (\(a.failed) then \(b.failed))")
    }
}

@Suite struct InventoryTests {
    @Test func placementRules() {
        #expect(Workload(name: "w", replicas: 5, placement: .spread).workers(of: 3) == [1, 2, 3, 1, 2])
        #expect(Workload(name: "w", replicas: 3, placement: .pack).workers(of: 3) == [1, 1, 1])
        #expect(Workload(name: "w", replicas: 3, placement: .pinned([4, 2])).workers(of: 5) == [4, 2, 4])
    }

    @Test func problemsNameTheField() {
        var inv = Inventory()
        inv.iks.vpn.worker = 9
        #expect(inv.problem?.contains("vpn.worker must be 1...3") == true)
        inv = Inventory()
        inv.vcs.vms[0].host = 7
        #expect(inv.problem?.contains("vms.db-vm.host must be 1...3") == true)
        inv = Inventory()
        inv.iks.services.append(KubernetesService(name: "x", workload: "nosuch"))
        #expect(inv.problem?.contains("no workload nosuch") == true)
        inv = Inventory()
        inv.iks.subnets[0].zone = "dal13"
        #expect(inv.problem?.contains("not one of ibm-cloud.zones") == true)
        inv = Inventory()
        inv.iks.workloads[0] = Workload(name: "web", replicas: 300, placement: .pack)
        #expect(inv.problem?.contains("300 pods on worker 1") == true)
    }

    /// Names and addresses come from the user: a clash is an error naming it, not a crash.
    @Test func nameAndAddressClashesAreErrors() {
        var inv = Inventory()
        inv.vcs.vms.append(VirtualMachine(name: "bcr", host: 1, segment: .vmNetwork, hostNumber: 40))
        #expect(throws: CompiledEstate.Invalid.self) { try CompiledEstate(inv, option: .bgpPeering) }
        inv = Inventory()
        inv.iks.workloads.append(Workload(name: "alb", replicas: 1))   // its pod would be iks-alb
        #expect(throws: CompiledEstate.Invalid.self) { try CompiledEstate(inv, option: .bgpPeering) }
        inv = Inventory()
        inv.vcs.segments = [LogicalSwitch(name: "clash", prefix: inv.icp.addresses.vmNetwork)]
        inv.vcs.vms.append(VirtualMachine(name: "x", host: 1, segment: .routed("clash"), hostNumber: 21))   // an ICP worker's address
        do { _ = try CompiledEstate(inv, option: .bgpPeering); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("already belongs to") && "\(error)".contains("another name or address"))
        }
    }

    /// Workers in another zone reach the routers with half the inter-zone round trip added.
    @Test func zonesAddTheirLatency() throws {
        var inv = Inventory()
        inv.ibmCloud.zones = ["dal10", "dal12"]
        inv.iks.subnets[1].zone = "dal12"
        let near = try PathTrace(flow: .iksWebToVCSDB, option: .bgpPeering)
        let far = try PathTrace(flow: .iksWebToVCSDB, option: .bgpPeering, inventory: inv)
        let extra = far.rows.last!.cumulativeMicroseconds - near.rows.last!.cumulativeMicroseconds
        #expect(abs(extra - 500) < 1, "web pod on worker 3 (zone dal12): +\(extra) µs one way")
    }
}

/// The ESG's firewall is stateful, its port forwards and the private ALB carry flows.
@Suite struct EdgeAndIngressTests {
    func run(_ inv: Inventory, _ name: String, from: FlowEndpoint, to: FlowEndpoint) throws -> FlowStatistics {
        let estate = try CompiledEstate(inv, option: .bgpPeering)
        var net = estate.network
        try net.addFlow(estate.flow(name, from: from, to: to, pattern: .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic)))
        return try net.run(streams: RandomStreamFactory(masterSeed: 2, replication: 0), warmup: .zero, duration: .seconds(1)).flows[0]
    }

    @Test func firewallIsStatefulAndDenies() throws {
        let db = (from: FlowEndpoint.workload(cluster: "iks", name: "web"), to: FlowEndpoint.vm("db-vm"))
        var inv = Inventory()
        // Only requests to the database port are allowed; its replies match no rule and pass
        // because the connection is known.
        inv.vcs.esg.firewall = [FirewallRule(.allow, destination: inv.vcs.addresses.vmNetwork, proto: .tcp, ports: 5432...5432)]
        inv.vcs.esg.firewallDefault = .deny
        let allowed = try run(inv, "db", from: db.from, to: db.to)
        #expect(allowed.transactions.count > 100 && allowed.failedTransactions == 0 && allowed.dropped == 0,
                "\(allowed.transactions.count) transactions, \(allowed.failedTransactions) failed, \(DropReason.allCases.filter { allowed.drops[$0] > 0 })")
        inv.vcs.esg.firewall = [FirewallRule(.deny, destination: inv.vcs.addresses.vmNetwork, proto: .tcp, ports: 5432...5432)]
        inv.vcs.esg.firewallDefault = .allow
        let denied = try run(inv, "db", from: db.from, to: db.to)
        #expect(denied.transactions.count == 0 && denied.drops[.firewallDenied] > 0)
    }

    /// A VM on an extra routed segment is reached from IKS under every option (through the
    /// VPN under strongswan-vpn, the ESG's translation under static-nat) and from ICP.
    @Test func extraSegmentIsRoutedUnderEveryOption() throws {
        var inv = Inventory()
        inv.vcs.segments = [LogicalSwitch(name: "app", prefix: IPv4Prefix("192.168.11.0/24")!)]
        inv.vcs.vms.append(VirtualMachine(name: "app-vm", host: 2, segment: .routed("app"), hostNumber: 40, port: 8443))
        #expect(inv.problem == nil && Validator.addressPlan(inv).isEmpty)
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(inv, option: option)
            let fromIKS = try PathTrace("t", from: .workload(cluster: "iks", name: "web"), to: .vm("app-vm"), in: estate)
            #expect(fromIKS.delivered, "\(option.rawValue): \(fromIKS.rows.last?.operation ?? "")")
            let ops = fromIKS.rows.map { "\($0.kind.rawValue):\($0.operation)" }
            if option == .strongSwanVPN { #expect(ops.contains("esg:esp-decrypt")) }
            if option == .staticNAT { #expect(ops.contains("esg:dnat")) }
            #expect(try PathTrace("t", from: .workload(cluster: "icp", name: "web"), to: .vm("app-vm"), in: estate).delivered)
        }
        inv.vcs.vms[2].segment = .routed("nosuch")
        #expect(inv.problem?.contains("no segment nosuch") == true)
        inv.vcs.vms[2].segment = .routed("app")
        inv.vcs.segments[0].prefix = IPv4Prefix("192.168.10.128/25")!
        #expect(Validator.addressPlan(inv).contains { $0.check == "overlap" && $0.message.contains("VCS segment app") })
    }

    /// `remote.subnet` decides which VCS segments the VPN carries; `local.subnet` what the ESG
    /// sends back.
    @Test func vpnSubnetsDecideWhatTheTunnelCarries() throws {
        var inv = Inventory()
        inv.vcs.segments = [LogicalSwitch(name: "app", prefix: IPv4Prefix("192.168.11.0/24")!)]
        inv.vcs.vms.append(VirtualMachine(name: "app-vm", host: 2, segment: .routed("app"), hostNumber: 40))
        inv.iks.vpn.remoteSubnets = [inv.vcs.addresses.vmNetwork]
        inv.iks.vpn.localSubnets = [inv.iks.addresses.pods]
        #expect(inv.problem == nil)
        let estate = try CompiledEstate(inv, option: .strongSwanVPN)
        let web = FlowEndpoint.workload(cluster: "iks", name: "web")
        #expect(try PathTrace("db", from: web, to: .vm("db-vm"), in: estate).delivered)
        let app = try PathTrace("app", from: web, to: .vm("app-vm"), in: estate)
        #expect(!app.delivered, "app is not in remote.subnet: \(app.rows.last?.operation ?? "")")
        let esg = estate.network.deviceSpec(estate.deviceIndex(estate.inventory.vcs.esg.name)!)
        #expect(esg.routes.lookup(inv.iks.addresses.services.address(1)).map { if case .tunnel = $0.action { return true } else { return false } } != true,
                "the service network is not in local.subnet, so the ESG does not send it into the tunnel")
        inv.iks.vpn.remoteSubnets = [IPv4Prefix("10.1.0.0/16")!]
        #expect(inv.problem?.contains("not in a routed VCS segment") == true)
    }

    /// A NodePort with externalTrafficPolicy Cluster masquerades to the receiving node when the
    /// replica is elsewhere; a LoadBalancer with Local keeps the client's address.
    @Test func externalTrafficPolicy() throws {
        var inv = Inventory()
        inv.iks.services = [KubernetesService(name: "web", workload: "web"),
                            KubernetesService(name: "np", workload: "web", kind: .nodePort(30080)),
                            KubernetesService(name: "lb", workload: "web", kind: .loadBalancer(.public), port: 443, trafficPolicy: .local)]
        let estate = try CompiledEstate(inv, option: .bgpPeering)
        let np = try PathTrace("np", from: .ibmPrivate, to: .service(cluster: "iks", name: "np"), in: estate)
        let w1 = DeviceName.vRouter(DeviceName.worker("iks", 1))
        #expect(np.delivered && np.rows.contains { $0.device == w1 && $0.operation == "dnat" } && np.rows.contains { $0.device == w1 && $0.operation == "snat" })
        let lb = try PathTrace("lb", from: .internet, to: .service(cluster: "iks", name: "lb"), in: estate)
        #expect(lb.delivered && !lb.rows.contains { $0.operation == "snat" }, "Local: the LoadBalancer lives on the replica's worker, no SNAT")
        let np2 = try run(inv, "np", from: .ibmPrivate, to: .service(cluster: "iks", name: "np"))
        #expect(np2.transactions.count > 100 && np2.failedTransactions == 0)
    }

    @Test func portForwardAndPrivateALB() throws {
        var inv = Inventory()
        inv.vcs.esg.portForwards = [PortForward(name: "db-admin", network: .private, port: 15432, vm: "db-vm", vmPort: 5432)]
        inv.iks.privateALB = IngressController(worker: 2, service: "web")
        #expect(inv.problem == nil)
        let forward = try run(inv, "admin-to-db", from: .ibmPrivate, to: .portForward("db-admin"))
        #expect(forward.transactions.count > 100 && forward.failedTransactions == 0)
        let privateIngress = try run(inv, "enterprise-to-web", from: .enterprise(site: nil), to: .privateIngress("iks"))
        #expect(privateIngress.transactions.count > 10 && privateIngress.failedTransactions == 0)
        let trace = try PathTrace("t", from: .enterprise(site: nil), to: .privateIngress("iks"), in: CompiledEstate(inv, option: .bgpPeering))
        #expect(trace.delivered && trace.rows.contains { $0.device == DeviceName.privateALB("iks") && $0.operation == "dnat" })
        inv.vcs.esg.portForwards[0].vm = "stretched-vm"
        #expect(inv.problem?.contains("stretched network") == true)
    }
}
