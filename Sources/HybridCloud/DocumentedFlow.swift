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

    /// The device that sends the requests, and where they go.
    public struct Endpoints: Sendable {
        public let sourceDevice: String
        public let source: IPv4Address
        public let destination: IPv4Address
        public let port: UInt16
        /// The connection's MSS: TCP uses the smaller of the two ends' MSS, and a pod's is
        /// 1440 (Calico's 1480 MTU minus 40); nil = 1460 (a 1500 MTU at both ends).
        public let mss: Int?
    }

    public func endpoints(_ a: AddressPlan, _ p: ArchitectureParameters, _ option: IntegrationOption) -> Endpoints {
        switch self {
        case .internetToIKSWeb: return Endpoints(sourceDevice: "user", source: a.user, destination: a.iksALBPublic, port: 443, mss: 1440)
        case .internetToICPWeb: return Endpoints(sourceDevice: "user", source: a.user, destination: a.icpESGPublic, port: 443, mss: 1440)
        case .iksWebToVCSDB:
            var destination = option == .staticNAT ? a.databaseNAT : a.database
            if option == .strongSwanVPN, case .remoteSubnetNAT(let seen) = p.strongSwanAddressing {
                destination = IPv4Address(seen.network.value | (a.database.value & ~seen.mask))
            }
            return Endpoints(sourceDevice: "iks-web", source: a.iksWebPod(p.iksWebWorker),
                             destination: destination, port: 5432, mss: 1440)
        case .icpWebToVCSDB:
            return Endpoints(sourceDevice: "icp-web", source: a.icpWebPod, destination: a.database, port: 5432, mss: 1440)
        case .enterpriseToVCSVM:
            return Endpoints(sourceDevice: "enterprise-user", source: a.enterpriseUser, destination: a.stretchedVM, port: 443, mss: nil)
        case .iksWebToICPWeb:
            return Endpoints(sourceDevice: "iks-web", source: a.iksWebPod(p.iksWebWorker), destination: a.icpWebPod, port: 8080, mss: 1440)
        }
    }

    /// Default traffic: web requests with responses, or the web tier querying the database
    /// (sizes in bytes, times in seconds).
    public var defaultTraffic: RequestResponse {
        // Valid parameters by construction.
        switch self {
        case .internetToIKSWeb, .internetToICPWeb:
            return RequestResponse(clients: 20, thinkTime: try! .exponential(mean: 0.1), requestBytes: try! .constant(500),
                                   responseBytes: try! .lognormal(mean: 20_000, stdev: 20_000),
                                   serverTime: try! .exponential(mean: 0.002), timeout: .seconds(2))
        case .iksWebToVCSDB, .icpWebToVCSDB, .iksWebToICPWeb:
            return RequestResponse(clients: 10, thinkTime: try! .exponential(mean: 0.01), requestBytes: try! .constant(300),
                                   responseBytes: try! .lognormal(mean: 4_000, stdev: 8_000),
                                   serverTime: try! .lognormal(mean: 0.001, stdev: 0.002), timeout: .seconds(1))
        case .enterpriseToVCSVM:
            return RequestResponse(clients: 10, thinkTime: try! .exponential(mean: 0.2), requestBytes: try! .constant(400),
                                   responseBytes: try! .lognormal(mean: 50_000, stdev: 50_000),
                                   serverTime: try! .exponential(mean: 0.005), timeout: .seconds(2))
        }
    }

    /// The flow in `architecture`, with `pattern` (its default traffic unless given).
    public func spec(in architecture: ReferenceArchitecture, pattern: TrafficPattern? = nil) -> FlowSpec {
        let e = endpoints(architecture.plan, architecture.parameters, architecture.option)
        var spec = FlowSpec(name: rawValue, sourceDevice: architecture.deviceIndex(e.sourceDevice)!, sourceAddress: e.source,
                            destinationAddress: e.destination, transport: .tcp, sourcePort: 40_000, destinationPort: e.port,
                            pattern: pattern ?? .requestResponse(defaultTraffic))
        spec.maximumSegment = e.mss
        return spec
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
