import HybridCloud
import NetModel
import SimKernel

/// A flow of a scenario: request/response traffic from one named endpoint of the estate to
/// another (a documented flow is a preset of both ends and its default traffic).
public struct ScenarioFlow: Sendable {
    public var name: String
    public var from: FlowEndpoint
    public var to: FlowEndpoint
    public var traffic: RequestResponse

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
        try estate.flow(name, from: from, to: to, pattern: .requestResponse(traffic))
    }
}
