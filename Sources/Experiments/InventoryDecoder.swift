import HybridCloud
import NetModel
import SimKernel

/// Reads the `architecture:` section (the inventory) of a scenario; field by field in
/// docs/inventory.md. Every section and field is optional and defaults to the reference
/// architecture. A named collection (vms, subnets, workloads, services) that is given
/// replaces the reference's; within an entry, omitted fields take the entry defaults.
extension ScenarioDecoder {
    /// Keys of the flat `architecture:` section before the inventory, and where they live now.
    static let movedKeys = [
        "esg-size": "vcs.esg.size", "iks-workers": "iks.subnets.<name>.workers", "iks-worker-uplink": "iks.worker-uplink",
        "iks-web-worker": "iks.workloads.web.placement", "kube-proxy": "iks.kube-proxy", "iks-services": "iks.service-count",
        "strongswan-cipher": "iks.vpn.cipher", "strongswan-cores": "iks.vpn.cores", "host-uplink": "vcs.host-uplink",
        "vxlan-mtu": "vcs.vxlan-mtu", "database-host": "vcs.vms.db-vm.host", "stretched-vm-host": "vcs.vms.stretched-vm.host",
        "icp-web-host": "icp.worker-hosts", "internet-latency": "ibm-cloud.internet-latency", "user-access": "ibm-cloud.user-access",
        "router-hop": "ibm-cloud.router-hop", "wan": "enterprise.wan", "wan-latency": "enterprise.wan-latency",
        "wan-loss": "enterprise.wan-loss", "l2c-overhead": "enterprise.l2c-overhead",
    ]

    func inventory(_ node: ScenarioTree, _ path: String) throws -> Inventory {
        if case .mapping(let pairs, _) = node, let old = pairs.first(where: { Self.movedKeys[$0.key] != nil }) {
            throw ScenarioError(file: file, line: old.value.line, path: "\(path).\(old.key)",
                                message: "this key moved into the inventory: write \(path).\(Self.movedKeys[old.key]!) (docs/inventory.md)")
        }
        let m = try mapping(node, path, allowed: ["ibm-cloud", "vcs", "vcs-instances", "iks", "iks-clusters", "icp", "icp-clusters", "enterprise",
                                                  "enterprise-sites", "address-plan"])
        var inv = Inventory()
        if let v = m["ibm-cloud"] { inv.ibmCloud = try ibmCloud(v, "\(path).ibm-cloud") }
        if let v = m["vcs"] { inv.vcs = try vcs(v, "\(path).vcs") }
        if let v = m["vcs-instances"] {
            if let single = m["vcs"] {
                throw error(single, "\(path).vcs", "give either vcs (one instance) or vcs-instances (several, by name), not both")
            }
            inv.vcsInstances = try entries(v, "\(path).vcs-instances").map { try vcs($0.node, $0.path, name: $0.name) }
        }
        if let v = m["iks"] { inv.iks = try iks(v, "\(path).iks") }
        if let v = m["iks-clusters"] {
            if let single = m["iks"] {
                throw error(single, "\(path).iks", "give either iks (one cluster) or iks-clusters (several, by name), not both")
            }
            inv.iksClusters = try entries(v, "\(path).iks-clusters").map { try iks($0.node, $0.path, name: $0.name) }
        }
        if let v = m["icp"] { inv.icp = try icp(v, "\(path).icp") }
        if let v = m["icp-clusters"] {
            if let single = m["icp"] {
                throw error(single, "\(path).icp", "give either icp (one cluster) or icp-clusters (several, by name), not both")
            }
            inv.icpClusters = try entries(v, "\(path).icp-clusters").map { try icp($0.node, $0.path, name: $0.name) }
        }
        if let v = m["enterprise"] { inv.enterprise = try enterprise(v, "\(path).enterprise") }
        if let v = m["enterprise-sites"] {
            if let single = m["enterprise"] {
                throw error(single, "\(path).enterprise", "give either enterprise (one site) or enterprise-sites (several, by name), not both")
            }
            // Only the first site stretches the network unless a site says so.
            inv.enterpriseSites = try entries(v, "\(path).enterprise-sites").enumerated().map { i, e in
                try enterprise(e.node, e.path, name: e.name, stretches: i == 0)
            }
        }
        if let v = m["address-plan"] { inv.plan = try addressPlan(v, "\(path).address-plan") }
        // A VM's segment that names one of the stretched networks is that network.
        let stretched = Set(inv.stretchedNetworks.map(\.name))
        for i in inv.vcsInstances.indices {
            for k in inv.vcsInstances[i].vms.indices {
                if case .routed(let n) = inv.vcsInstances[i].vms[k].segment, stretched.contains(n) {
                    inv.vcsInstances[i].vms[k].segment = .stretched(n)
                }
            }
        }
        if let p = inv.problem { throw located(p, in: node, path) }
        return inv
    }

