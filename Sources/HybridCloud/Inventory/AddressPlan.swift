import NetModel

/// The addresses of the reference architecture (DOMAIN.md, "Address plan"). IBM Cloud
/// provided subnets are fixed examples from 10.0.0.0/8 (private) and 169.x (public);
/// enterprise BYOIP ranges (VCS and ICP networks) are the user's choice and are checked by
/// `AddressPlanValidator`.
public struct AddressPlan: Sendable, Equatable {
    // (The IKS ranges are each cluster's own: `IKSCluster.addresses`.)

    // VCS (IBM Cloud provided)
    public var vcsHosts = IPv4Prefix("10.100.1.0/26")!
    public var vcsESGPortablePrivate = IPv4Prefix("10.100.2.0/29")!
    public var vcsESGPortablePublic = IPv4Prefix("169.62.2.0/29")!
    public var l2ConcentratorPortable = IPv4Prefix("10.100.4.0/29")!

    // Enterprise BYOIP
    public var vcsVMNetwork = IPv4Prefix("192.168.10.0/24")!
    public var vcsTransit = IPv4Prefix("192.168.100.0/29")!
    public var stretchedNetwork = IPv4Prefix("192.168.50.0/24")!
    // (The ICP ranges are each ICP cluster's own: `ICPCluster.addresses`; the enterprise LANs
    // each site's: `EnterpriseSite`.)

    /// A subnet of the account on the IBM Cloud private network (10.x) with an admin host
    /// (a bastion virtual server) behind the BCR.
    public var ibmPrivateHosts = IPv4Prefix("10.200.0.0/26")!

    // Outside
    public var internetUsers = IPv4Prefix("203.0.113.0/24")!

    public init() {}

    /// The configurable ranges, by their name in `architecture.address-plan` (declared once:
    /// the scenario decoder and docs/inventory.md use this list).
    public static var fields: [(name: String, keyPath: WritableKeyPath<AddressPlan, IPv4Prefix>, what: String)] {
        [("vcs-hosts", \.vcsHosts, "VCS hosts' private subnet (VTEPs from .11)"),
         ("vcs-esg-portable-private", \.vcsESGPortablePrivate, "VCS ESG portable private subnet (.2 the ESG, .3 up translated VMs)"),
         ("vcs-esg-portable-public", \.vcsESGPortablePublic, "VCS ESG portable public subnet"),
         ("l2c-portable", \.l2ConcentratorPortable, "IBM-side L2 concentrator's portable private subnet"),
         ("ibm-private-hosts", \.ibmPrivateHosts, "an account subnet on the IBM private network with an admin host (.10)"),
         ("vcs-vm-network", \.vcsVMNetwork, "VCS VM network (BYOIP)"),
         ("vcs-transit", \.vcsTransit, "VCS ESG-DLR transit (BYOIP)"),
         ("stretched-network", \.stretchedNetwork, "network stretched from the enterprise (BYOIP)"),
         ("internet-users", \.internetUsers, "internet users (and APIs on the internet)")]

    }

    /// The n-th address of a block.
    static func at(_ p: IPv4Prefix, _ n: UInt32) -> IPv4Address { p.address(n) }

    // Well-known addresses derived from the ranges.
    public var user: IPv4Address { Self.at(internetUsers, 10) }
    public var ibmPrivateAdmin: IPv4Address { Self.at(ibmPrivateHosts, 10) }

    public func vtep(_ host: Int) -> IPv4Address { Self.at(vcsHosts, UInt32(10 + host)) }
    public var vcsESGPrivate: IPv4Address { Self.at(vcsESGPortablePrivate, 2) }
    public var vcsESGPublic: IPv4Address { Self.at(vcsESGPortablePublic, 2) }
    /// The ESG portable private address translated to the k-th VM of the VM network
    /// (0-based; static-nat option): .3 up.
    public func vmNAT(_ k: Int) -> IPv4Address { Self.at(vcsESGPortablePrivate, UInt32(3 + k)) }
    public var vcsESGTransit: IPv4Address { Self.at(vcsTransit, 1) }
    public var l2ConcentratorIBM: IPv4Address { Self.at(l2ConcentratorPortable, 2) }

    /// The IBM Cloud provided subnets of the plan.
    public var ibmCloudSubnets: [(String, IPv4Prefix)] {
        [("VCS hosts", vcsHosts), ("IBM private hosts", ibmPrivateHosts),
         ("VCS ESG portable private", vcsESGPortablePrivate), ("VCS ESG portable public", vcsESGPortablePublic),
         ("L2 concentrator portable", l2ConcentratorPortable)]
    }

    /// The enterprise BYOIP ranges of the plan.
    public var byoipRanges: [(String, IPv4Prefix)] {
        [("VCS VM network", vcsVMNetwork), ("VCS transit", vcsTransit), ("stretched network", stretchedNetwork)]
    }
}
