import NetModel

/// The estate-wide ranges (DOMAIN.md, "Address plan"): the IBM-side L2 concentrator's subnet, an account subnet on the IBM
/// private network, and the internet users. The ranges of each VCS instance, IKS cluster, ICP
/// cluster and enterprise site are in its own section (`VCSAddresses`, `IKSAddresses`,
/// `ICPAddresses`, `EnterpriseSite`); `Validator` checks them all for overlaps.
public struct AddressPlan: Sendable, Equatable {
    /// The IBM-side L2 concentrator's portable private subnet (IBM Cloud provided): .2.
    public var l2ConcentratorPortable = IPv4Prefix("10.100.4.0/29")!

    /// A subnet of the account on the IBM Cloud private network (10.x) with an admin host
    /// (a bastion virtual server) behind the BCR.
    public var ibmPrivateHosts = IPv4Prefix("10.200.0.0/26")!

    // Outside
    public var internetUsers = IPv4Prefix("203.0.113.0/24")!

    public init() {}

    /// The configurable ranges, by their name in `architecture.address-plan` (declared once:
    /// the scenario decoder and docs/inventory.md use this list).
    public static var fields: [(name: String, keyPath: WritableKeyPath<AddressPlan, IPv4Prefix>, what: String)] {
        [("l2c-portable", \.l2ConcentratorPortable, "IBM-side L2 concentrator's portable private subnet"),
         ("ibm-private-hosts", \.ibmPrivateHosts, "an account subnet on the IBM private network with an admin host (.10)"),
         ("internet-users", \.internetUsers, "internet users (and APIs on the internet)")]
    }

    /// The n-th address of a block.
    static func at(_ p: IPv4Prefix, _ n: UInt32) -> IPv4Address { p.address(n) }

    // Well-known addresses derived from the ranges.
    public var user: IPv4Address { Self.at(internetUsers, 10) }
    /// A public DNS resolver (`internet/dns`), among the internet's addresses.
    public var publicResolver: IPv4Address { Self.at(internetUsers, 53) }
    public var ibmPrivateAdmin: IPv4Address { Self.at(ibmPrivateHosts, 10) }

    public var l2ConcentratorIBM: IPv4Address { Self.at(l2ConcentratorPortable, 2) }

    /// The IBM Cloud provided subnets of the plan.
    public var ibmCloudSubnets: [(String, IPv4Prefix)] {
        [("IBM private hosts", ibmPrivateHosts), ("L2 concentrator portable", l2ConcentratorPortable)]
    }

}
