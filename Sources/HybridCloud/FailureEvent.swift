import NetModel
import SimKernel

/// A failure named by the documents, at a given time. Defaults from
/// ../shared/reference/parameters.md (§3 ESG HA, §5 strongSwan restart).
public enum FailureEvent: Sendable, Equatable {
    /// The strongSwan VPN pod fails and is restarted by the cluster: the tunnel is down for
    /// the restart and the IKEv2 re-negotiation (15–30 s [Est]; default 20 s). `cluster`: the
    /// IKS cluster whose pod fails (nil: the first).
    case strongSwanRestart(at: SimTime, downtime: SimTime = .seconds(20), cluster: String? = nil)
    /// The active VCS ESG fails; the standby declares it dead (15 s default in the Web Client)
    /// and takes over (GARP, 1–3 s [Est]). Connection state is synchronised, so established
    /// connections continue afterwards.
    case esgFailover(at: SimTime, declareDead: SimTime = .seconds(15), takeover: SimTime = .seconds(2))
    /// Both directions of the link between two named devices go down, and come back.
    case linkDown(String, String, at: SimTime, duration: SimTime)
    /// An IKS worker is lost; its pods come back when it (or a replacement) is ready
    /// (node-monitor grace 40 s + eviction ≈ 5 min [Est]; default 5.5 min). After
    /// `endpointRemoval` (the node-monitor grace period, 40 s: kube-controller-manager's
    /// `--node-monitor-grace-period` default) the node is NotReady and its pods' endpoints
    /// leave every Service, so new connections go to the other replicas. `cluster`: the IKS
    /// cluster of the worker (nil: the first).
    case workerLoss(worker: Int, at: SimTime, downtime: SimTime = .seconds(330), endpointRemoval: SimTime = .seconds(40), cluster: String? = nil)

    public var start: SimTime {
        switch self {
        case .strongSwanRestart(let t, _, _), .esgFailover(let t, _, _), .linkDown(_, _, let t, _), .workerLoss(_, let t, _, _, _): return t
        }
    }

    /// When the failed part works again.
    public var end: SimTime {
        switch self {
        case .strongSwanRestart(let t, let d, _): return t + d
        case .esgFailover(let t, let dead, let takeover): return t + dead + takeover
        case .linkDown(_, _, let t, let d): return t + d
        case .workerLoss(_, let t, let d, _, _): return t + d
        }
    }

    public var name: String {
        switch self {
        case .strongSwanRestart(_, _, let c): return "strongswan-restart\(c.map { " " + $0 } ?? "")"
        case .esgFailover: return "esg-failover"
        case .linkDown(let a, let b, _, _): return "link-down \(a)-\(b)"
        case .workerLoss(let w, _, _, _, let c): return "worker-loss \(c.map { DeviceName.worker($0, w) } ?? "worker \(w)")"
        }
    }

    /// Schedules the failure on `estate`'s network.
    public func apply(to network: inout Network, _ estate: CompiledEstate) throws {
        func invalid(_ message: String) -> CompiledEstate.Invalid { CompiledEstate.Invalid(description: "failure \(self.name): \(message)") }
        func device(_ name: String) throws -> Int {
            guard let d = estate.deviceIndex(name) else { throw invalid("no device \(name) in this estate") }
            return d
        }
        func cluster(_ name: String?) throws -> IKSCluster {
            guard let name else { return estate.inventory.iks }
            guard let c = estate.inventory.iksCluster(named: name) else {
                throw invalid("no IKS cluster \(name) (\(estate.inventory.iksClusters.map(\.name).joined(separator: ", ")))")
            }
            return c
        }
        var targets: [Failure.Target] = []
        switch self {
        case .strongSwanRestart(_, _, let c):
            let iks = try cluster(c)
            targets = [.device(try device(DeviceName.strongSwan(iks.name)))]
        case .esgFailover:
            let esg = estate.inventory.vcs.esg
            guard esg.standby != .none else {
                throw invalid("the VCS ESG \(esg.name) is a single appliance (vcs.esg.standby-host: none), so it has no standby to fail over to; give it a standby-host")
            }
            targets = [.device(try device(esg.name))]
        case .linkDown(let a, let b, _, _):
            let (x, y) = (try device(a), try device(b))
            let ab = (0..<network.channelCount).first { network.channelEnds($0) == (x, y) }
            let ba = (0..<network.channelCount).first { network.channelEnds($0) == (y, x) }
            guard let ab, let ba else { throw invalid("no link between \(a) and \(b)") }
            targets = [.link(ab, ba)]
        case .workerLoss(let w, let t, let downtime, let removal, let c):
            let iks = try cluster(c)
            let n = iks.workerCount
            guard (1...n).contains(w) else { throw invalid("worker \(w) does not exist in cluster \(iks.name) (1...\(n))") }
            let worker = DeviceName.worker(iks.name, w)
            // The node and everything on it: vRouter, kube-proxy and its pods.
            var names = [worker, DeviceName.vRouter(worker), DeviceName.kubeProxy(worker)]
            let pods = estate.registry.pods.filter { $0.key.hasPrefix("\(iks.name)/") }.values.flatMap { $0 }.filter { $0.worker == w }
                .sorted { $0.device < $1.device }
            names += pods.map(\.device)
            targets = try names.map { .device(try device($0)) }
            if removal < downtime {
                for p in pods where (0..<network.deviceCount).contains(where: { network.deviceSpec($0).connections?.balances(to: p.address) == true }) {
                    try network.schedule(Failure(at: t + removal, .endpoint(p.address), up: false))
                    try network.schedule(Failure(at: t + downtime, .endpoint(p.address), up: true))
                }
            }
        }
        for target in targets {
            try network.schedule(Failure(at: start, target, up: false))
            try network.schedule(Failure(at: end, target, up: true))
        }
    }
}

/// What a failure did to each flow.
public struct FlowOutage: Sendable {
    public let flow: String
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

/// Runs flows through one failure and measures each flow's outage.
public struct FailureExperiment: Sendable {
    public var option: IntegrationOption
    public var event: FailureEvent
    public var inventory = Inventory.reference
    /// The flows (name, ends, traffic); the five documented flows by default.
    public var flows: [(name: String, from: FlowEndpoint, to: FlowEndpoint, traffic: RequestResponse)] =
        DocumentedFlow.documented.map { ($0.rawValue, $0.endpoints(in: .reference).from, $0.endpoints(in: .reference).to, $0.defaultTraffic) }
    public var duration: SimTime
    public var seed: UInt64 = 20_261_121

    public init(option: IntegrationOption, event: FailureEvent, duration: SimTime? = nil) {
        self.option = option
        self.event = event
        self.duration = duration ?? (event.end + .seconds(10))
    }

    public func run() throws -> [FlowOutage] {
        let estate = try CompiledEstate(inventory, option: option)
        var net = estate.network
        for f in flows { try net.addFlow(estate.flow(f.name, from: f.from, to: f.to, pattern: .requestResponse(f.traffic))) }
        try event.apply(to: &net, estate)
        net.recoveryProbe = event.end
        let r = try net.run(streams: RandomStreamFactory(masterSeed: seed, replication: 0), warmup: .zero, duration: duration)
        return flows.enumerated().map { i, flow in
            let f = r.flows[i]
            return FlowOutage(flow: flow.name, packetsLost: f.dropped, failedTransactions: f.failedTransactions,
                              outage: f.longestGap, outageStart: f.longestGapStart,
                              recovery: f.firstDeliveryAfterProbe.map { $0 - event.end })
        }
    }
}