    /// An inventory problem ("iks: alb.worker must be 1...3") as an error at the key it names
    /// (architecture.iks.alb.worker, with that key's line when the file has it).
    func located(_ problem: String, in node: ScenarioTree, _ path: String) -> ScenarioError {
        var keys: [String] = []
        var message = problem
        if let colon = problem.range(of: ": ") {
            keys = problem[..<colon.lowerBound].split(separator: ".").map(String.init)   // "iks-clusters.dev"
            message = String(problem[colon.upperBound...])
            let token = message.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
            let after = message.dropFirst(token.count)
            let names = token.split(separator: ".").map(String.init)
            if !names.isEmpty, after.hasPrefix(":") || after.hasPrefix(" "),
               token.contains(".") || node.value(at: keys + [names[0]]) != nil {
                keys += names
                message = String(after.drop { $0 == ":" || $0 == " " })
            }
        }
        var line = node.line
        for depth in stride(from: keys.count, to: 0, by: -1) {
            if let found = node.value(at: Array(keys.prefix(depth))), let l = found.line { line = l; break }
        }
        return ScenarioError(file: file, line: line, path: ([path] + keys).joined(separator: "."), message: message)
    }

    /// The entries of a named collection: `name: {fields}` pairs, in order.
    func entries(_ node: ScenarioTree, _ path: String) throws -> [(name: String, node: ScenarioTree, path: String)] {
        guard case .mapping(let pairs, _) = node, !pairs.isEmpty else {
            throw error(node, path, "expected entries by name, e.g. \(path.split(separator: ".").last ?? ""):\n  web: {replicas: 2}")
        }
        return pairs.map { ($0.key, $0.value, "\(path).\($0.key)") }
    }

    func prefix(_ node: ScenarioTree, _ path: String) throws -> IPv4Prefix {
        let s = try scalar(node, path)
        guard s.contains("/"), let p = IPv4Prefix(s), p.network == IPv4Prefix(s.split(separator: "/").first.map(String.init) ?? "")?.network else {
            throw error(node, path, "'\(s)' is not an IPv4 prefix; write it as a.b.c.d/n with the host bits zero, e.g. 10.190.5.0/26")
        }
        return p
    }

    func address(_ node: ScenarioTree, _ path: String) throws -> IPv4Address {
        let s = try scalar(node, path)
        guard let a = IPv4Address(s) else { throw error(node, path, "'\(s)' is not an IPv4 address (e.g. 10.190.20.4)") }
        return a
    }

    func bool(_ node: ScenarioTree, _ path: String) throws -> Bool {
        let s = try scalar(node, path)
        guard s == "true" || s == "false" else { throw error(node, path, "must be true or false") }
        return s == "true"
    }

    func port(_ node: ScenarioTree, _ path: String) throws -> UInt16 { UInt16(try int(node, path, 1...65_535)) }

    func names(_ node: ScenarioTree, _ path: String) throws -> [String] {
        guard case .sequence(let items, _) = node, !items.isEmpty else { throw error(node, path, "expected a list, e.g. [dal10, dal12]") }
        return try items.enumerated().map { try scalar($1, "\(path)[\($0)]") }
    }

