import SimKernel
import Testing
@testable import NetModel

@Suite struct NATAndFirewallTests {
    let pod = IPv4Address("172.30.1.5")!, worker = IPv4Address("10.184.1.10")!, db = IPv4Address("192.168.10.20")!

    func tuple(_ s: IPv4Address, _ d: IPv4Address, sp: UInt16 = 33000, dp: UInt16 = 5432) -> FiveTuple {
        FiveTuple(source: s, destination: d, proto: .tcp, sourcePort: sp, destinationPort: dp)
    }

    @Test func snatRewritesAndTheReplyComesBack() {
        var t = ConnectionTable(capacity: 100, idleTimeout: .seconds(60),
                                snat: [SNATRule(source: IPv4Prefix("172.30.0.0/16")!, translateTo: worker)])
        let out = t.track(tuple(pod, db), now: .zero)
        guard case .created(let translated) = out else { Issue.record("expected a new connection"); return }
        #expect(translated.source == worker && translated.destination == db && translated.destinationPort == 5432)
        #expect(translated.sourcePort != 0)
        // The reply, addressed to the worker, is translated back to the pod.
        let back = t.track(translated.reversed, now: .milliseconds(1))
        #expect(back == .established(tuple(pod, db).reversed))
        // Further packets reuse the entry.
        #expect(t.track(tuple(pod, db), now: .milliseconds(2)) == .established(translated))
        #expect(t.connectionCount == 1)
        #expect(t.created == 1)
    }

    @Test func manyToOneSNATKeepsConnectionsApart() {
        var t = ConnectionTable(capacity: 100, idleTimeout: .seconds(60),
                                snat: [SNATRule(source: IPv4Prefix("172.30.0.0/16")!, translateTo: worker)])
        guard case .created(let a) = t.track(tuple(pod, db, sp: 1000), now: .zero),
              case .created(let b) = t.track(tuple(IPv4Address("172.30.9.9")!, db, sp: 1000), now: .zero)
        else { Issue.record("expected two connections"); return }
        #expect(a.source == b.source && a.sourcePort != b.sourcePort)
    }

    @Test func dnatToABackend() {
        let vip = IPv4Address("169.60.1.2")!, ingress = IPv4Address("192.168.20.5")!
        var t = ConnectionTable(capacity: 10, idleTimeout: .seconds(60),
                                dnat: [DNATRule(address: vip, port: 443, translateTo: ingress, translatePort: 30443)])
        let user = IPv4Address("8.8.4.4")!
        #expect(t.track(tuple(user, vip, dp: 443), now: .zero) == .created(tuple(user, ingress, dp: 30443)))
        #expect(t.track(tuple(user, ingress, dp: 30443).reversed, now: .zero) == .established(tuple(user, vip, dp: 443).reversed))
        // Another port is not translated.
        #expect(t.track(tuple(user, vip, dp: 80), now: .zero) == .created(tuple(user, vip, dp: 80)))
    }

    @Test func fullTableRefusesNewConnectionsUntilEntriesExpire() {
        var t = ConnectionTable(capacity: 2, idleTimeout: .seconds(10))
        #expect(t.track(tuple(pod, db, sp: 1), now: .zero) != .full)
        #expect(t.track(tuple(pod, db, sp: 2), now: .zero) != .full)
        #expect(t.track(tuple(pod, db, sp: 3), now: .seconds(5)) == .full)
        // Known connections still pass.
        if case .established = t.track(tuple(pod, db, sp: 1), now: .seconds(5)) {} else { Issue.record("established expected") }
        // After connection 2 idles out, a new one fits.
        if case .created = t.track(tuple(pod, db, sp: 3), now: .seconds(12)) {} else { Issue.record("created expected") }
    }

    @Test func entriesLeaveOnTheTimeoutOfTheirState() {
        // NSX ESG: 30 s opening and closing, 3,600 s established, 60 s UDP, 10 s ICMP.
        var t = ConnectionTable(capacity: 100, timeouts: .nsxEdge)
        let a = tuple(pod, db, sp: 1), b = tuple(pod, db, sp: 2)
        _ = t.track(a, now: .zero, flags: .syn)
        _ = t.track(a.reversed, now: .milliseconds(1), flags: [.syn, .ack])
        _ = t.track(b, now: .zero, flags: .syn)
        _ = t.track(b.reversed, now: .milliseconds(1), flags: [.syn, .ack])
        // a closes: FIN each way, then the last ACK.
        _ = t.track(a, now: .milliseconds(2), flags: [.fin, .ack])
        _ = t.track(a.reversed, now: .milliseconds(3), flags: [.fin, .ack])
        _ = t.track(a, now: .milliseconds(4), flags: .ack)
        let udp = FiveTuple(source: pod, destination: db, proto: .udp, sourcePort: 5000, destinationPort: 53)
        _ = t.track(udp, now: .zero)
        #expect(t.liveConnections(at: .seconds(29)) == 3)
        #expect(t.liveConnections(at: .seconds(31)) == 2, "the closed TCP connection leaves after 30 s")
        #expect(t.liveConnections(at: .seconds(61)) == 1, "UDP after 60 s")
        #expect(t.liveConnections(at: .seconds(3_599)) == 1 && t.liveConnections(at: .seconds(3_601)) == 0)
        // Linux: TIME_WAIT 120 s, and a reset connection 10 s.
        var linux = ConnectionTable(capacity: 100, timeouts: .linux)
        _ = linux.track(a, now: .zero, flags: .syn)
        _ = linux.track(a.reversed, now: .zero, flags: [.syn, .ack])
        _ = linux.track(a, now: .zero, flags: [.fin, .ack])
        _ = linux.track(a.reversed, now: .zero, flags: [.fin, .ack])
        _ = linux.track(a, now: .zero, flags: .ack)
        _ = linux.track(b, now: .zero, flags: .syn)
        _ = linux.track(b, now: .zero, flags: .rst)
        #expect(linux.liveConnections(at: .seconds(9)) == 2 && linux.liveConnections(at: .seconds(11)) == 1)
        #expect(linux.liveConnections(at: .seconds(119)) == 1 && linux.liveConnections(at: .seconds(121)) == 0)
    }

