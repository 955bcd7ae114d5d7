import NetModel
import SimKernel

/// An enterprise site: its users on a LAN, the on-premises router and the WAN (Direct Link) to
/// the IBM Cloud cross-connect router (XCR). One site may also stretch the VCS stretched network
/// to itself through an L2 concentrator pair (HCX network extension): its VMs keep their
/// on-premises gateway at that site.
public struct EnterpriseSite: Sendable, Equatable {
    /// The site's name: its endpoint is `enterprise/<name>` (the first site's also `enterprise`),
    /// its devices `<name>-user`, `<name>-router`, `<name>-wan`, ... (a site named `enterprise`,
    /// the default, has the reference's: enterprise-user, onprem-router, wan, l2c-onprem, l2c-ibm).
    public var name = "enterprise"
    /// The users' LAN (a user at .1.100). Routed over the IBM private network: inside 10.0.0.0/8.
    public var lan = IPv4Prefix("10.50.0.0/16")!
    /// The site's appliances (the on-premises L2 concentrator at .5).
    public var appliances = IPv4Prefix("10.60.0.0/16")!
    public var wanBitsPerSecond: Int64 = 1_000_000_000
    /// The site LAN: user, on-premises router and L2 concentrator links (1 Gbit/s [Est]).
    public var lanBitsPerSecond: Int64 = 1_000_000_000
    /// One-way WAN latency between the site and IBM Cloud (5–10 ms regional [Est]).
    public var wanLatency: SimTime = .milliseconds(5)
    public var wanLossProbability = 0.0
    /// The site stretches networks to the first VCS instance (at most one site does).
    public var stretchesNetwork = true
    /// The networks it stretches (HCX network extensions, BYOIP), by name: VMs name them as
    /// their segment (`stretched` is the default one).
    public var stretchedNetworks = [LogicalSwitch(name: "stretched", prefix: IPv4Prefix("192.168.50.0/24")!)]
    /// Bytes the L2 concentrator's secure tunnel adds besides the inner Ethernet (14) and outer
    /// IPv4 (20) headers: 116, so that the tunnel adds 150 B to an inner IP packet, VMware's
    /// figure ("Network Extension encapsulation will add 150 bytes", blogs.vmware.com/cloud
    /// 2020-01-16, HCX traffic engineering).
    public var l2ConcentratorOverhead = 116
    /// HCX TCP flow conditioning (HCX R134 and later, off by default): the L2 concentrators
    /// lower the MSS of TCP connections through the tunnel so that a full segment plus the
    /// tunnel fits the 1,500 B WAN, instead of fragmenting every full-size packet
    /// (hcx.design 2020-02-02, "What's new in HCX, January 31st, R134").
    public var l2ConcentratorFlowConditioning = false
    /// The TCP MSS flow conditioning sets: 1,500 − outer IPv4 20 − inner Ethernet 14 − the
    /// tunnel's overhead − inner IPv4 and TCP 40.
    public var conditionedMSS: Int { 1500 - 20 - 14 - l2ConcentratorOverhead - 40 }
    /// ESXi host (1-based) of the IBM-side L2 concentrator and the end of the stretched network.
    public var l2ConcentratorHost = 1

    public init() {}

    /// A user of the site.
    public var user: IPv4Address { lan.address(256 + 100) }   // 10.50.1.100
    /// The site's DNS server (`enterprise/dns`), on its LAN.
    public var resolver: IPv4Address { lan.address(256 + 53) }   // 10.50.1.53
    /// The on-premises L2 concentrator.
    public var l2ConcentratorOnPrem: IPv4Address { appliances.address(5) }

    /// The site's ranges by their key (declared once: the decoder, docs and checks use it).
    public static var ranges: [(name: String, keyPath: WritableKeyPath<EnterpriseSite, IPv4Prefix>)] {
        [("lan", \.lan), ("appliances", \.appliances)]
    }

