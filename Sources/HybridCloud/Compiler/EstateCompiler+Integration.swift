import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: Integration option: how IKS reaches VCS, and the VPNs

    mutating func integration() throws {
        let iks = inv.iks
        let e = inv.vcs.esg.host
        let esgHost = DeviceName.esxi(e)
        // The IKS VPN pod exists under every option: IKS <-> ICP always uses it.
        let vpn = try iksStrongSwanPod()
        if behaviour.sharedVLAN {
            // Workers sit on the VCS VLAN: the ESG's host is one hop away, no BCR.
            for w in 1...iks.workerCount {
                let extra = inv.ibmCloud.crossing(iksZone(w), routerZone)
                t.link(DeviceName.iksWorker(w), esgHost, DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500, extraDelay: extra))
                for segment in inv.routedSegments { t.route(DeviceName.iksWorker(w), segment, via: esgHost) }
                t.route(esgHost, iksNode(w), via: DeviceName.iksWorker(w))
            }
            for segment in inv.routedSegments { t.route(esgHost, segment, via: vcsESG) }
        }
        if behaviour.bcrRoutesVCS {
            // The BCR routes the VCS networks to the ESG.
            for segment in inv.routedSegments {
                t.route(DeviceName.bcr, segment, via: esgHost)
                for w in 1...iks.workerCount { t.route(DeviceName.iksWorker(w), segment, via: DeviceName.bcr) }
            }
        }
        if behaviour.vpnToVCS { strongSwanToVCS(clusterSide: vpn.clusterSide, clusterSees: vpn.clusterSees) }
        try strongSwanToICP()
        // Replies from VCS to the workers go back by the BCR (or the shared VLAN).
        if behaviour.repliesThroughBCR {
            for s in iks.subnets { t.route(esgHost, s.prefix, via: DeviceName.bcr) }
        }
    }

    /// The IKS strongSwan VPN pod (CPU-limited crypto), with the chart's address options as
    /// NAT rules. Returns the cluster ranges the remote side must send into the tunnel and
    /// the VCS range as the cluster addresses it.
    mutating func iksStrongSwanPod() throws -> (clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let vpn = inv.iks.vpn
        var clusterSide = vpn.localSubnets ?? [a.iksPods, a.iksServices]   // what the ESG sends back into the tunnel
        var table = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(3600))
        var clusterSees = a.vcsVMNetwork                // the remote range as the cluster addresses it
        let addressing = behaviour.vpnToVCS ? vpn.addressing : .routed
        switch addressing {
        case .routed: break
        case .singleSourceIP(let ip):
            table.snat = inv.vpnRemoteSubnets.map { SNATRule(source: a.iksPods, destination: $0, translateTo: ip) }
            clusterSide = [IPv4Prefix(ip, length: 32)]
        case .localSubnetNAT(let block):
            table.snat = inv.vpnRemoteSubnets.map { SNATRule.netmap(a.iksPods, to: block, destination: $0) }
            clusterSide = [block]
        case .remoteSubnetNAT(let seen):
            table.dnat = [DNATRule.netmap(seen, to: a.vcsVMNetwork)]
            clusterSees = seen
        }
        let worker = DeviceName.iksWorker(vpn.worker)
        let publicEnd = vpnToPublicGateway ? [iksVPNPublicAddress] : []
        try pod(DeviceName.iksStrongSwan, .strongswan, [iksVPNPod, a.strongSwanLoadBalancer] + publicEnd, worker: worker,
            configure: DeviceCatalog.strongSwan(cores: vpn.cores, cipher: vpn.cipher, table: addressing == .routed ? nil : table))
        for (router, address) in [(DeviceName.bcr, a.strongSwanLoadBalancer)] + publicEnd.map({ (DeviceName.fcr, $0) }) {
            t.route(router, address, via: worker)
            t.route(worker, address, via: DeviceName.vRouter(worker))
            t.route(DeviceName.vRouter(worker), address, via: DeviceName.kubeProxy(worker))
        }
        return (clusterSide, clusterSees)
    }

    /// Workers send `range` to the IKS VPN pod (the chart's route daemon): natively from its
    /// subnet, through IP-in-IP from the others.
    mutating func iksRoutesToVPN(_ range: IPv4Prefix) {
        let iks = inv.iks
        let v = iks.vpn.worker
        let vpnWorker = DeviceName.iksWorker(v)
        t.route(DeviceName.vRouter(vpnWorker), range, via: DeviceName.kubeProxy(vpnWorker))
        t.route(DeviceName.kubeProxy(vpnWorker), range, via: DeviceName.iksStrongSwan)
        t.route(vpnWorker, range, via: DeviceName.vRouter(vpnWorker))
        for w in 1...iks.workerCount where w != v {
            let worker = DeviceName.iksWorker(w)
            if iksSubnetOf[w] != iksSubnetOf[v] {
                t.route(DeviceName.vRouter(worker), range, tunnel: Tunnel(.ipInIP, local: iksNode(w), remote: iksNode(v), pathMTU: 1500))
            } else {
                t.route(DeviceName.vRouter(worker), range, via: worker)
                t.route(worker, range, via: vpnWorker)
            }
        }
    }

    /// IKS <-> ICP: strongSwan pods in both clusters (DOMAIN.md). The ICP pod's endpoint is
    /// the ICP ESG's portable private address, DNATed (NAT-T) to the pod.
    mutating func strongSwanToICP() throws {
        let vpn = inv.iks.vpn
        for r in [a.icpPods, a.icpServices] {
            t.route(DeviceName.iksStrongSwan, r, tunnel: Tunnel(.esp(vpn.cipher, natTraversal: true), local: a.strongSwanLoadBalancer,
                                                                remote: a.icpESGPrivate, pathMTU: 1480))
            iksRoutesToVPN(r)
        }
        let proxy = DeviceName.icpWorker(icpProxy)
        try pod(DeviceName.icpStrongSwan, .strongswan, [icpVPNPod], worker: proxy,
            configure: DeviceCatalog.strongSwan(cores: vpn.cores, cipher: vpn.cipher))
        for r in [a.iksPods, a.iksServices] {
            t.route(DeviceName.icpStrongSwan, r, tunnel: Tunnel(.esp(vpn.cipher, natTraversal: true), local: icpVPNPod,
                                                                remote: a.strongSwanLoadBalancer, pathMTU: 1480))
            t.route(DeviceName.kubeProxy(proxy), r, via: DeviceName.icpStrongSwan)
            t.route(DeviceName.vRouter(proxy), r, via: DeviceName.kubeProxy(proxy))
            for w in 1...inv.icp.workerCount where w != icpProxy {
                t.route(DeviceName.vRouter(DeviceName.icpWorker(w)), r,
                        tunnel: Tunnel(.ipInIP, local: a.icpWorker(w), remote: a.icpWorker(icpProxy), pathMTU: 1500))
            }
        }
    }

    /// The tunnel to VCS ends at the ESG's public address (`remote.gateway: public`), over the
    /// public network; only under the option that has the tunnel.
    var vpnToPublicGateway: Bool { behaviour.vpnToVCS && inv.iks.vpn.remoteGateway == .public }
    /// The VPN pod's public LoadBalancer address: the next after the public Services'.
    var iksVPNPublicAddress: IPv4Address { a.iksLoadBalancer(inv.iks.loadBalancerCount(public: true), public: true) }

    /// The IPsec tunnel between the IKS VPN pod and the VCS ESG (its private or public
    /// portable address, `remote.gateway`), and the routes on both sides.
    mutating func strongSwanToVCS(clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let cipher = inv.iks.vpn.cipher
        let (podEnd, esgEnd) = vpnToPublicGateway ? (iksVPNPublicAddress, a.vcsESGPublic) : (a.strongSwanLoadBalancer, a.vcsESGPrivate)
        let tunnelToESG = Tunnel(.esp(cipher, natTraversal: true), local: podEnd, remote: esgEnd, pathMTU: 1480)
        // The chart's remote.subnet: every routed segment unless listed; with remoteSubnetNAT
        // the cluster addresses the VM network under its mapped block.
        for range in inv.vpnRemoteSubnets {
            let seen = range == a.vcsVMNetwork ? clusterSees : range
            if seen != range { t.route(DeviceName.iksStrongSwan, range, tunnel: tunnelToESG) }
            t.route(DeviceName.iksStrongSwan, seen, tunnel: tunnelToESG)
            iksRoutesToVPN(seen)
        }
        // The ESG sends the cluster's ranges back through the tunnel.
        for r in clusterSide {
            t.route(vcsESG, r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: esgEnd, remote: podEnd, pathMTU: 1500))
        }
        for r in clusterSide { t.route(DeviceName.vcsDLR(inv.vcs.esg.host), r, via: vcsESG) }
    }
}
