import Testing
@testable import HybridCloud
import NetModel
import SimKernel

/// An estate with two IKS clusters: each has its own ranges, devices, VPN pod and endpoints,
/// and reaches VCS (by the option) and ICP (by its VPN).
@Suite struct MultiClusterTests {
    static var twoClusters: Inventory {
        var inv = Inventory()
        inv.iks.name = "prod"
        var dev = IKSCluster()
        dev.name = "dev"
        dev.addresses.pods = IPv4Prefix("172.31.0.0/16")!
        dev.addresses.services = IPv4Prefix("172.22.0.0/16")!
        dev.addresses.portablePublic = IPv4Prefix("169.61.11.0/29")!
        dev.addresses.portablePrivate = IPv4Prefix("10.190.21.0/29")!
        dev.addresses.workerPublic = IPv4Prefix("169.61.6.0/26")!
        dev.subnets = [WorkerSubnet(name: "d", prefix: IPv4Prefix("10.190.7.0/26")!, workers: 2)]
        dev.workloads = [Workload(name: "api", replicas: 2, placement: .spread)]
        dev.services = [KubernetesService(name: "api", workload: "api")]
        dev.alb = IngressController(worker: 1, service: "api")
        dev.vpn.worker = 2
        inv.iksClusters.append(dev)
        return inv
    }

    @Test func everyClusterReachesVCSAndICPUnderEveryOption() throws {
        let inv = Self.twoClusters
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        #expect(Validator.addressPlan(inv).isEmpty, "\(Validator.addressPlan(inv))")
        #expect(["prod/web", "dev/api", "dev/ingress", "dev/service/api", "prod/ingress"].allSatisfy(inv.endpointNames.contains))
        let api = FlowEndpoint.workload(cluster: "dev", name: "api")
        let pairs: [(FlowEndpoint, FlowEndpoint)] = [(.workload(cluster: "prod", name: "web"), .vm("db-vm")), (api, .vm("db-vm")),
                                                     (api, .workload(cluster: "icp", name: "web")), (.internet, .ingress("dev")),
                                                     (.workload(cluster: "icp", name: "web"), .workload(cluster: "dev", name: "api"))]
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(inv, option: option)
            for name in ["prod-w1", "dev-w1", "dev-w2", "dev-strongswan", "prod-strongswan", "dev-alb", "dev-api-1", "dev-api-2"] {
                #expect(estate.deviceIndex(name) != nil, "\(name)")
            }
            #expect(estate.registry.pods["dev/api"]?.map(\.worker) == [1, 2])
            for (from, to) in pairs {
                let trace = try PathTrace("t", from: from, to: to, in: estate)
                #expect(trace.delivered, "\(from) -> \(to) (\(option.rawValue)): \(trace.rows.last.map { "\($0.device) \($0.operation)" } ?? "")")
                if option == .strongSwanVPN, from == api, to == .vm("db-vm") {
                    #expect(trace.rows.contains { $0.device == "dev-strongswan" && $0.operation == "esp-encrypt" })
                    #expect(trace.rows.contains { $0.device == estate.inventory.vcs.esg.name && $0.operation == "esp-decrypt" })
                }
                if to == .workload(cluster: "icp", name: "web") {
                    #expect(trace.rows.contains { $0.device == "dev-strongswan" && $0.operation == "esp-encrypt" })
                }
            }
            // Both clusters' flows together, each completing its transactions.
            var net = estate.network
            for (i, (from, to)) in pairs.enumerated() {
                try net.addFlow(estate.flow("f\(i)", from: from, to: to, pattern: .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic)))
            }
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 4, replication: 0), warmup: .milliseconds(300), duration: .milliseconds(700))
            for (i, f) in r.flows.enumerated() {
                #expect(f.transactions.count > 10 && f.failedTransactions == 0, "f\(i) (\(option.rawValue)): \(f.transactions.count) transactions, \(f.failedTransactions) failed")
            }
        }
    }

    @Test func clustersNeedTheirOwnNamesAndRanges() throws {
        var inv = Self.twoClusters
        inv.iksClusters[1].addresses.pods = IPv4Prefix("172.30.128.0/17")!
        #expect(inv.problem?.hasPrefix("iks-clusters.dev.pod-network: 172.30.128.0/17") == true, "\(inv.problem ?? "")")
        inv = Self.twoClusters
        inv.iksClusters[1].subnets[0].prefix = IPv4Prefix("10.190.5.0/26")!
        #expect(inv.problem?.contains("overlaps cluster prod's subnets.a") == true, "\(inv.problem ?? "")")
        inv = Self.twoClusters
        inv.iksClusters[1].name = "prod"
        #expect(inv.problem == "iks-clusters: the name prod is used twice")
        inv.iksClusters[1].name = "icp"
        #expect(inv.problem?.contains("taken by another part of the estate") == true)
        inv.iksClusters[1].name = "dev.1"
        #expect(inv.problem?.contains("must be letters, digits") == true)
        inv.iksClusters = []
        #expect(inv.problem?.contains("at least one IKS cluster") == true)
    }

    @Test func failuresNameTheirCluster() throws {
        let estate = try CompiledEstate(Self.twoClusters, option: .bgpPeering)
        var net = estate.network
        try FailureEvent.workerLoss(worker: 2, at: .seconds(1), cluster: "dev").apply(to: &net, estate)
        try FailureEvent.strongSwanRestart(at: .seconds(1), cluster: "dev").apply(to: &net, estate)
        #expect(throws: CompiledEstate.Invalid.self) { try FailureEvent.workerLoss(worker: 3, at: .seconds(1), cluster: "dev").apply(to: &net, estate) }
        #expect(throws: CompiledEstate.Invalid.self) { try FailureEvent.strongSwanRestart(at: .seconds(1), cluster: "qa").apply(to: &net, estate) }
        // Losing dev's worker 2 loses only dev's replica there: prod's web keeps serving.
        let experiment = { (event: FailureEvent) throws -> [FlowOutage] in
            var e = FailureExperiment(option: .bgpPeering, event: event)
            e.settle = .seconds(1)
            e.inventory = Self.twoClusters
            e.flows = [("prod-db", .workload(cluster: "prod", name: "web"), .vm("db-vm"), .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic))]
            return try e.run()
        }
        let other = try experiment(.workerLoss(worker: 3, at: .seconds(1), downtime: .seconds(2), cluster: "prod"))
        let unrelated = try experiment(.workerLoss(worker: 2, at: .seconds(1), downtime: .seconds(2), cluster: "dev"))
        #expect(other[0].packetsLost > 0, "prod's web runs on prod's worker 3")
        #expect(unrelated[0].packetsLost == 0 && unrelated[0].failedTransactions == 0)
    }
}

