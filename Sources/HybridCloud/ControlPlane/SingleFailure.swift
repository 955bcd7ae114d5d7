import NetModel
import SimKernel

/// One failure of a single-failure (N-1) analysis: a part of the estate that can fail on its
/// own, named by the inventory, and the `FailureEvent` that fails it.
public struct SingleFailure: Sendable {
    /// The kinds of part an estate has, in the order the analysis lists them.
    public enum Part: String, CaseIterable, Sendable {
        case host, esg, worker
        case vpnPod = "vpn-pod"
        case l2Concentrator = "l2-concentrator"
        case wan, link
    }

    public let part: Part
    /// What fails, by the device names `hybridsim show` prints (`esxi1`, `vcs-esg`, `iks-w3`,
    /// `esxi1-bcr`).
    public let name: String
    public let event: FailureEvent
    /// The options whose network has the part (a link may exist under some options only).
    public let options: Set<IntegrationOption>

    /// How long the failures whose length is a choice, not a mechanism, last; seconds as
    /// `SimTime`.
    public struct Timing: Sendable, Equatable {
        /// When every failure starts.
        public var start: SimTime = .seconds(2)
        /// How long a link, the WAN, an L2 concentrator or a single-appliance ESG stays down.
        public var repair: SimTime = .seconds(10)
        /// How long a lost worker stays away (`FailureEvent.workerLoss`'s default).
        public var workerDowntime: SimTime = .seconds(330)
        /// How long a failed ESXi host stays down (nil: not within the run; its VMs restart
        /// elsewhere).
        public var hostDowntime: SimTime? = nil
        public init() {}
    }
}

extension SingleFailure {
    /// Every single failure of `inventory` under `options`: each ESXi host, each ESG (its HA
    /// takeover, or the appliance down when it has no standby), each IKS and ICP worker, each
    /// strongSwan pod, each L2 concentrator, the WAN and each cabled link (the union over the
    /// options' networks).
    public static func all(in inventory: Inventory, options: [IntegrationOption], timing: Timing = Timing()) throws -> [SingleFailure] {
        let t = timing.start
        let estates = try options.map { try CompiledEstate(inventory, option: $0) }
        let every = Set(options)
        func present(_ device: String) -> Set<IntegrationOption> {
            Set(estates.filter { $0.deviceIndex(device) != nil }.map(\.option))
        }
        var list: [SingleFailure] = []
        func add(_ part: Part, _ name: String, _ event: FailureEvent, _ where_: Set<IntegrationOption>) {
            if !where_.isEmpty { list.append(SingleFailure(part: part, name: name, event: event, options: where_)) }
        }
        for vcs in inventory.vcsInstances {
            for h in 1...vcs.hosts {
                add(.host, DeviceName.esxi(vcs.name, h), .hostFailure(host: h, at: t, downtime: timing.hostDowntime, instance: vcs.name), every)
            }
        }
        for vcs in inventory.vcsInstances {
            add(.esg, vcs.esg.name, vcs.esg.standby == .none ? .deviceDown(vcs.esg.name, at: t, duration: timing.repair)
                                                              : .esgFailover(at: t, instance: vcs.name), every)
        }
        for icp in inventory.icpClusters where inventory.vcsInstances.allSatisfy({ $0.name != icp.name }) {
            add(.esg, icp.esg.name, icp.esg.standby == .none ? .deviceDown(icp.esg.name, at: t, duration: timing.repair)
                                                              : .esgFailover(at: t, instance: icp.name), every)
        }
        let clusters = inventory.iksClusters.map { ($0.name, $0.workerCount) } + inventory.icpClusters.map { ($0.name, $0.workerCount) }
        for (c, workers) in clusters {
            for w in stride(from: 1, through: workers, by: 1) {
                add(.worker, DeviceName.worker(c, w), .workerLoss(worker: w, at: t, downtime: timing.workerDowntime, cluster: c), every)
            }
        }
        for (c, _) in clusters {
            let pod = DeviceName.strongSwan(c)
            add(.vpnPod, pod, .strongSwanRestart(at: t, cluster: c), present(pod))
        }
        let sites = inventory.enterpriseSites.map { DeviceName.site($0.name) }
        for site in sites {
            for l2c in [site.l2cOnPrem, site.l2cIBM] {
                add(.l2Concentrator, l2c, .deviceDown(l2c, at: t, duration: timing.repair), present(l2c))
            }
        }
        for site in sites {
            add(.wan, "\(site.router)-\(site.wan)", .linkDown(site.router, site.wan, at: t, duration: timing.repair), every)
        }
        // Cables by their two ends (either order), in the order the first network lists them.
        let wans = Set(sites.map { Set([$0.router, $0.wan]) })
        var cables: [(String, String)] = [], cableOptions: [Set<String>: Set<IntegrationOption>] = [:]
        for e in estates {
            for (a, b) in e.cables where !wans.contains(Set([a, b])) {
                if cableOptions[Set([a, b])] == nil { cables.append((a, b)) }
                cableOptions[Set([a, b]), default: []].insert(e.option)
            }
        }
        for (a, b) in cables {
            add(.link, "\(a)-\(b)", .linkDown(a, b, at: t, duration: timing.repair), cableOptions[Set([a, b])] ?? [])
        }
        return list
    }
}
