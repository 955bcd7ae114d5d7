import NetModel
import SimKernel

/// A failure named by the documents, at a given time. Defaults from
/// ../shared/reference/parameters.md (§3 ESG HA, §5 strongSwan restart).
public enum FailureEvent: Sendable, Equatable {
    /// The strongSwan VPN pod fails and is restarted by the cluster: the tunnel is down for
    /// the restart and the IKEv2 re-negotiation (15–30 s [Est]; default 20 s).
    case strongSwanRestart(at: SimTime, downtime: SimTime = .seconds(20))
    /// The active VCS ESG fails; the standby declares it dead (15 s default in the Web Client)
    /// and takes over (GARP, 1–3 s [Est]). Connection state is synchronised, so established
    /// connections continue afterwards.
    case esgFailover(at: SimTime, declareDead: SimTime = .seconds(15), takeover: SimTime = .seconds(2))
    /// Both directions of the link between two named devices go down, and come back.
    case linkDown(String, String, at: SimTime, duration: SimTime)
    /// An IKS worker is lost; its pods come back when it (or a replacement) is ready
    /// (node-monitor grace 40 s + eviction ≈ 5 min [Est]; default 5.5 min).
    case workerLoss(worker: Int, at: SimTime, downtime: SimTime = .seconds(330))

    public var start: SimTime {
        switch self {
        case .strongSwanRestart(let t, _), .esgFailover(let t, _, _), .linkDown(_, _, let t, _), .workerLoss(_, let t, _): return t
        }
    }

    /// When the failed part works again.
    public var end: SimTime {
        switch self {
        case .strongSwanRestart(let t, let d): return t + d
        case .esgFailover(let t, let dead, let takeover): return t + dead + takeover
        case .linkDown(_, _, let t, let d): return t + d
        case .workerLoss(_, let t, let d): return t + d
        }
    }

    public var name: String {
        switch self {
        case .strongSwanRestart: return "strongswan-restart"
        case .esgFailover: return "esg-failover"
        case .linkDown(let a, let b, _, _): return "link-down \(a)-\(b)"
        case .workerLoss(let w, _, _): return "worker-loss iks-w\(w)"
        }
    }

    /// Schedules the failure on `architecture`'s network.
    public func apply(to network: inout Network, _ architecture: ReferenceArchitecture) throws {
        func device(_ name: String) throws -> Int {
            guard let d = architecture.deviceIndex(name) else {
                throw ReferenceArchitecture.Invalid(description: "failure \(self.name): no device \(name) in this architecture")
            }
            return d
        }
        let target: Failure.Target
        switch self {
        case .strongSwanRestart:
            guard architecture.option == .strongSwanVPN else {
                throw ReferenceArchitecture.Invalid(description: "a strongSwan restart needs the strongswan-vpn option (got \(architecture.option.rawValue))")
            }
            target = .device(try device("iks-strongswan"))
        case .esgFailover: target = .device(try device("vcs-esg"))
        case .linkDown(let a, let b, _, _):
            let (x, y) = (try device(a), try device(b))
            let ab = (0..<network.channelCount).first { network.channelEnds($0) == (x, y) }
            let ba = (0..<network.channelCount).first { network.channelEnds($0) == (y, x) }
            guard let ab, let ba else {
                throw ReferenceArchitecture.Invalid(description: "failure \(self.name): no link between \(a) and \(b)")
            }
            target = .link(ab, ba)
        case .workerLoss(let w, _, _):
            guard (1...3).contains(w) else { throw ReferenceArchitecture.Invalid(description: "worker \(w) does not exist (1...3)") }
            target = .device(try device("iks-w\(w)"))
        }
        try network.schedule(Failure(at: start, target, up: false))
        try network.schedule(Failure(at: end, target, up: true))
    }
}

/// What a failure did to each flow.
public struct FlowOutage: Sendable {
    public let flow: DocumentedFlow
    /// Packets of the flow lost during the run.
    public let packetsLost: Int
    /// Transactions abandoned (timed out).
    public let failedTransactions: Int
    /// Longest interval without any delivery for the flow.
    public let outage: SimTime
    /// When that interval began.
    public let outageStart: SimTime
    /// From the repair to the flow's first delivery after it (nil: none before the end).
    public let recovery: SimTime?
}

/// Runs the five documented flows through one failure and measures each flow's outage.
public struct FailureExperiment: Sendable {
    public var option: IntegrationOption
    public var event: FailureEvent
    public var parameters = ArchitectureParameters()
    public var duration: SimTime
    public var seed: UInt64 = 20_261_121

    public init(option: IntegrationOption, event: FailureEvent, duration: SimTime? = nil) {
        self.option = option
        self.event = event
        self.duration = duration ?? (event.end + .seconds(10))
    }

    public func run() throws -> [FlowOutage] {
        let arch = try ReferenceArchitecture(option: option, parameters: parameters)
        var net = arch.network
        for flow in DocumentedFlow.documented { try net.addFlow(flow.spec(in: arch)) }
        try event.apply(to: &net, arch)
        net.recoveryProbe = event.end
        let r = try net.run(streams: RandomStreamFactory(masterSeed: seed, replication: 0), warmup: .zero, duration: duration)
        return DocumentedFlow.documented.enumerated().map { i, flow in
            let f = r.flows[i]
            return FlowOutage(flow: flow, packetsLost: f.dropped, failedTransactions: f.failedTransactions,
                              outage: f.longestGap, outageStart: f.longestGapStart,
                              recovery: f.firstDeliveryAfterProbe.map { $0 - event.end })
        }
    }
}
