import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: IBM Cloud network and the internet

    mutating func ibmCloudNetwork() throws {
        let cloud = inv.ibmCloud
        try t.add(DeviceName.user, .user, [a.user])
        try t.add(DeviceName.internet, .internet, configure: DeviceCatalog.cloud)
        try t.add(DeviceName.publicNetwork, .publicNetwork, configure: DeviceCatalog.cloud)
        for r in [(DeviceName.fcr, DeviceKind.fcr), (DeviceName.bcr, .bcr), (DeviceName.xcr, .xcr)] {
            try t.add(r.0, r.1, configure: DeviceCatalog.router(hop: cloud.routerHopCost))
        }
        t.link(DeviceName.user, DeviceName.internet,
               LinkSpec(bitsPerSecond: cloud.userAccessBitsPerSecond, propagation: .milliseconds(1), mtu: 1500, bufferPackets: 500))
        t.link(DeviceName.internet, DeviceName.publicNetwork,
               LinkSpec(bitsPerSecond: DeviceCatalog.tenGig, propagation: cloud.internetLatency, mtu: 1500, bufferPackets: 5000))
        t.link(DeviceName.publicNetwork, DeviceName.fcr, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 1500))
        t.link(DeviceName.bcr, DeviceName.xcr, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 9000))
        // A public DNS resolver (`internet/dns`): an anycast resolver a few ms from the users [Est].
        try t.add(DeviceName.publicResolver, .host, [a.publicResolver])
        t.link(DeviceName.publicResolver, DeviceName.internet,
               LinkSpec(bitsPerSecond: DeviceCatalog.tenGig, propagation: Self.publicResolverDelay, mtu: 1500, bufferPackets: 5000))
        t.route(DeviceName.publicResolver, Self.any, via: DeviceName.internet)
        t.route(DeviceName.internet, IPv4Prefix(a.publicResolver, length: 32), via: DeviceName.publicResolver)
        t.route(DeviceName.user, Self.any, via: DeviceName.internet)
        t.route(DeviceName.internet, a.internetUsers, via: DeviceName.user)
        t.route(DeviceName.internet, Self.any, via: DeviceName.publicNetwork)
        t.route(DeviceName.publicNetwork, a.internetUsers, via: DeviceName.internet)
        t.route(DeviceName.publicNetwork, Self.any, via: DeviceName.fcr)
        t.route(DeviceName.fcr, Self.any, via: DeviceName.publicNetwork)
        t.route(DeviceName.xcr, Self.ibmPrivateNetwork, via: DeviceName.bcr)
        // An admin host on the account's private subnet, behind the BCR: a bare-metal server
        // with the first VCS instance's host uplink [Est].
        try t.add(DeviceName.ibmPrivateHost, .host, [a.ibmPrivateAdmin])
        t.link(DeviceName.ibmPrivateHost, DeviceName.bcr, DeviceCatalog.dcLink(inv.vcs.hostUplinkBitsPerSecond, mtu: 1500))
        t.route(DeviceName.ibmPrivateHost, Self.any, via: DeviceName.bcr)
        t.route(DeviceName.bcr, a.ibmPrivateHosts, via: DeviceName.ibmPrivateHost)
    }

    // MARK: VCS instances: ESXi hosts, VTEPs, ESG, DLR, VMs

    /// Host `h` of instance `i`, its VTEP and its DLR kernel module (device names).
    func esxi(_ i: Int, _ h: Int) -> String { DeviceName.esxi(inv.vcsInstances[i].name, h) }
    func vtep(_ i: Int, _ h: Int) -> String { DeviceName.vtep(inv.vcsInstances[i].name, h) }
    func vcsDLR(_ i: Int, _ h: Int) -> String { DeviceName.vcsDLR(inv.vcsInstances[i].name, h) }
    /// The ESG of instance `i` (its active appliance's device name).
    func vcsESG(_ i: Int) -> String { inv.vcsInstances[i].esg.name }

    mutating func vcsInstance(_ i: Int) throws {
        let vcs = inv.vcsInstances[i], a = vcs.addresses
        let hosts = 1...vcs.hosts
        let e = vcs.esg.host
        let esg = vcs.esg.name
        // Links of an instance in another zone than the routers' cross zones.
        let extra = inv.ibmCloud.crossing(vcs.zone ?? inv.ibmCloud.zones[0], routerZone)
        for h in hosts {
            try t.add(esxi(i, h), .esxiHost)
            try t.add(vtep(i, h), .vxlanSwitch, [a.vtep(h)], configure: catalog.vtep)
            try t.add(vcsDLR(i, h), .dlr, configure: catalog.dlr)
            for d in [vtep(i, h), vcsDLR(i, h)] { t.place(d, "host \(h)") }
            t.link(esxi(i, h), vtep(i, h), DeviceCatalog.virtualLink)
            t.link(vtep(i, h), vcsDLR(i, h), DeviceCatalog.virtualLink)
            t.link(esxi(i, h), DeviceName.bcr, DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: 9000, extraDelay: extra))
            t.route(DeviceName.bcr, a.vtep(h), via: esxi(i, h))
            t.route(esxi(i, h), a.vtep(h), via: vtep(i, h))
            t.route(esxi(i, h), Self.ibmPrivateNetwork, via: DeviceName.bcr)
        }
        // Host-to-host links of the private VLAN carry the VXLAN transport.
        for x in hosts {
            for y in hosts where y > x {
                t.link(esxi(i, x), esxi(i, y), DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: vcs.vxlanTransportMTU))
                t.route(esxi(i, x), a.vtep(y), via: esxi(i, y))
                t.route(esxi(i, y), a.vtep(x), via: esxi(i, x))
            }
        }
        for h in hosts { t.route(vtep(i, h), a.hostNetwork, via: esxi(i, h)) }
        // Public uplinks of the hosts running an ESG: their way to the internet.
        for h in Set([e] + inv.icpClusters.filter { inv.vcsIndex($0.vcs) == i }.map(\.esg.host)).sorted() {
            t.link(esxi(i, h), DeviceName.fcr, DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: 1500, extraDelay: extra))
            t.route(esxi(i, h), Self.any, via: DeviceName.fcr)
        }

        // The ESG: routing, stateful firewall and NAT, IPsec endpoint. Under static-nat it
        // publishes a portable private address per VM of a routed segment.
        var dnat: [DNATRule] = []
        var translated = 0
        if behaviour.esgTranslatesVMs {
            for vm in vcs.vms where vm.segment.isRouted {
                let real = inv.prefix(of: vm, instance: i).address(UInt32(vm.hostNumber))
                dnat.append(DNATRule(address: a.vmNAT(translated), translateTo: real))
                registry.vmTranslated["vcs/\(vm.name)"] = a.vmNAT(translated)
                translated += 1
            }
        }
        // Port forwards of the inventory: the ESG's own portable address and port to a VM.
        for f in vcs.esg.portForwards {
            let vm = vcs.vms.first { $0.name == f.vm }!
            let address = f.network == .public ? a.esgPublic : a.esgPrivate
            dnat.append(DNATRule(address: address, port: f.port, translateTo: inv.prefix(of: vm, instance: i).address(UInt32(vm.hostNumber)),
                                 translatePort: f.vmPort))
            registry.services["vcs/dnat/\(f.name)"] = (address, f.port)
        }
        // (With several IKS clusters the ESG's crypto cost per byte is that of the first one's cipher.)
        let vpnCipher = behaviour.vpnToVCS ? inv.iks.vpn.cipher : nil
        let firewall = vcs.esg.firewallRules
        // Outbound from the routed segments (DOMAIN.md): SNAT to the ESG's public address
        // towards the internet; private destinations (IBM 10.x, the clusters, the enterprise)
        // see the VM's own address.
        let snat = vcs.esg.sourceNAT.map { $0.rule(public: a.esgPublic, private: a.esgPrivate) } + vcs.routedSegments.flatMap { segment in
            Self.privateRanges.map { SNATRule.exemption(source: segment, destination: $0) }
        } + vcs.routedSegments.map { SNATRule(source: $0, translateTo: a.esgPublic) }
        let configure = catalog.esg(vcs.esg.size, cipher: vpnCipher ?? .aesCBCSHA1, snat: snat, dnat: dnat, firewall: firewall)
        try t.add(esg, .esg, [a.esgPrivate, a.esgPublic, a.esgTransit], configure: configure)
        t.place(esg, "host \(e)\(vcs.esg.standby == .none ? "" : ", active")")
        try standbyAppliance(of: vcs.esg, instance: i)
        t.link(esg, esxi(i, e), DeviceCatalog.virtualLink)
        for k in 0..<translated { t.route(esxi(i, e), a.vmNAT(k), via: esg) }
        t.link(esg, vcsDLR(i, e), DeviceCatalog.virtualLink)
        for prefix in [a.esgPortablePrivate, a.esgPortablePublic] { t.route(esxi(i, e), prefix, via: esg) }
        t.route(DeviceName.fcr, a.esgPortablePublic, via: esxi(i, e))
        t.route(DeviceName.bcr, a.esgPortablePrivate, via: esxi(i, e))
        let stretched = i == 0 ? inv.stretchedNetworks.map(\.prefix) : []
        for segment in vcs.routedSegments {
            t.route(esg, segment, via: vcsDLR(i, e))
            t.route(esxi(i, e), segment, via: esg)     // what reaches the ESG's host for the segments
        }
        for segment in stretched { t.route(esg, segment, via: vcsDLR(i, e)) }
        t.route(esg, Self.ibmPrivateNetwork, via: esxi(i, e))
        t.route(esg, Self.any, via: esxi(i, e))

        for h in hosts {
            for segment in vcs.routedSegments + stretched { t.route(vcsDLR(i, h), segment, via: vtep(i, h)) }
            t.route(vtep(i, h), Self.any, via: vcsDLR(i, h))
            if h == e {
                t.route(vcsDLR(i, h), Self.any, via: esg)
            } else {
                // To the ESG over the transit logical switch (VXLAN to the ESG's host).
                t.route(vcsDLR(i, h), Self.any, tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.esgTransit))
                t.route(vcsDLR(i, h), a.esgTransit, via: vtep(i, h))
                t.route(vtep(i, h), a.esgTransit, via: esxi(i, h))
                t.route(esxi(i, h), a.esgTransit, via: esxi(i, e))
            }
        }
        t.route(esxi(i, e), a.esgTransit, via: esg)

        // VMs: on a routed segment their gateway is the DLR of their host (replies leave the
        // way requests came); on the stretched network it stays on premises.
        for v in vcs.vms {
            let address = inv.prefix(of: v, instance: i).address(UInt32(v.hostNumber))
            try vm(v.name, address, instance: i, host: v.host, segment: inv.prefix(of: v, instance: i),
                   gateway: v.segment.isRouted ? vcsDLR(i, v.host) : nil)
            registry.vms["vcs/\(v.name)"] = (v.name, address)
            t.place(v.name, "host \(v.host), \(v.segment)")
        }
    }
}

