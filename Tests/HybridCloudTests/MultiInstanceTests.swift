import Testing
@testable import HybridCloud
import NetModel
import SimKernel

/// Two VCS instances: each has its own hosts, ESG, ranges and VMs; every IKS cluster reaches
/// each by the integration option; an ICP cluster may run on either.
@Suite struct MultiInstanceTests {
    static var twoInstances: Inventory {
        var inv = Inventory()
        var dr = VCSInstance()
        dr.name = "dr"
        dr.hosts = 2
        dr.zone = "dal12"
        dr.esg = EdgeGateway(name: "dr-esg", size: .large, host: 1)
        dr.addresses.hostNetwork = IPv4Prefix("10.101.1.0/26")!
        dr.addresses.esgPortablePrivate = IPv4Prefix("10.101.2.0/29")!
        dr.addresses.esgPortablePublic = IPv4Prefix("169.63.2.0/29")!
        dr.addresses.vmNetwork = IPv4Prefix("192.168.110.0/24")!
        dr.addresses.transit = IPv4Prefix("192.168.200.0/29")!
        dr.vms = [VirtualMachine(name: "dr-db", host: 2, segment: .vmNetwork, hostNumber: 20, port: 5432)]
        inv.ibmCloud.zones = ["dal10", "dal12"]
        inv.vcsInstances.append(dr)
        return inv
    }

    @Test func everyInstanceIsReachedUnderEveryOption() throws {
        let inv = Self.twoInstances
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        #expect(Validator.addressPlan(inv).isEmpty, "\(Validator.addressPlan(inv))")
        #expect(inv.endpointNames.contains("vcs/dr-db") && inv.endpointNames.contains("vcs/db-vm"))
        let web = FlowEndpoint.workload(cluster: "iks", name: "web")
        for option in IntegrationOption.allCases {
            let estate = try CompiledEstate(inv, option: option)
            for name in ["dr-esxi1", "dr-esxi2", "dr-vxlan-switch-h2", "dr-dlr-h1", "dr-esg", "dr-esg-standby", "dr-db", "esxi1", "vcs-esg"] {
                #expect(estate.deviceIndex(name) != nil, "\(name)")
            }
            let toDR = try PathTrace("t", from: web, to: .vm("dr-db"), in: estate)
            #expect(toDR.delivered, "\(option.rawValue): \(toDR.rows.last.map { "\($0.device) \($0.operation)" } ?? "")")
            #expect(toDR.rows.contains { $0.device == "dr-esg" } && !toDR.rows.contains { $0.device == "vcs-esg" })
            if option == .strongSwanVPN { #expect(toDR.rows.contains { $0.device == "dr-esg" && $0.operation == "esp-decrypt" }) }
            // The instance in dal12 is half the inter-zone round trip (0.5 ms) further away each way.
            let toFirst = try PathTrace("t", from: web, to: .vm("db-vm"), in: estate)
            #expect(toFirst.delivered)
            let extra = try #require(toDR.rows.last).cumulativeMicroseconds - (try #require(toFirst.rows.last)).cumulativeMicroseconds
            #expect(extra > 450 && extra < 700, "\(option.rawValue): \(extra) us")
            var net = estate.network
            for (i, to) in [FlowEndpoint.vm("dr-db"), .vm("db-vm")].enumerated() {
                try net.addFlow(estate.flow("f\(i)", from: web, to: to, pattern: .requestResponse(DocumentedFlow.iksWebToVCSDB.defaultTraffic)))
            }
            let r = try net.run(streams: RandomStreamFactory(masterSeed: 7, replication: 0), warmup: .milliseconds(300), duration: .milliseconds(700))
            #expect(r.flows.allSatisfy { $0.transactions.count > 50 && $0.failedTransactions == 0 }, "\(option.rawValue): \(r.flows.map { ($0.transactions.count, $0.failedTransactions) })")
        }
    }

    @Test func anICPClusterRunsOnTheInstanceItNames() throws {
        var inv = Self.twoInstances
        inv.icp.vcs = "dr"
        inv.icp.workerHosts = [1, 2]
        inv.icp.masterHost = 1
        inv.icp.esg.host = 2
        #expect(inv.problem == nil, "\(inv.problem ?? "")")
        let estate = try CompiledEstate(inv, option: .bgpPeering)
        #expect(estate.placement[try #require(estate.deviceIndex("icp-w1"))] == "host 1, proxy node")
        let trace = try PathTrace("t", from: .internet, to: .ingress("icp"), in: estate)
        #expect(trace.delivered && trace.rows.contains { $0.device == "dr-esxi2" } && !trace.rows.contains { $0.device == "esxi2" })
        #expect(try PathTrace("t", from: .workload(cluster: "icp", name: "web"), to: .vm("dr-db"), in: estate).delivered)
        #expect(try PathTrace("t", from: .workload(cluster: "iks", name: "web"), to: .workload(cluster: "icp", name: "web"), in: estate).delivered)
        inv.icp.vcs = "nosuch"
        #expect(inv.problem?.contains("icp.vcs: no VCS instance nosuch (vcs, dr)") == true, "\(inv.problem ?? "")")
    }

    @Test func instancesNeedTheirOwnNamesRangesAndVMNames() {
        var inv = Self.twoInstances
        inv.vcsInstances[1].addresses.vmNetwork = IPv4Prefix("192.168.10.0/25")!
        #expect(inv.problem?.hasPrefix("vcs-instances.dr.vm-network: 192.168.10.0/25 overlaps instance vcs's vm-network") == true, "\(inv.problem ?? "")")
        inv = Self.twoInstances
        inv.vcsInstances[1].vms[0].name = "db-vm"
        #expect(inv.problem?.contains("a VM of that name is on another instance") == true)
        inv = Self.twoInstances
        inv.vcsInstances[1].vms[0].segment = .stretched("stretched")
        #expect(inv.problem?.contains("the stretched network lands on the first instance") == true)
        inv = Self.twoInstances
        inv.vcsInstances[1].name = "vcs"
        #expect(inv.problem == "vcs-instances: the name vcs is used twice")
    }
}
