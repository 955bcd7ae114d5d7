import Testing
@testable import NetModel

/// Exact byte counts of every header stack, against hand-computed values
/// (../shared/reference/parameters.md §1).
@Suite struct HeaderArithmeticTests {
    let a = IPv4Address(10, 0, 0, 1), b = IPv4Address(10, 0, 0, 2)

    func tcpPacket(payload: Int) -> (HeaderStack, Int) {
        (HeaderStack([.tcp(sourcePort: 1, destinationPort: 2), .ipv4(source: a, destination: b)]), payload)
    }

    @Test func plainHeaders() {
        #expect(HeaderStack([.tcp(sourcePort: 1, destinationPort: 2), .ipv4(source: a, destination: b)]).bytes(payload: 1460) == 1500)
        #expect(HeaderStack([.udp(sourcePort: 1, destinationPort: 2), .ipv4(source: a, destination: b)]).bytes(payload: 1472) == 1500)
        #expect(HeaderStack([.tcp(sourcePort: 1, destinationPort: 2, optionBytes: 12), .ipv4(source: a, destination: b)]).bytes(payload: 1448) == 1500)
        #expect(HeaderStack([.ipv4(source: a, destination: b), .ethernet()]).bytes(payload: 100) == 134)
        #expect(HeaderStack([.ipv4(source: a, destination: b), .ethernet(vlanTagged: true)]).bytes(payload: 100) == 138)
    }

    @Test func vxlanAddsFiftyBytes() {
        var s = tcpPacket(payload: 1460).0
        Tunnel(.vxlan, local: a, remote: b).encapsulate(&s, flowHash: 7)
        #expect(s.count == 6)
        #expect(s.bytes(payload: 1460) == 1550)   // 1500 inner IP + 14 + 8 + 8 + 20
        #expect(Tunnel(.vxlan, local: a, remote: b).outerBytes(inner: 1500) == 1550)
        #expect(s.outermost.dontFragment, "NSX sets DF on the outer header")
        #expect(Decapsulation.classify(s) == (.vxlan, 4))
    }

    @Test func ipInIPInsideVXLANForICP() {
        // ICP: a 1,480-byte pod packet (Calico MTU 1480) in IP-in-IP, then in VXLAN.
        var s = tcpPacket(payload: 1440).0
        #expect(s.bytes(payload: 1440) == 1480)
        Tunnel(.ipInIP, local: a, remote: b).encapsulate(&s, flowHash: 0)
        #expect(s.bytes(payload: 1440) == 1500)
        #expect(Decapsulation.classify(s) == (.ipInIP, 1))
        Tunnel(.vxlan, local: a, remote: b).encapsulate(&s, flowHash: 0)
        #expect(s.bytes(payload: 1440) == 1550)
        #expect(s.count == 7)
    }

    @Test func espTunnelSizesForA1400BytePacket() {
        // Inner IP packet of 1,400 bytes.
        func outer(_ c: ESPCipher, natT: Bool) -> Int {
            var s = HeaderStack([.udp(sourcePort: 1, destinationPort: 2), .ipv4(source: a, destination: b)])
            Tunnel(.esp(c, natTraversal: natT), local: a, remote: b).encapsulate(&s, flowHash: 0)
            return s.bytes(payload: 1372)
        }
        #expect(outer(.aesGCM, natT: false) == 1456)
        #expect(outer(.aesGCM, natT: true) == 1464)
        #expect(outer(.aesCBCSHA256, natT: false) == 1468)
        #expect(outer(.aesCBCSHA256, natT: true) == 1476)
        #expect(outer(.aesCBCSHA1, natT: false) == 1464)
        #expect(outer(.aesCBCSHA1, natT: true) == 1472)
    }

    @Test func espPaddingFollowsTheBlockSize() {
        // CBC: (L + 2) padded to 16; GCM: to 4. L = 100: CBC 112, GCM 104.
        #expect(ESPCipher.aesCBCSHA256.espBytes(inner: 100) == 8 + 16 + 112 + 16)
        #expect(ESPCipher.aesGCM.espBytes(inner: 100) == 8 + 8 + 104 + 16)
        #expect(ESPCipher.aesGCM.espBytes(inner: 102) == 8 + 8 + 104 + 16)
        #expect(ESPCipher.aesGCM.espBytes(inner: 103) == 8 + 8 + 108 + 16)
        #expect(ESPCipher.aesCBCSHA1.espBytes(inner: 14) == 8 + 16 + 16 + 12)
        #expect(ESPCipher.aesCBCSHA1.espBytes(inner: 15) == 8 + 16 + 32 + 12)
    }