    @Test func snatPortsRunOutPerDestination() {
        // Every pod behind one node address opening a connection to one database: 64,512
        // translated ports, then new connections to it fail while others still get ports.
        var t = ConnectionTable(capacity: 200_000, timeouts: .linux,
                                snat: [SNATRule(source: IPv4Prefix("172.30.0.0/16")!, translateTo: worker)])
        let ports = ConnectionTable.translatedPorts.count
        for i in 0..<ports {
            let source = IPv4Address(172, 30, UInt8(i / 256), UInt8(i % 256))
            guard case .created = t.track(tuple(source, db, sp: 40_000), now: .zero, flags: .syn) else {
                Issue.record("connection \(i) refused"); return
            }
        }
        #expect(t.track(tuple(IPv4Address(172, 30, 255, 1), db, sp: 40_000), now: .seconds(1), flags: .syn) == .portsExhausted)
        let other = IPv4Address("192.168.10.21")!
        if case .created = t.track(tuple(IPv4Address(172, 30, 255, 1), other, sp: 40_000), now: .seconds(1), flags: .syn) {} else {
            Issue.record("another destination has its own ports")
        }
        // The entries opened with a SYN and no reply leave after 120 s; their ports are free again.
        if case .created = t.track(tuple(IPv4Address(172, 30, 255, 2), db, sp: 40_000), now: .seconds(121), flags: .syn) {} else {
            Issue.record("a port should be free once its entry expired")
        }
        #expect(DropReason.portsExhausted.description == "portsExhausted")
    }

    @Test func firewallFirstMatchAndLinearCost() {
        let fw = Firewall(rules: [
            FirewallRule(.allow, destination: IPv4Prefix("192.168.10.0/24")!, proto: .tcp, ports: 5432...5432),
            FirewallRule(.deny, destination: IPv4Prefix("192.168.0.0/16")!),
        ], defaultVerdict: .allow, evaluation: .linear(perRule: .nanoseconds(100)))
        let allowed = fw.evaluate(tuple(pod, db))
        #expect(allowed.verdict == .allow && allowed.cost == .nanoseconds(100))
        let denied = fw.evaluate(tuple(pod, db, dp: 22))
        #expect(denied.verdict == .deny && denied.cost == .nanoseconds(200))
        let other = fw.evaluate(tuple(pod, IPv4Address("8.8.8.8")!))
        #expect(other.verdict == .allow && other.cost == .nanoseconds(200))
        let hashed = Firewall(rules: fw.rules, evaluation: .constant(.nanoseconds(50)))
        #expect(hashed.evaluate(tuple(pod, db, dp: 22)).cost == .nanoseconds(50))
    }
}

@Suite struct NetmapTests {
    @Test func sourceAndDestinationPrefixMapping() {
        var t = ConnectionTable(capacity: 10, idleTimeout: .seconds(60),
                                snat: [SNATRule.netmap(IPv4Prefix("172.30.0.0/16")!, to: IPv4Prefix("10.171.0.0/16")!)],
                                dnat: [DNATRule.netmap(IPv4Prefix("10.200.10.0/24")!, to: IPv4Prefix("192.168.10.0/24")!)])
        let pod = IPv4Address("172.30.3.20")!
        let tuple = FiveTuple(source: pod, destination: IPv4Address("10.200.10.20")!, proto: .tcp, sourcePort: 1000, destinationPort: 5432)
        guard case .created(let out) = t.track(tuple, now: .zero) else { Issue.record("expected a new connection"); return }
        #expect(out.source == IPv4Address("10.171.3.20")! && out.sourcePort == 1000)
        #expect(out.destination == IPv4Address("192.168.10.20")!)
        // The reply is mapped back both ways.
        #expect(t.track(out.reversed, now: .zero) == .established(tuple.reversed))
    }
}

@Suite struct IndexedRoutingTests {
    /// A large table answers every lookup as the linear longest-prefix scan does.
    @Test func indexedLookupMatchesTheLinearScan() {
        var seed: UInt64 = 42
        func next() -> UInt32 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt32(truncatingIfNeeded: seed >> 32)
        }
        var table = RoutingTable()
        for i in 0..<600 {
            let length = [8, 16, 20, 24, 26, 29, 32][i % 7]
            table.add(Route(IPv4Prefix(IPv4Address(next() & 0x0AFF_FFFF), length: length), .forward(channel: i)))
        }
        table.add(Route(IPv4Prefix(.zero, length: 0), .discard))
        let linear = table
        table.buildIndex()
        #expect(table.isIndexed && !linear.isIndexed)
        for _ in 0..<20_000 {
            let d = IPv4Address(next() & 0x0AFF_FFFF)
            #expect(table.lookup(d) == linear.lookup(d))
        }
        var small = RoutingTable([Route(IPv4Prefix(.zero, length: 0), .discard)])
        small.buildIndex()
        #expect(!small.isIndexed, "small tables stay a linear scan")
    }
}
