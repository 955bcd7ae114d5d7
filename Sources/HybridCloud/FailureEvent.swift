import NetModel
import SimKernel

/// A failure named by the documents, at a given time. Defaults from
/// ../shared/reference/parameters.md (§3 ESG HA, §5 strongSwan restart).
public enum FailureEvent: Sendable, Equatable {
    /// The strongSwan VPN pod fails and is restarted by the cluster: down for the restart and
    /// the IKEv2 re-negotiation (15–30 s [Est]; default 20 s). Where the pod only responds
    /// (`ipsec.auto: add`), a tunnel is back only when its far end's dead-peer detection has
    /// declared the pod dead and re-initiated (`FailurePlanner.ipsecAfterPodRestart`).
    /// `cluster`: the IKS or ICP cluster whose pod fails (nil: the first IKS cluster).
    case strongSwanRestart(at: SimTime, downtime: SimTime = .seconds(20), cluster: String? = nil)
    /// The active appliance of a VCS instance's ESG fails (`instance`: its name, or an ICP
    /// cluster's name for that cluster's ESG; nil: the first VCS instance). The standby declares it dead and takes over its addresses on its own host
    /// (`RecoveryTimers`); connection state is synchronised, IPsec SAs and learned BGP routes
    /// are not (the control plane re-establishes them: `FailurePlanner`).
    case esgFailover(at: SimTime, declareDead: SimTime = .seconds(15), takeover: SimTime = .seconds(2), instance: String? = nil)
    /// An ESXi host of a VCS instance fails (nil `instance`: the first): everything on it
    /// stops; vSphere HA restarts its VMs on the next host after detection and boot; an ESG
    /// active there fails over to its standby. The host itself returns after `downtime`
    /// (nil: not within the run).
    case hostFailure(host: Int, at: SimTime, downtime: SimTime? = nil, instance: String? = nil)
    /// Both directions of the link between two named devices go down, and come back.
    case linkDown(String, String, at: SimTime, duration: SimTime)
    /// A named device (an L2 concentrator appliance, a router, a pod) stops for `duration`
    /// with no recovery mechanism of its own: what crossed it is lost until it is back.
    case deviceDown(String, at: SimTime, duration: SimTime)
    /// An IKS worker is lost; its pods come back when it (or a replacement) is ready
    /// (node-monitor grace 40 s + eviction ≈ 5 min [Est]; default 5.5 min). After
    /// `endpointRemoval` (the node-monitor grace period, 40 s: kube-controller-manager's
    /// `--node-monitor-grace-period` default) the node is NotReady and its pods' endpoints
    /// leave every Service, so new connections go to the other replicas. `cluster`: the IKS
    /// or ICP cluster of the worker (nil: the first IKS cluster).
    case workerLoss(worker: Int, at: SimTime, downtime: SimTime = .seconds(330), endpointRemoval: SimTime = .seconds(40), cluster: String? = nil)

    public var start: SimTime {
        switch self {
        case .strongSwanRestart(let t, _, _), .esgFailover(let t, _, _, _), .linkDown(_, _, let t, _), .workerLoss(_, let t, _, _, _),
             .hostFailure(_, let t, _, _), .deviceDown(_, let t, _): return t
        }
    }

    /// When the failed part works again (with the standard recovery timers).
    public var end: SimTime { end(timers: .standard) }

    /// When the failed part works again: a host that does not return within the run has its
    /// VMs back after `timers`' detection and boot.
    public func end(timers: RecoveryTimers) -> SimTime {
        switch self {
        case .strongSwanRestart(let t, let d, _): return t + d
        case .esgFailover(let t, let dead, let takeover, _): return t + dead + takeover
        case .hostFailure(_, let t, let d, _): return t + (d ?? timers.hostFailureDetection + timers.vmBoot)
        case .linkDown(_, _, let t, let d), .deviceDown(_, let t, let d): return t + d
        case .workerLoss(_, let t, let d, _, _): return t + d
        }
    }