    func problem(hosts: Int) -> String? {
        if !DeviceName.isValid(name) || name.contains(".") { return "name '\(name)' must be letters, digits, '-' and '_' (it prefixes device names)" }
        if name == "dns" { return "name 'dns' is reserved: the endpoint enterprise/dns is the first site's DNS server; choose another name" }
        if wanBitsPerSecond <= 0 { return "wan must be positive" }
        if lanBitsPerSecond <= 0 { return "lan-rate must be positive" }
        if wanLatency < .zero { return "wan-latency must be ≥ 0" }
        if !(wanLossProbability >= 0 && wanLossProbability < 1) { return "wan-loss must be in [0, 1)" }
        if !(0...255).contains(l2ConcentratorOverhead) { return "l2c-overhead must be 0...255 B" }
        if stretchesNetwork && !(1...hosts).contains(l2ConcentratorHost) { return "l2c-host must be 1...\(hosts)" }
        if !(EstateCompiler.ibmPrivateNetwork.contains(lan.network) && lan.length >= 8) {
            return "lan: \(lan) is not inside 10.0.0.0/8: the estate reaches enterprise sites over the IBM private network's 10/8 routes (Direct Link); give a 10.x range"
        }
        if lan.size < 512 { return "lan: \(lan) is too small (the user is at .1.100): give a /23 or larger" }
        if lan.overlaps(appliances) { return "appliances: \(appliances) overlaps the site's lan \(lan)" }
        if stretchesNetwork {
            if stretchedNetworks.isEmpty { return "stretched-networks: a site that stretches gives at least one network" }
            if Set(stretchedNetworks.map(\.name)).count != stretchedNetworks.count { return "stretched-networks: a name is used twice" }
            if stretchedNetworks.contains(where: { $0.name == "vm-network" }) { return "stretched-networks.vm-network: that names the VM network; pick another" }
            for (i, x) in stretchedNetworks.enumerated() {
                if let y = stretchedNetworks[(i + 1)...].first(where: { $0.prefix.overlaps(x.prefix) }) {
                    return "stretched-networks.\(y.name): \(y.prefix) overlaps \(x.name) \(x.prefix)"
                }
            }
        }
        return nil
    }
}

extension Inventory {
    /// The first enterprise site (the only one in most estates; `enterprise:` in a scenario).
    public var enterprise: EnterpriseSite {
        get { enterpriseSites[0] }
        set { enterpriseSites[0] = newValue }
    }

    /// The site named `name`, or nil.
    public func enterpriseSite(named name: String) -> EnterpriseSite? { enterpriseSites.first { $0.name == name } }

    /// The site the stretched network reaches (nil: none stretches it).
    public var stretchingSite: EnterpriseSite? { enterpriseSites.first { $0.stretchesNetwork } }

    /// Where site `s` is written in the `architecture:` section.
    public func key(of s: EnterpriseSite) -> String {
        enterpriseSites.count == 1 && s.name == "enterprise" ? "enterprise" : "enterprise-sites.\(s.name)"
    }

    var enterpriseSitesProblem: String? {
        if enterpriseSites.isEmpty { return "enterprise-sites: give at least one enterprise site" }
        var names = Set<String>()
        for s in enterpriseSites {
            if !names.insert(s.name).inserted { return "enterprise-sites: the name \(s.name) is used twice" }
            if let p = s.problem(hosts: vcs.hosts) { return "\(key(of: s)): \(p)" }
        }
        if enterpriseSites.filter(\.stretchesNetwork).count > 1 {
            return "enterprise-sites: \(enterpriseSites.filter(\.stretchesNetwork).map(\.name).joined(separator: " and ")) both stretch the network; at most one site does (stretch: false on the others)"
        }
        // The ranges a site uses: its appliances only when it stretches the network.
        return Self.firstOverlap(enterpriseSites, kind: "site", name: \.name, key: key(of:)) { s in
            [("lan", s.lan)] + (s.stretchesNetwork ? [("appliances", s.appliances)] : [])
        }
    }
}
