import NetModel

/// The address ranges of one VCS instance: its hosts' private subnet and its ESG's portable
/// subnets (IBM Cloud provided), its VM network and ESG–DLR transit (enterprise BYOIP).
/// Instances of one estate need distinct ranges.
public struct VCSAddresses: Sendable, Equatable {
    /// The hosts' private subnet: host h's VTEP at .(10 + h).
    public var hostNetwork = IPv4Prefix("10.100.1.0/26")!
    /// The ESG's portable private subnet: .2 the ESG, .3 up the VMs it translates (static-nat).
    public var esgPortablePrivate = IPv4Prefix("10.100.2.0/29")!
    public var esgPortablePublic = IPv4Prefix("169.62.2.0/29")!
    /// The VM network (BYOIP), routed by the DLR and the ESG.
    public var vmNetwork = IPv4Prefix("192.168.10.0/24")!
    /// The ESG–DLR transit logical switch (BYOIP): the ESG at .1.
    public var transit = IPv4Prefix("192.168.100.0/29")!

    public init() {}

    /// The ranges by their key in the instance's section (declared once: the decoder, docs and
    /// the overlap checks use this list).
    public static var fields: [(name: String, keyPath: WritableKeyPath<VCSAddresses, IPv4Prefix>, what: String)] {
        [("host-network", \.hostNetwork, "the hosts' private subnet (VTEPs from .11)"),
         ("esg-portable-private", \.esgPortablePrivate, "the ESG's portable private subnet (.2 the ESG, .3 up translated VMs)"),
         ("esg-portable-public", \.esgPortablePublic, "the ESG's portable public subnet (.2 the ESG)"),
         ("vm-network", \.vmNetwork, "the VM network (BYOIP)"),
         ("transit", \.transit, "the ESG-DLR transit (BYOIP)")]
    }

    /// The VTEP of host `h` (1-based).
    public func vtep(_ h: Int) -> IPv4Address { hostNetwork.address(UInt32(10 + h)) }
    public var esgPrivate: IPv4Address { esgPortablePrivate.address(2) }
    public var esgPublic: IPv4Address { esgPortablePublic.address(2) }
    public var esgTransit: IPv4Address { transit.address(1) }
    /// The ESG portable private address translated to the k-th VM of a routed segment
    /// (0-based; static-nat option): .3 up.
    public func vmNAT(_ k: Int) -> IPv4Address { esgPortablePrivate.address(UInt32(3 + k)) }
}
