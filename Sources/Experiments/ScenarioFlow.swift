import HybridCloud
import NetModel
import SimKernel

/// A flow of a scenario: request/response traffic, or a TCP bulk transfer, from one named
/// endpoint of the estate to another (a documented flow is a preset of both ends and its
/// default traffic).
public struct ScenarioFlow: Sendable {
    public var name: String
    public var from: FlowEndpoint
    public var to: FlowEndpoint
    public var traffic: RequestResponse
    /// When set, the flow is this TCP bulk transfer (`traffic: bulk`) instead of `traffic`.
    public var bulk: BulkTransfer? = nil
    /// The client's source port (default 40000); parallel streams between the same ends
    /// need their own (as `hybridsim calibrate` gives them).
    public var sourcePort: UInt16? = nil
    /// The DNS resolver when it is an endpoint of the estate (`traffic.dns` holds its TTL).
    public var resolver: FlowEndpoint? = nil

    /// Segments in flight of a bulk transfer when the scenario gives no `window`: 512 × 1,448 B
    /// ≈ 740 kB, below Linux's receive-buffer ceiling (tcp_rmem max 6 MB) and above the
    /// bandwidth-delay product of every path of the estate at 10 Gbit/s and ≤ 0.5 ms RTT [Est],
    /// so that one stream reaches its bottleneck's ceiling without filling a 1,000-packet buffer.
    public static let bulkWindow = 512

    /// How the flow's source sends.
    public var pattern: TrafficPattern { bulk.map { .bulk($0) } ?? .requestResponse(traffic) }

    public init(name: String, from: FlowEndpoint, to: FlowEndpoint, traffic: RequestResponse) {
        self.name = name
        self.from = from
        self.to = to
        self.traffic = traffic
    }

    /// A documented flow with its default traffic, between its ends in `inventory`.
    public init(preset: DocumentedFlow, in inventory: Inventory) {
        let ends = preset.endpoints(in: inventory)
        self.init(name: preset.rawValue, from: ends.from, to: ends.to, traffic: preset.defaultTraffic)
    }

    /// Traffic of a flow between endpoints when the scenario gives none: web requests
    /// (the documented internet flows' default).
    public static var defaultTraffic: RequestResponse { DocumentedFlow.internetToIKSWeb.defaultTraffic }

    /// The flow's spec in `estate`.
    public func spec(in estate: CompiledEstate) throws -> FlowSpec {
        var p = pattern
        if let resolver, case .requestResponse(var rr) = p, rr.dns != nil {
            rr.dns!.resolver = try estate.destination(resolver, from: from).address
            p = .requestResponse(rr)
        }
        var spec = try estate.flow(name, from: from, to: to, pattern: p)
        if let sourcePort { spec.sourcePort = sourcePort }
        return spec
    }
}
