import Testing
@testable import HybridCloud
import NetModel
import SimKernel

/// The ESGs of the inventory: names, HA pairs, the ICP ESG's firewall, and the strongSwan
/// tunnel's remote gateway.
@Suite struct EdgeGatewayTests {
    func run(_ inv: Inventory, _ option: IntegrationOption, from: FlowEndpoint, to: FlowEndpoint) throws -> FlowStatistics {
        let estate = try CompiledEstate(inv, option: option)
        var net = estate.network
        try net.addFlow(estate.flow("f", from: from, to: to, pattern: .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic)))
        return try net.run(streams: RandomStreamFactory(masterSeed: 3, replication: 0), warmup: .zero, duration: .seconds(1)).flows[0]
    }

    @Test func namedHAPairs() throws {
        var inv = Inventory()
        inv.vcs.esg = EdgeGateway(name: "edge-prod", size: .large, host: 1, standby: .host(3))
        #expect(inv.problem == nil)
        let estate = try CompiledEstate(inv, option: .strongSwanVPN)
        for (active, standby, host) in [("edge-prod", "edge-prod-standby", 3), ("icp-esg", "icp-esg-standby", 3)] {
            let a = try #require(estate.deviceIndex(active)), s = try #require(estate.deviceIndex(standby))
            #expect(estate.network.deviceSpec(s).addresses.isEmpty, "the standby holds no address until it takes over")
            #expect(!estate.network.deviceSpec(a).addresses.isEmpty)
            #expect(estate.placement[s].hasPrefix("host \(host)"), "\(estate.placement[s])")
        }
        let trace = try PathTrace("t", from: .workload(cluster: "iks", name: "web"), to: .vm("db-vm"), in: estate)
        #expect(trace.delivered && trace.rows.contains { $0.device == "edge-prod" && $0.operation == "esp-decrypt" })
        #expect(!trace.rows.contains { $0.device.hasSuffix("-standby") })
        // The failover fails the named ESG.
        var net = estate.network
        try FailureEvent.esgFailover(at: .seconds(1)).apply(to: &net, estate)

        // The default standby is the next host, the last host's is host 1.
        #expect(Inventory().vcs.esg.standbyHost(hosts: 3) == 2 && Inventory().icp.esg.standbyHost(hosts: 3) == 3)
        #expect(EdgeGateway(name: "e", size: .compact, host: 3).standbyHost(hosts: 3) == 1)
        inv.vcs.esg.standby = .host(1)
        #expect(inv.problem?.hasPrefix("vcs: esg.standby-host must differ from host 1") == true)
        inv.vcs.esg.standby = .host(9)
        #expect(inv.problem?.contains("esg.standby-host must be 1...3") == true)
        // A single appliance has no failover.
        inv.vcs.esg.standby = .none
        let single = try CompiledEstate(inv, option: .bgpPeering)
        #expect(single.deviceIndex("edge-prod-standby") == nil)
        var singleNet = single.network
        #expect(throws: CompiledEstate.Invalid.self) { try FailureEvent.esgFailover(at: .seconds(1)).apply(to: &singleNet, single) }

        inv.vcs.esg.name = "edge prod"
        #expect(inv.problem?.contains("esg.name 'edge prod'") == true)
        // Two devices of one name are refused by the compiler, naming it.
        inv.vcs.esg.name = "icp-esg"
        #expect(inv.problem == nil)
        #expect(throws: CompiledEstate.Invalid.self) { try CompiledEstate(inv, option: .bgpPeering) }
        do { _ = try CompiledEstate(inv, option: .bgpPeering) } catch { #expect("\(error)".contains("icp-esg")) }
    }

    @Test func icpESGFirewall() throws {
        var inv = Inventory()
        inv.icp.esg.firewallDefault = .deny
        let denied = try run(inv, .bgpPeering, from: .internet, to: .ingress("icp"))
        #expect(denied.transactions.count == 0 && denied.drops[.firewallDenied] > 0)
        inv.icp.esg.firewall = [FirewallRule(.allow, proto: .tcp, ports: 443...443)]
        let allowed = try run(inv, .bgpPeering, from: .internet, to: .ingress("icp"))
        #expect(allowed.transactions.count > 5 && allowed.failedTransactions == 0 && allowed.drops[.firewallDenied] == 0,
                "\(allowed.transactions.count) transactions, \(allowed.failedTransactions) failed")
        inv.icp.esg.portForwards = [PortForward(name: "x", network: .public, port: 80, vm: "db-vm", vmPort: 80)]
        #expect(inv.problem?.contains("port forwards are taken on the VCS ESG only") == true)
    }

    /// VMs reach the internet through the VCS ESG's SNAT to its public address (DOMAIN.md);
    /// traffic to private ranges keeps the VM's address.
    @Test func vcsESGTranslatesOutboundToTheInternet() throws {
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(Inventory(), option: option)
            let out = try PathTrace("t", from: .vm("db-vm"), to: .internet, in: estate)
            #expect(out.delivered && out.rows.contains { $0.device == "vcs-esg" && $0.operation == "snat" }, "\(option.rawValue)")
            let stats = try run(Inventory(), option, from: .vm("db-vm"), to: .internet)
            #expect(stats.transactions.count > 10 && stats.failedTransactions == 0, "\(option.rawValue): replies come back through the ESG")
            let admin = try PathTrace("t", from: .vm("db-vm"), to: .ibmPrivate, in: estate)
            #expect(!admin.rows.contains { $0.operation == "snat" }, "a private destination sees the VM's own address")
        }
    }

    /// The inventory's SNAT rules come before the built-in ones, on both ESGs.
    @Test func sourceNATRulesOfTheInventoryComeFirst() throws {
        var inv = Inventory()
        let admin = inv.plan.ibmPrivateHosts
        inv.vcs.esg.sourceNAT = [SourceNAT(source: inv.vcs.addresses.vmNetwork, destination: admin, translation: .private),
                                 SourceNAT(source: inv.vcs.addresses.vmNetwork, translation: .none)]
        inv.icp.esg.sourceNAT = [SourceNAT(source: inv.icp.addresses.vmNetwork, destination: admin, translation: .private)]
        let estate = try CompiledEstate(inv, option: .bgpPeering)
        let toAdmin = try PathTrace("t", from: .vm("db-vm"), to: .ibmPrivate, in: estate)
        #expect(toAdmin.delivered && toAdmin.rows.contains { $0.device == "vcs-esg" && $0.operation == "snat" })
        let stats = try run(inv, .bgpPeering, from: .vm("db-vm"), to: .ibmPrivate)
        #expect(stats.transactions.count > 10 && stats.failedTransactions == 0, "replies to the ESG's private address come back")
        let toInternet = try PathTrace("t", from: .vm("db-vm"), to: .internet, in: estate)
        #expect(!toInternet.rows.contains { $0.operation == "snat" }, "the none rule exempts what the built-in rule would translate")
        let icpToAdmin = try PathTrace("t", from: .workload(cluster: "icp", name: "web"), to: .ibmPrivate, in: estate)
        #expect(icpToAdmin.delivered && icpToAdmin.rows.contains { $0.device == "icp-esg" && $0.operation == "snat" })
    }

    /// `remote.gateway: public`: the tunnel runs over the FCR to the ESG's public address, and
    /// transactions complete (replies return the same way).
    @Test func vpnToThePublicGateway() throws {
        var inv = Inventory()
        inv.iks.vpn.remoteGateway = .public
        #expect(inv.problem == nil)
        let web = FlowEndpoint.workload(cluster: "iks", name: "web")
        let estate = try CompiledEstate(inv, option: .strongSwanVPN)
        let trace = try PathTrace("t", from: web, to: .vm("db-vm"), in: estate)
        let encrypt = try #require(trace.rows.firstIndex { $0.operation == "esp-encrypt" })
        let afterEncrypt = trace.rows[encrypt...].map(\.device)
        #expect(trace.delivered && afterEncrypt.contains(DeviceName.fcr) && !afterEncrypt.contains(DeviceName.bcr), "\(afterEncrypt)")
        let viaPrivate = try PathTrace("t", from: web, to: .vm("db-vm"), in: CompiledEstate(Inventory(), option: .strongSwanVPN))
        #expect(viaPrivate.rows.contains { $0.device == DeviceName.bcr } && !viaPrivate.rows.contains { $0.device == DeviceName.fcr })
        // Transactions complete, with no more drops than over the private gateway (the same
        // path-MTU losses of the first full-size packets).
        let stats = try run(inv, .strongSwanVPN, from: web, to: .vm("db-vm"))
        let privateStats = try run(Inventory(), .strongSwanVPN, from: web, to: .vm("db-vm"))
        #expect(stats.transactions.count > 100 && stats.failedTransactions == 0 && stats.dropped == privateStats.dropped,
                "\(stats.transactions.count) transactions, \(stats.failedTransactions) failed, drops \(DropReason.allCases.map { "\($0): \(stats.drops[$0])/\(privateStats.drops[$0])" })")
        inv.iks.publicVLAN = false
        #expect(inv.problem?.contains("vpn.remote-gateway: public needs workers with a public VLAN") == true)
    }
}