    func ints(_ node: ScenarioTree, _ path: String, _ range: ClosedRange<Int>) throws -> [Int] {
        guard case .sequence(let items, _) = node, !items.isEmpty else { throw error(node, path, "expected a list of numbers, e.g. [2, 3]") }
        return try items.enumerated().map { try int($1, "\(path)[\($0)]", range) }
    }

    func ibmCloud(_ node: ScenarioTree, _ path: String) throws -> IBMCloudNetwork {
        let m = try mapping(node, path, allowed: ["zones", "inter-zone-rtt", "internet-latency", "user-access", "router-hop", "backend-routers"])
        var c = IBMCloudNetwork()
        if let v = m["zones"] { c.zones = try names(v, "\(path).zones") }
        if let v = m["inter-zone-rtt"] { c.interZoneRoundTrip = try duration(v, "\(path).inter-zone-rtt") }
        if let v = m["internet-latency"] { c.internetLatency = try duration(v, "\(path).internet-latency") }
        if let v = m["user-access"] { c.userAccessBitsPerSecond = try rate(v, "\(path).user-access") }
        if let v = m["router-hop"] { c.routerHopCost = try duration(v, "\(path).router-hop") }
        if let v = m["backend-routers"] { c.backendRouters = try int(v, "\(path).backend-routers", 1...2) }
        return c
    }

    /// A VCS instance (`vcs`, or an entry of `vcs-instances` named `name`; its ESG is
    /// `<name>-esg` unless named).
    func vcs(_ node: ScenarioTree, _ path: String, name: String = "vcs") throws -> VCSInstance {
        let m = try mapping(node, path, allowed: ["hosts", "host-uplink", "vxlan-mtu", "zone", "esg", "segments", "vms"] + VCSAddresses.fields.map(\.name))
        var v = VCSInstance()
        v.name = name
        v.esg.name = "\(name)-esg"
        for f in VCSAddresses.fields {
            if let x = m[f.name] { v.addresses[keyPath: f.keyPath] = try prefix(x, "\(path).\(f.name)") }
        }
        if let x = m["hosts"] { v.hosts = try int(x, "\(path).hosts", 2...256) }
        if let x = m["host-uplink"] { v.hostUplinkBitsPerSecond = try rate(x, "\(path).host-uplink") }
        if let x = m["vxlan-mtu"] { v.vxlanTransportMTU = try bytes(x, "\(path).vxlan-mtu") }
        if let x = m["zone"] { v.zone = try scalar(x, "\(path).zone") }
        if let x = m["esg"] { v.esg = try edgeGateway(x, "\(path).esg", v.esg, portForwards: true) }
        if let x = m["segments"] {
            v.segments = try entries(x, "\(path).segments").map { LogicalSwitch(name: $0.name, prefix: try prefix($0.node, $0.path)) }
        }
        if let x = m["vms"] {
            v.vms = try entries(x, "\(path).vms").map { name, node, p in
                let f = try mapping(node, p, allowed: ["host", "segment", "address", "port", "service-time"])
                guard let host = f["host"] else { throw error(node, p, "missing 'host' (the ESXi host number, 1...hosts)") }
                var vm = VirtualMachine(name: name, host: try int(host, "\(p).host", 1...256), segment: .vmNetwork, hostNumber: 20)
                if let s = f["segment"] { vm.segment = VirtualMachine.Segment(try scalar(s, "\(p).segment")) }
                if let a = f["address"] { vm.hostNumber = try int(a, "\(p).address", 1...250) }
                if let n = f["port"] { vm.port = try port(n, "\(p).port") }
                if let t = f["service-time"] { vm.serviceTime = try distribution(t, "\(p).service-time", unit: .time) }
                return vm
            }
        }
        return v
    }