extension EstateCompiler {
    // MARK: The second backend router

    /// The second router of the BCR pair (`ibm-cloud.backend-routers: 2`): every ESXi host has
    /// an uplink to it like its uplink to the first, and the two are interconnected. It routes
    /// what the first routes to a host the same way, and everything else to the first. The
    /// hosts' own routes keep the first (static routes never change); under bgp-peering the
    /// ESG also peers with the second, so a failed uplink is routed round (`BGPSession`).
    mutating func secondBackendRouter() throws {
        let (first, second) = (DeviceName.bcr, DeviceName.bcr2)
        try t.add(second, .bcr, configure: DeviceCatalog.router(hop: inv.ibmCloud.routerHopCost))
        t.link(first, second, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 9000))
        var hosts: [Int: String] = [:]
        for (i, vcs) in inv.vcsInstances.enumerated() {
            for h in 1...vcs.hosts {
                let host = esxi(i, h)
                guard let c = t.channel(host, first) else { continue }
                t.link(host, second, t.net.channelSpec(c))
                hosts[t.device(host)] = host
            }
        }
        for r in t.net.deviceSpec(t.device(first)).routes.routes {
            guard case .forward(let c) = r.action, let host = hosts[t.net.channelEnds(c).to] else { continue }
            t.route(second, r.prefix, via: host)
        }
        t.route(second, Self.any, via: first)
    }
}
