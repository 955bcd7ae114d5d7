import NetModel
import SimKernel
import Testing
@testable import HybridCloud

/// `validate` catches each mistake it lists, and the reference plan has no errors.
@Suite struct ValidatorTests {
    func errors(_ findings: [Finding], _ check: String) -> [Finding] {
        findings.filter { $0.severity == .error && $0.check == check }
    }

    @Test func referenceArchitectureHasNoErrors() throws {
        #expect(Validator.addressPlan(Inventory()).isEmpty)
        for option in IntegrationOption.allCases {
            let findings = try Validator.paths(CompiledEstate(option: option))
            #expect(findings.filter { $0.severity == .error }.isEmpty, "\(option.rawValue): \(findings)")
        }
    }

    @Test func overlappingRanges() {
        var icpPods = Inventory()
        icpPods.icp.addresses.pods = IPv4Prefix("172.30.0.0/16")!
        let a = errors(Validator.addressPlan(icpPods), "overlap")
        #expect(a.contains { $0.message.contains("ICP pods") && $0.message.contains("IKS pod network") })
        var vmNetwork = Inventory()
        vmNetwork.vcs.addresses.vmNetwork = IPv4Prefix("10.100.1.0/24")!
        let b = errors(Validator.addressPlan(vmNetwork), "overlap")
        #expect(b.contains { $0.message.contains("VCS VM network") && $0.message.contains("VCS hosts") })
        var icpServices = Inventory()
        icpServices.icp.addresses.services = IPv4Prefix("172.21.128.0/17")!
        #expect(errors(Validator.addressPlan(icpServices), "overlap").contains { $0.message.contains("IKS service network") })
        var stretched = Inventory()
        stretched.enterprise.stretchedNetworks[0].prefix = IPv4Prefix("192.168.10.0/25")!
        #expect(errors(Validator.addressPlan(stretched), "overlap").contains { $0.message.contains("stretched network") })
        #expect(errors(Validator.addressPlan(stretched), "overlap").allSatisfy { !$0.fix.isEmpty })
    }

    @Test func tooManyLoadBalancersOnAPortableSubnet() {
        var inventory = Inventory()
        let lb = { (n: Int) in KubernetesService(name: "lb\(n)", workload: "web", kind: .loadBalancer(.public), port: 443) }
        inventory.iks.services += (1...5).map(lb)
        let p = inventory.problem ?? ""
        #expect(p.contains("169.61.10.0/29 has room for 4 LoadBalancer addresses, 5 needed") && p.hasPrefix("iks: portable-public:"))
        inventory.iks.services.removeLast()
        #expect(inventory.problem == nil)
        // A VPN to the ESG's public address takes the next public address: one too many now.
        inventory.iks.vpn.remoteGateway = .public
        #expect(inventory.problem?.contains("5 needed (public LoadBalancer Services and the VPN's public address)") == true)
        // A larger portable subnet has room.
        inventory.iks.addresses.portablePublic = IPv4Prefix("169.61.10.0/28")!
        #expect(inventory.problem == nil)
        // The private ALB (.2) and the strongSwan VPN (.3) hold private addresses: 4 private LoadBalancers are one too many.
        inventory.iks.services = [KubernetesService(name: "web", workload: "web")]
            + (1...4).map { KubernetesService(name: "p\($0)", workload: "web", kind: .loadBalancer(.private)) }
        #expect(inventory.problem?.contains("room for 3 LoadBalancer addresses, 4 needed") == true)
        inventory.iks.services.removeLast()
        #expect(inventory.problem == nil)
    }

    @Test func overlappingWorkerSubnets() {
        var inventory = Inventory()
        inventory.iks.subnets[1].prefix = IPv4Prefix("10.190.5.0/27")!
        #expect(errors(Validator.addressPlan(inventory), "overlap").contains { $0.message.contains("worker subnets a") })
    }

    @Test func missingRouteNamesTheDeviceAndDestination() throws {
        var arch = try CompiledEstate(option: .bgpPeering)
        // Without the ESG's advertisement, the BCR does not know the VCS networks.
        arch.network.removeRoute(device: arch.deviceIndex("bcr")!, Inventory().vcs.addresses.vmNetwork)
        let e = errors(try Validator.paths(arch), "no-route")
        #expect(e.contains { $0.message.contains("bcr has no route to 192.168.10.20") && $0.message.contains("iks-web-to-vcs-db") })
        #expect(errors(try Validator.paths(arch), "no-delivery").contains { $0.message.contains("iks-web-to-vcs-db") })
    }

    @Test func vxlanTransportTooSmallIsASilentMTUError() throws {
        var inventory = Inventory()
        inventory.vcs.vxlanTransportMTU = 1500
        let e = errors(try Validator.paths(CompiledEstate(inventory, option: .bgpPeering)), "mtu")
        #expect(!e.isEmpty)
        #expect(e.allSatisfy { $0.message.contains("lost silently") && $0.fix.contains("1600") })
    }

    @Test func strongSwanOverheadIsAWarningWithPMTUD() throws {
        let findings = try Validator.paths(CompiledEstate(option: .strongSwanVPN), flows: [.iksWebToVCSDB])
        let w = findings.filter { $0.check == "mtu" }
        #expect(!w.isEmpty && w.allSatisfy { $0.severity == .warning && $0.message.contains("iks-strongswan") })
    }
}
