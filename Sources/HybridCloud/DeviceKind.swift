/// The kinds of device in the reference architecture, named as in ../shared/DOMAIN.md and
/// printed by `hybridsim trace`.
public enum DeviceKind: String, Sendable, CaseIterable {
    case user, internet
    case publicNetwork = "public-network"
    case fcr, bcr, xcr, wan
    case onPremRouter = "onprem-router"
    case l2Concentrator = "l2-concentrator"
    case esxiHost = "esxi-host"
    case esg, dlr
    case vxlanSwitch = "vxlan-switch"
    case worker
    case calicoVRouter = "calico-vrouter"
    case kubeProxy = "kube-proxy"
    case alb, strongswan, pod, vm
    /// A host on the IBM Cloud private network (an admin bastion).
    case host

    /// Kinds that pass packets on at layer 2 or as a network cloud: their routing step is
    /// reported as `forward` rather than `route`.
    public var forwardsOnly: Bool {
        switch self {
        case .internet, .publicNetwork, .wan, .esxiHost, .worker: return true
        default: return false
        }
    }
}

/// NSX-v Edge Services Gateway sizes (../shared/reference/parameters.md §3).
public enum ESGFormFactor: String, Sendable, CaseIterable {
    case compact, large
    case quadLarge = "quad-large"
    case xLarge = "x-large"

    /// vCPUs (NSX 6.4 install guide, recalled [V-mem]).
    public var cores: Int {
        switch self {
        case .compact: return 1
        case .large: return 2
        case .quadLarge: return 4
        case .xLarge: return 6
        }
    }

    /// IPsec tunnels the ESG terminates at most (NSX-v 6.4 administration guide, "IPsec VPN
    /// overview": Compact 512, Large 1,600, Quad-Large 4,096, X-Large 6,000).
    public var ipsecTunnels: Int {
        switch self {
        case .compact: return 512
        case .large: return 1_600
        case .quadLarge: return 4_096
        case .xLarge: return 6_000
        }
    }

    /// Concurrent sessions (config maximums 6.x [V-mem]).
    public var sessions: Int { self == .compact ? 64_000 : 1_000_000 }
}
