/// The names of the compiled network's devices, derived from the inventory in one place
/// (traces, `show`, failures and CSV columns use them). Hosts and workers are 1-based.
public enum DeviceName {
    public static let user = "user"
    /// A public DNS resolver on the internet (`internet/dns`).
    public static let publicResolver = "public-dns"
    public static let internet = "internet"
    public static let publicNetwork = "public-network"
    public static let fcr = "fcr"
    public static let bcr = "bcr"
    /// The second router of the BCR pair (`ibm-cloud.backend-routers: 2`).
    public static let bcr2 = "bcr2"
    public static let xcr = "xcr"
    /// An admin host on the IBM Cloud private network (10.x).
    public static let ibmPrivateHost = "ibm-admin"
    /// ESXi host `h` of VCS instance `instance` (the default instance `vcs`: `esxi1`, ...;
    /// another: `<instance>-esxi1`).
    public static func esxi(_ instance: String, _ h: Int) -> String { onInstance(instance, "esxi\(h)") }
    /// The VTEP of host `h`: it encapsulates and decapsulates VXLAN for every logical switch.
    public static func vtep(_ instance: String, _ h: Int) -> String { onInstance(instance, "vxlan-switch-h\(h)") }
    /// The instance DLR's kernel module on host `h`.
    public static func vcsDLR(_ instance: String, _ h: Int) -> String { onInstance(instance, "dlr-h\(h)") }
    static func onInstance(_ instance: String, _ device: String) -> String { instance == "vcs" ? device : "\(instance)-\(device)" }
    /// An ICP cluster's DLR kernel module on host `h`.
    public static func dlr(_ cluster: String, _ h: Int) -> String { "\(cluster)-dlr-h\(h)" }
    // The two ESGs are named in the inventory (`EdgeGateway.name`, "vcs-esg" and "icp-esg" by default).
    /// Worker `w` of a cluster (an IKS or ICP cluster's name).
    public static func worker(_ cluster: String, _ w: Int) -> String { "\(cluster)-w\(w)" }
    /// An ICP cluster's master VM and ingress controller pod.
    public static func master(_ cluster: String) -> String { "\(cluster)-master" }
    public static func ingress(_ cluster: String) -> String { "\(cluster)-ingress" }
    public static func vRouter(_ worker: String) -> String { "\(worker)-vrouter" }
    public static func kubeProxy(_ worker: String) -> String { "\(worker)-kube-proxy" }
    /// The public and private Ingress ALB pods of an IKS cluster.
    public static func alb(_ cluster: String) -> String { "\(cluster)-alb" }
    public static func privateALB(_ cluster: String) -> String { "\(cluster)-alb-private" }
    /// The strongSwan VPN pod of a cluster (an IKS or ICP cluster's name).
    public static func strongSwan(_ cluster: String) -> String { "\(cluster)-strongswan" }
    /// Replica `k` (1-based) of a workload of `cluster` (an IKS or ICP cluster's name); a
    /// single replica is just `cluster-workload`.
    public static func pod(_ cluster: String, _ workload: String, replica k: Int, of n: Int) -> String {
        n == 1 ? "\(cluster)-\(workload)" : "\(cluster)-\(workload)-\(k)"
    }
    /// The devices of an enterprise site.
    public struct SiteDevices: Sendable, Equatable {
        public let user, router, wan, l2cOnPrem, l2cIBM: String
        /// The site's DNS server (`enterprise/dns`).
        public let dns: String
    }
    /// The devices of the enterprise site `name`: `<name>-user`, `<name>-router`, `<name>-wan`,
    /// `<name>-l2c`, `<name>-l2c-ibm`, `<name>-dns`; the default site `enterprise` keeps the reference's names.
    public static func site(_ name: String) -> SiteDevices {
        name == "enterprise"
            ? SiteDevices(user: "enterprise-user", router: "onprem-router", wan: "wan", l2cOnPrem: "l2c-onprem", l2cIBM: "l2c-ibm",
                          dns: "enterprise-dns")
            : SiteDevices(user: "\(name)-user", router: "\(name)-router", wan: "\(name)-wan", l2cOnPrem: "\(name)-l2c", l2cIBM: "\(name)-l2c-ibm",
                          dns: "\(name)-dns")
    }

    /// Whether a name given in the inventory can name a device: 1–63 letters, digits, '-',
    /// '_' or '.' (no spaces, and no '/', which separates the parts of a flow endpoint).
    public static func isValid(_ name: String) -> Bool {
        (1...63).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
