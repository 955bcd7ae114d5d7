import NetModel

/// One end of a flow, named after the inventory: `internet` (internet users, or an API on
/// the internet), `enterprise` (users of the first enterprise site), `enterprise/<site>` (users of
/// a named site), `ibm-private` (an admin host on the IBM
/// Cloud 10.x network), `<cluster>/<workload>` (a replica's pod; the cluster is an IKS
/// cluster's name, `iks` by default, or `icp`), `<cluster>/service/<name>` (a Service:
/// ClusterIP, NodePort or LoadBalancer address), `<cluster>/ingress` (an IKS cluster's public
/// ALB), `<cluster>/private-ingress` (its private ALB, when it has one), `icp/ingress` (the ICP
/// ingress behind the ICP ESG: its public address from the internet, its private one
/// otherwise), `icp/master` (the master vIP DNATed by the ICP ESG), `vcs/<vm>` (a VM),
/// `vcs/dnat/<name>` (a port forward of the VCS ESG).
public enum FlowEndpoint: Sendable, Equatable, CustomStringConvertible {
    case internet, ibmPrivate
    /// Users of an enterprise site, by name (nil: the first site).
    case enterprise(site: String?)
    case workload(cluster: String, name: String)
    case service(cluster: String, name: String)
    /// The public and private Ingress ALB of an IKS cluster (by its name).
    case iksIngress(String), iksPrivateIngress(String)
    case icpIngress, icpMaster
    case vm(String)
    /// A port forward (DNAT) of the VCS ESG, by its name in `vcs.esg.dnat`.
    case portForward(String)

    /// Parses an endpoint name; nil when it has none of the forms above.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (parts.count, parts.first ?? "") {
        case (1, "internet"): self = .internet
        case (1, "enterprise"): self = .enterprise(site: nil)
        case (2, "enterprise"):
            guard !parts[1].isEmpty else { return nil }
            self = .enterprise(site: parts[1])
        case (1, "ibm-private"): self = .ibmPrivate
        case (2, "icp") where parts[1] == "ingress": self = .icpIngress
        case (2, "icp") where parts[1] == "master": self = .icpMaster
        case (2, "vcs"):
            guard !parts[1].isEmpty else { return nil }
            self = .vm(parts[1])
        case (3, "vcs"):
            guard parts[1] == "dnat", !parts[2].isEmpty else { return nil }
            self = .portForward(parts[2])
        case (2, let cluster) where !cluster.isEmpty && cluster != "icp" && parts[1] == "ingress": self = .iksIngress(cluster)
        case (2, let cluster) where !cluster.isEmpty && cluster != "icp" && parts[1] == "private-ingress": self = .iksPrivateIngress(cluster)
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
        case .enterprise(let site): return site.map { "enterprise/\($0)" } ?? "enterprise"
        case .ibmPrivate: return "ibm-private"
        case .workload(let c, let n): return "\(c)/\(n)"
        case .service(let c, let n): return "\(c)/service/\(n)"
        case .iksIngress(let c): return "\(c)/ingress"
        case .iksPrivateIngress(let c): return "\(c)/private-ingress"
        case .icpIngress: return "icp/ingress"
        case .icpMaster: return "icp/master"
        case .vm(let n): return "vcs/\(n)"
        case .portForward(let n): return "vcs/dnat/\(n)"
        }
    }

    /// The forms, for help and error messages.
    public static let forms = "internet, enterprise, enterprise/<site>, ibm-private, iks/<workload>, icp/<workload>, iks/service/<name>, icp/service/<name>, iks/ingress, iks/private-ingress, icp/ingress, icp/master, vcs/<vm>, vcs/dnat/<name> (iks: the IKS cluster's name)"

    /// True when packets to or from this end pass a pod interface (MTU 1480, MSS 1440).
    var endsAtPod: Bool {
        switch self {
        case .workload, .service, .iksIngress, .iksPrivateIngress, .icpIngress: return true
        case .internet, .enterprise, .ibmPrivate, .icpMaster, .vm, .portForward: return false
        }
    }
}
