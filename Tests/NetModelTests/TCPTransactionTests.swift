import Testing
import SimKernel
@testable import NetModel

/// Request/response over TCP on a two-device path with a known round trip: what the handshakes
/// cost, what loss costs, and what a connection per request leaves in a connection table.
@Suite struct TCPTransactionTests {
    /// 1 Gbit/s, 5 ms each way: RTT 10 ms plus serialization (µs).
    static let link = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .milliseconds(5), mtu: 1500, framingBytes: 0, bufferPackets: 10_000)

    /// Mean transaction time (s) of one client with a second's think time between transactions.
    func meanTransaction(newConnections: Bool, tls: TLSVersion = .none, resumption: Bool = false, loss: Double = 0,
                         clients: Int = 1, seconds: Double = 20) throws -> (mean: Double, done: Int, failed: Int, stats: FlowStatistics) {
        var link = Self.link
        link.lossProbability = loss
        var chain = try Chain(devices: 2, link: link)
        var rr = RequestResponse(clients: clients, thinkTime: try .constant(1), requestBytes: try .constant(100),
                                 responseBytes: try .constant(1000), serverTime: try .constant(0), timeout: .seconds(10))
        rr.newConnectionEachRequest = newConnections
        rr.tls.version = tls
        rr.tls.resumption = resumption
        _ = try chain.flow(.requestResponse(rr), transport: .tcp)
        let r = try chain.run(warmup: .seconds(2), duration: .seconds(seconds))
        let f = r.flows[0]
        return (f.transactions.mean.seconds, f.transactions.count, f.failedTransactions, f)
    }

    @Test func aNewConnectionCostsOneRoundTripAndTLSItsOwn() throws {
        let rtt = 0.010
        let keepAlive = try meanTransaction(newConnections: false)
        let fresh = try meanTransaction(newConnections: true)
        let tls12 = try meanTransaction(newConnections: true, tls: .tls12)
        let tls13 = try meanTransaction(newConnections: true, tls: .tls13)
        let resumed12 = try meanTransaction(newConnections: true, tls: .tls12, resumption: true)
        #expect(keepAlive.done >= 15 && keepAlive.failed == 0)
        // One round trip for request and response (plus µs of serialization).
        #expect(abs(keepAlive.mean - rtt) < 0.0002, "keep-alive \(keepAlive.mean)")
        // The handshake adds one RTT.
        #expect(abs(fresh.mean - keepAlive.mean - rtt) < 0.0002, "new connection \(fresh.mean)")
        // TLS 1.2 two more, TLS 1.3 one more, each with the server's handshake CPU (289 µs).
        let cpu = TLSOptions().fullHandshakeCPU.seconds
        #expect(abs(tls12.mean - fresh.mean - 2 * rtt - cpu) < 0.0002, "TLS 1.2 \(tls12.mean)")
        #expect(abs(tls13.mean - fresh.mean - rtt - cpu) < 0.0002, "TLS 1.3 \(tls13.mean)")
        // A resumed TLS 1.2 session needs one round trip and no signature.
        #expect(abs(resumed12.mean - fresh.mean - rtt) < 0.0002, "TLS 1.2 resumed \(resumed12.mean)")
        // The counters: the keep-alive connection opened before the window; a connection (and a
        // handshake) per transaction started in the window, one of which may still be open at its end.
        #expect(keepAlive.stats.connectionsOpened == 0)
        let opened = fresh.stats.connectionsOpened
        #expect(opened >= fresh.done && opened <= fresh.done + 1, "\(opened) connections, \(fresh.done) transactions")
        #expect(tls12.stats.tlsFullHandshakes == tls12.stats.connectionsOpened && tls12.stats.tlsResumedHandshakes == 0)
        #expect(resumed12.stats.tlsResumedHandshakes == resumed12.stats.connectionsOpened && resumed12.stats.tlsFullHandshakes == 0)
        #expect(fresh.stats.tlsFullHandshakes == 0 && fresh.stats.tlsResumedHandshakes == 0)
    }

    @Test func lossDelaysTransactionsButDoesNotFailThem() throws {
        // 1 % loss each way: a lost segment is retransmitted (a one-segment message after the
        // 200 ms minimum RTO), so transactions take longer but all complete.
        let clean = try meanTransaction(newConnections: false, clients: 20)
        let lossy = try meanTransaction(newConnections: false, loss: 0.01, clients: 20)
        #expect(clean.failed == 0 && lossy.failed == 0, "failed \(clean.failed), \(lossy.failed)")
        #expect(lossy.done > 300 && Double(lossy.done) > 0.9 * Double(clean.done), "\(lossy.done) against \(clean.done) transactions")
        #expect(lossy.mean > 1.2 * clean.mean, "\(lossy.mean) s against \(clean.mean) s")
        // What was lost was sent again, after a timeout (small messages rarely collect three SACKs) or a fast recovery.
        #expect(clean.stats.retransmissions == 0 && clean.stats.retransmissionTimeouts == 0 && clean.stats.fastRecoveries == 0)
        #expect(lossy.stats.retransmissions >= lossy.stats.retransmissionTimeouts + lossy.stats.fastRecoveries
                && lossy.stats.retransmissionTimeouts > 0, "\(lossy.stats.retransmissions) retransmissions")
    }

    /// client - NAT - server, 1 ms each way per link; the NAT's table closes TCP entries
    /// `close` after the last ACK of the FIN exchange and holds established ones for an hour.
    func natOccupancy(close: SimTime, replication: Int) throws -> (live: Int, created: Int, transaction: Double, run: Double) {
        var timeouts = ConnectionTimeouts.nsxEdge
        (timeouts.tcpTimeWait, timeouts.tcpLastAck, timeouts.tcpClosing, timeouts.tcpClosed) = (close, close, close, close)
        var path = try NATPath(table: ConnectionTable(capacity: 100_000, timeouts: timeouts, snat: NATPath.masquerade),
                               link: LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .milliseconds(1)))
        var rr = RequestResponse(clients: 20, thinkTime: try .exponential(mean: 0.1), requestBytes: try .constant(200),
                                 responseBytes: try .constant(3000), serverTime: try .constant(0.0001))
        rr.newConnectionEachRequest = true
        try path.flow(rr)
        let (net, n) = (path.net, path.nat)
        let run = 12.0
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 5, replication: replication), warmup: .zero, duration: .seconds(run))
        #expect(r.flows[0].failedTransactions == 0 && r.devices[n].drops.total == 0)
        return (r.devices[n].liveConnections, r.devices[n].connectionsCreated, r.flows[0].transactions.mean.seconds, run)
    }

    @Test func connectionTableOccupancyIsRateTimesLifetimePlusCloseTimeout() throws {
        // Little's law for the table: entries = new connections/s × (time from SYN to the last
        // ACK + the close timeout). The lifetime is the transaction (which starts with the
        // handshake) and one more round trip for the FIN exchange (RTT 4 ms here). Each
        // replication gives one sample of the occupancy at the run's end; the paired
        // difference from λ × (D + T) must have a 99 % interval that holds 0.
        let close = SimTime.seconds(2)
        var differences: [Double] = []
        var occupancy = 0.0
        for k in 0..<12 {
            let o = try natOccupancy(close: close, replication: k)
            let rate = Double(o.created) / o.run
            let lifetime = o.transaction + 0.004
            differences.append(Double(o.live) - rate * (lifetime + close.seconds))
            occupancy += Double(o.live) / 12
        }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let sd = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let half = 3.106 * sd / n.squareRoot()   // Student t, 11 degrees of freedom, 99 %
        #expect(abs(mean) <= half, "occupancy \(occupancy): difference \(mean) ± \(half)")
        // And it is the close timeout, not the hour an established entry would stay: with a
        // 3,600 s timeout for every state it would hold every connection of the run.
        #expect(occupancy > 300 && occupancy < 500, "occupancy \(occupancy)")
    }

    /// client d0 - resolver d1 - server d2, 5 ms each way per link: the resolver is 10 ms away
    /// (round trip), the server 20 ms.
    func lookups(dns: DNSLookup?, seconds: Double = 20) throws -> (mean: Double, done: Int, failed: Int, noRoute: Int, queries: Int) {
        var chain = try Chain(devices: 3, link: Self.link)
        var rr = RequestResponse(clients: 1, thinkTime: try .constant(1), requestBytes: try .constant(100),
                                 responseBytes: try .constant(1000), serverTime: try .constant(0), timeout: .seconds(2))
        rr.dns = dns
        _ = try chain.flow(.requestResponse(rr), transport: .tcp)
        let r = try chain.run(warmup: .seconds(2), duration: .seconds(seconds))
        let f = r.flows[0]
        return (f.transactions.mean.seconds, f.transactions.count, f.failedTransactions, f.drops[.noRoute], f.lookups)
    }

    @Test func aLookupCostsItsRoundTripToTheResolverUntilItsTTL() throws {
        let known = try lookups(dns: nil)
        let everyTime = try lookups(dns: DNSLookup(resolver: Chain.address(1), ttl: .zero))
        let cached = try lookups(dns: DNSLookup(resolver: Chain.address(1), ttl: .seconds(1_000)))
        #expect(known.done >= 15 && everyTime.done == known.done && known.failed == 0)
        #expect(abs(everyTime.mean - known.mean - 0.010) < 0.0002, "\(everyTime.mean) against \(known.mean)")
        // Cached from before the window: no transaction in it waits for the resolver.
        #expect(abs(cached.mean - known.mean) < 0.0001, "\(cached.mean) against \(known.mean)")
        // A query per transaction with TTL 0 (the last may be unanswered at the end), none from the cache.
        #expect(everyTime.queries >= everyTime.done && everyTime.queries <= everyTime.done + 1 && cached.queries == 0 && known.queries == 0)
        // A resolver nobody answers for: every lookup is lost, every transaction fails.
        let lost = try lookups(dns: DNSLookup(resolver: IPv4Address(10, 9, 9, 9), ttl: .zero))
        #expect(lost.done == 0 && lost.failed > 0 && lost.noRoute > 0, "\(lost)")
    }
}
