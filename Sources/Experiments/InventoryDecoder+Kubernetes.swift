import HybridCloud
import NetModel
import SimKernel

/// The Kubernetes parts of the inventory: IKS clusters (workers, workloads, Services, ALBs, the
/// strongSwan VPN) and ICP clusters; field by field in docs/inventory.md.
extension ScenarioDecoder {
    func workloads(_ node: ScenarioTree, _ path: String) throws -> [Workload] {
        try entries(node, path).map { name, node, p in
            let f = try mapping(node, p, allowed: ["replicas", "placement", "port"])
            var w = Workload(name: name)
            if let r = f["replicas"] { w.replicas = try int(r, "\(p).replicas", 1...10_000) }
            if let x = f["placement"] {
                switch x {
                case .scalar("spread", _): w.placement = .spread
                case .scalar("pack", _): w.placement = .pack
                case .sequence: w.placement = .pinned(try ints(x, "\(p).placement", 1...1000))
                default: throw error(x, "\(p).placement", "must be spread, pack or a list of worker numbers, e.g. [1, 4]")
                }
            }
            if let x = f["port"] { w.port = try port(x, "\(p).port") }
            return w
        }
    }

    func services(_ node: ScenarioTree, _ path: String) throws -> [KubernetesService] {
        try entries(node, path).map { name, node, p in
            let f = try mapping(node, p, allowed: ["workload", "type", "port", "network", "node-port", "traffic-policy"])
            guard let wl = f["workload"] else { throw error(node, p, "missing 'workload' (the workload whose replicas serve it)") }
            var s = KubernetesService(name: name, workload: try scalar(wl, "\(p).workload"))
            if let x = f["port"] { s.port = try port(x, "\(p).port") }
            if let x = f["traffic-policy"] { s.trafficPolicy = try choice(x, "\(p).traffic-policy", KubernetesService.TrafficPolicy.self) }
            let type = try f["type"].map { try scalar($0, "\(p).type") } ?? "cluster-ip"
            switch type {
            case "cluster-ip": s.kind = .clusterIP
            case "node-port":
                guard let n = f["node-port"] else { throw error(node, p, "a node-port Service needs 'node-port' (30000...32767)") }
                s.kind = .nodePort(UInt16(try int(n, "\(p).node-port", 30_000...32_767)))
            case "load-balancer":
                let network = try f["network"].map { try choice($0, "\(p).network", KubernetesService.PortableNetwork.self) } ?? .public
                s.kind = .loadBalancer(network)
            default:
                let all = ["cluster-ip", "node-port", "load-balancer"]
                let hint = didYouMean(type, all).map { "did you mean '\($0)'?" } ?? "one of: \(all.joined(separator: ", "))"
                throw error(f["type"]!, "\(p).type", "'\(type)' is not a Service type; \(hint)")
            }
            if f["network"] != nil, case .loadBalancer = s.kind {} else if f["network"] != nil {
                throw error(f["network"]!, "\(p).network", "only a load-balancer Service has a network")
            }
            return s
        }
    }

    /// An IKS cluster (`iks`, or an entry of `iks-clusters` named `name`).
    func iks(_ node: ScenarioTree, _ path: String, name: String = "iks") throws -> IKSCluster {
        let m = try mapping(node, path, allowed: ["subnets", "worker-uplink", "public-vlan", "kube-proxy", "service-count",
                                                 "workloads", "services", "alb", "private-alb", "vpn"] + IKSAddresses.fields.map(\.name))
        var c = IKSCluster()
        c.name = name
        for f in IKSAddresses.fields {
            if let v = m[f.name] { c.addresses[keyPath: f.keyPath] = try prefix(v, "\(path).\(f.name)") }
        }
        if let v = m["subnets"] {
            c.subnets = try entries(v, "\(path).subnets").map { name, node, p in
                let f = try mapping(node, p, allowed: ["prefix", "zone", "workers"])
                guard let pre = f["prefix"], let n = f["workers"] else { throw error(node, p, "a subnet needs 'prefix' and 'workers'") }
                return WorkerSubnet(name: name, prefix: try prefix(pre, "\(p).prefix"),
                                    zone: try f["zone"].map { try scalar($0, "\(p).zone") }, workers: try int(n, "\(p).workers", 1...250))
            }
        }
        if let v = m["worker-uplink"] { c.workerUplinkBitsPerSecond = try rate(v, "\(path).worker-uplink") }
        if let v = m["public-vlan"] { c.publicVLAN = try bool(v, "\(path).public-vlan") }
        if let v = m["kube-proxy"] { c.kubeProxyMode = try choice(v, "\(path).kube-proxy", KubeProxyMode.self) }
        if let v = m["service-count"] { c.serviceCount = try int(v, "\(path).service-count", 0...100_000) }
        if let v = m["workloads"] { c.workloads = try workloads(v, "\(path).workloads") }
        if let v = m["services"] { c.services = try services(v, "\(path).services") }
        if let v = m["alb"] {
            let f = try mapping(v, "\(path).alb", allowed: ["worker", "service"])
            if let x = f["worker"] { c.alb.worker = try int(x, "\(path).alb.worker", 1...250) }
            if let x = f["service"] { c.alb.service = try scalar(x, "\(path).alb.service") }
        }
        if let v = m["private-alb"] {
            let f = try mapping(v, "\(path).private-alb", allowed: ["worker", "service"])
            var alb = IngressController(worker: 1, service: c.services.first?.name ?? "web")
            if let x = f["worker"] { alb.worker = try int(x, "\(path).private-alb.worker", 1...250) }
            if let x = f["service"] { alb.service = try scalar(x, "\(path).private-alb.service") }
            c.privateALB = alb
        }
        if let v = m["vpn"] { c.vpn = try vpn(v, "\(path).vpn") }
        return c
    }