    public var name: String {
        switch self {
        case .strongSwanRestart(_, _, let c): return "strongswan-restart\(c.map { " " + $0 } ?? "")"
        case .esgFailover(_, _, _, let i): return "esg-failover\(i.map { " " + $0 } ?? "")"
        case .hostFailure(let h, _, _, let i): return "host-failure \(DeviceName.esxi(i ?? "vcs", h))"
        case .linkDown(let a, let b, _, _): return "link-down \(a)-\(b)"
        case .deviceDown(let d, _, _): return "device-down \(d)"
        case .workerLoss(let w, _, _, _, let c): return "worker-loss \(c.map { DeviceName.worker($0, w) } ?? "worker \(w)")"
        }
    }
}

/// What a failure did to each flow.
public struct FlowOutage: Sendable {
    public let flow: String
    /// A packet of the flow was lost to the failure (decided by the packets the failed
    /// parts and withdrawn routes dropped, not by gaps in its traffic).
    public let affected: Bool
    /// Packets of the flow lost during the run.
    public let packetsLost: Int
    /// Transactions abandoned (timed out).
    public let failedTransactions: Int
    /// Total time without service: the intervals between deliveries in which a packet was
    /// lost to the failure (zero for a flow it did not touch).
    public let outage: SimTime
    /// From the failure to the delivery that ended the last such interval (nil: not
    /// recovered before the end of the run; zero when not affected).
    public let recovery: SimTime?

    public init(flow: String, affected: Bool, packetsLost: Int, failedTransactions: Int, outage: SimTime, recovery: SimTime?) {
        self.flow = flow
        self.affected = affected
        self.packetsLost = packetsLost
        self.failedTransactions = failedTransactions
        self.outage = outage
        self.recovery = recovery
    }
}

/// Runs flows through one failure and measures each flow's outage.
public struct FailureExperiment: Sendable {
    public var option: IntegrationOption
    public var event: FailureEvent
    public var inventory = Inventory.reference
    /// The flows (name, ends, how the source sends); the five documented flows by default.
    public var flows: [(name: String, from: FlowEndpoint, to: FlowEndpoint, pattern: TrafficPattern)] =
        DocumentedFlow.documented.map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, .requestResponse($0.defaultTraffic)) }
    /// How long the run goes on after the last change the failure schedules (nil: 10 s).
    public var settle: SimTime = .seconds(10)
    public var timers = RecoveryTimers.standard
    public var seed: UInt64 = 20_261_121

    public init(option: IntegrationOption, event: FailureEvent) {
        self.option = option
        self.event = event
    }

    /// The network with the flows and the failure, and the run's length.
    public func network() throws -> (Network, SimTime) {
        let estate = try CompiledEstate(inventory, option: option)
        var net = estate.network
        for f in flows { try net.addFlow(estate.flow(f.name, from: f.from, to: f.to, pattern: f.pattern)) }
        let last = try event.apply(to: &net, estate, timers: timers)
        return (net, max(last, event.end(timers: timers)) + settle)
    }

    /// One replication.
    public func run(replication: Int = 0) throws -> [FlowOutage] {
        let (net, duration) = try network()
        return try Self.outages(net, duration: duration, event: event, flows: flows.map(\.name), seed: seed, replication: replication)
    }

    /// Runs `net` (built by `network()`) once and reads each flow's outage.
    public static func outages(_ net: Network, duration: SimTime, event: FailureEvent, flows: [String], seed: UInt64, replication: Int) throws -> [FlowOutage] {
        let r = try net.run(streams: RandomStreamFactory(masterSeed: seed, replication: replication), warmup: .zero, duration: duration)
        return flows.enumerated().map { i, name in
            let f = r.flows[i]
            return FlowOutage(flow: name, affected: f.affectedByFailure, packetsLost: f.dropped, failedTransactions: f.failedTransactions,
                              outage: f.outage, recovery: f.affectedByFailure ? f.recoveredAt.map { $0 - event.start } : .zero)
        }
    }
}
