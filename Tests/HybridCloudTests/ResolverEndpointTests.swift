import Testing
@testable import HybridCloud
import NetModel
import SimKernel

/// The resolvers internet and enterprise users ask: `internet/dns`, a public resolver about
/// 12 ms from the users, and `enterprise[/<site>]/dns`, a DNS server on a site's LAN.
@Suite struct ResolverEndpointTests {
    @Test func resolverEndpointsParseAndPrintBack() {
        for name in ["internet/dns", "enterprise/dns", "enterprise/branch/dns"] {
            #expect(FlowEndpoint(name)?.description == name)
        }
        #expect(FlowEndpoint("internet/dns") == .publicResolver)
        #expect(FlowEndpoint("enterprise/branch/dns") == .enterpriseResolver(site: "branch"))
        #expect(FlowEndpoint("internet/www") == nil && FlowEndpoint("enterprise/branch/web") == nil)
        var inv = EnterpriseSiteTests.twoSites
        #expect(["internet/dns", "enterprise/dns", "enterprise/branch/dns"].allSatisfy(inv.endpointNames.contains))
        inv.enterpriseSites[1].name = "dns"
        #expect(inv.problem?.contains("reserved") == true, "\(inv.problem ?? "no problem")")
    }

    /// Mean transaction time of one internet or branch user (a transaction a second), with a
    /// lookup before each (TTL 0) at `resolver` or none.
    func transaction(from user: FlowEndpoint, resolver: FlowEndpoint?) throws -> Double {
        let estate = try CompiledEstate(EnterpriseSiteTests.twoSites, option: .bgpPeering)
        var rr = RequestResponse(clients: 1, thinkTime: try .constant(1), requestBytes: try .constant(300),
                                 responseBytes: try .constant(1000), serverTime: try .constant(0.001), timeout: .seconds(2))
        if let resolver { rr.dns = DNSLookup(resolver: try estate.destination(resolver, from: user).address, ttl: .zero) }
        var net = estate.network
        try net.addFlow(estate.flow("f", from: user, to: .ingress("icp"), pattern: .requestResponse(rr)))
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 5, replication: 0), warmup: .seconds(1), duration: .seconds(20))
        #expect(r.flows[0].transactions.count >= 18 && r.flows[0].failedTransactions == 0)
        return r.flows[0].transactions.mean.seconds
    }

    @Test func aLookupCostsTheRoundTripToTheUsersResolver() throws {
        // Internet users: 1 ms access link and 5 ms to the resolver, each way.
        let internet = try transaction(from: .internet, resolver: .publicResolver) - transaction(from: .internet, resolver: nil)
        #expect(abs(internet - 0.012) < 0.0001, "public resolver: \(internet * 1e3) ms")
        // A branch user: the DNS server is on the LAN (50 µs each way, through the site's router).
        let branch = try transaction(from: .enterprise(site: "branch"), resolver: .enterpriseResolver(site: "branch"))
            - transaction(from: .enterprise(site: "branch"), resolver: nil)
        #expect(branch > 0.0001 && branch < 0.0005, "site DNS: \(branch * 1e3) ms")
        let trace = try PathTrace("t", from: .enterprise(site: "branch"), to: .enterpriseResolver(site: "branch"),
                                  in: CompiledEstate(EnterpriseSiteTests.twoSites, option: .bgpPeering))
        #expect(trace.delivered && trace.rows.last?.device == "branch-dns" && !trace.rows.contains { $0.device == "branch-wan" })
    }
}
