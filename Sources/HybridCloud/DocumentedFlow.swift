import NetModel
import SimKernel

/// The five traffic flows documented in ../shared/DOMAIN.md, as presets.
public enum DocumentedFlow: String, Sendable, CaseIterable {
    case internetToIKSWeb = "internet-to-iks-web"
    case internetToICPWeb = "internet-to-icp-web"
    case iksWebToVCSDB = "iks-web-to-vcs-db"
    case icpWebToVCSDB = "icp-web-to-vcs-db"
    case enterpriseToVCSVM = "enterprise-to-vcs-vm"
    /// IKS <-> ICP through the strongSwan pods of both clusters (not one of the five flows of
    /// the documents' traffic-flow section, but their stated way to join the two clusters).
    case iksWebToICPWeb = "iks-web-to-icp-web"

    /// The five documented traffic flows.
    public static let documented: [DocumentedFlow] = [.internetToIKSWeb, .internetToICPWeb, .iksWebToVCSDB, .icpWebToVCSDB, .enterpriseToVCSVM]

    /// The two ends of the flow in `inventory`: "IKS" is its first IKS cluster.
    public func endpoints(in inventory: Inventory) -> (from: FlowEndpoint, to: FlowEndpoint) {
        let iks = inventory.iks.name, icp = inventory.icp.name
        switch self {
        case .internetToIKSWeb: return (.internet, .ingress(iks))
        case .internetToICPWeb: return (.internet, .ingress(icp))
        case .iksWebToVCSDB: return (.workload(cluster: iks, name: "web"), .vm("db-vm"))
        case .icpWebToVCSDB: return (.workload(cluster: icp, name: "web"), .vm("db-vm"))
        case .enterpriseToVCSVM:
            // From the site the stretched network reaches.
            let site = inventory.stretchingSite.flatMap { $0 == inventory.enterprise ? nil : $0.name }
            return (.enterprise(site: site), .vm("stretched-vm"))
        case .iksWebToICPWeb: return (.workload(cluster: iks, name: "web"), .workload(cluster: icp, name: "web"))
        }
    }

    /// A distribution with literal parameters: they are valid, so a failure is a programming
    /// error (the tests run every preset).
    static func literal(_ make: () throws -> Distribution) -> Distribution {
        do { return try make() } catch { preconditionFailure("invalid literal distribution: \(error)") }
    }

    /// Default traffic: web requests with responses, or the web tier querying the database
    /// (sizes in bytes, times in seconds).
    public var defaultTraffic: RequestResponse {
        // Valid parameters by construction.
        switch self {
        case .internetToIKSWeb, .internetToICPWeb:
            return RequestResponse(clients: 20, thinkTime: Self.literal { try .exponential(mean: 0.1) }, requestBytes: Self.literal { try .constant(500) },
                                   responseBytes: Self.literal { try .lognormal(mean: 20_000, stdev: 20_000) },
                                   serverTime: Self.literal { try .exponential(mean: 0.002) }, timeout: .seconds(2))
        case .iksWebToVCSDB, .icpWebToVCSDB, .iksWebToICPWeb:
            return RequestResponse(clients: 10, thinkTime: Self.literal { try .exponential(mean: 0.01) }, requestBytes: Self.literal { try .constant(300) },
                                   responseBytes: Self.literal { try .lognormal(mean: 4_000, stdev: 8_000) },
                                   serverTime: Self.literal { try .lognormal(mean: 0.001, stdev: 0.002) }, timeout: .seconds(1))
        case .enterpriseToVCSVM:
            return RequestResponse(clients: 10, thinkTime: Self.literal { try .exponential(mean: 0.2) }, requestBytes: Self.literal { try .constant(400) },
                                   responseBytes: Self.literal { try .lognormal(mean: 50_000, stdev: 50_000) },
                                   serverTime: Self.literal { try .exponential(mean: 0.005) }, timeout: .seconds(2))
        }
    }

    /// The flow in `estate`, with `pattern` (its default traffic unless given).
    public func spec(in estate: CompiledEstate, pattern: TrafficPattern? = nil) throws -> FlowSpec {
        let (from, to) = endpoints(in: estate.inventory)
        return try estate.flow(rawValue, from: from, to: to, pattern: pattern ?? .requestResponse(defaultTraffic))
    }

    /// The kinds of device the request passes, in order, as DOMAIN.md describes the flow
    /// (other devices may come in between).
    public func documentedKinds(_ option: IntegrationOption) -> [DeviceKind] {
        switch self {
        case .internetToIKSWeb: return [.user, .internet, .publicNetwork, .worker, .alb, .kubeProxy, .pod]
        case .internetToICPWeb: return [.user, .internet, .publicNetwork, .esxiHost, .esg, .alb, .kubeProxy, .pod]
        case .iksWebToVCSDB:
            switch option {
            case .commonVLAN: return [.pod, .calicoVRouter, .worker, .esg, .dlr, .vxlanSwitch, .vm]
            case .strongSwanVPN: return [.pod, .strongswan, .worker, .bcr, .esg, .dlr, .vxlanSwitch, .vm]
            case .staticNAT, .bgpPeering: return [.pod, .calicoVRouter, .worker, .bcr, .esg, .dlr, .vxlanSwitch, .vm]
            }
        case .icpWebToVCSDB: return [.pod, .calicoVRouter, .worker, .esg, .dlr, .vxlanSwitch, .vm]
        case .enterpriseToVCSVM:
            return [.user, .onPremRouter, .l2Concentrator, .wan, .xcr, .bcr, .l2Concentrator, .vxlanSwitch, .vm]
        case .iksWebToICPWeb: return [.pod, .strongswan, .worker, .bcr, .esxiHost, .esg, .calicoVRouter, .strongswan, .calicoVRouter, .pod]
        }
    }
}