    /// An enterprise site (`enterprise`, or an entry of `enterprise-sites` named `name`).
    func enterprise(_ node: ScenarioTree, _ path: String, name: String = "enterprise", stretches: Bool = true) throws -> EnterpriseSite {
        let m = try mapping(node, path, allowed: ["wan", "lan-rate", "wan-latency", "wan-loss", "stretch", "stretched-networks", "l2c-overhead", "l2c-flow-conditioning", "l2c-host"]
                                                 + EnterpriseSite.ranges.map(\.name))
        var e = EnterpriseSite()
        e.name = name
        e.stretchesNetwork = stretches
        for r in EnterpriseSite.ranges {
            if let v = m[r.name] { e[keyPath: r.keyPath] = try prefix(v, "\(path).\(r.name)") }
        }
        if let v = m["stretch"] { e.stretchesNetwork = try bool(v, "\(path).stretch") }
        if let v = m["stretched-networks"] {
            e.stretchedNetworks = try entries(v, "\(path).stretched-networks").map { LogicalSwitch(name: $0.name, prefix: try prefix($0.node, $0.path)) }
        }
        if let v = m["wan"] { e.wanBitsPerSecond = try rate(v, "\(path).wan") }
        if let v = m["lan-rate"] { e.lanBitsPerSecond = try rate(v, "\(path).lan-rate") }
        if let v = m["wan-latency"] { e.wanLatency = try duration(v, "\(path).wan-latency") }
        if let v = m["wan-loss"] {
            e.wanLossProbability = try fraction(v, "\(path).wan-loss")
            guard e.wanLossProbability < 1 else { throw error(v, "\(path).wan-loss", "must be below 100%") }
        }
        if let v = m["l2c-overhead"] { e.l2ConcentratorOverhead = try bytes(v, "\(path).l2c-overhead") }
        if let v = m["l2c-host"] { e.l2ConcentratorHost = try int(v, "\(path).l2c-host", 1...256) }
        if let v = m["l2c-flow-conditioning"] { e.l2ConcentratorFlowConditioning = try bool(v, "\(path).l2c-flow-conditioning") }
        return e
    }

    /// Address-plan keys that moved into the IKS cluster (each cluster has its own ranges).
    static let movedPlanKeys = ["iks-pods": "iks.pod-network", "iks-services": "iks.service-network", "iks-portable-public": "iks.portable-public",
                                "iks-portable-private": "iks.portable-private", "iks-worker-public": "iks.worker-public",
                                "enterprise-lan": "enterprise.lan", "enterprise-appliances": "enterprise.appliances",
                                "icp-vm-network": "icp.vm-network", "icp-transit": "icp.transit", "icp-pods": "icp.pod-network",
                                "icp-services": "icp.service-network", "icp-esg-portable-private": "icp.esg-portable-private",
                                "icp-esg-portable-public": "icp.esg-portable-public", "vcs-hosts": "vcs.host-network",
                                "vcs-esg-portable-private": "vcs.esg-portable-private", "vcs-esg-portable-public": "vcs.esg-portable-public",
                                "vcs-vm-network": "vcs.vm-network", "vcs-transit": "vcs.transit",
                                "stretched-network": "enterprise.stretched-networks.stretched"]

    func addressPlan(_ node: ScenarioTree, _ path: String) throws -> AddressPlan {
        if case .mapping(let pairs, _) = node, let old = pairs.first(where: { Self.movedPlanKeys[$0.key] != nil }) {
            throw ScenarioError(file: file, line: old.value.line, path: "\(path).\(old.key)",
                                message: "each VCS instance, IKS and ICP cluster and enterprise site has its own ranges now: write architecture.\(Self.movedPlanKeys[old.key]!) (docs/inventory.md)")
        }
        var plan = AddressPlan()
        let fields = AddressPlan.fields
        let m = try mapping(node, path, allowed: fields.map(\.name))
        for f in fields {
            if let v = m[f.name] { plan[keyPath: f.keyPath] = try prefix(v, "\(path).\(f.name)") }
        }
        return plan
    }
}
