import NetModel
import SimKernel

extension EstateCompiler {
    // MARK: Enterprise site and the stretched network

    mutating func enterpriseSite() throws {
        let site = inv.enterprise
        let lh = site.l2ConcentratorHost
        try t.add(DeviceName.enterpriseUser, .user, [a.enterpriseUser])
        try t.add(DeviceName.onPremRouter, .onPremRouter, configure: DeviceCatalog.onPremRouter)
        try t.add(DeviceName.l2cOnPrem, .l2Concentrator, [a.l2ConcentratorOnPrem], configure: DeviceCatalog.l2Concentrator)
        try t.add(DeviceName.l2cIBM, .l2Concentrator, [a.l2ConcentratorIBM], configure: DeviceCatalog.l2Concentrator)
        try t.add(DeviceName.wan, .wan, configure: DeviceCatalog.cloud)
        let lan = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(50), mtu: 1500, bufferPackets: 1000)
        t.link(DeviceName.enterpriseUser, DeviceName.onPremRouter, lan)
        t.link(DeviceName.onPremRouter, DeviceName.l2cOnPrem, lan)
        t.link(DeviceName.onPremRouter, DeviceName.wan,
               LinkSpec(bitsPerSecond: site.wanBitsPerSecond, propagation: site.wanLatency, mtu: 1500,
                        bufferPackets: 2000, lossProbability: site.wanLossProbability))
        t.link(DeviceName.wan, DeviceName.xcr, DeviceCatalog.dcLink(DeviceCatalog.tenGig, mtu: 1500))
        t.place(DeviceName.l2cIBM, "host \(lh)")
        t.link(DeviceName.l2cIBM, DeviceName.esxi(lh), DeviceCatalog.virtualLink)
        t.link(DeviceName.l2cIBM, DeviceName.vtep(lh), DeviceCatalog.virtualLink)

        t.route(DeviceName.enterpriseUser, Self.any, via: DeviceName.onPremRouter)
        t.route(DeviceName.onPremRouter, a.enterpriseUser, via: DeviceName.enterpriseUser)
        t.route(DeviceName.onPremRouter, a.l2ConcentratorOnPrem, via: DeviceName.l2cOnPrem)
        // The stretched network is bridged to IBM Cloud by the local L2 concentrator.
        t.route(DeviceName.onPremRouter, a.stretchedNetwork, via: DeviceName.l2cOnPrem)
        t.route(DeviceName.onPremRouter, Self.any, via: DeviceName.wan)
        t.route(DeviceName.wan, a.enterpriseLAN, via: DeviceName.onPremRouter)
        t.route(DeviceName.wan, a.enterpriseAppliances, via: DeviceName.onPremRouter)
        t.route(DeviceName.wan, Self.any, via: DeviceName.xcr)
        t.route(DeviceName.xcr, a.enterpriseLAN, via: DeviceName.wan)
        t.route(DeviceName.xcr, a.enterpriseAppliances, via: DeviceName.wan)
        t.route(DeviceName.bcr, a.enterpriseLAN, via: DeviceName.xcr)
        t.route(DeviceName.bcr, a.enterpriseAppliances, via: DeviceName.xcr)
        t.route(DeviceName.bcr, a.l2ConcentratorPortable, via: DeviceName.esxi(lh))
        t.route(DeviceName.esxi(lh), a.l2ConcentratorPortable, via: DeviceName.l2cIBM)

        let overhead = site.l2ConcentratorOverhead
        t.route(DeviceName.l2cOnPrem, a.stretchedNetwork,
                tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: a.l2ConcentratorOnPrem, remote: a.l2ConcentratorIBM))
        t.route(DeviceName.l2cOnPrem, Self.any, via: DeviceName.onPremRouter)
        t.route(DeviceName.l2cIBM, a.enterpriseLAN,
                tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: a.l2ConcentratorIBM, remote: a.l2ConcentratorOnPrem))
        t.route(DeviceName.l2cIBM, a.stretchedNetwork, via: DeviceName.vtep(lh))
        t.route(DeviceName.l2cIBM, Self.any, via: DeviceName.esxi(lh))
        // VMs on the stretched network keep their on-premises gateway: replies to the
        // enterprise go back through the L2 concentrator's host.
        t.route(DeviceName.vtep(lh), a.enterpriseLAN, via: DeviceName.l2cIBM)
        for h in 1...inv.vcs.hosts where h != lh {
            t.route(DeviceName.vtep(h), a.enterpriseLAN, tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vtep(lh)))
        }
    }
}
