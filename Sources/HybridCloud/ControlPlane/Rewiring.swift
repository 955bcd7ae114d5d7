import NetModel

/// One route change of the control plane: at `device`, the route for exactly `prefix` becomes
/// `action` (nil: withdrawn).
public struct RouteChange: Sendable, Equatable {
    public let device: Int
    public let prefix: IPv4Prefix
    public let action: RouteAction?
}

/// What moving parts of an estate to other hosts changes in the forwarding tables: the
/// difference between the estate as compiled and the same estate compiled with the parts
/// placed elsewhere (an HA pair's standby taking over, vSphere HA restarting VMs on another
/// host). The links and tunnels the new placement needs are added to the running network
/// (idle until routes use them), so a takeover is only route changes, applied at one instant.
struct Rewiring {
    /// The network being run, extended with the links and tunnels later placements need.
    var network: Network
    private var channelOf: [String: Int] = [:]

    init(_ network: Network) {
        self.network = network
        for c in 0..<network.channelCount {
            let (a, b) = network.channelEnds(c)
            channelOf[network.deviceSpec(a).name + ">" + network.deviceSpec(b).name] = c
        }
    }

    /// Links devices `a` and `b` of the running network (both directions), before the run.
    mutating func connect(_ a: Int, _ b: Int, _ spec: LinkSpec) throws -> (Int, Int) {
        let (na, nb) = (network.deviceSpec(a).name, network.deviceSpec(b).name)
        let (ab, ba) = try network.connect(a, b, spec, name: "\(na)-\(nb)")
        channelOf[na + ">" + nb] = ab
        channelOf[nb + ">" + na] = ba
        return (ab, ba)
    }

    func index(_ name: String) throws -> Int {
        guard let d = network.deviceIndex(named: name) else {
            throw CompiledEstate.Invalid(description: "failure: the new placement has a device \(name) the estate lacks")
        }
        return d
    }

    /// `action` of the network `alt`, in this network's channels and tunnels (added when
    /// missing).
    mutating func translate(_ action: RouteAction, from alt: Network) throws -> RouteAction {
        switch action {
        case .discard: return .discard
        case .forward(let c):
            let (a, b) = alt.channelEnds(c)
            let (na, nb) = (alt.deviceSpec(a).name, alt.deviceSpec(b).name)
            if let mine = channelOf[na + ">" + nb] { return .forward(channel: mine) }
            let (ab, ba) = try network.connect(try index(na), try index(nb), alt.channelSpec(c), name: "\(na)-\(nb)")
            channelOf[na + ">" + nb] = ab
            channelOf[nb + ">" + na] = ba
            return .forward(channel: ab)
        case .tunnel(let t):
            let tunnel = alt.tunnels[t]
            if let mine = network.tunnels.firstIndex(of: tunnel) { return .tunnel(mine) }
            return .tunnel(network.addTunnel(tunnel))
        }
    }

    /// The changes from the network's tables as built to those of `target` (the same
    /// estate placed otherwise). Both must have the same devices.
    /// - Complexity: O(R) in the routes of the estate (hashing).
    mutating func changes(to target: CompiledEstate) throws -> [RouteChange] {
        let alt = target.network
        var changes: [RouteChange] = []
        for d in 0..<alt.deviceCount {
            let mine = try index(alt.deviceSpec(d).name)
            var old: [IPv4Prefix: RouteAction] = [:]
            for r in network.deviceSpec(mine).routes.routes { old[r.prefix] = r.action }
            var seen = Set<IPv4Prefix>()
            for r in alt.deviceSpec(d).routes.routes {
                seen.insert(r.prefix)
                let action = try translate(r.action, from: alt)
                if old[r.prefix] != action { changes.append(RouteChange(device: mine, prefix: r.prefix, action: action)) }
            }
            for r in network.deviceSpec(mine).routes.routes where !seen.contains(r.prefix) {
                changes.append(RouteChange(device: mine, prefix: r.prefix, action: nil))
            }
        }
        return changes
    }

    /// The compiled action of `target` for exactly `prefix` at device `name`, translated.
    mutating func action(_ name: String, _ prefix: IPv4Prefix, in target: CompiledEstate) throws -> RouteAction? {
        guard let a = target.compiledRoute(name, prefix) else { return nil }
        return try translate(a, from: target.network)
    }
}
