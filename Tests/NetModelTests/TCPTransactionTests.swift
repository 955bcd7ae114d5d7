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
                         clients: Int = 1, seconds: Double = 20) throws -> (mean: Double, done: Int, failed: Int) {
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
        return (f.transactions.mean.seconds, f.transactions.count, f.failedTransactions)
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
    }

    @Test func lossDelaysTransactionsButDoesNotFailThem() throws {
        // 1 % loss each way: a lost segment is retransmitted (a one-segment message after the
        // 200 ms minimum RTO), so transactions take longer but all complete.
        let clean = try meanTransaction(newConnections: false, clients: 20)
        let lossy = try meanTransaction(newConnections: false, loss: 0.01, clients: 20)
        #expect(clean.failed == 0 && lossy.failed == 0, "failed \(clean.failed), \(lossy.failed)")
        #expect(lossy.done > 300 && Double(lossy.done) > 0.9 * Double(clean.done), "\(lossy.done) against \(clean.done) transactions")
        #expect(lossy.mean > 1.2 * clean.mean, "\(lossy.mean) s against \(clean.mean) s")
    }
}
