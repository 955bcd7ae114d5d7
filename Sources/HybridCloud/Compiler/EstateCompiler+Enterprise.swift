import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: Enterprise sites and the stretched network

    /// Every site: its users, on-premises router and WAN to the XCR; the stretching site also
    /// its L2 concentrator pair.
    mutating func enterpriseSites() throws {
        for site in inv.enterpriseSites { try enterpriseSite(site) }
    }

    mutating func enterpriseSite(_ site: EnterpriseSite) throws {
        let d = DeviceName.site(site.name)
        try t.add(d.user, .user, [site.user])
        try t.add(d.router, .onPremRouter, configure: catalog.onPremRouter)
        if site.stretchesNetwork {
            let l2c = catalog.l2Concentrator(networks: site.stretchedNetworks.map(\.prefix),
                                             mssClamp: site.l2ConcentratorFlowConditioning ? site.conditionedMSS : nil)
            try t.add(d.l2cOnPrem, .l2Concentrator, [site.l2ConcentratorOnPrem], configure: l2c)
            try t.add(d.l2cIBM, .l2Concentrator, [a.l2ConcentratorIBM], configure: l2c)
        }
        try t.add(d.wan, .wan, configure: DeviceCatalog.cloud)
        let lan = LinkSpec(bitsPerSecond: site.lanBitsPerSecond, propagation: .microseconds(50), mtu: 1500, bufferPackets: 1000)
        t.link(d.user, d.router, lan)
        // The site's DNS server, on its LAN (`enterprise/dns`).
        try t.add(d.dns, .host, [site.resolver])
        t.link(d.dns, d.router, lan)
        t.route(d.dns, Self.any, via: d.router)
        t.route(d.router, IPv4Prefix(site.resolver, length: 32), via: d.dns)
        if site.stretchesNetwork { t.link(d.router, d.l2cOnPrem, lan) }
        t.link(d.router, d.wan,
               LinkSpec(bitsPerSecond: site.wanBitsPerSecond, propagation: site.wanLatency, mtu: 1500,
                        bufferPackets: 2000, lossProbability: site.wanLossProbability))
        t.link(d.wan, DeviceName.xcr, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 1500))

        t.route(d.user, Self.any, via: d.router)
        t.route(d.router, site.user, via: d.user)
        t.route(d.router, Self.any, via: d.wan)
        t.route(d.wan, site.lan, via: d.router)
        t.route(d.wan, Self.any, via: DeviceName.xcr)
        t.route(DeviceName.xcr, site.lan, via: d.wan)
        t.route(DeviceName.bcr, site.lan, via: DeviceName.xcr)
        if site.stretchesNetwork { try stretchedNetwork(site, d) }
    }

    /// The stretched networks, bridged from `site` to IBM Cloud (the first VCS instance) by the
    /// L2 concentrator pair (one tunnel carries them all).
    mutating func stretchedNetwork(_ site: EnterpriseSite, _ d: DeviceName.SiteDevices) throws {
        let lh = site.l2ConcentratorHost
        t.place(d.l2cIBM, "host \(lh)")
        t.link(d.l2cIBM, esxi(0, lh), DeviceCatalog.virtualLink)
        t.link(d.l2cIBM, vtep(0, lh), DeviceCatalog.virtualLink)
        t.route(d.router, site.l2ConcentratorOnPrem, via: d.l2cOnPrem)
        // The stretched networks are bridged to IBM Cloud by the local L2 concentrator.
        for n in site.stretchedNetworks { t.route(d.router, n.prefix, via: d.l2cOnPrem) }
        t.route(d.wan, site.appliances, via: d.router)
        t.route(DeviceName.xcr, site.appliances, via: d.wan)
        t.route(DeviceName.bcr, site.appliances, via: DeviceName.xcr)
        t.route(DeviceName.bcr, a.l2ConcentratorPortable, via: esxi(0, lh))
        t.route(esxi(0, lh), a.l2ConcentratorPortable, via: d.l2cIBM)

        let overhead = site.l2ConcentratorOverhead
        for n in site.stretchedNetworks {
            t.route(d.l2cOnPrem, n.prefix,
                    tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: site.l2ConcentratorOnPrem, remote: a.l2ConcentratorIBM))
        }
        t.route(d.l2cOnPrem, Self.any, via: d.router)
        t.route(d.l2cIBM, site.lan,
                tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: a.l2ConcentratorIBM, remote: site.l2ConcentratorOnPrem))
        for n in site.stretchedNetworks { t.route(d.l2cIBM, n.prefix, via: vtep(0, lh)) }
        t.route(d.l2cIBM, Self.any, via: esxi(0, lh))
        // VMs on the stretched network keep their on-premises gateway: replies to the
        // site go back through the L2 concentrator's host.
        t.route(vtep(0, lh), site.lan, via: d.l2cIBM)
        for h in 1...inv.vcs.hosts where h != lh {
            t.route(vtep(0, h), site.lan, tunnel: Tunnel(.vxlan, local: inv.vcs.addresses.vtep(h), remote: inv.vcs.addresses.vtep(lh)))
        }
    }
}
