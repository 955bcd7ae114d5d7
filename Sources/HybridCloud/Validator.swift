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
    /// Address-plan rules of DOMAIN.md, for an estate.
    public static func addressPlan(_ inventory: Inventory) -> [Finding] {
        let a = inventory.plan
        var findings: [Finding] = []
        // Several clusters: their names in the messages ("IKS prod pod network").
        let label = { (c: IKSCluster) in inventory.iksClusters.count == 1 ? "IKS" : "IKS \(c.name)" }
        let iksReserved = inventory.iksClusters.flatMap { c in
            [("\(label(c)) pod network", c.addresses.pods), ("\(label(c)) service network", c.addresses.services)]
        }
        let iksProvided = inventory.iksClusters.flatMap { c in
            [("\(label(c)) portable public", c.addresses.portablePublic), ("\(label(c)) portable private", c.addresses.portablePrivate),
             ("\(label(c)) worker public", c.addresses.workerPublic)]
        }
        let icpLabel = { (c: ICPCluster) in inventory.icpClusters.count == 1 ? "ICP" : "ICP \(c.name)" }
        let icpProvided = inventory.icpClusters.flatMap { c in
            [("\(icpLabel(c)) ESG portable private", c.addresses.esgPortablePrivate), ("\(icpLabel(c)) ESG portable public", c.addresses.esgPortablePublic)]
        }
        let vcsLabel = { (v: VCSInstance) in inventory.vcsInstances.count == 1 ? "VCS" : "VCS \(v.name)" }
        let vcsProvided = inventory.vcsInstances.flatMap { v in
            [("\(vcsLabel(v)) hosts", v.addresses.hostNetwork), ("\(vcsLabel(v)) ESG portable private", v.addresses.esgPortablePrivate),
             ("\(vcsLabel(v)) ESG portable public", v.addresses.esgPortablePublic)]
        }
        let ibm = iksProvided + vcsProvided + a.ibmCloudSubnets + icpProvided
            + inventory.iksClusters.flatMap { c in c.subnets.map { ("\(label(c)) worker subnet \($0.name)", $0.prefix) } }
        for c in inventory.iksClusters {
            for i in c.subnets.indices {
                for j in c.subnets.indices where j > i && c.subnets[i].prefix.overlaps(c.subnets[j].prefix) {
                    let (x, y) = (c.subnets[i], c.subnets[j])
                    findings.append(Finding(severity: .error, check: "overlap",
                                            message: "\(label(c)) worker subnets \(x.name) \(x.prefix) and \(y.name) \(y.prefix) overlap",
                                            fix: "give each worker subnet its own range"))
                }
            }
        }
        for (name, range) in ibm {
            for (reservedName, reserved) in iksReserved where range.overlaps(reserved) {
                findings.append(Finding(severity: .error, check: "overlap",
                                        message: "\(name) \(range) overlaps the \(reservedName) \(reserved)",
                                        fix: "no node that talks to workers may use a cluster's pod or service network"))
            }
        }
        let byoipRanges = inventory.vcsInstances.flatMap { v in
                [("\(vcsLabel(v)) VM network", v.addresses.vmNetwork), ("\(vcsLabel(v)) transit", v.addresses.transit)]
                    + v.segments.map { ("\(vcsLabel(v)) segment \($0.name)", $0.prefix) }
            } + inventory.stretchedNetworks.map { ($0.name == "stretched" ? "stretched network" : "stretched network \($0.name)", $0.prefix) }
            + inventory.icpClusters.flatMap { c in
                [("\(icpLabel(c)) VM network", c.addresses.vmNetwork), ("\(icpLabel(c)) transit", c.addresses.transit),
                 ("\(icpLabel(c)) pods", c.addresses.pods), ("\(icpLabel(c)) services", c.addresses.services)]
            }
        for (name, range) in byoipRanges {
            for (other, reserved) in iksReserved + ibm where range.overlaps(reserved) {
                findings.append(Finding(
                    severity: .error, check: "overlap",
                    message: "\(name) \(range) overlaps the \(other) \(reserved)",
                    fix: "choose a \(name) range outside \(reserved) (BYOIP ranges must not overlap IKS cluster ranges or IBM Cloud subnets)"))
            }
        }
        let byoip = byoipRanges
        for i in byoip.indices {
            for j in byoip.indices where j > i && byoip[i].1.overlaps(byoip[j].1) {
                findings.append(Finding(
                    severity: .error, check: "overlap",
                    message: "\(byoip[i].0) \(byoip[i].1) overlaps \(byoip[j].0) \(byoip[j].1)",
                    fix: "give each network its own range"))
            }
        }
        // (LoadBalancer addresses beyond a portable subnet are an inventory error: `Inventory.problem`.)
        return findings
    }

    /// Runs every flow briefly (requests and responses, full-size segments) and reports
    /// packets that find no route or do not fit an MTU, naming the device.
    public static func paths(_ estate: CompiledEstate, flows: [(name: String, from: FlowEndpoint, to: FlowEndpoint)]) throws -> [Finding] {
        let option = estate.option
        var net = estate.network
        for flow in flows {
            var spec = try estate.flow(flow.name, from: flow.from, to: flow.to, pattern: .requestResponse(RequestResponse(
                clients: 1, thinkTime: try .constant(0.01), requestBytes: try .constant(3000),
                responseBytes: try .constant(6000), serverTime: try .constant(0.0001), timeout: .milliseconds(200))))
            spec.traced = true
            spec.packetLimit = 40
            try net.addFlow(spec)
        }
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 1, replication: 0), warmup: .zero, duration: .seconds(1))
        var findings: [Finding] = []
        var seen = Set<String>()
        let vxlanTargets = Set(estate.inventory.vcsInstances.flatMap { v in (1...v.hosts).map { v.addresses.vtep($0) } + [v.addresses.esgTransit] }
                               + estate.inventory.icpClusters.map(\.addresses.esgTransit))
        for (i, f) in r.flows.enumerated() where f.delivered == 0 {
            findings.append(Finding(severity: .error, check: "no-delivery",
                                    message: "flow \(flows[i].name) (\(option.rawValue)): no packet reached \(flows[i].to)",
                                    fix: "check the findings above for the device that drops it, or the endpoints of the flow"))
        }
        for step in r.trace {
            guard case .drop(let reason) = step.operation else { continue }
            let device = net.deviceSpec(step.device).name
            let flow = flows[step.flow].name
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

    /// The path checks of the documented flows.
    public static func paths(_ estate: CompiledEstate, flows: [DocumentedFlow] = DocumentedFlow.allCases) throws -> [Finding] {
        try paths(estate, flows: flows.map { ($0.rawValue, $0.endpoints(in: estate.inventory).from, $0.endpoints(in: estate.inventory).to) })
    }
}
