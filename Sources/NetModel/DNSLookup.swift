import SimKernel

/// A name lookup a request/response client makes before it connects: a UDP query to
/// `resolver` port 53 and its answer, through the network like any packet (so its latency,
/// loss and outages are the transaction's). The answer is cached per client for `ttl`; a client
/// whose query or answer is lost waits for its transaction's timeout and asks again with its next
/// transaction (the glibc resolver's own retry, after 5 s, comes later than the flows' timeouts).
public struct DNSLookup: Sendable, Equatable {
    public var resolver: IPv4Address
    /// How long a client keeps the answer: 30 s, CoreDNS's `cache` default and the TTL kube-dns
    /// gives cluster names (CoreDNS kubernetes plugin, `ttl` default 5 s upstream, 30 s cache) [Est
    /// for other resolvers].
    public var ttl: SimTime = .seconds(30)
    /// UDP payloads: a query for a ~30-character name (12 B header + question) and its answer with
    /// one A record (RFC 1035 §4.1) [Est].
    public var queryBytes = 50
    public var answerBytes = 100
    public static let port: UInt16 = 53

    public init(resolver: IPv4Address, ttl: SimTime = .seconds(30)) {
        self.resolver = resolver
        self.ttl = ttl
    }
}
