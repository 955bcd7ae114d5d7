import NetModel
import SimKernel

extension FailurePlanner {
    // MARK: ESXi host (vSphere HA)

    /// Host `h` of instance `i` fails at `t`: its VTEP and DLR module, VMs and ICP nodes stop.
    /// An ESG active there fails over to its standby; vSphere HA restarts the VMs and nodes on
    /// the next host after detection and boot. The host returns after `downtime` (its VMs
    /// stay where they were restarted).
    mutating func hostFailure(instance i: Int, host h: Int, at t: SimTime, downtime: SimTime?) throws {
        let vcs = inv.vcsInstances[i]
        guard (1...vcs.hosts).contains(h) else { throw invalid("host \(h) does not exist on \(vcs.name) (1...\(vcs.hosts))") }
        let hostBack = downtime.map { t + $0 }
        try down([DeviceName.esxi(vcs.name, h), DeviceName.vtep(vcs.name, h), DeviceName.vcsDLR(vcs.name, h)], from: t, until: hostBack)
        if vcs.esg.standbyHost(hosts: vcs.hosts) == h, estate.deviceIndex(vcs.esg.standbyName) != nil {
            try down([vcs.esg.standbyName], from: t, until: hostBack)
        }
        if vcs.esg.host == h, vcs.esg.standby != .none {
            try esgTakeover(instance: i, at: t, activeAt: t + timers.declareDead + timers.takeover)
        }
        for (k, icp) in inv.icpClusters.enumerated() where inv.vcsIndex(icp.vcs) == i && icp.esg.standby != .none {
            if icp.esg.host == h { try icpESGTakeover(cluster: k, at: t, activeAt: t + timers.declareDead + timers.takeover) }
            if icp.esg.standbyHost(hosts: vcs.hosts) == h, estate.deviceIndex(icp.esg.standbyName) != nil {
                try down([icp.esg.standbyName], from: t, until: hostBack)
            }
        }
        // vSphere HA: the VMs and ICP nodes of the host, restarted on the next host.
        let restart = t + timers.hostFailureDetection + timers.vmBoot
        let target = h % vcs.hosts + 1
        var stopped = vcs.vms.filter { $0.host == h }.map(\.name)
        if vcs.esg.host == h && vcs.esg.standby == .none { stopped.append(vcs.esg.name) }
        // ICP nodes (and a single-appliance ICP ESG) on the host: restarted on the next host
        // that already runs one of the cluster's DLR modules (its VXLAN and routing are
        // there); with none, they stay down until the host returns.
        var icpMoves: [(cluster: Int, target: Int)] = []
        for (k, icp) in inv.icpClusters.enumerated() where inv.vcsIndex(icp.vcs) == i {
            var onHost: [String] = icp.esg.host == h && icp.esg.standby == .none ? [icp.esg.name] : []
            for (k, host) in icp.workerHosts.enumerated() where host == h {
                let worker = DeviceName.worker(icp.name, k + 1)
                onHost += [worker, DeviceName.vRouter(worker), DeviceName.kubeProxy(worker)]
                onHost += estate.registry.pods.filter { $0.key.hasPrefix("\(icp.name)/") }.values.flatMap { $0 }
                    .filter { $0.worker == k + 1 }.map(\.device).sorted()
                if k + 1 == icp.proxyWorker {
                    onHost += [DeviceName.ingress(icp.name), DeviceName.strongSwan(icp.name)].filter { estate.deviceIndex($0) != nil }
                }
            }
            if icp.masterHost == h, estate.deviceIndex(DeviceName.master(icp.name)) != nil { onHost.append(DeviceName.master(icp.name)) }
            guard !onHost.isEmpty else { continue }
            let others = (1..<vcs.hosts).map { (h - 1 + $0) % vcs.hosts + 1 }
            if let to = others.first(where: { estate.deviceIndex(DeviceName.dlr(icp.name, $0)) != nil }) {
                try down(onHost, from: t, until: restart)
                icpMoves.append((k, to))
            } else {
                try down(onHost, from: t, until: hostBack)
            }
        }
        guard !stopped.isEmpty || !icpMoves.isEmpty else { return }
        try down(stopped, from: t, until: restart)
        let managed = try learnedKeys(of: vcs.esg.name, in: [estate])
        _ = try move({ inventory in
            for v in inventory.vcsInstances[i].vms.indices where inventory.vcsInstances[i].vms[v].host == h {
                inventory.vcsInstances[i].vms[v].host = target
            }
            if inventory.vcsInstances[i].esg.host == h && inventory.vcsInstances[i].esg.standby == .none {
                inventory.vcsInstances[i].esg.host = target
            }
            for (k, to) in icpMoves {
                inventory.icpClusters[k].workerHosts = inventory.icpClusters[k].workerHosts.map { $0 == h ? to : $0 }
                if inventory.icpClusters[k].masterHost == h { inventory.icpClusters[k].masterHost = to }
                if inventory.icpClusters[k].esg.host == h && inventory.icpClusters[k].esg.standby == .none { inventory.icpClusters[k].esg.host = to }
            }
        }, at: restart, managed: managed)
    }

