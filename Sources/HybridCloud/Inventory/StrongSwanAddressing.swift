import NetModel

/// How the strongSwan VPN pod presents cluster and remote addresses (chart values,
/// parameters.md §5).
public enum StrongSwanAddressing: Sendable, Equatable {
    /// `local.subnet` = pod and service CIDRs: pod addresses travel through the tunnel.
    case routed
    /// `enableSingleSourceIP`: all cluster traffic leaves as this one address (outbound only).
    case singleSourceIP(IPv4Address)
    /// `localSubnetNAT`: the pod network is mapped 1:1 onto this equally sized block
    /// (to resolve an overlap with the remote side).
    case localSubnetNAT(IPv4Prefix)
    /// `remoteSubnetNAT`: the cluster reaches the VCS VM network under this block, which the
    /// VPN pod maps 1:1 onto the real one.
    case remoteSubnetNAT(IPv4Prefix)
}
