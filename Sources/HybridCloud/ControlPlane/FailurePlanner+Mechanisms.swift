import NetModel
import SimKernel

/// A route by device index and prefix.
struct RouteKey: Hashable {
    let device: Int
    let prefix: IPv4Prefix
}

extension FailurePlanner {
    // MARK: Placement changes (HA takeover, vSphere HA restarts)

    /// Compiles the estate with `change` applied to the inventory so far moved, and schedules
    /// at `t` the route changes from what is scheduled by then to it; routes in `managed`
    /// (the BGP sessions' learned routes) are left to the session logic. Returns the estate.
    mutating func move(_ change: (inout Inventory) -> Void, at t: SimTime, managed: Set<RouteKey>) throws -> CompiledEstate {
        change(&moved)
        let alt = try CompiledEstate(moved, option: estate.option)
        var target: [RouteKey: RouteAction?] = [:]
        for c in try wiring.changes(to: alt) { target[RouteKey(device: c.device, prefix: c.prefix)] = .some(c.action) }
        // What an earlier move scheduled and this placement no longer changes returns to the
        // estate's own route.
        for (k, _) in placed where target[k] == nil {
            target[k] = .some(estate.network.deviceSpec(k.device).routes.routes.first { $0.prefix == k.prefix }?.action)
        }
        for (k, action) in target.sorted(by: { ($0.key.device, $0.key.prefix.description) < ($1.key.device, $1.key.prefix.description) })
        where !managed.contains(k) && placed[k] != action {
            route(RouteChange(device: k.device, prefix: k.prefix, action: action ?? nil), at: t)
            placed[k] = action
        }
        return alt
    }

    /// The learned routes of every BGP session of `esg` in `estates` (each side's).
    func learnedKeys(of esg: String, in estates: [CompiledEstate]) throws -> Set<RouteKey> {
        var keys = Set<RouteKey>()
        for e in estates {
            for s in e.bgpSessions where s.esg == esg && s.timers.gracefulRestart == nil {
                for r in s.learnedFromESG + s.learnedByESG { keys.insert(RouteKey(device: try device(r.device), prefix: r.prefix)) }
            }
        }
        return keys
    }

    // MARK: ESG HA pair

    /// The active appliance of instance `i`'s ESG fails at `t`; the standby is active at `t1`
    /// on its own host.
    mutating func esgTakeover(instance i: Int, at t: SimTime, activeAt t1: SimTime) throws {
        let esg = inv.vcsInstances[i].esg
        guard let standby = esg.standbyHost(hosts: inv.vcsInstances[i].hosts) else { return }
        try down([esg.name], from: t, until: t1)
        var probe = moved
        probe.vcsInstances[i].esg.host = standby
        probe.vcsInstances[i].esg.standby = .host(esg.host)
        let managed = try learnedKeys(of: esg.name, in: [estate, try CompiledEstate(probe, option: estate.option)])
        let alt = try move({ $0 = probe }, at: t1, managed: managed)
        try sessionsAfterRestart(of: esg.name, failedAt: t, activeAt: t1, alt: alt)
        try ipsecAfterTakeover(instance: i, at: t1, alt: alt)
    }

    /// The active appliance of ICP cluster `k`'s ESG fails at `t`; the standby is active at
    /// `t1` on its own host. It has no BGP sessions or IPsec tunnels: the addresses move.
    mutating func icpESGTakeover(cluster k: Int, at t: SimTime, activeAt t1: SimTime) throws {
        let icp = inv.icpClusters[k]
        guard let vi = inv.vcsIndex(icp.vcs), let standby = icp.esg.standbyHost(hosts: inv.vcsInstances[vi].hosts) else {
            throw invalid("the ESG \(icp.esg.name) is a single appliance (standby-host: none), so it has no standby to fail over to; give it a standby-host")
        }
        try down([icp.esg.name], from: t, until: t1)
        _ = try move({
            $0.icpClusters[k].esg.host = standby
            $0.icpClusters[k].esg.standby = .host(icp.esg.host)
        }, at: t1, managed: [])
    }

    /// BGP after an ESG's HA takeover. With graceful restart the peers keep the routes and
    /// the new active keeps forwarding (its sessions come back, nothing is withdrawn).
    /// Without it, the new active has learned nothing (routes are not synchronised) until its
    /// routing daemon has started and each session is established; the peer drops the old
    /// session at the first of BFD detection, hold expiry, its next keepalive after the
    /// takeover (answered by a TCP reset) or the new OPEN, and withdraws the ESG's routes.
    mutating func sessionsAfterRestart(of esg: String, failedAt t: SimTime, activeAt t1: SimTime, alt: CompiledEstate) throws {
        for s in estate.bgpSessions where s.esg == esg && s.timers.gracefulRestart == nil {
            guard let now = alt.bgpSessions.first(where: { $0.name == s.name }) else { continue }
            let established = t1 + timers.routingStart
            let install = established + s.timers.convergence
            // When the peer drops the old session.
            var detect = t1, jitter = s.timers.keepalive
            if let bfd = s.timers.bfd {
                (detect, jitter) = (t + bfd.detection, .zero)
            } else if t + s.timers.hold - s.timers.keepalive < t1 {
                detect = t + s.timers.hold - s.timers.keepalive
            }
            for r in now.learnedFromESG {
                let key = RouteChange(device: try device(r.device), prefix: r.prefix, action: nil)
                let action = try wiring.action(r.device, r.prefix, in: alt)
                if detect >= t1, let action { route(RouteChange(device: key.device, prefix: r.prefix, action: action), at: t1) }
                route(key, at: detect, jitter: jitter, latest: established)
                if let action { route(RouteChange(device: key.device, prefix: r.prefix, action: action), at: install) }
            }
            for r in s.learnedByESG { route(RouteChange(device: try device(r.device), prefix: r.prefix, action: nil), at: t1) }
            for r in now.learnedByESG {
                if let action = try wiring.action(r.device, r.prefix, in: alt) {
                    route(RouteChange(device: try device(r.device), prefix: r.prefix, action: action), at: install)
                }
            }
        }
    }

    /// IPsec after an ESG's takeover: the SAs were on the failed appliance, so both ends'
    /// tunnels black-hole until the new active's IPsec service has started and IKE has run
    /// (strongSwan's dead-peer detection would restart them later still: 30 s + 165 s).
    mutating func ipsecAfterTakeover(instance i: Int, at t1: SimTime, alt: CompiledEstate) throws {
        guard estate.option.behaviour.vpnToVCS else { return }
        let vcs = inv.vcsInstances[i]
        let ends: Set<IPv4Address> = [vcs.addresses.esgPrivate, vcs.addresses.esgPublic]
        let back = t1 + timers.ipsecStart + timers.ikeExchange
        let net = wiring.network
        for (d, r, tunnel) in FailurePlanner.espRoutes(net) where ends.contains(tunnel.remote) || ends.contains(tunnel.local) {
            route(RouteChange(device: d, prefix: r.prefix, action: .discard), at: t1)
            let restored = try wiring.action(net.deviceSpec(d).name, r.prefix, in: alt) ?? r.action
            route(RouteChange(device: d, prefix: r.prefix, action: restored), at: back)
        }
    }
}