    func vpn(_ node: ScenarioTree, _ path: String) throws -> StrongSwanVPN {
        let f = try mapping(node, path, allowed: ["worker", "cipher", "cores", "enable-single-source-ip", "local-subnet-nat", "remote-subnet-nat",
                                                 "local-subnets", "remote-subnets", "remote-gateway", "auto"])
        var v = StrongSwanVPN()
        if let x = f["auto"] { v.auto = try choice(x, "\(path).auto", IPsecAuto.self) }
        if let x = f["worker"] { v.worker = try int(x, "\(path).worker", 1...250) }
        if let x = f["cores"] { v.cores = try int(x, "\(path).cores", 1...64) }
        if let x = f["remote-gateway"] { v.remoteGateway = try choice(x, "\(path).remote-gateway", KubernetesService.PortableNetwork.self) }
        if let x = f["cipher"] {
            let s = try scalar(x, "\(path).cipher")
            guard let c = ESPCipher.allCases.first(where: { $0.description == s }) else {
                throw error(x, "\(path).cipher", "'\(s)' is not a cipher; one of: \(ESPCipher.allCases.map(\.description).joined(separator: ", "))")
            }
            v.cipher = c
        }
        for (key, keyPath) in [("local-subnets", \StrongSwanVPN.localSubnets), ("remote-subnets", \StrongSwanVPN.remoteSubnets)] {
            guard let x = f[key] else { continue }
            guard case .sequence(let items, _) = x, !items.isEmpty else { throw error(x, "\(path).\(key)", "expected a list of prefixes, e.g. [172.30.0.0/16]") }
            v[keyPath: keyPath] = try items.enumerated().map { try prefix($1, "\(path).\(key)[\($0)]") }
        }
        let given = ["enable-single-source-ip", "local-subnet-nat", "remote-subnet-nat"].filter { f[$0] != nil }
        if given.count > 1 { throw error(node, path, "give at most one of \(given.joined(separator: ", "))") }
        if let x = f["enable-single-source-ip"] { v.addressing = .singleSourceIP(try address(x, "\(path).enable-single-source-ip")) }
        if let x = f["local-subnet-nat"] { v.addressing = .localSubnetNAT(try prefix(x, "\(path).local-subnet-nat")) }
        if let x = f["remote-subnet-nat"] { v.addressing = .remoteSubnetNAT(try prefix(x, "\(path).remote-subnet-nat")) }
        return v
    }

    /// An ICP cluster (`icp`, or an entry of `icp-clusters` named `name`; its ESG is `<name>-esg`
    /// unless named).
    func icp(_ node: ScenarioTree, _ path: String, name: String = "icp") throws -> ICPCluster {
        if case .mapping(let pairs, _) = node, let old = pairs.first(where: { $0.key == "esg-host" }) {
            throw ScenarioError(file: file, line: old.value.line, path: "\(path).esg-host",
                                message: "this key moved: write \(path).esg.host (docs/inventory.md)")
        }
        let m = try mapping(node, path, allowed: ["vcs", "esg", "worker-hosts", "proxy-worker", "master-host", "workloads", "services", "ingress-service"]
                                                 + ICPAddresses.fields.map(\.name))
        var c = ICPCluster()
        c.name = name
        c.esg.name = "\(name)-esg"
        if let v = m["vcs"] { c.vcs = try scalar(v, "\(path).vcs") }
        for f in ICPAddresses.fields {
            if let v = m[f.name] { c.addresses[keyPath: f.keyPath] = try prefix(v, "\(path).\(f.name)") }
        }
        if let v = m["esg"] { c.esg = try edgeGateway(v, "\(path).esg", c.esg, portForwards: false) }
        if let v = m["worker-hosts"] { c.workerHosts = try ints(v, "\(path).worker-hosts", 1...256) }
        if let v = m["proxy-worker"] { c.proxyWorker = try int(v, "\(path).proxy-worker", 1...200) }
        if let v = m["master-host"] { c.masterHost = try int(v, "\(path).master-host", 1...256) }
        if let v = m["workloads"] { c.workloads = try workloads(v, "\(path).workloads") }
        if let v = m["services"] { c.services = try services(v, "\(path).services") }
        if let v = m["ingress-service"] { c.ingressService = try scalar(v, "\(path).ingress-service") }
        return c
    }
}
