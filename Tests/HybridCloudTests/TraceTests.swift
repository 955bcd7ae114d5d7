import NetModel
import SimKernel
import Reports
import Testing
@testable import HybridCloud

/// The documented flows follow DOMAIN.md under every option, with exact header arithmetic.
@Suite struct TraceTests {
    static let cases: [(DocumentedFlow, IntegrationOption)] = DocumentedFlow.allCases.flatMap { f in
        IntegrationOption.allCases.map { (f, $0) }
    }

    /// True when `expected` appears in `kinds` in order (other kinds may come in between).
    func isSubsequence(_ expected: [DeviceKind], of kinds: [DeviceKind]) -> Bool {
        var i = 0
        for k in kinds where i < expected.count && k == expected[i] { i += 1 }
        return i == expected.count
    }

    @Test(arguments: cases)
    func pathFollowsTheDocumentedOrder(_ flow: DocumentedFlow, _ option: IntegrationOption) throws {
        let trace = try PathTrace(flow: flow, option: option)
        #expect(trace.delivered, "\(flow.rawValue)/\(option.rawValue) ended with \(trace.rows.last?.operation ?? "nothing")")
        let kinds = trace.rows.map(\.kind)
        #expect(isSubsequence(flow.documentedKinds(option), of: kinds),
                "\(flow.rawValue)/\(option.rawValue): \(kinds.map(\.rawValue))")
        #expect(trace.rows.first?.kind == (flow == .internetToIKSWeb || flow == .internetToICPWeb || flow == .enterpriseToVCSVM ? .user : .pod))
        // Time only moves forward along the path.
        let times = trace.rows.map(\.cumulativeMicroseconds)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// Every size change along a path is exactly one header operation's arithmetic.
    @Test(arguments: cases)
    func wireSizesMatchTheHeaderArithmetic(_ flow: DocumentedFlow, _ option: IntegrationOption) throws {
        let inventory = Inventory()
        let trace = try PathTrace(flow: flow, option: option, inventory: inventory, payloadBytes: 1000)
        var size = 1040
        var stack: [Int] = []   // sizes before each open encapsulation
        for row in trace.rows {
            switch row.operation {
            case "ipip-encap": stack.append(size); size += 20
            case "vxlan-encap": stack.append(size); size += 50
            case "l2c-encap": stack.append(size); size += 14 + inventory.enterprise.l2ConcentratorOverhead + 20
            case "esp-encrypt":
                stack.append(size)
                size = 20 + 8 + inventory.iks.vpn.cipher.espBytes(inner: size)
            case "ipip-decap", "vxlan-decap", "l2c-decap", "esp-decrypt": size = stack.removeLast()
            default: break
            }
            #expect(row.wireBytes == size, "\(flow.rawValue)/\(option.rawValue) step \(row.step) \(row.device) \(row.operation)")
        }
        #expect(stack.isEmpty, "every encapsulation is undone before delivery")
    }

    @Test func optionsDecideTheIKSToVCSPath() throws {
        let ops: (IntegrationOption) throws -> [String] = { o in
            try PathTrace(flow: .iksWebToVCSDB, option: o).rows.map { "\($0.kind.rawValue):\($0.operation)" }
        }
        let vlan = try ops(.commonVLAN), vpn = try ops(.strongSwanVPN), nat = try ops(.staticNAT), bgp = try ops(.bgpPeering)
        #expect(!vlan.contains { $0.hasPrefix("bcr") }, "common VLAN: straight to the ESG, no BCR")
        #expect(vpn.contains("strongswan:esp-encrypt") && vpn.contains("esg:esp-decrypt"))
        #expect(!vpn.contains("calico-vrouter:snat"), "pod addresses travel inside the tunnel")
        #expect(nat.contains("calico-vrouter:snat") && nat.contains("esg:dnat"))
        #expect(bgp.contains("calico-vrouter:snat") && !bgp.contains("esg:dnat") && bgp.contains { $0.hasPrefix("bcr") })
    }

