import SimKernel

/// How long the recoveries that are not BGP take: an ESG HA pair's takeover and the services
/// its new active appliance starts, IKE re-establishment, vSphere HA. Sources in
/// docs/assumptions.md, "Routing control plane".
public struct RecoveryTimers: Sendable, Equatable {
    /// The standby declares the active dead after this long without heartbeats (NSX-v Web
    /// Client default 15 s).
    public var declareDead: SimTime = .seconds(15)
    /// Taking over the interfaces and addresses (gratuitous ARP) [Est 1–3 s].
    public var takeover: SimTime = .seconds(2)
    /// The new active ESG's routing daemon starts and opens its BGP sessions (its learned
    /// routes are not synchronised to the standby) [Est].
    public var routingStart: SimTime = .seconds(10)
    /// The new active ESG's IPsec service starts and initiates IKE to its peers (SAs are not
    /// synchronised) [Est].
    public var ipsecStart: SimTime = .seconds(5)
    /// IKE_SA_INIT + IKE_AUTH: two round trips and the Diffie-Hellman computation [Est].
    public var ikeExchange: SimTime = .milliseconds(100)
    /// strongSwan dead-peer detection: DPD after 30 s without inbound traffic (`dpddelay`),
    /// then IKEv2's five retransmissions (4 s × 1.8ⁿ, ≈ 165 s) before the peer is declared dead.
    public var dpdDelay: SimTime = .seconds(30)
    public var dpdTimeout: SimTime = .seconds(165)
    /// An NSX Edge's dead-peer detection: a probe every 60 s (the default DPD profile is
    /// periodic), then up to 30 retransmissions, ≈ 2 min 45 s, before the peer is declared dead
    /// and its SA torn down (VMware NSX-T Data Center administration guide, "Add DPD Profiles").
    public var edgeDPDInterval: SimTime = .seconds(60)
    public var edgeDPDTimeout: SimTime = .seconds(165)
    /// vSphere HA declares a host failed after 15 s without heartbeats (VMware vSphere
    /// Availability guide) and restarts its VMs on other hosts.
    public var hostFailureDetection: SimTime = .seconds(15)
    /// A restarted VM boots and its services listen again [Est].
    public var vmBoot: SimTime = .seconds(60)
    /// A NotReady node's pods are evicted after tolerating it this long (Kubernetes'
    /// DefaultTolerationSeconds for node.kubernetes.io/not-ready and unreachable: 300 s).
    public var podEviction: SimTime = .seconds(300)
    /// A replacement pod is scheduled, started and passes its readiness probe [Est 5 s, the
    /// image cached on the node].
    public var podStart: SimTime = .seconds(5)
    /// keepalived's backup takes a LoadBalancer address over from a lost worker: VRRP
    /// adverts every second, master declared down after three missed ones plus skew [Est 3 s].
    public var loadBalancerFailover: SimTime = .seconds(3)

    public init() {}
    public static let standard = RecoveryTimers()
}
