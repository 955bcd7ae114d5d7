import NetModel

/// IBM Cloud Private on VMs of the VCS instance, with its own ESG and DLR: the master, the
/// worker VMs (the first of them is also the proxy node running the ingress), their Calico
/// vRouters (IP-in-IP between workers, inside VXLAN between hosts), workloads and Services.
public struct ICPCluster: Sendable, Equatable {
    /// The cluster's name: its devices are `<name>-w1`, `<name>-master`, `<name>-ingress`,
    /// `<name>-dlr-h2`, ..., its endpoints `<name>/<workload>`, `<name>/ingress`, `<name>/master`.
    public var name = "icp"
    /// Node, transit, pod, service and ESG portable ranges.
    public var addresses = ICPAddresses()
    /// The VCS instance the cluster's VMs run on (nil: the first).
    public var vcs: String? = nil
    /// ICP's own edge gateway (on host 2; its DLR runs on every host with an ICP node). Its NAT
    /// rules are ICP's (SNAT of the node network, DNAT of the ingress, VPN and master vIP);
    /// port forwards of the inventory are not taken (`portForwards` must stay empty).
    public var esg = EdgeGateway(name: "icp-esg", size: .xLarge, host: 2)
    /// ESXi host of each worker VM, in worker order (worker 1 first).
    public var workerHosts = [2, 3]
    /// Worker (1-based) acting as proxy node: it runs the ingress controller and the VPN pod.
    public var proxyWorker = 1
    /// ESXi host of the master VM; its vIP is DNATed from the ESG's portable private address.
    public var masterHost = 2
    public var workloads: [Workload] = [Workload(name: "web", replicas: 1, placement: .pinned([2]))]
    public var services: [KubernetesService] = [KubernetesService(name: "web", workload: "web")]
    /// The Service the ingress sends requests to.
    public var ingressService = "web"

    public init() {}

    public var workerCount: Int { workerHosts.count }

    func problem(hosts: Int) -> String? {
        if !DeviceName.isValid(name) || name.contains(".") { return "name '\(name)' must be letters, digits, '-' and '_' (it prefixes device names)" }
        if let p = esg.problem(hosts: hosts) { return "esg.\(p)" }
        if !esg.portForwards.isEmpty { return "esg.dnat: port forwards are taken on the VCS ESG only (vcs.esg.dnat)" }
        if !(2...200).contains(workerHosts.count) { return "workers: give 2...200 worker hosts" }
        if let bad = workerHosts.first(where: { !(1...hosts).contains($0) }) { return "workers: host \(bad) does not exist (1...\(hosts))" }
        if !(1...hosts).contains(masterHost) { return "master-host must be 1...\(hosts)" }
        if !(1...workerCount).contains(proxyWorker) { return "proxy-worker must be 1...\(workerCount)" }
        if let p = Workload.problem(workloads, workers: workerCount) { return p }
        if Set(services.map(\.name)).count != services.count { return "services: a name is used twice" }
        for s in services where !workloads.contains(where: { $0.name == s.workload }) {
            return "services.\(s.name).workload: no workload \(s.workload)"
        }
        if !services.contains(where: { $0.name == ingressService }) { return "ingress-service: no service \(ingressService)" }
        if workerCount > 230 { return "worker-hosts: at most 230 workers (node addresses .21 up of the node network)" }
        if UInt64(workerCount + 21) > addresses.vmNetwork.size - 1 {
            return "vm-network: \(addresses.vmNetwork) has no room for \(workerCount) workers (from .21)"
        }
        if UInt64(workerCount + 1) * 256 > addresses.pods.size {
            return "pod-network: \(addresses.pods) has room for \(max(0, Int(addresses.pods.size / 256) - 1)) workers' /24 pod blocks, \(workerCount) needed"
        }
        return nil
    }
}