    @Test func placementDecidesEncapsulation() throws {
        // Web pod on worker 2 (same subnet as the ALB's worker 1): no IP-in-IP.
        var sameSubnet = Inventory()
        sameSubnet.iks.workloads[0].placement = .pinned([2])
        let near = try PathTrace(flow: .internetToIKSWeb, option: .bgpPeering, inventory: sameSubnet)
        #expect(near.delivered && !near.rows.contains { $0.operation == "ipip-encap" })
        let far = try PathTrace(flow: .internetToIKSWeb, option: .bgpPeering)
        #expect(far.rows.contains { $0.operation == "ipip-encap" })
        // Database on the ESG's host: no VXLAN.
        var sameHost = Inventory()
        sameHost.vcs.vms[0].host = 1
        let local = try PathTrace(flow: .iksWebToVCSDB, option: .bgpPeering, inventory: sameHost)
        #expect(local.delivered && !local.rows.contains { $0.operation == "vxlan-encap" })
        // ICP web pod on the ingress's host: IP-in-IP between workers but no VXLAN.
        var icpSameHost = Inventory()
        icpSameHost.icp.workerHosts = [2, 2]
        let icp = try PathTrace(flow: .internetToICPWeb, option: .bgpPeering, inventory: icpSameHost)
        #expect(icp.delivered && icp.rows.contains { $0.operation == "ipip-encap" } && !icp.rows.contains { $0.operation == "vxlan-encap" })
        // ICP web pod on another host: IP-in-IP carried in VXLAN (double encapsulation).
        let icpFar = try PathTrace(flow: .internetToICPWeb, option: .bgpPeering)
        let ops = icpFar.rows.map(\.operation)
        let ipip = try #require(ops.firstIndex(of: "ipip-encap")), vxlan = try #require(ops.lastIndex(of: "vxlan-encap"))
        #expect(ipip < vxlan && icpFar.rows[vxlan].wireBytes == 140 + 20 + 50)
    }

    @Test func csvHasTheDocumentedColumns() throws {
        let t = try PathTrace(flow: .enterpriseToVCSVM, option: .commonVLAN).reportTable
        let csv = Report(command: "trace", identity: [], tables: [t]).csv.split(separator: "\n")
        #expect(csv.first == "flow,option,step,device,kind,operation,wire_bytes,cumulative_us")
        #expect(csv.count > 2 && csv.dropFirst().allSatisfy { $0.split(separator: ",").count == 8 })
    }
}

@Suite struct StrongSwanAddressingTests {
    func run(_ addressing: StrongSwanAddressing) throws -> (PathTrace, Int) {
        var p = Inventory()
        p.iks.vpn.addressing = addressing
        let trace = try PathTrace(flow: .iksWebToVCSDB, option: .strongSwanVPN, inventory: p)
        // And whole transactions (the replies are mapped back) complete.
        let arch = try CompiledEstate(p, option: .strongSwanVPN)
        var net = arch.network
        try net.addFlow(try DocumentedFlow.iksWebToVCSDB.spec(in: arch))
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 1, replication: 0), warmup: .milliseconds(300), duration: .milliseconds(700))
        #expect(r.flows[0].failedTransactions == 0 && r.flows[0].dropped == 0)
        return (trace, r.flows[0].transactions.count)
    }

    @Test func eachAddressingModeWorksEndToEnd() throws {
        let modes: [(StrongSwanAddressing, String?)] = [
            (.routed, nil),
            (.singleSourceIP(IPv4Address("10.171.0.1")!), "strongswan:snat"),
            (.localSubnetNAT(IPv4Prefix("10.171.0.0/16")!), "strongswan:snat"),
            (.remoteSubnetNAT(IPv4Prefix("10.200.10.0/24")!), "strongswan:dnat"),
        ]
        for (mode, op) in modes {
            let (trace, transactions) = try run(mode)
            #expect(trace.delivered, "\(mode)")
            #expect(transactions > 100, "\(mode): \(transactions)")
            let ops = trace.rows.map { "\($0.kind.rawValue):\($0.operation)" }
            if let op { #expect(ops.contains(op), "\(mode): \(ops)") } else { #expect(!ops.contains { $0.hasPrefix("strongswan:snat") }) }
        }
    }

    @Test func moreWorkersOnTwoSubnets() throws {
        var p = Inventory()
        p.iks.subnets[0].workers = 4   // workers 1-4 on subnet a
        p.iks.subnets[1].workers = 3   // workers 5-7 on subnet b
        for web in [3, 6] {
            p.iks.workloads[0].placement = .pinned([web])
            for option in IntegrationOption.allCases {
                for flow in [DocumentedFlow.internetToIKSWeb, .iksWebToVCSDB] {
                    let t = try PathTrace(flow: flow, option: option, inventory: p)
                    #expect(t.delivered, "\(flow.rawValue)/\(option.rawValue) web on \(web)")
                    let ipip = t.rows.contains { $0.operation == "ipip-encap" }
                    if flow == .internetToIKSWeb { #expect(ipip == (web == 6), "ALB on worker 1 (subnet a) to worker \(web)") }
                }
            }
        }
        p.iks.workloads[0].placement = .pinned([8])
        #expect(throws: CompiledEstate.Invalid.self) { try CompiledEstate(p, option: .commonVLAN) }
    }
}
