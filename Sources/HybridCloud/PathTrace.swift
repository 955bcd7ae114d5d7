import Foundation
import NetModel
import Reports
import SimKernel

/// The path of one packet of a flow on an idle network, step by step
/// (`hybridsim trace`).
public struct PathTrace: Sendable {
    public struct Row: Sendable, Equatable {
        public let step: Int
        public let device: String
        public let kind: DeviceKind
        /// route, forward, snat, dnat, vxlan-encap, vxlan-decap, ipip-encap, ipip-decap,
        /// esp-encrypt, esp-decrypt, l2c-encap, l2c-decap, deliver, or drop:<reason>.
        public let operation: String
        /// IP packet size after the operation (headers included, link framing excluded).
        public let wireBytes: Int
        /// Time since the packet was sent, when it leaves the device, microseconds.
        public let cumulativeMicroseconds: Double
    }

    /// The flow's name.
    public let flow: String
    public let option: IntegrationOption
    public let rows: [Row]

    /// True when the packet reached its destination.
    public var delivered: Bool { rows.last?.operation == "deliver" }

    /// Sends one request packet of `payloadBytes` of a documented flow through the reference
    /// inventory (or `inventory`) and records its path.
    public init(flow: DocumentedFlow, option: IntegrationOption, inventory: Inventory = .reference, payloadBytes: Int = 100) throws {
        let estate = try CompiledEstate(inventory, option: option)
        try self.init(flow.rawValue, from: flow.endpoints(in: estate.inventory).from, to: flow.endpoints(in: estate.inventory).to, in: estate, payloadBytes: payloadBytes)
    }

    /// Sends one request packet of `payloadBytes` from `from` to `to` in `estate` and records its path.
    public init(_ name: String, from: FlowEndpoint, to: FlowEndpoint, in estate: CompiledEstate, payloadBytes: Int = 100) throws {
        var net = estate.network
        var spec = try estate.flow(name, from: from, to: to,
                                   pattern: .trace(try TraceReplay(times: [.zero], packetBytes: [payloadBytes + 40])))
        spec.traced = true
        spec.dontFragment = true
        try net.addFlow(spec)
        let result = try net.run(streams: RandomStreamFactory(masterSeed: 1, replication: 0), warmup: .zero, duration: .seconds(1))
        var rows: [Row] = []
        for (i, step) in result.trace.enumerated() {
            let kind = estate.kind(of: step.device)
            rows.append(Row(step: i + 1, device: net.deviceSpec(step.device).name, kind: kind,
                            operation: PathTrace.name(step.operation, kind: kind), wireBytes: step.bytes,
                            cumulativeMicroseconds: step.time.microseconds))
        }
        self.flow = name
        self.option = estate.option
        self.rows = rows
    }

    static func name(_ op: TraceOperation, kind: DeviceKind) -> String {
        switch op {
        case .route: return kind.forwardsOnly ? "forward" : "route"
        case .deliver: return "deliver"
        case .sourceNAT: return "snat"
        case .destinationNAT: return "dnat"
        case .encapsulate(let d):
            switch d {
            case .vxlan: return "vxlan-encap"
            case .ipInIP: return "ipip-encap"
            case .esp: return "esp-encrypt"
            case .l2Concentrator: return "l2c-encap"
            case .none: return "encap"
            }
        case .decapsulate(let d):
            switch d {
            case .vxlan: return "vxlan-decap"
            case .ipInIP: return "ipip-decap"
            case .esp: return "esp-decrypt"
            case .l2Concentrator: return "l2c-decap"
            case .none: return "decap"
            }
        case .drop(let r): return "drop:\(r)"
        }
    }

    /// The steps as a report table (`hybridsim trace`): step, device, kind, operation,
    /// wire_bytes, cumulative_us; keyed by flow and option.
    public var reportTable: Report.Table {
        Report.Table(
            title: "\(flow), option \(option.rawValue)" + (delivered ? "" : " (NOT delivered)"),
            keys: [Report.Field("flow", flow), Report.Field("option", option.rawValue)],
            columns: [Report.Column("step", "step"), Report.Column("device", "device", rightAligned: false),
                      Report.Column("kind", "kind", rightAligned: false), Report.Column("operation", "operation", rightAligned: false),
                      Report.Column("wire_bytes", "wire_bytes"), Report.Column("cumulative_us", "cumulative_us")],
            rows: rows.map { [.number(Double($0.step), decimals: 0), .text($0.device), .text($0.kind.rawValue), .text($0.operation),
                              .number(Double($0.wireBytes), decimals: 0), .number($0.cumulativeMicroseconds, decimals: 3)] })
    }
}
