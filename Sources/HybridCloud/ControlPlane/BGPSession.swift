import NetModel

/// A BGP session between an ESG and a peer that the integration option gives it, and the
/// routes each side learned over it. Static routes (the other options) are not sessions:
/// they never withdraw.
public struct BGPSession: Sendable {
    /// `esg~peer`.
    public let name: String
    /// The ESG (its active appliance's device) and the peer (the BCR or a worker's BIRD).
    public let esg: String
    public let peer: String
    /// The negotiated timers.
    public let timers: BGPTimers
    /// The links (device name pairs) the session runs over: one failing breaks it.
    public let transport: [(String, String)]
    /// Routes the peer side learned from the ESG, and the ESG side learned from the peer
    /// (device, prefix); their actions are those of the compiled estate.
    public let learnedFromESG: [(device: String, prefix: IPv4Prefix)]
    public let learnedByESG: [(device: String, prefix: IPv4Prefix)]
}

extension CompiledEstate {
    /// The BGP sessions of this estate under its option (the one switch:
    /// `IntegrationOption.behaviour`): common-vlan peers each VCS ESG with every IKS worker
    /// (Calico's BIRD) on the shared VLAN; bgp-peering peers it with the BCR.
    public var bgpSessions: [BGPSession] {
        let b = option.behaviour
        var sessions: [BGPSession] = []
        for vcs in inventory.vcsInstances {
            let esg = vcs.esg
            let esgHost = DeviceName.esxi(vcs.name, esg.host)
            if b.sharedVLAN {
                for iks in inventory.iksClusters {
                    let nodes = EstateCompiler.IKSLayout(iks).nodes
                    for w in 1...iks.workerCount {
                        let worker = DeviceName.worker(iks.name, w)
                        sessions.append(BGPSession(
                            name: "\(esg.name)~\(worker)", esg: esg.name, peer: worker, timers: esg.bgp.negotiated(with: .bird),
                            transport: [(worker, esgHost), (esgHost, esg.name)],
                            learnedFromESG: vcs.routedSegments.map { (worker, $0) },
                            learnedByESG: [(esgHost, IPv4Prefix(nodes[w], length: 32))]))
                    }
                }
            }
            if b.bcrRoutesVCS {
                sessions.append(BGPSession(
                    name: "\(esg.name)~\(DeviceName.bcr)", esg: esg.name, peer: DeviceName.bcr, timers: esg.bgp.negotiated(with: .backendRouter),
                    transport: [(esgHost, DeviceName.bcr), (esgHost, esg.name)],
                    learnedFromESG: vcs.routedSegments.map { (DeviceName.bcr, $0) },
                    learnedByESG: inventory.iksClusters.flatMap { $0.subnets.map { (esgHost, $0.prefix) } }))
            }
        }
        return sessions
    }

    /// The route for exactly `prefix` at device `name`, as compiled.
    func compiledRoute(_ name: String, _ prefix: IPv4Prefix) -> RouteAction? {
        guard let d = deviceIndex(name) else { return nil }
        return network.deviceSpec(d).routes.routes.first { $0.prefix == prefix }?.action
    }
}
