import NetModel
import SimKernel

/// The user's estate as data: the IBM Cloud network, one or more VCS instances (hosts, ESG,
/// VMs), one or more IKS clusters, ICP clusters on the VCS instances, one or more enterprise
/// sites, and the address plan. The compiler (`CompiledEstate`) turns it into a `Network`; the
/// integration option (how IKS reaches VCS) is not part of it, because studies compare the
/// options on the same estate.
///
/// Every default reproduces the reference architecture of ../shared/DOMAIN.md, so
/// `Inventory()` is the reference (shipped as scenarios/reference.yaml). Field by field, with
/// units, defaults and sources: docs/inventory.md.
public struct Inventory: Sendable, Equatable {
    public var ibmCloud = IBMCloudNetwork()
    /// The VCS instances (at least one), each with its hosts, ESG, segments and VMs. Every IKS
    /// cluster reaches every instance by the study's integration option.
    public var vcsInstances = [VCSInstance()]
    /// The IKS clusters (at least one), each with its own name, ranges and VPN pod. Every
    /// cluster reaches VCS by the study's integration option and ICP by its VPN.
    public var iksClusters = [IKSCluster()]
    /// The ICP clusters on the VCS instances (at least one), each with its own ESG, DLR, ranges
    /// and VPN pod (a tunnel to every IKS cluster).
    public var icpClusters = [ICPCluster()]
    /// The enterprise sites (at least one), each with its users, on-premises router and WAN;
    /// at most one stretches the VCS stretched network to itself (L2 concentrator pair).
    public var enterpriseSites = [EnterpriseSite()]
    public var plan = AddressPlan()
    /// The device models' costs and capacities (the scenario's `devices:` section).
    public var devices = DeviceProfile()

    public init() {}

    /// The reference architecture (the defaults).
    public static let reference = Inventory()

    /// Why the estate cannot be compiled, or nil. Address-plan rules between the estate's
    /// parts (overlaps) are findings of `Validator`, not errors here.
    public var problem: String? {
        if let p = ibmCloud.problem { return "ibm-cloud: \(p)" }
        if let p = vcsInstancesProblem { return p }
        if let p = iksClustersProblem { return p }
        if let p = icpClustersProblem { return p }
        if let p = enterpriseSitesProblem { return p }
        return nil
    }
}

/// The IBM Cloud network: the front-end (FCR), backend (BCR) and cross-connect (XCR) customer
/// routers, the public network towards the internet, and the zones of the region.
public struct IBMCloudNetwork: Sendable, Equatable {
    /// One-way latency of the internet between the user and the IBM public network [Est].
    public var internetLatency: SimTime = .milliseconds(10)
    /// The internet user's access link.
    public var userAccessBitsPerSecond: Int64 = 100_000_000
    /// Per-hop processing of the BCR, FCR and XCR routers (20–50 µs [Est]).
    public var routerHopCost: SimTime = .microseconds(30)
    /// Zones of the region; the first holds the VCS instance and the routers.
    public var zones: [String] = ["dal10"]
    /// Round-trip time between two zones of the region (IBM publishes 0.6–2.6 ms between
    /// Dallas zones; 1 ms [Est]). Half of it is added, one way, to every link that crosses zones.
    public var interZoneRoundTrip: SimTime = .milliseconds(1)
    /// Backend customer routers: 1, or 2 for a pair (`bcr`, `bcr2`) with every ESXi host
    /// uplinked to both, so that a host's failed uplink to the first has a way round (taken
    /// by BGP under bgp-peering; static routes keep the first).
    public var backendRouters = 1

    public init() {}

    var problem: String? {
        if zones.isEmpty { return "give at least one zone" }
        if Set(zones).count != zones.count { return "zone names must be distinct" }
        if interZoneRoundTrip < .zero || internetLatency < .zero || routerHopCost < .zero { return "latencies must be ≥ 0" }
        if userAccessBitsPerSecond <= 0 { return "user-access must be positive" }
        if !(1...2).contains(backendRouters) { return "backend-routers must be 1 or 2" }
        return nil
    }

    /// Extra one-way delay of a link between `a` and `b`.
    func crossing(_ a: String, _ b: String) -> SimTime {
        a == b ? .zero : SimTime(picoseconds: interZoneRoundTrip.picoseconds / 2)
    }
}
