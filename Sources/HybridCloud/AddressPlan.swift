import NetModel

/// The addresses of the reference architecture (DOMAIN.md, "Address plan"). IBM Cloud
/// provided subnets are fixed examples from 10.0.0.0/8 (private) and 169.x (public);
/// enterprise BYOIP ranges (VCS and ICP networks) are the user's choice and are checked by
/// `AddressPlanValidator`.
public struct AddressPlan: Sendable {
    // IKS (IBM Cloud provided, except the cluster-internal ranges)
    public var iksPods = IPv4Prefix("172.30.0.0/16")!
    public var iksServices = IPv4Prefix("172.21.0.0/16")!
    /// Portable public subnet: 8 addresses: 3 reserved, 1 for the ALB, 4 for LoadBalancers.
    public var iksPortablePublic = IPv4Prefix("169.61.10.0/29")!
    public var iksPortablePrivate = IPv4Prefix("10.190.20.0/29")!
    /// Worker primary private subnets: workers 1 and 2 on A, worker 3 on B.
    public var iksWorkerSubnetA = IPv4Prefix("10.190.5.0/26")!
    public var iksWorkerSubnetB = IPv4Prefix("10.190.6.0/26")!
    public var iksWorkerPublic = IPv4Prefix("169.61.5.0/26")!
    /// LoadBalancer services asked for on the portable subnets (at most 4 each).
    public var iksLoadBalancersPublic = 0
    public var iksLoadBalancersPrivate = 1   // the strongSwan VPN

    // VCS (IBM Cloud provided)
    public var vcsHosts = IPv4Prefix("10.100.1.0/26")!
    public var vcsESGPortablePrivate = IPv4Prefix("10.100.2.0/29")!
    public var vcsESGPortablePublic = IPv4Prefix("169.62.2.0/29")!
    public var icpESGPortablePrivate = IPv4Prefix("10.100.3.0/29")!
    public var icpESGPortablePublic = IPv4Prefix("169.62.3.0/29")!
    public var l2ConcentratorPortable = IPv4Prefix("10.100.4.0/29")!

    // Enterprise BYOIP
    public var vcsVMNetwork = IPv4Prefix("192.168.10.0/24")!
    public var vcsTransit = IPv4Prefix("192.168.100.0/29")!
    public var stretchedNetwork = IPv4Prefix("192.168.50.0/24")!
    public var icpVMNetwork = IPv4Prefix("192.168.20.0/24")!
    public var icpTransit = IPv4Prefix("192.168.101.0/29")!
    /// ICP pod and service ranges (cluster/config.yaml).
    public var icpPods = IPv4Prefix("172.16.0.0/16")!
    public var icpServices = IPv4Prefix("172.17.0.0/16")!

    // Outside
    public var internetUsers = IPv4Prefix("203.0.113.0/24")!
    public var enterpriseLAN = IPv4Prefix("10.50.0.0/16")!
    public var enterpriseAppliances = IPv4Prefix("10.60.0.0/16")!

    public init() {}

    /// The n-th address of a block.
    static func at(_ p: IPv4Prefix, _ n: UInt32) -> IPv4Address { p.address(n) }

