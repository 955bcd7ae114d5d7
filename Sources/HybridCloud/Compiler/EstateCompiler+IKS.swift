import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: IKS

    /// Worker `w`'s private node address: from .10 up on its subnet.
    func iksNode(_ w: Int) -> IPv4Address { iksNodes[w] }

    func iksZone(_ w: Int) -> String { inv.iks.subnets[iksSubnetOf[w]].zone ?? inv.ibmCloud.zones[0] }
    var iksALBPod: IPv4Address { a.iksPodSubnet(inv.iks.alb.worker).address(5) }
    var iksVPNPod: IPv4Address { a.iksPodSubnet(inv.iks.vpn.worker).address(6) }
    func iksPrivateALBPod(_ alb: IngressController) -> IPv4Address { a.iksPodSubnet(alb.worker).address(7) }

    /// The DNAT rule of a LoadBalancer or NodePort Service at `address`:`port` on `worker`,
    /// honouring its traffic policy (Local: only the replicas on that worker).
    func serviceEntry(_ s: KubernetesService, address: IPv4Address, port: UInt16, worker: Int) -> DNATRule? {
        guard let w = inv.iks.workloads.first(where: { $0.name == s.workload }),
              let pods = registry.pods["iks/\(w.name)"] else { return nil }
        let backends = s.trafficPolicy == .local ? pods.filter { $0.worker == worker } : pods
        guard !backends.isEmpty else { return nil }
        return DNATRule(address: address, port: port, backends: backends.map(\.address), translatePort: w.port,
                        selection: inv.iks.kubeProxyMode.selection)
    }

    mutating func iksCluster() throws {
        let iks = inv.iks
        let n = iks.workerCount
        let workers = 1...n
        iksPodsOnWorker = try placePods(iks.workloads, cluster: "iks", workers: iks.workerCount, podSubnet: a.iksPodSubnet, placed: iksPodsOnWorker)
        // Services: ClusterIPs, and where LoadBalancer addresses live (the worker of the
        // first replica) and node ports.
        let clusterIPs = serviceRules(iks.services, iks.workloads, cluster: "iks", address: a.iksServiceAddress, mode: iks.kubeProxyMode)
        var loadBalancers: [(service: KubernetesService, address: IPv4Address, worker: Int, isPublic: Bool)] = []
        var lbCount = [true: 0, false: 0]
        for (i, s) in iks.services.enumerated() {
            switch s.kind {
            case .clusterIP: registry.services["iks/\(s.name)"] = (a.iksServiceAddress(i), s.port)
            case .nodePort(let p): registry.services["iks/\(s.name)"] = (iksNode(1), p)
            case .loadBalancer(let network):
                let isPublic = network == .public
                let address = a.iksLoadBalancer(lbCount[isPublic]!, public: isPublic)
                lbCount[isPublic]! += 1
                let holder = registry.pods["iks/\(s.workload)"]!.first!.worker
                loadBalancers.append((s, address, holder, isPublic))
                registry.services["iks/\(s.name)"] = (address, s.port)
            }
        }
        let cloud = inv.ibmCloud, routerZone = self.routerZone
        let zone = [routerZone] + workers.map { iksZone($0) }
        let workerNIC = { (w: Int) in DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500,
                                                          extraDelay: cloud.crossing(zone[w], routerZone)) }
        var vpnRemote: [IPv4Prefix] = []
        if behaviour.vpnToVCS {
            vpnRemote = inv.vpnRemoteSubnets
            if case .remoteSubnetNAT(let seen) = iks.vpn.addressing { vpnRemote.append(seen) }
        }
        for w in workers {
            let name = DeviceName.iksWorker(w)
            let node = iksNode(w)
            let publicAddress = a.iksWorkerPublicAddress(w)
            try t.add(name, .worker)
            t.place(name, "subnet \(iks.subnets[iksSubnetOf[w]].name), zone \(zone[w])")
            // natOutgoing: pods leaving the cluster's ranges appear as the node: its private
            // address towards private ranges, its public one towards the internet.
            var snat = [SNATRule.exemption(source: a.iksPods, destination: a.iksPods),
                        SNATRule.exemption(source: a.iksPods, destination: a.iksServices),
                        // Pod addresses cross the VPN to ICP (the chart's local.subnet holds the pod CIDR).
                        SNATRule.exemption(source: a.iksPods, destination: a.icpPods),
                        SNATRule.exemption(source: a.iksPods, destination: a.icpServices)]
            snat += vpnRemote.map { SNATRule.exemption(source: a.iksPods, destination: $0) }
            snat += Self.privateRanges.map { SNATRule(source: a.iksPods, destination: $0, translateTo: node) }
            snat.append(SNATRule(source: a.iksPods, translateTo: iks.publicVLAN ? publicAddress : node))
            var dnat: [DNATRule] = []
            if w == iks.alb.worker {
                dnat.append(DNATRule(address: a.iksALBPublic, port: 443, translateTo: iksALBPod, translatePort: 443))
            }
            if let p = iks.privateALB, w == p.worker {
                dnat.append(DNATRule(address: a.iksALBPrivate, port: 443, translateTo: iksPrivateALBPod(p), translatePort: 443))
            }
            // LoadBalancer and NodePort Services; with externalTrafficPolicy Cluster kube-proxy
            // also masquerades what it sends to a replica on another worker (SNAT to this node),
            // so the reply comes back through here.
            var masquerade = Set<IPv4Address>()
            func external(_ s: KubernetesService, _ address: IPv4Address, _ port: UInt16) {
                guard let rule = serviceEntry(s, address: address, port: port, worker: w) else { return }
                dnat.append(rule)
                if s.trafficPolicy == .cluster {
                    let local = Set((registry.pods["iks/\(s.workload)"] ?? []).filter { $0.worker == w }.map(\.address))
                    masquerade.formUnion(rule.backends.filter { !local.contains($0) })
                }
            }
            for lb in loadBalancers where lb.worker == w { external(lb.service, lb.address, lb.service.port) }
            for s in iks.services {
                guard case .nodePort(let port) = s.kind else { continue }
                for address in iks.publicVLAN ? [node, publicAddress] : [node] { external(s, address, port) }
            }
            // After the pod exemptions: pods keep their addresses towards other pods.
            let exemptions = snat.firstIndex { !$0.exempt } ?? snat.count
            snat.insert(contentsOf: masquerade.sorted { $0.value < $1.value }.map {
                SNATRule(source: Self.any, destination: IPv4Prefix($0, length: 32), translateTo: node)
            }, at: exemptions)
            try workerNetworking(name, addresses: iks.publicVLAN ? [node, publicAddress] : [node], snat: snat, dnat: dnat,
                             services: clusterIPs, mode: iks.kubeProxyMode, serviceCount: iks.serviceCount)
            let vRouter = DeviceName.vRouter(name)
            t.link(name, DeviceName.bcr, workerNIC(w))
            t.route(DeviceName.bcr, node, via: name)
            t.route(name, node, via: vRouter)
            t.route(name, a.iksPodSubnet(w), via: vRouter)
            t.route(name, Self.ibmPrivateNetwork, via: DeviceName.bcr)
            if iks.publicVLAN {
                t.link(name, DeviceName.fcr, workerNIC(w))
                t.route(DeviceName.fcr, publicAddress, via: name)
                t.route(name, publicAddress, via: vRouter)
                t.route(name, Self.any, via: DeviceName.fcr)
            } else {
                t.route(name, Self.any, via: DeviceName.bcr)
            }
            t.route(vRouter, a.iksPodSubnet(w), via: DeviceName.kubeProxy(name))
            t.route(vRouter, Self.any, via: name)
            t.route(DeviceName.kubeProxy(name), Self.any, via: vRouter)
        }
        // Workers on the same subnet route natively on their VLAN; across subnets Calico
        // uses IP-in-IP between the nodes (CrossSubnet).
        let subnetOf = iksSubnetOf
        for x in workers {
            for y in workers where y != x {
                if subnetOf[x] == subnetOf[y] {
                    if x < y { t.link(DeviceName.iksWorker(x), DeviceName.iksWorker(y), DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500)) }
                    t.route(DeviceName.iksWorker(x), iksNode(y), via: DeviceName.iksWorker(y))
                    t.route(DeviceName.iksWorker(x), a.iksPodSubnet(y), via: DeviceName.iksWorker(y))
                    t.route(DeviceName.vRouter(DeviceName.iksWorker(x)), a.iksPodSubnet(y), via: DeviceName.iksWorker(x))
                } else {
                    t.route(DeviceName.vRouter(DeviceName.iksWorker(x)), a.iksPodSubnet(y),
                            tunnel: Tunnel(.ipInIP, local: iksNode(x), remote: iksNode(y), pathMTU: 1500))
                }
            }
        }
        // The ALB's public address, and each LoadBalancer's, arrive at the worker holding it.
        let albWorker = DeviceName.iksWorker(iks.alb.worker)
        t.route(DeviceName.fcr, a.iksPortablePublic, via: albWorker)
        t.route(albWorker, a.iksALBPublic, via: DeviceName.vRouter(albWorker))
        t.route(DeviceName.vRouter(albWorker), a.iksALBPublic, via: DeviceName.kubeProxy(albWorker))
        for lb in loadBalancers {
            let holder = DeviceName.iksWorker(lb.worker)
            t.route(lb.isPublic ? DeviceName.fcr : DeviceName.bcr, lb.address, via: holder)
            t.route(holder, lb.address, via: DeviceName.vRouter(holder))
        }

        // Pods: the public ALB (an L7 proxy: DNAT to its Service, SNAT to itself) and the replicas.
        let albService = iks.services.firstIndex { $0.name == iks.alb.service }!
        try pod(DeviceName.iksALB, .alb, [iksALBPod], worker: albWorker,
            configure: DeviceCatalog.ingress(address: iksALBPod, service: a.iksServiceAddress(albService),
                                             port: iks.services[albService].port))
        if let p = iks.privateALB {
            let worker = DeviceName.iksWorker(p.worker)
            let service = iks.services.firstIndex { $0.name == p.service }!
            t.route(DeviceName.bcr, a.iksALBPrivate, via: worker)
            t.route(worker, a.iksALBPrivate, via: DeviceName.vRouter(worker))
            try pod(DeviceName.iksPrivateALB, .alb, [iksPrivateALBPod(p)], worker: worker,
                configure: DeviceCatalog.ingress(address: iksPrivateALBPod(p), service: a.iksServiceAddress(service),
                                                 port: iks.services[service].port))
        }
        for w in iks.workloads {
            for p in registry.pods["iks/\(w.name)"]! {
                try pod(p.device, .pod, [p.address], worker: DeviceName.iksWorker(p.worker), configure: DeviceCatalog.pod)
            }
        }
    }
}