/// Two ICP clusters on the VCS instance: each has its own ESG, DLRs, ranges and VPN pod, and
/// every IKS cluster reaches each through its own tunnel.
@Suite struct MultiICPClusterTests {
    static var twoICP: Inventory {
        var inv = Inventory()
        var b = ICPCluster()
        b.name = "icp-b"
        b.esg = EdgeGateway(name: "icp-b-esg", size: .large, host: 3, standby: .host(1))
        b.addresses.vmNetwork = IPv4Prefix("192.168.30.0/24")!
        b.addresses.transit = IPv4Prefix("192.168.102.0/29")!
        b.addresses.pods = IPv4Prefix("172.18.0.0/16")!
        b.addresses.services = IPv4Prefix("172.19.0.0/16")!
        b.addresses.esgPortablePrivate = IPv4Prefix("10.100.5.0/29")!
        b.addresses.esgPortablePublic = IPv4Prefix("169.62.5.0/29")!
        b.workerHosts = [3, 1]
        b.masterHost = 3
        b.workloads = [Workload(name: "shop", replicas: 2, placement: .spread)]
        b.services = [KubernetesService(name: "shop", workload: "shop")]
        b.ingressService = "shop"
        inv.icpClusters.append(b)
        return inv
    }

    @Test func bothICPClustersAreReachedUnderEveryOption() throws {
        let inv = Self.twoICP
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        #expect(Validator.addressPlan(inv).isEmpty, "\(Validator.addressPlan(inv))")
        #expect(["icp-b/shop", "icp-b/ingress", "icp-b/master", "icp/web"].allSatisfy(inv.endpointNames.contains))
        let shop = FlowEndpoint.workload(cluster: "icp-b", name: "shop")
        let pairs: [(FlowEndpoint, FlowEndpoint)] = [(.internet, .ingress("icp-b")), (.enterprise(site: nil), .ingress("icp-b")),
                                                     (.ibmPrivate, .master("icp-b")), (shop, .vm("db-vm")),
                                                     (.workload(cluster: "iks", name: "web"), shop), (shop, .workload(cluster: "iks", name: "web")),
                                                     (.internet, .ingress("icp")), (.workload(cluster: "iks", name: "web"), .workload(cluster: "icp", name: "web"))]
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(inv, option: option)
            for name in ["icp-b-esg", "icp-b-esg-standby", "icp-b-w1", "icp-b-w2", "icp-b-master", "icp-b-ingress", "icp-b-strongswan",
                         "icp-b-dlr-h3", "icp-b-dlr-h1", "icp-b-shop-1", "icp-esg", "icp-w1"] {
                #expect(estate.deviceIndex(name) != nil, "\(name)")
            }
            for (from, to) in pairs {
                let trace = try PathTrace("t", from: from, to: to, in: estate)
                #expect(trace.delivered, "\(from) -> \(to) (\(option.rawValue)): \(trace.rows.last.map { "\($0.device) \($0.operation)" } ?? "")")
                if to == .ingress("icp-b") { #expect(trace.rows.contains { $0.device == "icp-b-esg" && $0.operation == "dnat" }) }
                if from == .workload(cluster: "iks", name: "web"), to == shop {
                    #expect(trace.rows.contains { $0.device == "icp-b-strongswan" && $0.operation == "esp-decrypt" })
                }
            }
            var net = estate.network
            for (i, (from, to)) in pairs.enumerated() {
                try net.addFlow(estate.flow("f\(i)", from: from, to: to, pattern: .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic)))
            }
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 6, replication: 0), warmup: .milliseconds(300), duration: .milliseconds(700))
            for (i, f) in r.flows.enumerated() {
                #expect(f.transactions.count > 5 && f.failedTransactions == 0, "f\(i) (\(option.rawValue)): \(f.transactions.count) transactions, \(f.failedTransactions) failed")
            }
        }
    }

    @Test func icpClustersNeedTheirOwnNamesAndRanges() {
        var inv = Self.twoICP
        inv.icpClusters[1].addresses.vmNetwork = IPv4Prefix("192.168.20.0/25")!
        #expect(inv.problem?.hasPrefix("icp-clusters.icp-b.vm-network: 192.168.20.0/25 overlaps cluster icp's vm-network") == true, "\(inv.problem ?? "")")
        inv = Self.twoICP
        inv.icpClusters[1].name = "iks"
        #expect(inv.problem?.contains("the name iks is taken by another part of the estate") == true, "\(inv.problem ?? "")")
        inv = Self.twoICP
        inv.icpClusters[1].workloads[0].name = "ingress"
        #expect(inv.problem?.contains("the name ingress is taken by an endpoint") == true, "\(inv.problem ?? "")")
    }
}
