import NetModel

/// The address ranges of one IKS cluster and the addresses derived from them. IBM Cloud
/// provides the portable and worker subnets; the pod and service networks are the cluster's
/// own (chosen at cluster creation; 172.30.0.0/16 and 172.21.0.0/16 by default). Clusters of
/// one estate need distinct ranges: they are routed to the same VCS instance and ICP.
public struct IKSAddresses: Sendable, Equatable {
    /// Pod network (routed only between workers; the VPN carries it).
    public var pods = IPv4Prefix("172.30.0.0/16")!
    /// Service network (ClusterIPs).
    public var services = IPv4Prefix("172.21.0.0/16")!
    /// Portable public subnet: 8 addresses: 3 reserved, 1 for the ALB, 4 for LoadBalancers.
    public var portablePublic = IPv4Prefix("169.61.10.0/29")!
    /// Portable private subnet: 3 reserved, the private ALB, the strongSwan VPN, LoadBalancers.
    public var portablePrivate = IPv4Prefix("10.190.20.0/29")!
    /// Workers' public primary subnet: workers take addresses from .10 up.
    public var workerPublic = IPv4Prefix("169.61.5.0/26")!

    public init() {}

    /// The ranges by their key in the cluster's section (declared once: the decoder, docs and
    /// the overlap checks use this list).
    public static var fields: [(name: String, keyPath: WritableKeyPath<IKSAddresses, IPv4Prefix>, what: String)] {
        [("pod-network", \.pods, "pod network (a /24 per worker; routed only between workers)"),
         ("service-network", \.services, "service network (ClusterIPs)"),
         ("portable-public", \.portablePublic, "portable public subnet: 3 reserved, the ALB, 4 LoadBalancers"),
         ("portable-private", \.portablePrivate, "portable private subnet: 3 reserved, the private ALB, the strongSwan VPN, LoadBalancers"),
         ("worker-public", \.workerPublic, "workers' public primary subnet (from .10)")]
    }

    public var albPublic: IPv4Address { portablePublic.address(2) }
    public var albPrivate: IPv4Address { portablePrivate.address(2) }
    /// The strongSwan VPN pod's LoadBalancer address (the tunnel's end on the cluster side).
    public var strongSwanLoadBalancer: IPv4Address { portablePrivate.address(3) }
    public func workerPublicAddress(_ w: Int) -> IPv4Address { workerPublic.address(UInt32(9 + w)) }
    /// The /24 pod block of worker `w` (1-based).
    public func podSubnet(_ w: Int) -> IPv4Prefix { IPv4Prefix(pods.address(UInt32(w) << 8), length: 24) }
    /// The n-th ClusterIP of the service network (from .10.10 up).
    public func serviceAddress(_ n: Int) -> IPv4Address { services.address(UInt32(10 << 8 | (10 + n))) }
    /// LoadBalancer address n (0-based) on the portable public or private subnet: .3 up on
    /// public (.2 is the ALB), .4 up on private (.2 the private ALB, .3 the strongSwan VPN).
    public func loadBalancer(_ n: Int, public isPublic: Bool) -> IPv4Address {
        isPublic ? portablePublic.address(UInt32(3 + n)) : portablePrivate.address(UInt32(4 + n))
    }
}