    // Well-known addresses derived from the ranges.
    public var user: IPv4Address { Self.at(internetUsers, 10) }
    public var enterpriseUser: IPv4Address { Self.at(enterpriseLAN, 256 + 100) }  // 10.50.1.100
    public var iksALBPublic: IPv4Address { Self.at(iksPortablePublic, 2) }
    public var strongSwanLoadBalancer: IPv4Address { Self.at(iksPortablePrivate, 3) }
    /// Workers 3, 6, 9... are on subnet B, the others on subnet A.
    public static func iksWorkerOnSubnetB(_ w: Int) -> Bool { w % 3 == 0 }
    public func iksWorkerPrivate(_ w: Int) -> IPv4Address {
        Self.at(Self.iksWorkerOnSubnetB(w) ? iksWorkerSubnetB : iksWorkerSubnetA, UInt32(9 + w))
    }
    public func iksWorkerPublicAddress(_ w: Int) -> IPv4Address { Self.at(iksWorkerPublic, UInt32(9 + w)) }
    public func iksPodSubnet(_ w: Int) -> IPv4Prefix { IPv4Prefix(Self.at(iksPods, UInt32(w) << 8), length: 24) }
    public var iksALBPod: IPv4Address { iksPodSubnet(1).address(5) }
    public var strongSwanPod: IPv4Address { iksPodSubnet(2).address(30) }
    public func iksWebPod(_ worker: Int) -> IPv4Address { iksPodSubnet(worker).address(20) }
    public var iksWebService: IPv4Address { Self.at(iksServices, 10 << 8 | 10) }

    public func vtep(_ host: Int) -> IPv4Address { Self.at(vcsHosts, UInt32(10 + host)) }
    public var vcsESGPrivate: IPv4Address { Self.at(vcsESGPortablePrivate, 2) }
    public var vcsESGPublic: IPv4Address { Self.at(vcsESGPortablePublic, 2) }
    /// The ESG portable address translated to the database (static-nat option).
    public var databaseNAT: IPv4Address { Self.at(vcsESGPortablePrivate, 3) }
    public var vcsESGTransit: IPv4Address { Self.at(vcsTransit, 1) }
    public var database: IPv4Address { Self.at(vcsVMNetwork, 20) }
    public var stretchedVM: IPv4Address { Self.at(stretchedNetwork, 20) }
    public var l2ConcentratorIBM: IPv4Address { Self.at(l2ConcentratorPortable, 2) }
    public var l2ConcentratorOnPrem: IPv4Address { Self.at(enterpriseAppliances, 5) }

    public var icpESGPrivate: IPv4Address { Self.at(icpESGPortablePrivate, 2) }
    public var icpESGPublic: IPv4Address { Self.at(icpESGPortablePublic, 2) }
    public var icpESGTransit: IPv4Address { Self.at(icpTransit, 1) }
    public func icpWorker(_ w: Int) -> IPv4Address { Self.at(icpVMNetwork, UInt32(20 + w)) }
    public func icpPodSubnet(_ w: Int) -> IPv4Prefix { IPv4Prefix(Self.at(icpPods, UInt32(w) << 8), length: 24) }
    public var icpIngressPod: IPv4Address { icpPodSubnet(1).address(5) }
    public var icpWebPod: IPv4Address { icpPodSubnet(2).address(20) }
    public var icpStrongSwanPod: IPv4Address { icpPodSubnet(1).address(30) }
    public var icpWebService: IPv4Address { Self.at(icpServices, 10 << 8 | 10) }

    /// The IBM Cloud provided subnets of the plan.
    public var ibmCloudSubnets: [(String, IPv4Prefix)] {
        [("IKS portable public", iksPortablePublic), ("IKS portable private", iksPortablePrivate),
         ("IKS worker subnet A", iksWorkerSubnetA), ("IKS worker subnet B", iksWorkerSubnetB),
         ("IKS worker public", iksWorkerPublic), ("VCS hosts", vcsHosts),
         ("VCS ESG portable private", vcsESGPortablePrivate), ("VCS ESG portable public", vcsESGPortablePublic),
         ("ICP ESG portable private", icpESGPortablePrivate), ("ICP ESG portable public", icpESGPortablePublic),
         ("L2 concentrator portable", l2ConcentratorPortable)]
    }

    /// The enterprise BYOIP ranges of the plan.
    public var byoipRanges: [(String, IPv4Prefix)] {
        [("VCS VM network", vcsVMNetwork), ("VCS transit", vcsTransit), ("stretched network", stretchedNetwork),
         ("ICP VM network", icpVMNetwork), ("ICP transit", icpTransit), ("ICP pods", icpPods),
         ("ICP services", icpServices)]
    }
}
