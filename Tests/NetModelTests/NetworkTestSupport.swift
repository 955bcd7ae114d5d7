import SimKernel
@testable import NetModel

/// A chain of devices d0 - d1 - ... - dn joined by identical links, with routes so that
/// d0 reaches dn's address and back. Device i owns 10.0.0.(i+1).
struct Chain {
    var net = Network()
    var forward: [Int] = []   // channel i: d_i -> d_(i+1)
    var backward: [Int] = []  // channel i: d_(i+1) -> d_i
    let count: Int

    static func address(_ i: Int) -> IPv4Address { IPv4Address(10, 0, 0, UInt8(i + 1)) }

    init(devices n: Int, link: LinkSpec, device: (Int) -> DeviceSpec = { DeviceSpec(name: "d\($0)") }) throws {
        count = n
        for i in 0..<n {
            var spec = device(i)
            spec.addresses.append(Chain.address(i))
            try net.addDevice(spec)
        }
        for i in 0..<(n - 1) {
            let (f, b) = try net.connect(i, i + 1, link)
            forward.append(f)
            backward.append(b)
        }
        let all = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 24)
        for i in 0..<n {
            // Default towards the far end, and the lower addresses back.
            if i < n - 1 { try net.addRoute(device: i, Route(all, .forward(channel: forward[i]))) }
            for j in 0..<i { try net.addRoute(device: i, Route(IPv4Prefix(Chain.address(j), length: 32), .forward(channel: backward[i - 1]))) }
        }
    }

    mutating func flow(_ pattern: TrafficPattern, name: String = "f", transport: IPProtocol = .udp,
                       dontFragment: Bool? = nil, from: Int = 0, to: Int? = nil) throws -> Int {
        try net.addFlow(FlowSpec(name: name, sourceDevice: from, sourceAddress: Chain.address(from),
                                 destinationAddress: Chain.address(to ?? count - 1), transport: transport,
                                 dontFragment: dontFragment, pattern: pattern))
    }

    func run(seed: UInt64 = 1, replication: Int = 0, warmup: SimTime = .zero, duration: SimTime) throws -> NetworkResult {
        try net.run(streams: RandomStreamFactory(masterSeed: seed, replication: replication), warmup: warmup, duration: duration)
    }
}

/// client (172.30.1.5) - NAT (10.184.1.10, SNAT of 172.30.0.0/16 to itself) - server
/// (192.168.10.20), joined by identical links. The server only knows a route to the NAT's
/// network, not to the clients'; the flow `db` goes to port 5432.
struct NATPath {
    static let client = IPv4Address("172.30.1.5")!, nat = IPv4Address("10.184.1.10")!, server = IPv4Address("192.168.10.20")!
    var net = Network()
    let client: Int, nat: Int, server: Int

    init(table: ConnectionTable, link: LinkSpec, newConnectionCost: SimTime = .zero, establishedConnectionCost: SimTime = .zero) throws {
        client = try net.addDevice(DeviceSpec(name: "client", addresses: [Self.client]))
        nat = try net.addDevice(DeviceSpec(name: "nat", addresses: [Self.nat], connections: table,
                                           newConnectionCost: newConnectionCost, establishedConnectionCost: establishedConnectionCost))
        server = try net.addDevice(DeviceSpec(name: "server", addresses: [Self.server]))
        let (cn, nc) = try net.connect(client, nat, link)
        let (ns, sn) = try net.connect(nat, server, link)
        try net.addRoute(device: client, Route(IPv4Prefix("0.0.0.0/0")!, .forward(channel: cn)))
        try net.addRoute(device: nat, Route(IPv4Prefix("192.168.0.0/16")!, .forward(channel: ns)))
        try net.addRoute(device: nat, Route(IPv4Prefix("172.30.0.0/16")!, .forward(channel: nc)))
        try net.addRoute(device: server, Route(IPv4Prefix("10.184.0.0/16")!, .forward(channel: sn)))
    }

    /// The SNAT rule of the path's NAT.
    static var masquerade: [SNATRule] { [SNATRule(source: IPv4Prefix("172.30.0.0/16")!, translateTo: nat)] }

    mutating func flow(_ rr: RequestResponse) throws {
        try net.addFlow(FlowSpec(name: "db", sourceDevice: client, sourceAddress: Self.client, destinationAddress: Self.server,
                                 transport: .tcp, destinationPort: 5432, pattern: .requestResponse(rr)))
    }
}
