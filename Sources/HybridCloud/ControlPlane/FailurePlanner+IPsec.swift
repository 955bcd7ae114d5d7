import NetModel
import SimKernel

extension FailurePlanner {
    // MARK: IPsec after a VPN pod restart (dead-peer detection)

    /// The strongSwan pod `pod` was down from `t` until `up`. Where it initiates the tunnel
    /// (`ipsec.auto: start` on IKS; the ICP pod towards an IKS pod that only responds), its
    /// downtime includes IKE. Where it only responds, the far end keeps its stale SA until its
    /// dead-peer detection declares the pod dead and it re-initiates: strongSwan after
    /// `dpddelay` without inbound traffic plus its retransmissions; an NSX Edge at its next
    /// periodic probe (a uniform phase per run) plus its retransmissions. Until then both
    /// ends' routes into that tunnel black-hole.
    mutating func ipsecAfterPodRestart(_ pod: String, failedAt t: SimTime, up: SimTime) throws {
        let net = wiring.network
        let p = try device(pod)
        let mine = Set(net.deviceSpec(p).addresses)
        var edges: [IPv4Address: String] = [:]
        for vcs in inv.vcsInstances {
            edges[vcs.addresses.esgPrivate] = vcs.esg.name
            edges[vcs.addresses.esgPublic] = vcs.esg.name
        }
        for (d, r, tunnel) in FailurePlanner.espRoutes(net) {
            let far: IPv4Address
            if d == p {
                guard mine.contains(tunnel.local) else { continue }
                far = tunnel.remote
            } else {
                guard mine.contains(tunnel.remote) else { continue }
                far = tunnel.local
            }
            guard respondsOnly(pod, towards: far, in: net) else { continue }
            route(RouteChange(device: d, prefix: r.prefix, action: .discard), at: up)
            let restore = RouteChange(device: d, prefix: r.prefix, action: r.action)
            if let edge = edges[far] {
                route(restore, at: max(t + timers.edgeDPDTimeout, up) + timers.ikeExchange, jitter: timers.edgeDPDInterval,
                      phase: "dpd.\(edge).\(pod)")
            } else {
                route(restore, at: max(t + timers.dpdDelay + timers.dpdTimeout, up) + timers.ikeExchange)
            }
        }
    }

    /// Every route into an ESP tunnel: (device, route, tunnel), device by device.
    /// - Complexity: O(routes of every device); before the run.
    static func espRoutes(_ net: Network) -> [(device: Int, route: Route, tunnel: Tunnel)] {
        var out: [(device: Int, route: Route, tunnel: Tunnel)] = []
        for d in 0..<net.deviceCount {
            for r in net.deviceSpec(d).routes.routes {
                guard case .tunnel(let k) = r.action, case .esp = net.tunnels[k].kind else { continue }
                out.append((d, r, net.tunnels[k]))
            }
        }
        return out
    }

    /// Whether `pod` only responds on its tunnel to the far end at `far`: an IKS pod with
    /// `ipsec.auto: add`; the ICP pod towards an IKS pod with `start`.
    func respondsOnly(_ pod: String, towards far: IPv4Address, in net: Network) -> Bool {
        if let iks = inv.iksClusters.first(where: { DeviceName.strongSwan($0.name) == pod }) { return iks.vpn.auto == .add }
        guard let owner = net.device(owning: far) else { return false }
        let name = net.deviceSpec(owner).name
        return inv.iksClusters.first { DeviceName.strongSwan($0.name) == name }?.vpn.auto == .start
    }
}
