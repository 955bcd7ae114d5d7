import Foundation
import NetModel
import SimKernel

/// An explicit network in a scenario (`topology:`), instead of the reference architecture:
/// named devices, full-duplex links (each direction may have its own parameters), static
/// routes, and sources: open-loop packets (Poisson, CBR), TCP bulk transfers and
/// request/response clients.
public struct TopologySpec: Sendable {
    public var devices: [DeviceSpec] = []
    /// `spec` from a to b; `reverse` from b to a.
    public var links: [(a: String, b: String, spec: LinkSpec, reverse: LinkSpec)] = []
    public var routes: [(at: String, prefix: IPv4Prefix, via: String)] = []
    public var sources: [FlowSpecTemplate] = []

    /// A source before device names are resolved to indices.
    public struct FlowSpecTemplate: Sendable {
        public var name: String
        public var from: String
        public var to: IPv4Address
        public var pattern: TrafficPattern
        public var limit: Int?
    }

    /// Builds the network (device names checked when the scenario is decoded).
    public func network() throws -> Network {
        var net = Network()
        var index: [String: Int] = [:]
        for d in devices { index[d.name] = try net.addDevice(d) }
        var channel: [String: Int] = [:]
        for l in links {
            let (ab, ba) = try net.connect(index[l.a]!, index[l.b]!, l.spec, reverse: l.reverse, name: "\(l.a)-\(l.b)")
            channel["\(l.a)>\(l.b)"] = ab
            channel["\(l.b)>\(l.a)"] = ba
        }
        for r in routes {
            try net.addRoute(device: index[r.at]!, Route(r.prefix, .forward(channel: channel["\(r.at)>\(r.via)"]!)))
        }
        for s in sources {
            let from = index[s.from]!
            let address = devices[from].addresses.first ?? .zero
            // Bulk transfers and request/response clients are TCP (DF set), open-loop sources UDP.
            var transport = IPProtocol.udp
            switch s.pattern {
            case .bulk, .requestResponse: transport = .tcp
            case .poisson, .constantBitRate, .onOff, .trace: break
            }
            try net.addFlow(FlowSpec(name: s.name, sourceDevice: from, sourceAddress: address, destinationAddress: s.to,
                                     transport: transport, pattern: s.pattern, packetLimit: s.limit))
        }
        net.packetBudget = 2_000_000
        return net
    }
}

