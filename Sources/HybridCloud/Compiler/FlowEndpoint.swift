import NetModel

/// One end of a flow, named after the inventory: `internet` (internet users, or an API on
/// the internet), `enterprise` (users of the first enterprise site), `enterprise/<site>` (users of
/// a named site), `ibm-private` (an admin host on the IBM
/// Cloud 10.x network), `<cluster>/<workload>` (a replica's pod; the cluster is an IKS or ICP
/// cluster's name, `iks` and `icp` by default), `<cluster>/service/<name>` (a Service: ClusterIP,
/// NodePort or LoadBalancer address), `<cluster>/ingress` (an IKS cluster's public ALB, or an
/// ICP cluster's ingress behind its ESG: the ESG's public address from the internet, its private
/// one otherwise), `<cluster>/private-ingress` (an IKS cluster's private ALB, when it has one),
/// `<cluster>/master` (an ICP cluster's master vIP DNATed by its ESG), `vcs/<vm>` (a VM),
/// `vcs/dnat/<name>` (a port forward of the VCS ESG), `internet/dns` (a public DNS resolver),
/// `enterprise/dns` or `enterprise/<site>/dns` (a site's DNS server, on its LAN).
public enum FlowEndpoint: Sendable, Equatable, CustomStringConvertible {
    case internet, ibmPrivate
    /// A public DNS resolver on the internet.
    case publicResolver
    /// The DNS server of an enterprise site, by name (nil: the first site).
    case enterpriseResolver(site: String?)
    /// Users of an enterprise site, by name (nil: the first site).
    case enterprise(site: String?)
    case workload(cluster: String, name: String)
    case service(cluster: String, name: String)
    /// A cluster's ingress: an IKS cluster's public ALB or an ICP cluster's ingress (by name).
    case ingress(String)
    /// An IKS cluster's private ALB.
    case privateIngress(String)
    /// An ICP cluster's master vIP.
    case master(String)
    case vm(String)
    /// A port forward (DNAT) of the VCS ESG, by its name in `vcs.esg.dnat`.
    case portForward(String)

    /// Parses an endpoint name; nil when it has none of the forms above.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (parts.count, parts.first ?? "") {
        case (1, "internet"): self = .internet
        case (2, "internet"):
            guard parts[1] == "dns" else { return nil }
            self = .publicResolver
        case (1, "enterprise"): self = .enterprise(site: nil)
        case (2, "enterprise"):
            guard !parts[1].isEmpty else { return nil }
            self = parts[1] == "dns" ? .enterpriseResolver(site: nil) : .enterprise(site: parts[1])
        case (3, "enterprise"):
            guard !parts[1].isEmpty, parts[2] == "dns" else { return nil }
            self = .enterpriseResolver(site: parts[1])
        case (1, "ibm-private"): self = .ibmPrivate
        case (2, "vcs"):
            guard !parts[1].isEmpty else { return nil }
            self = .vm(parts[1])
        case (3, "vcs"):
            guard parts[1] == "dnat", !parts[2].isEmpty else { return nil }
            self = .portForward(parts[2])
        case (2, let cluster) where !cluster.isEmpty && parts[1] == "ingress": self = .ingress(cluster)
        case (2, let cluster) where !cluster.isEmpty && parts[1] == "private-ingress": self = .privateIngress(cluster)
        case (2, let cluster) where !cluster.isEmpty && parts[1] == "master": self = .master(cluster)
        case (2, let cluster) where !cluster.isEmpty:
            guard !parts[1].isEmpty else { return nil }
            self = .workload(cluster: cluster, name: parts[1])
        case (3, let cluster) where !cluster.isEmpty:
            guard parts[1] == "service", !parts[2].isEmpty else { return nil }
            self = .service(cluster: cluster, name: parts[2])
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .internet: return "internet"
        case .publicResolver: return "internet/dns"
        case .enterprise(let site): return site.map { "enterprise/\($0)" } ?? "enterprise"
        case .enterpriseResolver(let site): return site.map { "enterprise/\($0)/dns" } ?? "enterprise/dns"
        case .ibmPrivate: return "ibm-private"
        case .workload(let c, let n): return "\(c)/\(n)"
        case .service(let c, let n): return "\(c)/service/\(n)"
        case .ingress(let c): return "\(c)/ingress"
        case .privateIngress(let c): return "\(c)/private-ingress"
        case .master(let c): return "\(c)/master"
        case .vm(let n): return "vcs/\(n)"
        case .portForward(let n): return "vcs/dnat/\(n)"
        }
    }

    /// The forms, for help and error messages.
    public static let forms = "internet, internet/dns, enterprise, enterprise/<site>, enterprise/dns, enterprise/<site>/dns, ibm-private, iks/<workload>, icp/<workload>, iks/service/<name>, icp/service/<name>, iks/ingress, iks/private-ingress, icp/ingress, icp/master, vcs/<vm>, vcs/dnat/<name> (iks, icp: the clusters' names)"

    /// True when packets to or from this end pass a pod interface (MTU 1480, MSS 1440).
    var endsAtPod: Bool {
        switch self {
        case .workload, .service, .ingress, .privateIngress: return true
        case .internet, .enterprise, .ibmPrivate, .master, .vm, .portForward, .publicResolver, .enterpriseResolver: return false
        }
    }

    /// Internet and enterprise users: a flow's clients from here are hosts of their own, each
    /// with its own ephemeral ports; from a pod, a VM or an admin host they share one host's.
    var isUserPopulation: Bool {
        switch self {
        case .internet, .enterprise: return true
        case .workload, .service, .ingress, .privateIngress, .ibmPrivate, .master, .vm, .portForward,
             .publicResolver, .enterpriseResolver: return false
        }
    }
}
