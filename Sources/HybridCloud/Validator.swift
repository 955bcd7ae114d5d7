import NetModel
import SimKernel

/// One problem found in an architecture: how bad, what, and how to fix it.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }
    public let severity: Severity
    /// A stable identifier of the check (e.g. `overlap`, `no-route`, `mtu`).
    public let check: String
    public let message: String
    public let fix: String

    public var description: String { "\(severity.rawValue): [\(check)] \(message)\n  fix: \(fix)" }
}

/// Checks an architecture's address plan and paths (`hybridsim validate`).
public enum Validator {
    /// Address-plan rules of DOMAIN.md.
    public static func addressPlan(_ a: AddressPlan) -> [Finding] {
        var findings: [Finding] = []
        let iksReserved = [("IKS pod network", a.iksPods), ("IKS service network", a.iksServices)]
        for (name, range) in a.byoipRanges {
            for (other, reserved) in iksReserved + a.ibmCloudSubnets where range.overlaps(reserved) {
                findings.append(Finding(
                    severity: .error, check: "overlap",
                    message: "\(name) \(range) overlaps the \(other) \(reserved)",
                    fix: "choose a \(name) range outside \(reserved) (BYOIP ranges must not overlap IKS cluster ranges or IBM Cloud subnets)"))
            }
        }
        let byoip = a.byoipRanges
        for i in byoip.indices {
            for j in byoip.indices where j > i && byoip[i].1.overlaps(byoip[j].1) {
                findings.append(Finding(
                    severity: .error, check: "overlap",
                    message: "\(byoip[i].0) \(byoip[i].1) overlaps \(byoip[j].0) \(byoip[j].1)",
                    fix: "give each network its own range"))
            }
        }
        for (name, count, subnet) in [("public", a.iksLoadBalancersPublic, a.iksPortablePublic),
                                      ("private", a.iksLoadBalancersPrivate, a.iksPortablePrivate)] where count > 4 {
            findings.append(Finding(
                severity: .error, check: "portable-subnet",
                message: "\(count) LoadBalancer services asked for on the IKS portable \(name) subnet \(subnet), which has 4 addresses for them (8: 3 reserved, 1 ALB, 4 LoadBalancers)",
                fix: "use at most 4 LoadBalancer services per portable subnet, or order a larger portable subnet"))
        }
        return findings
    }

    /// Runs every documented flow briefly (requests and responses, full-size segments) and
    /// reports packets that find no route or do not fit an MTU, naming the device.
    public static func paths(option: IntegrationOption, parameters: ArchitectureParameters = ArchitectureParameters(),
                             plan: AddressPlan = AddressPlan(), flows: [DocumentedFlow] = DocumentedFlow.allCases) throws -> [Finding] {
        try paths(ReferenceArchitecture(option: option, parameters: parameters, plan: plan), flows: flows)
    }

    /// The path checks of an already built architecture.
    public static func paths(_ arch: ReferenceArchitecture, flows: [DocumentedFlow] = DocumentedFlow.allCases) throws -> [Finding] {
        let option = arch.option
        let plan = arch.plan
        var net = arch.network
        for flow in flows {
            var spec = flow.spec(in: arch, pattern: .requestResponse(RequestResponse(
                clients: 1, thinkTime: try .constant(0.01), requestBytes: try .constant(3000),
                responseBytes: try .constant(6000), serverTime: try .constant(0.0001), timeout: .milliseconds(200))))
            spec.traced = true
            spec.packetLimit = 40
            try net.addFlow(spec)
        }
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 1, replication: 0), warmup: .zero, duration: .seconds(1))
        var findings: [Finding] = []
        var seen = Set<String>()
        for step in r.trace {
            guard case .drop(let reason) = step.operation else { continue }
            let device = net.deviceSpec(step.device).name
            let flow = flows[step.flow].rawValue
            let key = "\(reason)|\(device)|\(step.destination)|\(flow)"
            guard seen.insert(key).inserted else { continue }
            switch reason {
            case .noRoute, .ttlExpired:
                findings.append(Finding(
                    severity: .error, check: "no-route",
                    message: "flow \(flow) (\(option.rawValue)): \(device) has no route to \(step.destination)\(reason == .ttlExpired ? " (routing loop)" : "")",
                    fix: "add a route for \(step.destination) on \(device), or pick an integration option that provides it"))
            case .mtuExceeded:
                // A VXLAN frame (to a VTEP or an ESG's transit address) is lost without ICMP.
                let vxlanTargets = (1...3).map { plan.vtep($0) } + [plan.vcsESGTransit, plan.icpESGTransit]
                let silent = vxlanTargets.contains(step.destination) || !net.deviceSpec(step.device).sendsFragmentationNeeded
                findings.append(Finding(
                    severity: silent ? .error : .warning, check: "mtu",
                    message: "flow \(flow) (\(option.rawValue)): a \(step.bytes)-byte packet to \(step.destination) does not fit the MTU at \(device)"
                        + (silent ? " and is lost silently (no ICMP: a black hole)" : "; path-MTU discovery recovers, but the first full-size packets of each connection are lost"),
                    fix: silent ? "raise the MTU of the path after \(device) (VXLAN needs inner + 50 B; NSX default 1600)"
                                : "clamp the TCP MSS on the tunnel endpoints (e.g. a TCPMSS --clamp-mss-to-pmtu rule) or raise the path MTU"))
            default:
                findings.append(Finding(severity: .warning, check: "drop",
                                        message: "flow \(flow) (\(option.rawValue)): packets dropped at \(device) (\(reason))",
                                        fix: "check the configuration of \(device)"))
            }
        }
        return findings
    }
}