extension ScenarioDecoder {
    func topology(_ node: ScenarioTree, _ path: String) throws -> TopologySpec {
        let m = try mapping(node, path, allowed: ["devices", "links", "routes", "sources"])
        var t = TopologySpec()
        func list(_ key: String) throws -> [ScenarioTree] {
            guard let v = m[key] else { throw error(node, path, "missing '\(key)'") }
            guard case .sequence(let items, _) = v, !items.isEmpty else { throw error(v, "\(path).\(key)", "expected a list") }
            return items
        }
        // Sets, so that decoding stays linear in the number of devices, links and routes.
        var deviceNames = Set<String>(), addresses = Set<IPv4Address>(), linked = Set<[String]>()
        for (i, item) in try list("devices").enumerated() {
            let p = "\(path).devices[\(i)]"
            let d = try mapping(item, p, allowed: ["name", "address", "cores", "per-packet", "per-byte", "service", "queue"])
            guard let nameNode = d["name"] else { throw error(item, p, "missing 'name'") }
            var spec = DeviceSpec(name: try scalar(nameNode, "\(p).name"))
            if !deviceNames.insert(spec.name).inserted { throw error(nameNode, "\(p).name", "device name '\(spec.name)' is used twice") }
            if let a = d["address"] {
                let text = try scalar(a, "\(p).address")
                guard let ip = IPv4Address(text) else { throw error(a, "\(p).address", "'\(text)' is not an IPv4 address") }
                if !addresses.insert(ip).inserted { throw error(a, "\(p).address", "address \(ip) is used twice") }
                spec.addresses = [ip]
            }
            if let v = d["cores"] { spec.cores = try int(v, "\(p).cores", 0...1024) }
            if let v = d["per-packet"] { spec.perPacket = try duration(v, "\(p).per-packet") }
            if let v = d["per-byte"] {
                // At most 1 ms per byte, so that a 64 KiB packet's cost (65 s) stays far inside SimTime.
                let t = try duration(v, "\(p).per-byte")
                guard t <= .milliseconds(1) else { throw error(v, "\(p).per-byte", "'\(t)' per byte is above the model's 1ms per byte") }
                spec.perByte = Double(t.picoseconds)
            }
            if let v = d["queue"] { spec.queueLimit = try int(v, "\(p).queue", 0...10_000_000) }
            if let v = d["service"] {
                spec.serviceTime = try distribution(v, "\(p).service", unit: .time)
                guard spec.cores > 0 else { throw error(v, "\(p).service", "a service time needs a processing stage: give the device cores (≥ 1)") }
            }
            t.devices.append(spec)
        }
        let names = t.devices.map(\.name)
        func device(_ n: ScenarioTree, _ p: String) throws -> String {
            let s = try scalar(n, p)
            guard deviceNames.contains(s) else {
                let hint = didYouMean(s, names).map { "did you mean '\($0)'?" } ?? "devices: \(names.joined(separator: ", "))"
                throw error(n, p, "no device '\(s)'; \(hint)")
            }
            return s
        }
        for (i, item) in try list("links").enumerated() {
            let p = "\(path).links[\(i)]"
            let l = try mapping(item, p, allowed: ["between", "rate", "delay", "mtu", "framing", "buffer", "loss", "reverse"])
            guard let b = l["between"], case .sequence(let ends, _) = b, ends.count == 2 else { throw error(item, "\(p).between", "give the two device names: [a, b]") }
            let (x, y) = (try device(ends[0], "\(p).between[0]"), try device(ends[1], "\(p).between[1]"))
            guard x != y else { throw error(b, "\(p).between", "a link joins two different devices") }
            guard linked.insert([min(x, y), max(x, y)]).inserted else {
                throw error(b, "\(p).between", "\(x) and \(y) are already joined by a link; one link per pair of devices (give it the combined rate)")
            }
            guard l["rate"] != nil else { throw error(item, p, "missing 'rate' (e.g. 1Gbps)") }
            // linkParameters reads the rate (given, so the placeholder never survives).
            let spec = try linkParameters(l, p, over: LinkSpec(bitsPerSecond: 1))
            var reverse = spec
            if let r = l["reverse"] {
                // The direction from the second device to the first: its own values, the rest as forward.
                reverse = try linkParameters(try mapping(r, "\(p).reverse", allowed: ["rate", "delay", "mtu", "framing", "buffer", "loss"]), "\(p).reverse", over: spec)
            }
            t.links.append((x, y, spec, reverse))
        }
        let routeItems = m["routes"] == nil ? [] : try list("routes")
        for (i, item) in routeItems.enumerated() {
            let p = "\(path).routes[\(i)]"
            let r = try mapping(item, p, allowed: ["at", "to", "via"])
            guard let at = r["at"], let to = r["to"], let via = r["via"] else { throw error(item, p, "a route needs at, to and via") }
            let (a, v) = (try device(at, "\(p).at"), try device(via, "\(p).via"))
            let text = try scalar(to, "\(p).to")
            guard let prefix = IPv4Prefix(text) else { throw error(to, "\(p).to", "'\(text)' is not a prefix such as 10.0.0.0/24") }
            guard linked.contains([min(a, v), max(a, v)]) else {
                throw error(via, "\(p).via", "\(a) has no link to \(v)")
            }
            t.routes.append((a, prefix, v))
        }
        for (i, item) in try list("sources").enumerated() {
            let p = "\(path).sources[\(i)]"
            let s = try mapping(item, p, allowed: ["name", "from", "to", "poisson", "cbr", "size", "limit", "bulk", "request-response"])
            guard let nameNode = s["name"], let from = s["from"], let to = s["to"] else { throw error(item, p, "a source needs name, from and to") }
            let name = try scalar(nameNode, "\(p).name")
            let text = try scalar(to, "\(p).to")
            guard let address = IPv4Address(text) else { throw error(to, "\(p).to", "'\(text)' is not an IPv4 address") }
            let size = try s["size"].map { try distribution($0, "\(p).size", unit: .bytes(.packet)) } ?? Distribution.imix
            let pattern: TrafficPattern
            if let v = s["poisson"] {
                let text = try scalar(v, "\(p).poisson")
                guard let pps = Double(text), pps > 0, pps <= 1e9 else { throw error(v, "\(p).poisson", "'\(text)' is not a packet rate: packets per second, above 0 and at most 10⁹") }
                pattern = .poisson(packetsPerSecond: pps, packetBytes: size)
            } else if let v = s["cbr"] {
                pattern = .constantBitRate(bitsPerSecond: Double(try rate(v, "\(p).cbr")), packetBytes: Int(size.mean.rounded()))  // ≤ 65,535 B: checked by distribution(unit: .bytes(.packet))
            } else if let v = s["bulk"] {
                pattern = .bulk(try bulk(v, "\(p).bulk"))
            } else if let v = s["request-response"] {
                let r = try mapping(v, "\(p).request-response", allowed: Self.requestResponseKeys)
                if let d = r["dns"], try dns(d, "\(p).request-response.dns").endpoint != nil {
                    throw error(d, "\(p).request-response.dns.resolver", "a topology's resolver is an address: a device's (e.g. 10.0.0.53)")
                }
                pattern = .requestResponse(try requestResponse(r, "\(p).request-response", over: ScenarioFlow.defaultTraffic))
            } else { throw error(item, p, "give how it sends: poisson (packets/s), cbr (e.g. 100Mbps), bulk: {window: 64} or request-response: {clients: 1, ...}") }
            let kinds = ["poisson", "cbr", "bulk", "request-response"].filter { s[$0] != nil }
            if kinds.count > 1 { throw error(item, p, "give one of \(kinds.joined(separator: ", ")), not several") }
            if s["size"] != nil && (s["bulk"] != nil || s["request-response"] != nil) {
                throw error(s["size"]!, "\(p).size", "'size' is for poisson and cbr sources; TCP segments take the path's MSS")
            }
            let limit = try s["limit"].map { try int($0, "\(p).limit", 1...1_000_000_000) }
            t.sources.append(.init(name: name, from: try device(from, "\(p).from"), to: address, pattern: pattern, limit: limit))
        }
        return t
    }

