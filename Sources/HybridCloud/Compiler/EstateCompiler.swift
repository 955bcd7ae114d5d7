import NetModel
import SimKernel

/// Builds the network of an estate: one extension (file) per environment, in this order:
/// IBM Cloud network, VCS instance, IKS, ICP, enterprise site, integration (VPNs and the
/// option's routes). Device names come from `DeviceName`, costs from `DeviceCatalog`, option
/// behaviour from `IntegrationOption.behaviour`.
struct EstateCompiler {
    let inv: Inventory
    let option: IntegrationOption
    let behaviour: IntegrationBehaviour
    var a: AddressPlan { inv.plan }
    /// The device profiles with the estate's parameters.
    var catalog: DeviceCatalog { DeviceCatalog(inv.devices) }
    var t = Topology()
    var registry = EstateRegistry()
    /// Each IKS cluster's workers: subnet and node address, computed once (by cluster index).
    let iksLayouts: [IKSLayout]

    /// Where an IKS cluster's workers are; worker numbers are 1-based (index 0 unused).
    struct IKSLayout {
        /// The subnet index of each worker.
        let subnetOf: [Int]
        /// Each worker's private node address (from .10 up on its subnet).
        let nodes: [IPv4Address]

        init(_ iks: IKSCluster) {
            let subnetOf = iks.subnetOfWorker, position = iks.positionInSubnet
            self.subnetOf = subnetOf
            nodes = subnetOf.indices.map { w in
                w == 0 ? .zero : iks.subnets[subnetOf[w]].prefix.address(UInt32(10 + position[w]))
            }
        }
    }

