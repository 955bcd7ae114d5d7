import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: ICP clusters on the VCS instance

    func icpProxy(_ k: Int) -> Int { inv.icpClusters[k].proxyWorker }
    func icpIngressPod(_ k: Int) -> IPv4Address { inv.icpClusters[k].addresses.podSubnet(icpProxy(k)).address(5) }
    func icpVPNPod(_ k: Int) -> IPv4Address { inv.icpClusters[k].addresses.podSubnet(icpProxy(k)).address(6) }
    /// The index of the VCS instance ICP cluster `k` runs on.
    func icpInstance(_ k: Int) -> Int { inv.vcsIndex(inv.icpClusters[k].vcs) ?? 0 }
    /// Worker `w` of ICP cluster `k` (a device name).
    func icpWorker(_ k: Int, _ w: Int) -> String { DeviceName.worker(inv.icpClusters[k].name, w) }

    /// ICP cluster `k`'s DLR on `host`, created on first use: its default route goes to the
    /// cluster's ESG, directly on the ESG's host and through the transit VXLAN elsewhere.
    mutating func icpDLR(_ k: Int, on host: Int) throws -> String {
        let icp = inv.icpClusters[k], a = icp.addresses, vi = icpInstance(k)
        let dlr = DeviceName.dlr(icp.name, host)
        if t.has(dlr) { return dlr }
        try t.add(dlr, .dlr, configure: catalog.dlr)
        t.place(dlr, "host \(host)")
        t.link(dlr, vtep(vi, host), DeviceCatalog.virtualLink)
        t.route(dlr, a.vmNetwork, via: vtep(vi, host))
        if host == icp.esg.host {
            t.link(icp.esg.name, dlr, DeviceCatalog.virtualLink)
            t.route(dlr, Self.any, via: icp.esg.name)
        } else {
            t.route(dlr, Self.any, tunnel: Tunnel(.vxlan, local: inv.vcsInstances[vi].addresses.vtep(host), remote: a.esgTransit))
            t.route(dlr, a.esgTransit, via: vtep(vi, host))
            t.route(vtep(vi, host), a.esgTransit, via: esxi(vi, host))
        }
        return dlr
    }

    /// The ICP ESG's firewall rules of the IBM architecture (seed 001, "NSX firewall"), when
    /// the inventory gives none: the node network may reach the public network and the IBM
    /// Cloud private network (10.0.0.0/8), and the private network may reach the node network.
    /// NSX keeps the Edge's default action (allow here), so the rules cost their evaluation.
    static func icpFirewall(_ a: ICPAddresses) -> [FirewallRule] {
        let ibmPrivate = ibmPrivateNetwork
        return [FirewallRule(.allow, source: a.vmNetwork),
                FirewallRule(.allow, source: a.vmNetwork, destination: ibmPrivate),
                FirewallRule(.allow, source: ibmPrivate, destination: a.vmNetwork)]
    }

    /// ICP cluster `k`: its ESG, worker and master VMs, the ingress and the replicas.
    mutating func icpCluster(_ k: Int) throws {
        let icp = inv.icpClusters[k], a = icp.addresses, vi = icpInstance(k)
        let vcs = inv.vcsInstances[vi]
        let cluster = icp.name
        let e = vcs.esg.host
        let ie = icp.esg.host
        let esg = icp.esg.name
        // ICP's own ESG: SNAT to its public address towards the internet; DNAT of its public
        // and private portable addresses to the proxy node's ingress (443), of the private one
        // to the VPN pod (NAT-T, 4500) and to the master's vIP (8443).
        let proxyNode = a.worker(icp.proxyWorker)
        // Seed 001 ("NSX NAT"): SNAT of the node network to the public network and to the IBM
        // Cloud private network (10.0.0.0/8, to the ESG's portable private address).
        var snat = icp.esg.sourceNAT.map { $0.rule(public: a.esgPublic, private: a.esgPrivate) }
            + [SNATRule(source: a.vmNetwork, destination: Self.ibmPrivateNetwork, translateTo: a.esgPrivate)]
            + Self.privateRanges.map { SNATRule.exemption(source: a.vmNetwork, destination: $0) }
        snat.append(SNATRule(source: a.vmNetwork, translateTo: a.esgPublic))
        let dnat = [DNATRule(address: a.esgPublic, port: 443, translateTo: proxyNode, translatePort: 443),
                    DNATRule(address: a.esgPrivate, port: 4500, translateTo: proxyNode, translatePort: 4500),
                    DNATRule(address: a.esgPrivate, port: 443, translateTo: proxyNode, translatePort: 443),
                    DNATRule(address: a.esgPrivate, port: 8443, translateTo: a.master, translatePort: 8443)]
        let configure = catalog.esg(icp.esg.size, snat: snat, dnat: dnat, firewall: icp.esg.firewallRules ?? (Self.icpFirewall(a), .allow))
        try t.add(esg, .esg, [a.esgPrivate, a.esgPublic, a.esgTransit], configure: configure)
        t.place(esg, "host \(ie)\(icp.esg.standby == .none ? "" : ", active")")
        try standbyAppliance(of: icp.esg, instance: vi)
        t.link(esg, esxi(vi, ie), DeviceCatalog.virtualLink)
        let esgDLR = try icpDLR(k, on: ie)
        for prefix in [a.esgPortablePrivate, a.esgPortablePublic, IPv4Prefix(a.esgTransit, length: 32)] {
            t.route(esxi(vi, ie), prefix, via: esg)
        }
        t.route(DeviceName.fcr, a.esgPortablePublic, via: esxi(vi, ie))
        t.route(DeviceName.bcr, a.esgPortablePrivate, via: esxi(vi, ie))
        for h in 1...vcs.hosts where h != ie {
            t.route(esxi(vi, h), IPv4Prefix(a.esgTransit, length: 32), via: esxi(vi, ie))
        }
        t.route(esg, a.vmNetwork, via: esgDLR)
        t.route(esg, a.pods, via: esgDLR)
        t.route(esg, Self.any, via: esxi(vi, ie))

        _ = try placePods(icp.workloads, cluster: cluster, workers: icp.workerCount, podSubnet: a.podSubnet,
                          placed: Array(repeating: 0, count: icp.workerCount + 1))
        let clusterIPs = serviceRules(icp.services, icp.workloads, cluster: cluster, address: a.serviceAddress, mode: inv.iks.kubeProxyMode)
        for (i, s) in icp.services.enumerated() { registry.services["\(cluster)/\(s.name)"] = (a.serviceAddress(i), s.port) }

        // Worker VMs; the proxy node receives the ingress and NAT-T ports.
        for (index, host) in icp.workerHosts.enumerated() {
            let w = index + 1
            let name = icpWorker(k, w)
            let node = a.worker(w)
            try t.add(name, .worker)
            t.place(name, "host \(host)\(w == icp.proxyWorker ? ", proxy node" : "")")
            // Pod addresses cross the VPN to every IKS cluster's pods.
            let snat = [SNATRule.exemption(source: a.pods, destination: a.pods),
                        SNATRule.exemption(source: a.pods, destination: a.services)]
                + inv.iksClusters.map { SNATRule.exemption(source: a.pods, destination: $0.addresses.pods) }
                + [SNATRule(source: a.pods, translateTo: node)]
            let dnat = w != icp.proxyWorker ? [] : [
                DNATRule(address: node, port: 443, translateTo: icpIngressPod(k), translatePort: 443),
                // NAT-T to the ICP strongSwan pod (its NodePort).
                DNATRule(address: node, port: 4500, translateTo: icpVPNPod(k), translatePort: 4500),
            ]
            try workerNetworking(name, addresses: [node], snat: snat, dnat: dnat, services: clusterIPs,
                             mode: inv.iks.kubeProxyMode, serviceCount: inv.iks.serviceCount)
            t.link(name, vtep(vi, host), DeviceCatalog.virtualLink)
            // The ICP DLR on the worker's host is its gateway.
            let dlr = try icpDLR(k, on: host)
            t.link(name, dlr, DeviceCatalog.virtualLink)
            let vRouter = DeviceName.vRouter(name)
            t.route(name, node, via: vRouter)
            t.route(name, a.podSubnet(w), via: vRouter)
            t.route(name, a.vmNetwork, via: vtep(vi, host))
            t.route(name, Self.any, via: dlr)
            t.route(vRouter, a.podSubnet(w), via: DeviceName.kubeProxy(name))
            t.route(vRouter, Self.any, via: name)
            t.route(DeviceName.kubeProxy(name), Self.any, via: vRouter)
            vtepRoutes(to: node, device: name, instance: vi, host: host)
            // Pods of the other workers: IP-in-IP between the nodes (carried in VXLAN between hosts).
            for other in 1...icp.workerCount where other != w {
                t.route(vRouter, a.podSubnet(other),
                        tunnel: Tunnel(.ipInIP, local: node, remote: a.worker(other), pathMTU: 1500))
            }
        }
        // The master VM on the ICP node network, its gateway the ICP DLR of its host.
        let master = DeviceName.master(cluster)
        let masterDLR = try icpDLR(k, on: icp.masterHost)
        try vm(master, a.master, instance: vi, host: icp.masterHost, segment: a.vmNetwork, gateway: masterDLR)
        t.place(master, "host \(icp.masterHost)")
        // The ingress controller on the proxy node, and the replicas.
        let ingressService = icp.services.firstIndex { $0.name == icp.ingressService }!
        try pod(DeviceName.ingress(cluster), .alb, [icpIngressPod(k)], worker: icpWorker(k, icpProxy(k)),
            configure: catalog.ingress(address: icpIngressPod(k), service: a.serviceAddress(ingressService),
                                             port: icp.services[ingressService].port))
        for w in icp.workloads {
            for p in registry.pods["\(cluster)/\(w.name)"]! {
                try pod(p.device, .pod, [p.address], worker: icpWorker(k, p.worker), configure: catalog.pod)
            }
        }
        // ICP and VCS ESGs talk over the private VLAN (static routes between the two ESGs).
        for segment in vcs.routedSegments {
            t.route(esg, segment, via: esxi(vi, ie))
            if ie != e { t.route(esxi(vi, ie), segment, via: esxi(vi, e)) }
            t.route(esxi(vi, e), segment, via: vcsESG(vi))
        }
        t.route(vcsESG(vi), a.vmNetwork, via: esxi(vi, e))
        if ie != e { t.route(esxi(vi, e), a.vmNetwork, via: esxi(vi, ie)) }
        t.route(esxi(vi, ie), a.vmNetwork, via: esg)
    }
}