    // MARK: Links

    /// The link between `a` and `b` is down from `t` for `duration`. A BGP session over it
    /// is declared down by BFD or its hold timer, and its learned routes are withdrawn: the
    /// next-best route (by the other router of a BCR pair), if the estate has one, then
    /// carries the traffic. After the repair the session re-establishes at its next connect
    /// retry and its routes are best again. Static routes stay and black-hole.
    mutating func linkDown(_ a: String, _ b: String, at t: SimTime, duration: SimTime) throws {
        let (x, y) = (try device(a), try device(b))
        let net = wiring.network
        let ab = (0..<net.channelCount).first { net.channelEnds($0) == (x, y) }
        let ba = (0..<net.channelCount).first { net.channelEnds($0) == (y, x) }
        guard let ab, let ba else { throw invalid("no link between \(a) and \(b)") }
        let repaired = t + duration
        add(Failure(at: t, .link(ab, ba), up: false))
        add(Failure(at: repaired, .link(ab, ba), up: true))
        for s in estate.bgpSessions where s.transport.contains(where: { ($0 == a && $1 == b) || ($0 == b && $1 == a) }) {
            let (detect, jitter) = s.timers.detection(silentFrom: t)
            guard detect < repaired else { continue }
            // Reconnect attempts every connect-retry after the session dropped.
            let retry = s.timers.connectRetry.picoseconds
            let waited = (repaired - detect).picoseconds
            let established = detect + SimTime(picoseconds: ((waited + retry - 1) / retry) * retry) + jitter
            for r in s.learnedFromESG + s.learnedByESG {
                let d = try device(r.device)
                let nextBest = try r.fallback.map { try forward(r.device, to: $0) }
                route(RouteChange(device: d, prefix: r.prefix, action: nextBest), at: detect + s.timers.convergence, jitter: jitter, latest: repaired)
                if let action = try wiring.action(r.device, r.prefix, in: estate) {
                    route(RouteChange(device: d, prefix: r.prefix, action: action), at: established + s.timers.convergence)
                }
            }
        }
    }

    // MARK: Kubernetes workers

    /// An IKS or ICP worker is lost: the node and everything on it stop; after the
    /// node-monitor grace period its pods' endpoints leave the Services; it is back after
    /// `downtime`. Under common-vlan the ESG's session with an IKS worker's BIRD times out and
    /// the route to the node is withdrawn until the node's BIRD re-establishes it (start delay).
    mutating func workerLoss(cluster: (name: String, workers: Int), worker w: Int, at t: SimTime, downtime: SimTime, removal: SimTime) throws {
        guard (1...cluster.workers).contains(w) else { throw invalid("worker \(w) does not exist in cluster \(cluster.name) (1...\(cluster.workers))") }
        let worker = DeviceName.worker(cluster.name, w)
        let pods = estate.registry.pods.filter { $0.key.hasPrefix("\(cluster.name)/") }.values.flatMap { $0 }.filter { $0.worker == w }
            .sorted { $0.device < $1.device }
        try down([worker, DeviceName.vRouter(worker), DeviceName.kubeProxy(worker)] + pods.map(\.device), from: t, until: t + downtime)
        let evicted = t + removal + timers.podEviction
        let rescheduled = evicted < t + downtime && cluster.workers > 1
        if rescheduled { try reschedule(pods, cluster: cluster, from: w, at: evicted + timers.podStart) }
        if removal < downtime {
            let net = wiring.network
            for p in pods where net.isServiceBackend(p.address) {
                add(Failure(at: t + removal, .endpoint(p.address), up: false))
                // Evicted pods do not come back with the worker: their replacements serve.
                if !rescheduled { add(Failure(at: t + downtime, .endpoint(p.address), up: true)) }
            }
        }
        // keepalived: the backup worker takes the LoadBalancer addresses the lost worker held,
        // and gives them back (preemption) when it returns.
        let back = t + downtime
        for lb in estate.registry.loadBalancers where lb.cluster == cluster.name && lb.holder == w {
            guard let standby = lb.standby, t + timers.loadBalancerFailover < back else { continue }
            let prefix = IPv4Prefix(lb.address, length: 32)
            let d = try device(lb.router)
            route(RouteChange(device: d, prefix: prefix, action: try forward(lb.router, to: DeviceName.worker(cluster.name, standby))),
                  at: t + timers.loadBalancerFailover)
            if let original = try wiring.action(lb.router, prefix, in: estate) { route(RouteChange(device: d, prefix: prefix, action: original), at: back) }
        }
        for s in estate.bgpSessions where s.peer == worker {
            let (detect, jitter) = s.timers.detection(silentFrom: t)
            guard detect < back else { continue }
            for r in s.learnedByESG {
                let d = try device(r.device)
                route(RouteChange(device: d, prefix: r.prefix, action: nil), at: detect, jitter: jitter, latest: back)
                if let action = try wiring.action(r.device, r.prefix, in: estate) {
                    route(RouteChange(device: d, prefix: r.prefix, action: action), at: back + s.timers.startDelay + s.timers.convergence)
                }
            }
        }
    }
}
