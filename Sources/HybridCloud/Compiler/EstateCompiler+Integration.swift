import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: Integration option: how each IKS cluster reaches VCS, and the VPNs

    mutating func integration() throws {
        // Each IKS cluster's VPN pod has a tunnel to every VCS ESG under strongswan-vpn; NSX
        // limits the tunnels an ESG terminates by its size.
        for vcs in inv.vcsInstances where behaviour.vpnToVCS && inv.iksClusters.count > vcs.esg.size.ipsecTunnels {
            throw CompiledEstate.Invalid(description: "architecture: \(vcs.esg.name) (\(vcs.esg.size.rawValue)) would terminate \(inv.iksClusters.count) IPsec tunnels "
                + "(one per IKS cluster under strongswan-vpn); NSX allows \(vcs.esg.size.ipsecTunnels) at that size: choose a larger esg.size")
        }
        for c in inv.iksClusters.indices {
            let iks = inv.iksClusters[c]
            // The IKS VPN pod exists under every option: IKS <-> ICP always uses it.
            let vpn = try iksStrongSwanPod(c)
            for (i, vcs) in inv.vcsInstances.enumerated() {
                let esgHost = esxi(i, vcs.esg.host)
                if behaviour.sharedVLAN {
                    // Workers sit on the VCS VLAN: the ESG's host is one hop away, no BCR.
                    for w in 1...iks.workerCount {
                        let extra = inv.ibmCloud.crossing(iksZone(c, w), vcs.zone ?? inv.ibmCloud.zones[0])
                        t.link(iksWorker(c, w), esgHost, DeviceCatalog.dcLink(iks.workerUplinkBitsPerSecond, mtu: 1500, extraDelay: extra))
                        for segment in vcs.routedSegments { t.route(iksWorker(c, w), segment, via: esgHost) }
                        t.route(esgHost, iksNode(c, w), via: iksWorker(c, w))
                    }
                }
                if behaviour.bcrRoutesVCS {
                    // The BCR routes the VCS networks to the ESG.
                    for segment in vcs.routedSegments {
                        for w in 1...iks.workerCount { t.route(iksWorker(c, w), segment, via: DeviceName.bcr) }
                    }
                }
                if behaviour.vpnToVCS { strongSwanToVCS(c, instance: i, clusterSide: vpn.clusterSide, clusterSees: vpn.clusterSees) }
                // Replies from VCS to the workers go back by the BCR (or the shared VLAN).
                if behaviour.repliesThroughBCR {
                    for s in iks.subnets { t.route(esgHost, s.prefix, via: DeviceName.bcr) }
                }
            }
        }
        for (i, vcs) in inv.vcsInstances.enumerated() {
            let esgHost = esxi(i, vcs.esg.host)
            if behaviour.sharedVLAN {
                for segment in vcs.routedSegments { t.route(esgHost, segment, via: vcsESG(i)) }
            }
            if behaviour.bcrRoutesVCS {
                for segment in vcs.routedSegments { t.route(DeviceName.bcr, segment, via: esgHost) }
            }
        }
        try strongSwanToICP()
    }

    /// The strongSwan VPN pod of IKS cluster `c` (CPU-limited crypto), with the chart's address
    /// options as NAT rules. Returns the cluster ranges the remote side must send into the
    /// tunnel and the VCS range as the cluster addresses it.
    mutating func iksStrongSwanPod(_ c: Int) throws -> (clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let iks = inv.iksClusters[c]
        let vpn = iks.vpn, ranges = iks.addresses
        var clusterSide = vpn.localSubnets ?? [ranges.pods, ranges.services]   // what the ESG sends back into the tunnel
        var table = ConnectionTable(capacity: 262_144, timeouts: .kubernetesNode)
        var clusterSees = inv.vcs.addresses.vmNetwork   // the remote range as the cluster addresses it
        let addressing = behaviour.vpnToVCS ? vpn.addressing : .routed
        let remote = iks.vpnRemoteSubnets(routedSegments: inv.routedSegments)
        switch addressing {
        case .routed: break
        case .singleSourceIP(let ip):
            table.snat = remote.map { SNATRule(source: ranges.pods, destination: $0, translateTo: ip) }
            clusterSide = [IPv4Prefix(ip, length: 32)]
        case .localSubnetNAT(let block):
            table.snat = remote.map { SNATRule.netmap(ranges.pods, to: block, destination: $0) }
            clusterSide = [block]
        case .remoteSubnetNAT(let seen):
            table.dnat = [DNATRule.netmap(seen, to: inv.vcs.addresses.vmNetwork)]
            clusterSees = seen
        }
        let worker = iksWorker(c, vpn.worker)
        let publicEnd = vpnToPublicGateway(c) ? [iksVPNPublicAddress(c)] : []
        try pod(DeviceName.strongSwan(iks.name), .strongswan, [iksVPNPod(c), ranges.strongSwanLoadBalancer] + publicEnd, worker: worker,
            configure: catalog.strongSwan(cores: vpn.cores, cipher: vpn.cipher, table: addressing == .routed ? nil : table))
        for (router, address) in [(DeviceName.bcr, ranges.strongSwanLoadBalancer)] + publicEnd.map({ (DeviceName.fcr, $0) }) {
            t.route(router, address, via: worker)
            t.route(worker, address, via: DeviceName.vRouter(worker))
            t.route(DeviceName.vRouter(worker), address, via: DeviceName.kubeProxy(worker))
        }
        return (clusterSide, clusterSees)
    }

    /// Workers of cluster `c` send `range` to its VPN pod (the chart's route daemon): natively
    /// from its subnet, through IP-in-IP from the others.
    mutating func iksRoutesToVPN(_ c: Int, _ range: IPv4Prefix) {
        let iks = inv.iksClusters[c]
        let subnetOf = iksLayouts[c].subnetOf
        let v = iks.vpn.worker
        let vpnWorker = iksWorker(c, v)
        t.route(DeviceName.vRouter(vpnWorker), range, via: DeviceName.kubeProxy(vpnWorker))
        t.route(DeviceName.kubeProxy(vpnWorker), range, via: DeviceName.strongSwan(iks.name))
        t.route(vpnWorker, range, via: DeviceName.vRouter(vpnWorker))
        for w in 1...iks.workerCount where w != v {
            let worker = iksWorker(c, w)
            if subnetOf[w] != subnetOf[v] {
                t.route(DeviceName.vRouter(worker), range, tunnel: Tunnel(.ipInIP, local: iksNode(c, w), remote: iksNode(c, v), pathMTU: 1500))
            } else {
                t.route(DeviceName.vRouter(worker), range, via: worker)
                t.route(worker, range, via: vpnWorker)
            }
        }
    }

    /// IKS <-> ICP: the strongSwan pod of every IKS cluster and one in each ICP cluster
    /// (DOMAIN.md). An ICP pod's endpoint is its ESG's portable private address, DNATed (NAT-T)
    /// to the pod; it has a tunnel to each IKS cluster (and takes the first IKS cluster's
    /// cipher and cores).
    mutating func strongSwanToICP() throws {
        let first = inv.iksClusters[0].vpn
        for (k, icp) in inv.icpClusters.enumerated() {
            let proxy = icpWorker(k, icpProxy(k)), icpVPN = DeviceName.strongSwan(icp.name)
            try pod(icpVPN, .strongswan, [icpVPNPod(k)], worker: proxy,
                configure: catalog.strongSwan(cores: first.cores, cipher: first.cipher))
            for (c, iks) in inv.iksClusters.enumerated() {
                let cipher = iks.vpn.cipher, ranges = iks.addresses
                for r in [icp.addresses.pods, icp.addresses.services] {
                    t.route(DeviceName.strongSwan(iks.name), r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: ranges.strongSwanLoadBalancer,
                                                                             remote: icp.addresses.esgPrivate, pathMTU: 1480))
                    iksRoutesToVPN(c, r)
                }
                for r in [ranges.pods, ranges.services] {
                    t.route(icpVPN, r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: icpVPNPod(k),
                                                      remote: ranges.strongSwanLoadBalancer, pathMTU: 1480))
                    t.route(DeviceName.kubeProxy(proxy), r, via: icpVPN)
                    t.route(DeviceName.vRouter(proxy), r, via: DeviceName.kubeProxy(proxy))
                    for w in 1...icp.workerCount where w != icpProxy(k) {
                        t.route(DeviceName.vRouter(icpWorker(k, w)), r,
                                tunnel: Tunnel(.ipInIP, local: icp.addresses.worker(w), remote: icp.addresses.worker(icpProxy(k)), pathMTU: 1500))
                    }
                }
            }
        }
    }

    /// Cluster `c`'s tunnel to VCS ends at the ESG's public address (`remote.gateway: public`),
    /// over the public network; only under the option that has the tunnel.
    func vpnToPublicGateway(_ c: Int) -> Bool { behaviour.vpnToVCS && inv.iksClusters[c].vpn.remoteGateway == .public }
    /// The VPN pod's public LoadBalancer address: the next after the public Services'.
    func iksVPNPublicAddress(_ c: Int) -> IPv4Address {
        let iks = inv.iksClusters[c]
        return iks.addresses.loadBalancer(iks.loadBalancerCount(public: true), public: true)
    }

    /// The IPsec tunnel between cluster `c`'s VPN pod and instance `i`'s ESG (its private or
    /// public portable address, `remote.gateway`), and the routes on both sides.
    mutating func strongSwanToVCS(_ c: Int, instance i: Int, clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let iks = inv.iksClusters[c], vcs = inv.vcsInstances[i]
        let cipher = iks.vpn.cipher
        let vpnPod = DeviceName.strongSwan(iks.name)
        let (podEnd, esgEnd) = vpnToPublicGateway(c) ? (iksVPNPublicAddress(c), vcs.addresses.esgPublic)
                                                     : (iks.addresses.strongSwanLoadBalancer, vcs.addresses.esgPrivate)
        let tunnelToESG = Tunnel(.esp(cipher, natTraversal: true), local: podEnd, remote: esgEnd, pathMTU: 1480)
        // The chart's remote.subnet: every routed segment unless listed (those of this
        // instance go to its ESG); with remoteSubnetNAT the cluster addresses the first
        // instance's VM network under its mapped block.
        let ours = vcs.routedSegments
        for range in iks.vpnRemoteSubnets(routedSegments: inv.routedSegments) where ours.contains(where: { $0.overlaps(range) }) {
            let seen = range == inv.vcs.addresses.vmNetwork ? clusterSees : range
            if seen != range { t.route(vpnPod, range, tunnel: tunnelToESG) }
            t.route(vpnPod, seen, tunnel: tunnelToESG)
            iksRoutesToVPN(c, seen)
        }
        // The ESG sends the cluster's ranges back through the tunnel.
        for r in clusterSide {
            t.route(vcsESG(i), r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: esgEnd, remote: podEnd, pathMTU: 1500))
        }
        for r in clusterSide { t.route(vcsDLR(i, vcs.esg.host), r, via: vcsESG(i)) }
    }
}
