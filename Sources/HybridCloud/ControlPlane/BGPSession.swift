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
    /// Routes the peer side learned from the ESG, and the ESG side learned from the peer,
    /// that are the best routes (installed); their actions are those of the compiled estate.
    public let learnedFromESG: [LearnedRoute]
    public let learnedByESG: [LearnedRoute]

    /// A best route learned over a session: at `device`, for `prefix`; when the session
    /// drops, the next-best route goes to the neighbour `fallback` (the other router of the
    /// BCR pair), or there is none and the prefix is withdrawn.
    public struct LearnedRoute: Sendable {
        public let device: String
        public let prefix: IPv4Prefix
        public let fallback: String?
        init(_ device: String, _ prefix: IPv4Prefix, fallback: String? = nil) {
            self.device = device
            self.prefix = prefix
            self.fallback = fallback
        }
    }
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
                            learnedFromESG: vcs.routedSegments.map { .init(worker, $0) },
                            learnedByESG: [.init(esgHost, IPv4Prefix(nodes[w], length: 32))]))
                    }
                }
            }
            if b.bcrRoutesVCS {
                // With a BCR pair the ESG peers with both; each router prefers its own eBGP
                // route to the VCS segments (the other's, by iBGP, is next-best), and the ESG
                // prefers the first router's route to IKS (the second's is next-best).
                let pair = inventory.ibmCloud.backendRouters == 2
                let (first, second) = (DeviceName.bcr, DeviceName.bcr2)
                sessions.append(BGPSession(
                    name: "\(esg.name)~\(first)", esg: esg.name, peer: first, timers: esg.bgp.negotiated(with: .backendRouter),
                    transport: [(esgHost, first), (esgHost, esg.name)],
                    learnedFromESG: vcs.routedSegments.map { .init(first, $0, fallback: pair ? second : nil) },
                    learnedByESG: inventory.iksClusters.flatMap { $0.subnets.map { .init(esgHost, $0.prefix, fallback: pair ? second : nil) } }))
                if pair {
                    sessions.append(BGPSession(
                        name: "\(esg.name)~\(second)", esg: esg.name, peer: second, timers: esg.bgp.negotiated(with: .backendRouter),
                        transport: [(esgHost, second), (esgHost, esg.name)],
                        learnedFromESG: vcs.routedSegments.map { .init(second, $0, fallback: first) },
                        learnedByESG: []))
                }
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
