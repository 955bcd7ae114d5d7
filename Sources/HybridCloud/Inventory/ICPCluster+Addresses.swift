import NetModel

/// The address ranges of one ICP cluster and the addresses derived from them: its node network
/// and ESG–DLR transit (enterprise BYOIP), its pod and service networks (cluster/config.yaml),
/// and its ESG's portable subnets (IBM Cloud provided). Clusters of one estate need distinct ranges.
public struct ICPAddresses: Sendable, Equatable {
    /// The node network (BYOIP): master .10, workers .21 up.
    public var vmNetwork = IPv4Prefix("192.168.20.0/24")!
    /// The ESG–DLR transit logical switch (BYOIP): the ESG at .1.
    public var transit = IPv4Prefix("192.168.101.0/29")!
    public var pods = IPv4Prefix("172.16.0.0/16")!
    public var services = IPv4Prefix("172.17.0.0/16")!
    /// The ESG's portable private subnet: .2 the ingress, VPN (NAT-T) and master vIP.
    public var esgPortablePrivate = IPv4Prefix("10.100.3.0/29")!
    /// The ESG's portable public subnet: .2 the ingress.
    public var esgPortablePublic = IPv4Prefix("169.62.3.0/29")!

    public init() {}

    /// The ranges by their key in the cluster's section (declared once: the decoder, docs and
    /// the overlap checks use this list).
    public static var fields: [(name: String, keyPath: WritableKeyPath<ICPAddresses, IPv4Prefix>, what: String)] {
        [("vm-network", \.vmNetwork, "node network (BYOIP; master .10, workers .21 up)"),
         ("transit", \.transit, "ESG-DLR transit (BYOIP)"),
         ("pod-network", \.pods, "pod network (cluster/config.yaml; a /24 per worker)"),
         ("service-network", \.services, "service network (cluster/config.yaml)"),
         ("esg-portable-private", \.esgPortablePrivate, "the ESG's portable private subnet (.2: ingress, VPN, master vIP)"),
         ("esg-portable-public", \.esgPortablePublic, "the ESG's portable public subnet (.2: ingress)")]
    }

    public var esgPrivate: IPv4Address { esgPortablePrivate.address(2) }
    public var esgPublic: IPv4Address { esgPortablePublic.address(2) }
    public var esgTransit: IPv4Address { transit.address(1) }
    public var master: IPv4Address { vmNetwork.address(10) }
    public func worker(_ w: Int) -> IPv4Address { vmNetwork.address(UInt32(20 + w)) }
    public func podSubnet(_ w: Int) -> IPv4Prefix { IPv4Prefix(pods.address(UInt32(w) << 8), length: 24) }
    public func serviceAddress(_ n: Int) -> IPv4Address { services.address(UInt32(10 << 8 | (10 + n))) }
}
