import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: IKS

    /// Worker `w`'s private node address in IKS cluster `c`: from .10 up on its subnet.
    func iksNode(_ c: Int, _ w: Int) -> IPv4Address { iksLayouts[c].nodes[w] }
    /// Worker `w` of IKS cluster `c` (a device name).
    func iksWorker(_ c: Int, _ w: Int) -> String { DeviceName.worker(inv.iksClusters[c].name, w) }

    func iksZone(_ c: Int, _ w: Int) -> String {
        let iks = inv.iksClusters[c]
        return iks.subnets[iksLayouts[c].subnetOf[w]].zone ?? inv.ibmCloud.zones[0]
    }
    func iksALBPod(_ c: Int) -> IPv4Address { let iks = inv.iksClusters[c]; return iks.addresses.podSubnet(iks.alb.worker).address(5) }
    func iksVPNPod(_ c: Int) -> IPv4Address { let iks = inv.iksClusters[c]; return iks.addresses.podSubnet(iks.vpn.worker).address(6) }
    func iksPrivateALBPod(_ c: Int, _ alb: IngressController) -> IPv4Address { inv.iksClusters[c].addresses.podSubnet(alb.worker).address(7) }

    /// The DNAT rule of a LoadBalancer or NodePort Service of cluster `c` at `address`:`port`
    /// on `worker`, honouring its traffic policy (Local: only the replicas on that worker).
    func serviceEntry(_ c: Int, _ s: KubernetesService, address: IPv4Address, port: UInt16, worker: Int) -> DNATRule? {
        let iks = inv.iksClusters[c]
        guard let w = iks.workloads.first(where: { $0.name == s.workload }),
              let pods = registry.pods["\(iks.name)/\(w.name)"] else { return nil }
        let backends = s.trafficPolicy == .local ? pods.filter { $0.worker == worker } : pods
        guard !backends.isEmpty else { return nil }
        return DNATRule(address: address, port: port, backends: backends.map(\.address), translatePort: w.port,
                        selection: iks.kubeProxyMode.selection)
    }

    /// IKS cluster `c`: workers, their networking, Services, the ALBs and the replicas.
    mutating func iksCluster(_ c: Int) throws {
        let iks = inv.iksClusters[c]
        let a = iks.addresses
        let cluster = iks.name
        let n = iks.workerCount
        let workers = 1...n
        let iksWorker = { (w: Int) in DeviceName.worker(cluster, w) }
        _ = try placePods(iks.workloads, cluster: cluster, workers: n, podSubnet: a.podSubnet,
                          placed: Array(repeating: 0, count: n + 1))
        // Services: ClusterIPs, and where LoadBalancer addresses live (the worker of the
        // first replica) and node ports.
        let clusterIPs = serviceRules(iks.services, iks.workloads, cluster: cluster, address: a.serviceAddress, mode: iks.kubeProxyMode)
        var loadBalancers: [(service: KubernetesService, address: IPv4Address, worker: Int, standby: Int?, isPublic: Bool)] = []
        var lbCount = [true: 0, false: 0]
        for (i, s) in iks.services.enumerated() {
            switch s.kind {
            case .clusterIP: registry.services["\(cluster)/\(s.name)"] = (a.serviceAddress(i), s.port)
            case .nodePort(let p): registry.services["\(cluster)/\(s.name)"] = (iksNode(c, 1), p)
            case .loadBalancer(let network):
                let isPublic = network == .public
                let address = a.loadBalancer(lbCount[isPublic]!, public: isPublic)
                lbCount[isPublic]! += 1
                // keepalived holds the address on the first replica's worker; its backup is
                // the next replica's worker, or (Cluster policy) the next worker.
                let pods = registry.pods["\(cluster)/\(s.workload)"]!
                let holder = pods.first!.worker
                let standby = pods.first { $0.worker != holder }?.worker ?? (s.trafficPolicy == .cluster && n > 1 ? holder % n + 1 : nil)
                loadBalancers.append((s, address, holder, standby, isPublic))
                registry.loadBalancers.append(LoadBalancerPlacement(cluster: cluster, service: s.name, address: address,
                                                                    router: isPublic ? DeviceName.fcr : DeviceName.bcr,
                                                                    holder: holder, standby: standby))
                registry.services["\(cluster)/\(s.name)"] = (address, s.port)
            }
        }
        let cloud = inv.ibmCloud, routerZone = self.routerZone
        let zone = [routerZone] + workers.map { iksZone(c, $0) }
        let workerNIC = { (w: Int) in DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500,
                                                          extraDelay: cloud.crossing(zone[w], routerZone)) }
        var vpnRemote: [IPv4Prefix] = []
        if behaviour.vpnToVCS {
            vpnRemote = iks.vpnRemoteSubnets(routedSegments: inv.routedSegments)
            if case .remoteSubnetNAT(let seen) = iks.vpn.addressing { vpnRemote.append(seen) }
        }
        for w in workers {
            let name = iksWorker(w)
            let node = iksNode(c, w)
            let publicAddress = a.workerPublicAddress(w)
            try t.add(name, .worker)
            t.place(name, "subnet \(iks.subnets[iksLayouts[c].subnetOf[w]].name), zone \(zone[w])")
            // natOutgoing: pods leaving the cluster's ranges appear as the node: its private
            // address towards private ranges, its public one towards the internet.
            var snat = [SNATRule.exemption(source: a.pods, destination: a.pods),
                        SNATRule.exemption(source: a.pods, destination: a.services)]
            // Pod addresses cross the VPN to ICP (the chart's local.subnet holds the pod CIDR).
            snat += inv.icpClusters.flatMap { [SNATRule.exemption(source: a.pods, destination: $0.addresses.pods),
                                               SNATRule.exemption(source: a.pods, destination: $0.addresses.services)] }
            snat += vpnRemote.map { SNATRule.exemption(source: a.pods, destination: $0) }
            snat += Self.privateRanges.map { SNATRule(source: a.pods, destination: $0, translateTo: node) }
            snat.append(SNATRule(source: a.pods, translateTo: iks.publicVLAN ? publicAddress : node))
            var dnat: [DNATRule] = []
            if w == iks.alb.worker {
                dnat.append(DNATRule(address: a.albPublic, port: 443, translateTo: iksALBPod(c), translatePort: 443))
            }
            if let p = iks.privateALB, w == p.worker {
                dnat.append(DNATRule(address: a.albPrivate, port: 443, translateTo: iksPrivateALBPod(c, p), translatePort: 443))
            }
            // LoadBalancer and NodePort Services; with externalTrafficPolicy Cluster kube-proxy
            // also masquerades what it sends to a replica on another worker (SNAT to this node),
            // so the reply comes back through here.
            func external(_ s: KubernetesService, _ address: IPv4Address, _ port: UInt16) {
                guard var rule = serviceEntry(c, s, address: address, port: port, worker: w) else { return }
                if s.trafficPolicy == .cluster {
                    rule.masquerade = node
                    rule.localBackends = (registry.pods["\(cluster)/\(s.workload)"] ?? []).filter { $0.worker == w }.map(\.address)
                }
                dnat.append(rule)
            }
            // The holder of a LoadBalancer address and its keepalived backup both have its rules.
            for lb in loadBalancers where lb.worker == w || lb.standby == w { external(lb.service, lb.address, lb.service.port) }
            for s in iks.services {
                guard case .nodePort(let port) = s.kind else { continue }
                for address in iks.publicVLAN ? [node, publicAddress] : [node] { external(s, address, port) }
            }
            try workerNetworking(name, addresses: iks.publicVLAN ? [node, publicAddress] : [node], snat: snat, dnat: dnat,
                             services: clusterIPs, mode: iks.kubeProxyMode, serviceCount: iks.serviceCount)
            let vRouter = DeviceName.vRouter(name)
            t.link(name, DeviceName.bcr, workerNIC(w))
            t.route(DeviceName.bcr, node, via: name)
            t.route(name, node, via: vRouter)
            t.route(name, a.podSubnet(w), via: vRouter)
            t.route(name, Self.ibmPrivateNetwork, via: DeviceName.bcr)
            if iks.publicVLAN {
                t.link(name, DeviceName.fcr, workerNIC(w))
                t.route(DeviceName.fcr, publicAddress, via: name)
                t.route(name, publicAddress, via: vRouter)
                t.route(name, Self.any, via: DeviceName.fcr)
            } else {
                t.route(name, Self.any, via: DeviceName.bcr)
            }
            t.route(vRouter, a.podSubnet(w), via: DeviceName.kubeProxy(name))
            t.route(vRouter, Self.any, via: name)
            t.route(DeviceName.kubeProxy(name), Self.any, via: vRouter)
        }
        // Workers on the same subnet route natively on their VLAN; across subnets Calico
        // uses IP-in-IP between the nodes (CrossSubnet).
        let subnetOf = iksLayouts[c].subnetOf
        for x in workers {
            for y in workers where y != x {
                if subnetOf[x] == subnetOf[y] {
                    if x < y { t.link(iksWorker(x), iksWorker(y), DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500)) }
                    t.route(iksWorker(x), iksNode(c, y), via: iksWorker(y))
                    t.route(iksWorker(x), a.podSubnet(y), via: iksWorker(y))
                    t.route(DeviceName.vRouter(iksWorker(x)), a.podSubnet(y), via: iksWorker(x))
                } else {
                    t.route(DeviceName.vRouter(iksWorker(x)), a.podSubnet(y),
                            tunnel: Tunnel(.ipInIP, local: iksNode(c, x), remote: iksNode(c, y), pathMTU: 1500))
                }
            }
        }
        // The ALB's public address, and each LoadBalancer's, arrive at the worker holding it.
        let albWorker = iksWorker(iks.alb.worker)
        t.route(DeviceName.fcr, a.portablePublic, via: albWorker)
        t.route(albWorker, a.albPublic, via: DeviceName.vRouter(albWorker))
        t.route(DeviceName.vRouter(albWorker), a.albPublic, via: DeviceName.kubeProxy(albWorker))
        for lb in loadBalancers {
            let holder = iksWorker(lb.worker)
            t.route(lb.isPublic ? DeviceName.fcr : DeviceName.bcr, lb.address, via: holder)
            for w in [lb.worker] + (lb.standby.map { [$0] } ?? []) { t.route(iksWorker(w), lb.address, via: DeviceName.vRouter(iksWorker(w))) }
        }

        // Pods: the public ALB (an L7 proxy: DNAT to its Service, SNAT to itself) and the replicas.
        let albService = iks.services.firstIndex { $0.name == iks.alb.service }!
        try pod(DeviceName.alb(cluster), .alb, [iksALBPod(c)], worker: albWorker,
            configure: catalog.ingress(address: iksALBPod(c), service: a.serviceAddress(albService),
                                             port: iks.services[albService].port))
        if let p = iks.privateALB {
            let worker = iksWorker(p.worker)
            let service = iks.services.firstIndex { $0.name == p.service }!
            t.route(DeviceName.bcr, a.albPrivate, via: worker)
            t.route(worker, a.albPrivate, via: DeviceName.vRouter(worker))
            try pod(DeviceName.privateALB(cluster), .alb, [iksPrivateALBPod(c, p)], worker: worker,
                configure: catalog.ingress(address: iksPrivateALBPod(c, p), service: a.serviceAddress(service),
                                                 port: iks.services[service].port))
        }
        for w in iks.workloads {
            for p in registry.pods["\(cluster)/\(w.name)"]! {
                try pod(p.device, .pod, [p.address], worker: iksWorker(p.worker), configure: catalog.pod)
            }
        }
    }
}
