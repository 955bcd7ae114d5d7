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
        t.route(DeviceName.user, Self.any, via: DeviceName.internet)
        t.route(DeviceName.internet, a.internetUsers, via: DeviceName.user)
        t.route(DeviceName.internet, Self.any, via: DeviceName.publicNetwork)
        t.route(DeviceName.publicNetwork, a.internetUsers, via: DeviceName.internet)
        t.route(DeviceName.publicNetwork, Self.any, via: DeviceName.fcr)
        t.route(DeviceName.fcr, Self.any, via: DeviceName.publicNetwork)
        t.route(DeviceName.xcr, Self.ibmPrivateNetwork, via: DeviceName.bcr)
        // An admin host on the account's private subnet, behind the BCR.
        try t.add(DeviceName.ibmPrivateHost, .host, [a.ibmPrivateAdmin])
        t.link(DeviceName.ibmPrivateHost, DeviceName.bcr, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 1500))
        t.route(DeviceName.ibmPrivateHost, Self.any, via: DeviceName.bcr)
        t.route(DeviceName.bcr, a.ibmPrivateHosts, via: DeviceName.ibmPrivateHost)
    }

    // MARK: VCS instance: ESXi hosts, VTEPs, ESG, DLR, VMs

    mutating func vcsInstance() throws {
        let vcs = inv.vcs
        let hosts = 1...vcs.hosts
        let e = vcs.esg.host
        let esg = vcsESG
        for h in hosts {
            try t.add(DeviceName.esxi(h), .esxiHost)
            try t.add(DeviceName.vtep(h), .vxlanSwitch, [a.vtep(h)], configure: DeviceCatalog.vtep)
            try t.add(DeviceName.vcsDLR(h), .dlr, configure: DeviceCatalog.dlr)
            for d in [DeviceName.vtep(h), DeviceName.vcsDLR(h)] { t.place(d, "host \(h)") }
            t.link(DeviceName.esxi(h), DeviceName.vtep(h), DeviceCatalog.virtualLink)
            t.link(DeviceName.vtep(h), DeviceName.vcsDLR(h), DeviceCatalog.virtualLink)
            t.link(DeviceName.esxi(h), DeviceName.bcr, DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: 9000))
            t.route(DeviceName.bcr, a.vtep(h), via: DeviceName.esxi(h))
            t.route(DeviceName.esxi(h), a.vtep(h), via: DeviceName.vtep(h))
            t.route(DeviceName.esxi(h), Self.ibmPrivateNetwork, via: DeviceName.bcr)
        }
        // Host-to-host links of the private VLAN carry the VXLAN transport.
        for x in hosts {
            for y in hosts where y > x {
                t.link(DeviceName.esxi(x), DeviceName.esxi(y), DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: vcs.vxlanTransportMTU))
                t.route(DeviceName.esxi(x), a.vtep(y), via: DeviceName.esxi(y))
                t.route(DeviceName.esxi(y), a.vtep(x), via: DeviceName.esxi(x))
            }
        }
        for h in hosts { t.route(DeviceName.vtep(h), a.vcsHosts, via: DeviceName.esxi(h)) }
        // Public uplinks of the hosts running an ESG: their way to the internet.
        for h in Set([e] + inv.icpClusters.map(\.esg.host)).sorted() {
            t.link(DeviceName.esxi(h), DeviceName.fcr, DeviceCatalog.dcLink(vcs.hostUplinkBitsPerSecond, mtu: 1500))
            t.route(DeviceName.esxi(h), Self.any, via: DeviceName.fcr)
        }

        // The VCS ESG: routing, stateful firewall and NAT, IPsec endpoint. Under static-nat
        // it publishes a portable private address per VM of the VM network.
        var dnat: [DNATRule] = []
        if behaviour.esgTranslatesVMs {
            for (k, vm) in vcs.vms.filter({ $0.segment.isRouted }).enumerated() {
                let real = inv.prefix(of: vm.segment).address(UInt32(vm.hostNumber))
                dnat.append(DNATRule(address: a.vmNAT(k), translateTo: real))
                registry.vmTranslated["vcs/\(vm.name)"] = a.vmNAT(k)
            }
        }
        // Port forwards of the inventory: the ESG's own portable address and port to a VM.
        for f in vcs.esg.portForwards {
            let vm = vcs.vms.first { $0.name == f.vm }!
            let address = f.network == .public ? a.vcsESGPublic : a.vcsESGPrivate
            dnat.append(DNATRule(address: address, port: f.port, translateTo: inv.prefix(of: vm.segment).address(UInt32(vm.hostNumber)),
                                 translatePort: f.vmPort))
            registry.services["vcs/dnat/\(f.name)"] = (address, f.port)
        }
        // (With several IKS clusters the ESG's crypto cost per byte is that of the first one's cipher.)
        let vpnCipher = behaviour.vpnToVCS ? inv.iks.vpn.cipher : nil
        let firewall = vcs.esg.firewallModel
        try t.add(esg, .esg, [a.vcsESGPrivate, a.vcsESGPublic, a.vcsESGTransit]) { s in
            DeviceCatalog.esg(vcs.esg.size, dnat: dnat)(&s)
            if let vpnCipher { s.cryptoPerByte = DeviceCatalog.esgCryptoPerByte(vpnCipher) }
            s.firewall = firewall
        }
        t.place(esg, "host \(e)\(vcs.esg.standby == .none ? "" : ", active")")
        try standbyAppliance(of: vcs.esg)
        t.link(esg, DeviceName.esxi(e), DeviceCatalog.virtualLink)
        for k in 0..<registry.vmTranslated.count { t.route(DeviceName.esxi(e), a.vmNAT(k), via: esg) }
        t.link(esg, DeviceName.vcsDLR(e), DeviceCatalog.virtualLink)
        for prefix in [a.vcsESGPortablePrivate, a.vcsESGPortablePublic] { t.route(DeviceName.esxi(e), prefix, via: esg) }
        t.route(DeviceName.fcr, a.vcsESGPortablePublic, via: DeviceName.esxi(e))
        t.route(DeviceName.bcr, a.vcsESGPortablePrivate, via: DeviceName.esxi(e))
        for segment in inv.routedSegments { t.route(esg, segment, via: DeviceName.vcsDLR(e)) }
        t.route(esg, a.stretchedNetwork, via: DeviceName.vcsDLR(e))
        t.route(esg, Self.ibmPrivateNetwork, via: DeviceName.esxi(e))
        t.route(esg, Self.any, via: DeviceName.esxi(e))

        for h in hosts {
            for segment in inv.routedSegments { t.route(DeviceName.vcsDLR(h), segment, via: DeviceName.vtep(h)) }
            t.route(DeviceName.vcsDLR(h), a.stretchedNetwork, via: DeviceName.vtep(h))
            t.route(DeviceName.vtep(h), Self.any, via: DeviceName.vcsDLR(h))
            if h == e {
                t.route(DeviceName.vcsDLR(h), Self.any, via: esg)
            } else {
                // To the ESG over the transit logical switch (VXLAN to the ESG's host).
                t.route(DeviceName.vcsDLR(h), Self.any, tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vcsESGTransit))
                t.route(DeviceName.vcsDLR(h), a.vcsESGTransit, via: DeviceName.vtep(h))
                t.route(DeviceName.vtep(h), a.vcsESGTransit, via: DeviceName.esxi(h))
                t.route(DeviceName.esxi(h), a.vcsESGTransit, via: DeviceName.esxi(e))
            }
        }
        t.route(DeviceName.esxi(e), a.vcsESGTransit, via: esg)

        // VMs: on the VM network their gateway is the DLR of their host (replies leave the
        // way requests came); on the stretched network it stays on premises.
        for v in vcs.vms {
            let address = inv.prefix(of: v.segment).address(UInt32(v.hostNumber))
            let name = v.name
            try vm(name, address, host: v.host, segment: inv.prefix(of: v.segment),
               gateway: v.segment.isRouted ? DeviceName.vcsDLR(v.host) : nil)
            registry.vms["vcs/\(v.name)"] = (name, address)
            t.place(name, "host \(v.host), \(v.segment)")
        }
    }
}
