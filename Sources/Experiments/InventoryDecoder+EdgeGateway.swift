import HybridCloud
import NetModel

extension ScenarioDecoder {
    /// An ESG (`vcs.esg`, `icp.esg`): the fields given replace those of `base`. Port forwards
    /// (`dnat`) are taken where `portForwards` is true (the VCS ESG).
    func edgeGateway(_ node: ScenarioTree, _ path: String, _ base: EdgeGateway, portForwards: Bool) throws -> EdgeGateway {
        let keys = ["name", "size", "host", "standby-host", "snat", "firewall", "firewall-default", "bgp"] + (portForwards ? ["dnat"] : [])
        let e = try mapping(node, path, allowed: keys)
        var g = base
        if let n = e["name"] { g.name = try scalar(n, "\(path).name") }
        if let s = e["size"] { g.size = try choice(s, "\(path).size", ESGFormFactor.self) }
        if let h = e["host"] { g.host = try int(h, "\(path).host", 1...256) }
        if let h = e["standby-host"] {
            switch try scalar(h, "\(path).standby-host") {
            case "none": g.standby = .none
            case "next": g.standby = .nextHost
            case let s:
                guard let n = Int(s), (1...256).contains(n) else {
                    throw error(h, "\(path).standby-host", "'\(s)' is not a host: give a host number (1-based), next (the host after host) or none (a single appliance)")
                }
                g.standby = .host(n)
            }
        }
        if let d = e["dnat"] {
            g.portForwards = try entries(d, "\(path).dnat").map { name, node, q in
                let f = try mapping(node, q, allowed: ["network", "port", "vm", "vm-port"])
                guard let port = f["port"], let vm = f["vm"] else {
                    throw error(node, q, "a port forward needs 'port' and 'vm' (and optionally 'network', 'vm-port')")
                }
                let p = try self.port(port, "\(q).port")
                return PortForward(name: name, network: try f["network"].map { try choice($0, "\(q).network", KubernetesService.PortableNetwork.self) } ?? .public,
                                   port: p, vm: try scalar(vm, "\(q).vm"), vmPort: try f["vm-port"].map { try self.port($0, "\(q).vm-port") } ?? p)
            }
        }
        if let r = e["snat"] {
            guard case .sequence(let items, _) = r else {
                throw error(r, "\(path).snat", "expected a list of rules, e.g. [{source: 192.168.10.0/24, destination: 10.200.0.0/26, to: private}]")
            }
            g.sourceNAT = try items.enumerated().map { i, item in
                let p = "\(path).snat[\(i)]"
                let f = try mapping(item, p, allowed: ["source", "destination", "to"])
                guard let s = f["source"], let to = f["to"] else { throw error(item, p, "an SNAT rule needs 'source' and 'to' (public, private or none)") }
                return SourceNAT(source: try prefix(s, "\(p).source"),
                                 destination: try f["destination"].map { try prefix($0, "\(p).destination") } ?? IPv4Prefix(.zero, length: 0),
                                 translation: try choice(to, "\(p).to", SourceNAT.Translation.self))
            }
        }
        if let r = e["firewall"] { g.firewall = try firewall(r, "\(path).firewall") }
        if let d = e["firewall-default"] { g.firewallDefault = try verdict(d, "\(path).firewall-default") }
        if let b = e["bgp"] { g.bgp = try bgpTimers(b, "\(path).bgp", g.bgp) }
        return g
    }

    /// BGP timers (`keepalive`, `hold`, `connect-retry`, `start-delay`, `convergence`,
    /// `graceful-restart`, `bfd: {interval, multiplier}`); the fields given replace `base`'s.
    func bgpTimers(_ node: ScenarioTree, _ path: String, _ base: BGPTimers) throws -> BGPTimers {
        let m = try mapping(node, path, allowed: ["keepalive", "hold", "connect-retry", "start-delay", "convergence", "graceful-restart", "bfd"])
        var t = base
        if let v = m["keepalive"] { t.keepalive = try duration(v, "\(path).keepalive") }
        if let v = m["hold"] { t.hold = try duration(v, "\(path).hold") }
        if let v = m["connect-retry"] { t.connectRetry = try duration(v, "\(path).connect-retry") }
        if let v = m["start-delay"] { t.startDelay = try duration(v, "\(path).start-delay") }
        if let v = m["convergence"] { t.convergence = try duration(v, "\(path).convergence") }
        if let v = m["graceful-restart"] {
            t.gracefulRestart = try scalar(v, "\(path).graceful-restart") == "off" ? nil : try duration(v, "\(path).graceful-restart")
        }
        if let v = m["bfd"] {
            if case .scalar = v, try scalar(v, "\(path).bfd") == "off" { t.bfd = nil; return t }
            let b = try mapping(v, "\(path).bfd", allowed: ["interval", "multiplier"])
            t.bfd = BGPTimers.BFD(interval: try b["interval"].map { try duration($0, "\(path).bfd.interval") } ?? .seconds(1),
                                  multiplier: try b["multiplier"].map { try int($0, "\(path).bfd.multiplier", 1...255) } ?? 3)
        }
        if let p = t.problem { throw error(node, path, p) }
        return t
    }

    func verdict(_ node: ScenarioTree, _ path: String) throws -> FirewallRule.Verdict {
        switch try scalar(node, path) {
        case "allow": return .allow
        case "deny": return .deny
        case let other: throw error(node, path, "'\(other)' is not a firewall action; allow or deny")
        }
    }

    /// `[{action: allow|deny, source: prefix, destination: prefix, protocol: tcp|udp|any, port: 5432 | 8000-8080}]`.
    func firewall(_ node: ScenarioTree, _ path: String) throws -> [FirewallRule] {
        guard case .sequence(let items, _) = node else { throw error(node, path, "expected a list of rules, e.g. [{action: deny, destination: 192.168.10.0/24, port: 22}]") }
        return try items.enumerated().map { i, item in
            let p = "\(path)[\(i)]"
            let f = try mapping(item, p, allowed: ["action", "source", "destination", "protocol", "port"])
            guard let a = f["action"] else { throw error(item, p, "missing 'action' (allow or deny)") }
            var rule = FirewallRule(try verdict(a, "\(p).action"))
            if let x = f["source"] { rule.source = try prefix(x, "\(p).source") }
            if let x = f["destination"] { rule.destination = try prefix(x, "\(p).destination") }
            if let x = f["protocol"] {
                switch try scalar(x, "\(p).protocol") {
                case "tcp": rule.proto = .tcp
                case "udp": rule.proto = .udp
                case "any": rule.proto = .any
                case let other: throw error(x, "\(p).protocol", "'\(other)' is not a protocol; tcp, udp or any")
                }
            }
            if let x = f["port"] {
                let s = try scalar(x, "\(p).port")
                let ends = s.split(separator: "-").map { UInt16($0.trimmingCharacters(in: .whitespaces)) }
                guard (1...2).contains(ends.count), let lo = ends.first!, let hi = ends.last!, lo <= hi else {
                    throw error(x, "\(p).port", "'\(s)' is not a port or range; write 5432 or 8000-8080")
                }
                rule.ports = lo...hi
            }
            return rule
        }
    }
}