    @Test func largestInnerPacketThatFits1500() {
        func largest(_ c: ESPCipher, _ natT: Bool) -> Int {
            Tunnel(.esp(c, natTraversal: natT), local: a, remote: b, pathMTU: 1500).largestInner
        }
        #expect(largest(.aesCBCSHA256, false) == 1438)
        #expect(largest(.aesCBCSHA256, true) == 1422)
        #expect(largest(.aesGCM, false) == 1446)
        #expect(largest(.aesGCM, true) == 1438)
        #expect(largest(.aesCBCSHA1, false) == 1438)
        #expect(largest(.aesCBCSHA1, true) == 1422)
        #expect(Tunnel(.ipInIP, local: a, remote: b, pathMTU: 1500).largestInner == 1480)
    }

    @Test func l2ConcentratorTunnelIsConfigurable() {
        var s = tcpPacket(payload: 1460).0
        let t = Tunnel(.l2Concentrator(overheadBytes: 38), local: a, remote: b)
        t.encapsulate(&s, flowHash: 0)
        #expect(s.bytes(payload: 1460) == 1500 + 14 + 38 + 20)
        #expect(t.outerBytes(inner: 1500) == 1572)
        #expect(Decapsulation.classify(s) == (.l2Concentrator, 3))
    }

    @Test func espWithNATTraversalIsRecognised() {
        var s = tcpPacket(payload: 100).0
        Tunnel(.esp(.aesGCM, natTraversal: true), local: a, remote: b).encapsulate(&s, flowHash: 0)
        #expect(Decapsulation.classify(s) == (.esp, 3))
        for _ in 0..<3 { s.pop() }
        #expect(s.bytes(payload: 100) == 140)
    }

    @Test func headerIsTwelveBytes() {
        #expect(MemoryLayout<Header>.size == 12)
    }
}

@Suite struct AddressingTests {
    @Test func parsing() {
        #expect(IPv4Address("10.1.2.3")?.value == 0x0A01_0203)
        #expect(IPv4Address("10.1.2") == nil)
        #expect(IPv4Address("10.1.2.256") == nil)
        #expect(IPv4Address("a.b.c.d") == nil)
        #expect(IPv4Prefix("172.30.0.0/16")?.description == "172.30.0.0/16")
        #expect(IPv4Prefix("172.30.5.9/16")?.network == IPv4Address("172.30.0.0"))
        #expect(IPv4Prefix("10.0.0.0/33") == nil)
        #expect(IPv4Prefix("10.0.0.7")?.length == 32)
    }

    @Test func containsAndOverlaps() {
        let pods = IPv4Prefix("172.30.0.0/16")!
        #expect(pods.contains(IPv4Address("172.30.255.1")!))
        #expect(!pods.contains(IPv4Address("172.31.0.1")!))
        #expect(pods.overlaps(IPv4Prefix("172.30.8.0/24")!))
        #expect(pods.overlaps(IPv4Prefix("172.0.0.0/8")!))
        #expect(!pods.overlaps(IPv4Prefix("172.21.0.0/16")!))
        #expect(IPv4Prefix("0.0.0.0/0")!.contains(IPv4Address("8.8.8.8")!))
    }

    @Test func longestPrefixMatch() {
        var t = RoutingTable([
            Route(IPv4Prefix("0.0.0.0/0")!, .forward(channel: 0)),
            Route(IPv4Prefix("10.0.0.0/8")!, .forward(channel: 1)),
            Route(IPv4Prefix("10.1.0.0/16")!, .forward(channel: 2)),
            Route(IPv4Prefix("10.1.2.3/32")!, .tunnel(5)),
        ])
        #expect(t.lookup(IPv4Address("10.1.2.3")!)?.action == .tunnel(5))
        #expect(t.lookup(IPv4Address("10.1.2.4")!)?.action == .forward(channel: 2))
        #expect(t.lookup(IPv4Address("10.2.0.1")!)?.action == .forward(channel: 1))
        #expect(t.lookup(IPv4Address("192.168.0.1")!)?.action == .forward(channel: 0))
        #expect(t.cachedLookup(IPv4Address("10.1.2.4")!)?.action == .forward(channel: 2))
        #expect(t.cachedLookup(IPv4Address("10.1.2.4")!)?.action == .forward(channel: 2))
        // Adding a more specific route invalidates the cache.
        t.add(Route(IPv4Prefix("10.1.2.0/24")!, .discard))
        #expect(t.cachedLookup(IPv4Address("10.1.2.4")!)?.action == .discard)
        t.remove(IPv4Prefix("0.0.0.0/0")!)
        #expect(t.lookup(IPv4Address("192.168.0.1")!) == nil)
        // Same prefix replaces.
        t.add(Route(IPv4Prefix("10.0.0.0/8")!, .forward(channel: 9)))
        #expect(t.lookup(IPv4Address("10.9.9.9")!)?.action == .forward(channel: 9))
        #expect(t.routes.count == 4)
    }
}