    static let any = Topology.everything
    /// One way from the internet to a public DNS resolver: with the users' 1 ms access link a
    /// lookup's round trip is about 12 ms, the order of public resolvers' median query times
    /// seen from users [Est].
    static let publicResolverDelay = SimTime.milliseconds(5)
    /// The IBM Cloud private network (10.0.0.0/8), reached through the backend customer router.
    static let ibmPrivateNetwork = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8)
    /// The RFC 1918 private ranges: natOutgoing and the ICP ESG's SNAT leave them alone
    /// (translated to the private address), and translate the rest to a public one.
    static let privateRanges = [ibmPrivateNetwork, IPv4Prefix("172.16.0.0/12")!, IPv4Prefix("192.168.0.0/16")!]

    init(inventory: Inventory, option: IntegrationOption) {
        inv = inventory
        self.option = option
        behaviour = option.behaviour
        iksLayouts = inventory.iksClusters.map(IKSLayout.init)
    }

    mutating func build() throws {
        try ibmCloudNetwork()
        for i in inv.vcsInstances.indices { try vcsInstance(i) }
        for c in inv.iksClusters.indices { try iksCluster(c) }
        for k in inv.icpClusters.indices { try icpCluster(k) }
        try enterpriseSites()
        try integration()
        if inv.ibmCloud.backendRouters == 2 { try secondBackendRouter() }
    }

    /// The standby appliance of an ESG's HA pair on instance `i`, placed on its host and
    /// linked to it. It holds no address and no route until it takes over (the `esg-failover`
    /// failure).
    mutating func standbyAppliance(of esg: EdgeGateway, instance i: Int) throws {
        guard let host = esg.standbyHost(hosts: inv.vcsInstances[i].hosts) else { return }
        try t.add(esg.standbyName, .esg, configure: catalog.esg(esg.size))
        t.place(esg.standbyName, "host \(host), standby of \(esg.name)")
        t.link(esg.standbyName, esxi(i, host), DeviceCatalog.virtualLink)
    }

    /// Zone of the routers: the first VCS instance's.
    var routerZone: String { inv.vcs.zone ?? inv.ibmCloud.zones[0] }

    // MARK: Shared pieces

    /// Host routes for `address` on every VTEP of instance `i`: its own host's VTEP delivers
    /// to `device`, the others tunnel VXLAN to that host.
    mutating func vtepRoutes(to address: IPv4Address, device: String, instance i: Int, host: Int) {
        let a = inv.vcsInstances[i].addresses
        for h in 1...inv.vcsInstances[i].hosts {
            if h == host {
                t.route(vtep(i, h), address, via: device)
            } else {
                t.route(vtep(i, h), IPv4Prefix(address, length: 32),
                        tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vtep(host)))
            }
        }
    }

    /// A VM on logical switch `segment` on `host`: reachable from the other hosts' VTEPs
    /// through VXLAN, from its own host directly. A VM with a `gateway` (a DLR on its host)
    /// sends what leaves its segment there; without one, everything goes to its VTEP.
    mutating func vm(_ name: String, _ address: IPv4Address, instance i: Int, host: Int, segment: IPv4Prefix, gateway: String?,
                     kind: DeviceKind = .vm) throws {
        try t.add(name, kind, [address])
        t.link(name, vtep(i, host), DeviceCatalog.virtualLink)
        if let gateway {
            t.link(name, gateway, DeviceCatalog.virtualLink)
            t.route(name, segment, via: vtep(i, host))
            t.route(name, Self.any, via: gateway)
        } else {
            t.route(name, Self.any, via: vtep(i, host))
        }
        vtepRoutes(to: address, device: name, instance: i, host: host)
    }

    /// A pod behind the kube-proxy of `worker` (a worker device name).
    mutating func pod(_ name: String, _ kind: DeviceKind, _ addresses: [IPv4Address], worker: String,
                      configure: (inout DeviceSpec) -> Void) throws {
        try t.add(name, kind, addresses, configure: configure)
        t.place(name, worker)
        let proxy = DeviceName.kubeProxy(worker)
        t.link(name, proxy, DeviceCatalog.podLink)
        t.route(name, Self.any, via: proxy)
        for address in addresses { t.route(proxy, address, via: name) }
    }

    /// A Kubernetes worker's networking: its Calico vRouter holding the node's `addresses`
    /// (natOutgoing `snat`, node-port and LoadBalancer `dnat`) and its kube-proxy with the
    /// Services' rules; linked worker – vRouter – kube-proxy.
    mutating func workerNetworking(_ worker: String, addresses: [IPv4Address], snat: [SNATRule], dnat: [DNATRule],
                                   services: [DNATRule], mode: KubeProxyMode, serviceCount: Int) throws {
        try t.add(DeviceName.vRouter(worker), .calicoVRouter, addresses, configure: catalog.vRouter(snat: snat, dnat: dnat))
        try t.add(DeviceName.kubeProxy(worker), .kubeProxy,
              configure: catalog.kubeProxy(mode: mode, services: serviceCount, dnat: services))
        t.place(DeviceName.vRouter(worker), worker)
        t.place(DeviceName.kubeProxy(worker), worker)
        t.link(worker, DeviceName.vRouter(worker), DeviceCatalog.virtualLink)
        t.link(DeviceName.vRouter(worker), DeviceName.kubeProxy(worker), DeviceCatalog.virtualLink)
    }

    /// Places every replica of every workload of `cluster` on its worker (addresses from .20
    /// of the worker's pod subnet) into the registry; `placed` counts the pods per worker so
    /// far, and the counts after are returned.
    mutating func placePods(_ workloads: [Workload], cluster: String, workers: Int, podSubnet: (Int) -> IPv4Prefix,
                            placed counts: [Int]) throws -> [Int] {
        var placed = counts
        for w in workloads {
            var pods: [PodPlacement] = []
            for (k, worker) in w.workers(of: workers).enumerated() {
                let n = placed[worker]
                guard n < Workload.podsPerWorker else { throw CompiledEstate.Invalid(description: "architecture.\(cluster): more than 230 pods on worker \(worker)") }
                placed[worker] += 1
                pods.append(PodPlacement(device: DeviceName.pod(cluster, w.name, replica: k + 1, of: w.replicas),
                                         address: podSubnet(worker).address(UInt32(20 + n)), worker: worker))
            }
            registry.pods["\(cluster)/\(w.name)"] = pods
        }
        return placed
    }

    /// The kube-proxy rules of a cluster's Services: each ClusterIP and port to every replica
    /// of its workload, balanced as `mode` does.
    func serviceRules(_ services: [KubernetesService], _ workloads: [Workload], cluster: String,
                      address: (Int) -> IPv4Address, mode: KubeProxyMode) -> [DNATRule] {
        services.enumerated().compactMap { i, s -> DNATRule? in
            guard let w = workloads.first(where: { $0.name == s.workload }),
                  let pods = registry.pods["\(cluster)/\(w.name)"] else { return nil }
            return DNATRule(address: address(i), port: s.port, backends: pods.map(\.address), translatePort: w.port,
                            selection: mode.selection)
        }
    }
}