    /// `base` with a link's values of `l` (at `p`): delay, mtu, framing, buffer (packets, or
    /// bytes with a unit: 64KB), loss.
    func linkParameters(_ l: [String: ScenarioTree], _ p: String, over base: LinkSpec) throws -> LinkSpec {
        var spec = base
        if let v = l["rate"] { spec.bitsPerSecond = try rate(v, "\(p).rate") }
        if let v = l["delay"] { spec.propagation = try duration(v, "\(p).delay") }
        if let v = l["mtu"] { spec.mtu = try bytes(v, "\(p).mtu") }
        if let v = l["framing"] { spec.framingBytes = try bytes(v, "\(p).framing") }
        if let v = l["buffer"] {
            let text = try scalar(v, "\(p).buffer")
            if text == "unbounded" {
                (spec.bufferPackets, spec.bufferBytes) = (nil, nil)
            } else if Int(text) != nil {
                (spec.bufferPackets, spec.bufferBytes) = (try int(v, "\(p).buffer", 0...100_000_000), nil)
            } else {
                guard let b = Units.bytes(text), b == b.rounded(), b <= 1e12 else {
                    throw error(v, "\(p).buffer", "'\(text)' is not a buffer: packets (1000), bytes with a unit (64KB, 1MiB) or unbounded")
                }
                (spec.bufferPackets, spec.bufferBytes) = (nil, Int(b))
            }
        }
        if let v = l["loss"] { spec.lossProbability = try fraction(v, "\(p).loss") }
        if let problem = spec.problem { throw ScenarioError(file: file, line: l.values.compactMap(\.line).min(), path: p, message: problem) }
        return spec
    }

    /// A TCP bulk transfer: `{window: 64, segment: 1448B, total: 10MB}` (segments in flight,
    /// payload per segment, bytes to send; default: until the run ends).
    func bulk(_ node: ScenarioTree, _ p: String) throws -> BulkTransfer {
        var b = BulkTransfer(windowPackets: ScenarioFlow.bulkWindow)
        if case .scalar("true", _) = node { return b }
        let m = try mapping(node, p, allowed: ["window", "segment", "total", "min-rto"] + Self.tcpKeys)
        if let v = m["window"] { b.windowPackets = try int(v, "\(p).window", 1...100_000) }
        if let v = m["segment"] {
            b.segmentPayloadBytes = try bytes(v, "\(p).segment")
            guard (1...65_495).contains(b.segmentPayloadBytes) else { throw error(v, "\(p).segment", "must be 1B to 65495B") }
        }
        if let v = m["total"] {
            let t = try scalar(v, "\(p).total")
            guard let n = Units.bytes(t), n >= 1, n <= ModelLimits.Size.response.largestBytes, n == n.rounded() else {
                throw error(v, "\(p).total", "'\(t)' is not a size from 1B to \(Int64(ModelLimits.Size.response.largestBytes))B")
            }
            b.totalBytes = Int(n)
        }
        if let v = m["min-rto"] { b.minimumRTO = try duration(v, "\(p).min-rto", positive: true) }
        b.tcp = try tcpOptions(m, p, over: b.tcp)
        return b
    }
}
