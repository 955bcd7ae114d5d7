import Testing
@testable import HybridCloud
import NetModel
import SimKernel

/// Several enterprise sites: each has its own LAN, router and WAN; one stretches the network.
@Suite struct EnterpriseSiteTests {
    static var twoSites: Inventory {
        var inv = Inventory()
        inv.enterprise.name = "hq"
        var branch = EnterpriseSite()
        branch.name = "branch"
        branch.lan = IPv4Prefix("10.51.0.0/16")!
        branch.wanLatency = .milliseconds(15)
        branch.wanBitsPerSecond = 100_000_000
        branch.stretchesNetwork = false
        inv.enterpriseSites.append(branch)
        return inv
    }

    @Test func eachSiteUsesItsOwnWAN() throws {
        let inv = Self.twoSites
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        #expect(["enterprise", "enterprise/hq", "enterprise/branch"].allSatisfy(inv.endpointNames.contains))
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(inv, option: option)
            #expect(estate.deviceIndex("branch-l2c") == nil && estate.deviceIndex("hq-l2c") != nil, "only the stretching site has L2 concentrators")
            let hq = try PathTrace("hq", from: .enterprise(site: "hq"), to: .ingress("icp"), in: estate)
            let branch = try PathTrace("b", from: .enterprise(site: "branch"), to: .ingress("icp"), in: estate)
            #expect(hq.delivered && branch.delivered)
            #expect(hq.rows.contains { $0.device == "hq-wan" } && !hq.rows.contains { $0.device == "branch-wan" })
            #expect(branch.rows.contains { $0.device == "branch-wan" } && !branch.rows.contains { $0.device == "hq-wan" })
            // One way: the branch WAN's 15 ms against hq's 5 ms.
            let hqTime = try #require(hq.rows.last).cumulativeMicroseconds, branchTime = try #require(branch.rows.last).cumulativeMicroseconds
            #expect(hqTime > 5_000 && hqTime < 6_000 && branchTime > 15_000 && branchTime < 16_000, "\(hqTime) \(branchTime) us")
            // The stretched VM is the preset's, from the stretching site; the admin host reaches the branch.
            let preset = try PathTrace(flow: .enterpriseToVCSVM, option: option, inventory: inv)
            #expect(preset.delivered && preset.rows.first?.device == "hq-user")
            #expect(try PathTrace("a", from: .ibmPrivate, to: .enterprise(site: "branch"), in: estate).delivered)
            // Both sites' flows at once complete their transactions.
            var net = estate.network
            try net.addFlow(estate.flow("hq", from: .enterprise(site: nil), to: .ingress("icp"), pattern: .requestResponse(DocumentedFlow.internetToICPWeb.defaultTraffic)))
            try net.addFlow(estate.flow("branch", from: .enterprise(site: "branch"), to: .ingress("icp"), pattern: .requestResponse(DocumentedFlow.internetToICPWeb.defaultTraffic)))
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 5, replication: 0), warmup: .milliseconds(300), duration: .seconds(1))
            #expect(r.flows.allSatisfy { $0.transactions.count > 20 && $0.failedTransactions == 0 }, "\(r.flows.map { ($0.transactions.count, $0.failedTransactions) })")
            #expect(r.flows[1].transactions.mean.seconds > r.flows[0].transactions.mean.seconds + 0.015, "two more 10 ms WAN crossings per transaction")
        }
    }

    /// A site stretching two networks: VMs on either are reached from the site through the one
    /// L2 concentrator pair, and keep their on-premises gateway.
    @Test func twoStretchedNetworks() throws {
        var inv = Inventory()
        inv.enterprise.stretchedNetworks.append(LogicalSwitch(name: "erp", prefix: IPv4Prefix("192.168.51.0/24")!))
        inv.vcs.vms.append(VirtualMachine(name: "erp-vm", host: 2, segment: .stretched("erp"), hostNumber: 30))
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        let estate = try CompiledEstate(inv, option: .bgpPeering)
        let trace = try PathTrace("t", from: .enterprise(site: nil), to: .vm("erp-vm"), in: estate)
        #expect(trace.delivered && trace.rows.contains { $0.device == "l2c-onprem" && $0.operation == "l2c-encap" }, "\(trace.rows.map(\.device))")
        #expect(!trace.rows.contains { $0.kind == .esg }, "a stretched network is not routed by the ESG")
        var net = estate.network
        try net.addFlow(estate.flow("erp", from: .enterprise(site: nil), to: .vm("erp-vm"), pattern: .requestResponse(DocumentedFlow.enterpriseToVCSVM.defaultTraffic)))
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 8, replication: 0), warmup: .milliseconds(300), duration: .seconds(1))
        #expect(r.flows[0].transactions.count > 3 && r.flows[0].failedTransactions == 0, "replies return through the L2 concentrators")
        inv.vcs.vms[2].segment = .stretched("crm")
        #expect(inv.problem?.contains("no stretched network crm (stretched, erp)") == true, "\(inv.problem ?? "")")
        inv.vcs.vms[2].segment = .stretched("erp")
        inv.enterprise.stretchedNetworks[1].prefix = IPv4Prefix("192.168.50.128/25")!
        #expect(inv.problem?.contains("stretched-networks.erp: 192.168.50.128/25 overlaps stretched") == true, "\(inv.problem ?? "")")
    }

    @Test func sitesNeedTheirOwnRangesAndOneStretches() {
        var inv = Self.twoSites
        inv.enterpriseSites[1].stretchesNetwork = true
        #expect(inv.problem?.contains("hq and branch both stretch the network") == true, "\(inv.problem ?? "")")
        inv = Self.twoSites
        inv.enterpriseSites[1].lan = IPv4Prefix("10.50.128.0/17")!
        #expect(inv.problem?.hasPrefix("enterprise-sites.branch.lan: 10.50.128.0/17 overlaps site hq's lan") == true, "\(inv.problem ?? "")")
        inv = Self.twoSites
        inv.enterpriseSites[1].lan = IPv4Prefix("192.168.60.0/23")!
        #expect(inv.problem?.contains("is not inside 10.0.0.0/8") == true)
        inv = Self.twoSites
        inv.enterpriseSites[1].name = "hq"
        #expect(inv.problem == "enterprise-sites: the name hq is used twice")
        // A non-stretching site's appliances range is not used, so it may repeat hq's.
        inv = Self.twoSites
        #expect(inv.enterpriseSites[1].appliances == inv.enterpriseSites[0].appliances && inv.problem == nil)
    }
}
