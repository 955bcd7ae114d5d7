import Testing
import SimKernel
@testable import NetModel

/// A client host's ephemeral ports: held while open and for TIME_WAIT after an active close,
/// freed at once by a reset; a host opening connections faster than its range allows runs out.
@Suite struct ClientPortsTests {
    @Test func aClosedPortReturnsAfterTimeWaitAResetOneAtOnce() {
        var ports = ClientPorts(range: 40_000...40_002)
        let now = SimTime.seconds(1)
        let a = ports.take(at: now), b = ports.take(at: now), c = ports.take(at: now)
        #expect(a == 40_000 && b == 40_001 && c == 40_002)
        #expect(ports.take(at: now) == nil)
        ports.release(40_000, at: now, activeClose: true)
        ports.release(40_001, at: now, activeClose: false)
        #expect(ports.take(at: now) == 40_001)             // the reset one
        #expect(ports.take(at: now + .seconds(59)) == nil)  // 40,000 is still in TIME_WAIT
        #expect(ports.take(at: now + ClientPorts.timeWait) == 40_000)
    }

    @Test func portsLeaveTimeWaitInTheOrderTheyEnteredIt() {
        var ports = ClientPorts(range: 1...4)
        for _ in 0..<4 { _ = ports.take(at: .zero) }
        for (i, p) in [3, 1, 4, 2].enumerated() {
            ports.release(UInt16(p), at: .seconds(Double(i)), activeClose: true)
        }
        #expect(ports.available(at: .seconds(60.5)) == 1)
        #expect(ports.take(at: .seconds(62)) == 3 && ports.take(at: .seconds(62)) == 1 && ports.take(at: .seconds(62)) == 4)
        #expect(ports.take(at: .seconds(62)) == nil)
        #expect(ports.take(at: .seconds(63)) == 2)
    }

    /// One host, 40 clients opening a connection per transaction every 20 ms over a 1 ms path:
    /// about 1,900 connections/s, so Linux's 28,232 ports last about 15 s and come back 60 s
    /// after their close.
    func connectionsPerRequest(shareHost: Bool, seconds: Double) throws -> FlowStatistics {
        var chain = try Chain(devices: 2, link: LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(500)))
        var rr = RequestResponse(clients: 40, thinkTime: try .constant(0.02), requestBytes: try .constant(100),
                                 responseBytes: try .constant(500), serverTime: try .constant(0), timeout: .seconds(1))
        rr.newConnectionEachRequest = true
        rr.clientsShareHost = shareHost
        _ = try chain.flow(.requestResponse(rr), transport: .tcp)
        return try chain.run(duration: .seconds(seconds)).flows[0]
    }

    @Test func aHostOpeningConnectionsFasterThanTimeWaitAllowsRunsOutOfPorts() throws {
        let ports = RequestResponse.ephemeralPorts.count
        let before = try connectionsPerRequest(shareHost: true, seconds: 30)
        // Every port used once, none back yet; every later attempt refused at the host.
        #expect(before.connectionsOpened == ports, "\(before.connectionsOpened) connections")
        #expect(before.failedTransactions > 10_000 && before.drops[.portsExhausted] == before.failedTransactions)
        #expect(before.sent == before.delivered + before.dropped + before.inFlight)
        // 60 s after the first closes the ports come back, at the rate they were closed.
        let after = try connectionsPerRequest(shareHost: true, seconds: 62)
        #expect(after.connectionsOpened > ports + 1_000 && after.connectionsOpened < 2 * ports, "\(after.connectionsOpened) connections")
        // Clients that are hosts of their own (internet users) never run out at this rate.
        let users = try connectionsPerRequest(shareHost: false, seconds: 20)
        #expect(users.connectionsOpened > ports && users.failedTransactions == 0 && users.drops[.portsExhausted] == 0)
    }
}
