import NetModel
import SimKernel

extension FailureEvent {
    /// Schedules the failure on `estate`'s network, with what the control plane does about
    /// it: HA takeover (the standby's placement as route changes), BGP withdrawal and
    /// re-establishment by the sessions' timers, IPsec SAs lost and re-negotiated, vSphere HA
    /// restarts. Returns the time of the last change it scheduled (when every mechanism has
    /// run).
    @discardableResult
    public func apply(to network: inout Network, _ estate: CompiledEstate, timers: RecoveryTimers = .standard) throws -> SimTime {
        var p = FailurePlanner(estate: estate, network: network, timers: timers, name: name)
        try p.plan(self)
        try p.schedule()
        network = p.wiring.network
        return p.last
    }
}

/// Turns one `FailureEvent` into the timed primitive changes of `NetModel.Failure`.
struct FailurePlanner {
    let estate: CompiledEstate
    var wiring: Rewiring
    let timers: RecoveryTimers
    let name: String
    var items: [Failure] = []
    var last: SimTime = .zero
    /// The inventory as the failure has re-placed it so far (HA takeovers, restarts).
    var moved: Inventory
    /// The routes the placement changes have set, by key (nil action: withdrawn).
    var placed: [RouteKey: RouteAction?] = [:]
    var inv: Inventory { estate.inventory }

    init(estate: CompiledEstate, network: Network, timers: RecoveryTimers, name: String) {
        self.estate = estate
        wiring = Rewiring(network)
        self.timers = timers
        self.name = name
        moved = estate.inventory
    }

    func invalid(_ message: String) -> CompiledEstate.Invalid { CompiledEstate.Invalid(description: "failure \(name): \(message)") }

    func device(_ name: String) throws -> Int {
        guard let d = estate.deviceIndex(name) else { throw invalid("no device \(name) in this estate") }
        return d
    }

    /// Forwarding from device `a` to its neighbour `b`.
    func forward(_ a: String, to b: String) throws -> RouteAction {
        let (x, y) = (try device(a), try device(b))
        let net = wiring.network
        guard let c = (0..<net.channelCount).first(where: { net.channelEnds($0) == (x, y) }) else { throw invalid("no link from \(a) to \(b)") }
        return .forward(channel: c)
    }

    mutating func add(_ f: Failure) {
        items.append(f)
        last = max(last, min(f.time + f.jitter, f.latest))
    }

    mutating func down(_ names: [String], from t: SimTime, until end: SimTime?) throws {
        for n in names {
            let d = try device(n)
            add(Failure(at: t, .device(d), up: false))
            if let end { add(Failure(at: end, .device(d), up: true)) }
        }
    }

    mutating func route(_ c: RouteChange, at t: SimTime, jitter: SimTime = .zero, latest: SimTime = .max, phase: String? = nil) {
        var f = Failure(at: t, .route(device: c.device, prefix: c.prefix, action: c.action), up: c.action != nil, jitter: jitter, latest: latest)
        f.phase = phase
        add(f)
    }

    mutating func schedule() throws {
        // Stable by time: at one instant, changes apply in the order they were planned.
        let ordered = items.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        for f in ordered { try wiring.network.schedule(f) }
    }

    func vcsIndex(_ name: String?) throws -> Int {
        guard let name else { return 0 }
        guard let i = inv.vcsInstances.firstIndex(where: { $0.name == name }) else {
            throw invalid("no VCS instance \(name) (\(inv.vcsInstances.map(\.name).joined(separator: ", ")))")
        }
        return i
    }

    /// The IKS or ICP cluster named `name` (nil: the first IKS cluster): its name and number
    /// of workers.
    func kubernetesCluster(_ name: String?) throws -> (name: String, workers: Int) {
        guard let name else { return (inv.iks.name, inv.iks.workerCount) }
        if let c = inv.iksCluster(named: name) { return (c.name, c.workerCount) }
        if let c = inv.icpCluster(named: name) { return (c.name, c.workerCount) }
        let all = inv.iksClusters.map(\.name) + inv.icpClusters.map(\.name)
        throw invalid("no IKS or ICP cluster \(name) (\(all.joined(separator: ", ")))")
    }

    mutating func plan(_ event: FailureEvent) throws {
        switch event {
        case .strongSwanRestart(let t, let downtime, let c):
            // The pod restarts and re-negotiates (its downtime includes IKE); under every
            // option IKS's carries IKS <-> ICP, under strongswan-vpn IKS <-> VCS too.
            let pod = DeviceName.strongSwan(try kubernetesCluster(c).name)
            guard estate.deviceIndex(pod) != nil else { throw invalid("cluster \(c ?? inv.iks.name) has no strongSwan pod") }
            try down([pod], from: t, until: t + downtime)
            try ipsecAfterPodRestart(pod, failedAt: t, up: t + downtime)
        case .esgFailover(let t, let dead, let takeover, let instance):
            if let instance, inv.vcsInstances.allSatisfy({ $0.name != instance }),
               let k = inv.icpClusters.firstIndex(where: { $0.name == instance }) {
                try icpESGTakeover(cluster: k, at: t, activeAt: t + dead + takeover)
                return
            }
            let i = try vcsIndex(instance)
            let esg = inv.vcsInstances[i].esg
            guard esg.standby != .none else {
                throw invalid("the ESG \(esg.name) is a single appliance (standby-host: none), so it has no standby to fail over to; give it a standby-host")
            }
            try esgTakeover(instance: i, at: t, activeAt: t + dead + takeover)
        case .hostFailure(let h, let t, let downtime, let instance):
            try hostFailure(instance: try vcsIndex(instance), host: h, at: t, downtime: downtime)
        case .linkDown(let a, let b, let t, let d):
            try linkDown(a, b, at: t, duration: d)
        case .workerLoss(let w, let t, let downtime, let removal, let c):
            try workerLoss(cluster: try kubernetesCluster(c), worker: w, at: t, downtime: downtime, removal: removal)
        case .deviceDown(let d, let t, let length):
            try down([d], from: t, until: t + length)
        }
    }
}
