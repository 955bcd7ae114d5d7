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
        #expect(Validator.addressPlan(AddressPlan()).isEmpty)
        for option in IntegrationOption.allCases {
            let findings = try Validator.paths(option: option)
            #expect(findings.filter { $0.severity == .error }.isEmpty, "\(option.rawValue): \(findings)")
        }
    }

    @Test func overlappingRanges() {
        var plan = AddressPlan()
        plan.icpPods = IPv4Prefix("172.30.0.0/16")!
        let a = errors(Validator.addressPlan(plan), "overlap")
        #expect(a.contains { $0.message.contains("ICP pods") && $0.message.contains("IKS pod network") })
        plan = AddressPlan()
        plan.vcsVMNetwork = IPv4Prefix("10.100.1.0/24")!
        let b = errors(Validator.addressPlan(plan), "overlap")
        #expect(b.contains { $0.message.contains("VCS VM network") && $0.message.contains("VCS hosts") })
        plan = AddressPlan()
        plan.icpServices = IPv4Prefix("172.21.128.0/17")!
        #expect(errors(Validator.addressPlan(plan), "overlap").contains { $0.message.contains("IKS service network") })
        plan = AddressPlan()
        plan.stretchedNetwork = IPv4Prefix("192.168.10.0/25")!
        #expect(errors(Validator.addressPlan(plan), "overlap").contains { $0.message.contains("stretched network") })
        #expect(errors(Validator.addressPlan(plan), "overlap").allSatisfy { !$0.fix.isEmpty })
    }

    @Test func tooManyLoadBalancersOnAPortableSubnet() {
        var plan = AddressPlan()
        plan.iksLoadBalancersPublic = 5
        let e = errors(Validator.addressPlan(plan), "portable-subnet")
        #expect(e.count == 1 && e[0].message.contains("5 LoadBalancer services") && e[0].fix.contains("at most 4"))
        plan.iksLoadBalancersPublic = 4
        #expect(Validator.addressPlan(plan).isEmpty)
    }

    @Test func missingRouteNamesTheDeviceAndDestination() throws {
        var arch = try ReferenceArchitecture(option: .bgpPeering)
        // Without the ESG's advertisement, the BCR does not know the VCS networks.
        arch.network.removeRoute(device: arch.deviceIndex("bcr")!, AddressPlan().vcsVMNetwork)
        let e = errors(try Validator.paths(arch), "no-route")
        #expect(e.contains { $0.message.contains("bcr has no route to 192.168.10.20") && $0.message.contains("iks-web-to-vcs-db") })
    }

    @Test func vxlanTransportTooSmallIsASilentMTUError() throws {
        var params = ArchitectureParameters()
        params.vxlanTransportMTU = 1500
        let e = errors(try Validator.paths(option: .bgpPeering, parameters: params), "mtu")
        #expect(!e.isEmpty)
        #expect(e.allSatisfy { $0.message.contains("lost silently") && $0.fix.contains("1600") })
    }

    @Test func strongSwanOverheadIsAWarningWithPMTUD() throws {
        let findings = try Validator.paths(option: .strongSwanVPN, flows: [.iksWebToVCSDB])
        let w = findings.filter { $0.check == "mtu" }
        #expect(!w.isEmpty && w.allSatisfy { $0.severity == .warning && $0.message.contains("iks-strongswan") })
    }
}
