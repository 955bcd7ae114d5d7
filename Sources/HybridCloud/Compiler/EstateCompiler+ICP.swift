import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: ICP on the VCS instance

    var icpProxy: Int { inv.icp.proxyWorker }
    var icpIngressPod: IPv4Address { a.icpPodSubnet(icpProxy).address(5) }
    var icpVPNPod: IPv4Address { a.icpPodSubnet(icpProxy).address(6) }

    /// The ICP DLR on `host`, created on first use: its default route goes to the ICP ESG,
    /// directly on the ESG's host and through the transit VXLAN elsewhere.
    mutating func icpDLR(on host: Int) throws -> String {
        let dlr = DeviceName.icpDLR(host)
        if t.has(dlr) { return dlr }
        try t.add(dlr, .dlr, configure: DeviceCatalog.dlr)
        t.place(dlr, "host \(host)")
        t.link(dlr, DeviceName.vtep(host), DeviceCatalog.virtualLink)
        t.route(dlr, a.icpVMNetwork, via: DeviceName.vtep(host))
        if host == inv.icp.esg.host {
            t.link(icpESG, dlr, DeviceCatalog.virtualLink)
            t.route(dlr, Self.any, via: icpESG)
        } else {
            t.route(dlr, Self.any, tunnel: Tunnel(.vxlan, local: a.vtep(host), remote: a.icpESGTransit))
            t.route(dlr, a.icpESGTransit, via: DeviceName.vtep(host))
            t.route(DeviceName.vtep(host), a.icpESGTransit, via: DeviceName.esxi(host))
        }
        return dlr
    }

    mutating func icpOnVCS() throws {
        let icp = inv.icp
        let e = inv.vcs.esg.host
        let ie = icp.esg.host
        let esg = icpESG
        // ICP's own ESG: SNAT to its public address towards the internet; DNAT of its public
        // and private portable addresses to the proxy node's ingress (443), of the private one
        // to the VPN pod (NAT-T, 4500) and to the master's vIP (8443).
        let proxyNode = a.icpWorker(icp.proxyWorker)
        var snat = Self.privateRanges.map { SNATRule.exemption(source: a.icpVMNetwork, destination: $0) }
        snat.append(SNATRule(source: a.icpVMNetwork, translateTo: a.icpESGPublic))
        let dnat = [DNATRule(address: a.icpESGPublic, port: 443, translateTo: proxyNode, translatePort: 443),
                    DNATRule(address: a.icpESGPrivate, port: 4500, translateTo: proxyNode, translatePort: 4500),
                    DNATRule(address: a.icpESGPrivate, port: 443, translateTo: proxyNode, translatePort: 443),
                    DNATRule(address: a.icpESGPrivate, port: 8443, translateTo: a.icpMaster, translatePort: 8443)]
        try t.add(esg, .esg, [a.icpESGPrivate, a.icpESGPublic, a.icpESGTransit], configure: { s in
            DeviceCatalog.esg(icp.esg.size, snat: snat, dnat: dnat)(&s)
            s.firewall = icp.esg.firewallModel
        })
        t.place(esg, "host \(ie)\(icp.esg.standby == .none ? "" : ", active")")
        try standbyAppliance(of: icp.esg)
        t.link(esg, DeviceName.esxi(ie), DeviceCatalog.virtualLink)
        let esgDLR = try icpDLR(on: ie)
        for prefix in [a.icpESGPortablePrivate, a.icpESGPortablePublic, IPv4Prefix(a.icpESGTransit, length: 32)] {
            t.route(DeviceName.esxi(ie), prefix, via: esg)
        }
        t.route(DeviceName.fcr, a.icpESGPortablePublic, via: DeviceName.esxi(ie))
        t.route(DeviceName.bcr, a.icpESGPortablePrivate, via: DeviceName.esxi(ie))
        for h in 1...inv.vcs.hosts where h != ie {
            t.route(DeviceName.esxi(h), IPv4Prefix(a.icpESGTransit, length: 32), via: DeviceName.esxi(ie))
        }
        t.route(esg, a.icpVMNetwork, via: esgDLR)
        t.route(esg, a.icpPods, via: esgDLR)
        t.route(esg, Self.any, via: DeviceName.esxi(ie))

        icpPodsOnWorker = try placePods(icp.workloads, cluster: "icp", workers: icp.workerCount, podSubnet: a.icpPodSubnet, placed: icpPodsOnWorker)
        let clusterIPs = serviceRules(icp.services, icp.workloads, cluster: "icp", address: a.icpServiceAddress, mode: inv.iks.kubeProxyMode)
        for (i, s) in icp.services.enumerated() { registry.services["icp/\(s.name)"] = (a.icpServiceAddress(i), s.port) }

        // Worker VMs; the proxy node receives the ingress and NAT-T ports.
        for (index, host) in icp.workerHosts.enumerated() {
            let w = index + 1
            let name = DeviceName.icpWorker(w)
            let node = a.icpWorker(w)
            try t.add(name, .worker)
            t.place(name, "host \(host)\(w == icp.proxyWorker ? ", proxy node" : "")")
            // Pod addresses cross the VPN to every IKS cluster's pods.
            let snat = [SNATRule.exemption(source: a.icpPods, destination: a.icpPods),
                        SNATRule.exemption(source: a.icpPods, destination: a.icpServices)]
                + inv.iksClusters.map { SNATRule.exemption(source: a.icpPods, destination: $0.addresses.pods) }
                + [SNATRule(source: a.icpPods, translateTo: node)]
            let dnat = w != icp.proxyWorker ? [] : [
                DNATRule(address: node, port: 443, translateTo: icpIngressPod, translatePort: 443),
                // NAT-T to the ICP strongSwan pod (its NodePort).
                DNATRule(address: node, port: 4500, translateTo: icpVPNPod, translatePort: 4500),
            ]
            try workerNetworking(name, addresses: [node], snat: snat, dnat: dnat, services: clusterIPs,
                             mode: inv.iks.kubeProxyMode, serviceCount: inv.iks.serviceCount)
            t.link(name, DeviceName.vtep(host), DeviceCatalog.virtualLink)
            // The ICP DLR on the worker's host is its gateway.
            let dlr = try icpDLR(on: host)
            t.link(name, dlr, DeviceCatalog.virtualLink)
            let vRouter = DeviceName.vRouter(name)
            t.route(name, node, via: vRouter)
            t.route(name, a.icpPodSubnet(w), via: vRouter)
            t.route(name, a.icpVMNetwork, via: DeviceName.vtep(host))
            t.route(name, Self.any, via: dlr)
            t.route(vRouter, a.icpPodSubnet(w), via: DeviceName.kubeProxy(name))
            t.route(vRouter, Self.any, via: name)
            t.route(DeviceName.kubeProxy(name), Self.any, via: vRouter)
            vtepRoutes(to: node, device: name, host: host)
            // Pods of the other workers: IP-in-IP between the nodes (carried in VXLAN between hosts).
            for other in 1...icp.workerCount where other != w {
                t.route(vRouter, a.icpPodSubnet(other),
                        tunnel: Tunnel(.ipInIP, local: node, remote: a.icpWorker(other), pathMTU: 1500))
            }
        }
        // The master VM on the ICP node network, its gateway the ICP DLR of its host.
        let masterDLR = try icpDLR(on: icp.masterHost)
        try vm(DeviceName.icpMaster, a.icpMaster, host: icp.masterHost, segment: a.icpVMNetwork, gateway: masterDLR)
        t.place(DeviceName.icpMaster, "host \(icp.masterHost)")
        // The ingress controller on the proxy node, and the replicas.
        let ingressService = icp.services.firstIndex { $0.name == icp.ingressService }!
        try pod(DeviceName.icpIngress, .alb, [icpIngressPod], worker: DeviceName.icpWorker(icpProxy),
            configure: DeviceCatalog.ingress(address: icpIngressPod, service: a.icpServiceAddress(ingressService),
                                             port: icp.services[ingressService].port))
        for w in icp.workloads {
            for p in registry.pods["icp/\(w.name)"]! {
                try pod(p.device, .pod, [p.address], worker: DeviceName.icpWorker(p.worker), configure: DeviceCatalog.pod)
            }
        }
        // ICP and VCS ESGs talk over the private VLAN (static routes between the two ESGs).
        for segment in inv.routedSegments {
            t.route(esg, segment, via: DeviceName.esxi(ie))
            if ie != e { t.route(DeviceName.esxi(ie), segment, via: DeviceName.esxi(e)) }
            t.route(DeviceName.esxi(e), segment, via: vcsESG)
        }
        t.route(vcsESG, a.icpVMNetwork, via: DeviceName.esxi(e))
        if ie != e { t.route(DeviceName.esxi(e), a.icpVMNetwork, via: DeviceName.esxi(ie)) }
        t.route(DeviceName.esxi(ie), a.icpVMNetwork, via: esg)
    }
}
