import HybridCloud
import NetModel
import SimKernel

/// The `flows`, `failures` and `experiment.precision` sections of a scenario.
extension ScenarioDecoder {
    /// Presets take their ends in `inventory` (its first IKS cluster).
    func flows(_ node: ScenarioTree, _ path: String, in inventory: Inventory) throws -> [ScenarioFlow] {
        guard case .mapping(let pairs, _) = node, !pairs.isEmpty else { throw error(node, path, "expected flow names with their traffic (or 'default')") }
        var out: [ScenarioFlow] = []
        for (name, value) in pairs {
            let p = "\(path).\(name)"
            let preset = DocumentedFlow(rawValue: name)
            if case .scalar("default", _) = value {
                guard let preset else { throw unknownFlow(name, value, p) }
                out.append(ScenarioFlow(preset: preset, in: inventory))
                continue
            }
            let m = try mapping(value, p, allowed: ["from", "to", "traffic", "window"] + Self.requestResponseKeys)
            var flow: ScenarioFlow
            if m["from"] != nil || m["to"] != nil {
                guard let fromNode = m["from"], let toNode = m["to"] else {
                    throw error(value, p, "a flow between endpoints needs both 'from' and 'to' (\(FlowEndpoint.forms))")
                }
                flow = ScenarioFlow(name: name, from: try endpoint(fromNode, "\(p).from"), to: try endpoint(toNode, "\(p).to"),
                                    traffic: ScenarioFlow.defaultTraffic)
            } else {
                guard let preset else { throw unknownFlow(name, value, p) }
                flow = ScenarioFlow(preset: preset, in: inventory)
            }
            flow.traffic = try requestResponse(m, p, over: flow.traffic)
            if let v = m["dns"] { flow.resolver = try dns(v, "\(p).dns").endpoint }
            if let v = m["traffic"], try scalar(v, "\(p).traffic") != "request-response" {
                guard try scalar(v, "\(p).traffic") == "bulk" else {
                    throw error(v, "\(p).traffic", "'\(try scalar(v, "\(p).traffic"))' is not a kind of traffic; one of: request-response, bulk")
                }
                if let extra = Self.requestResponseKeys.first(where: { m[$0] != nil && !Self.tcpKeys.contains($0) }) {
                    throw error(m[extra]!, "\(p).\(extra)", "'\(extra)' describes request/response traffic; a bulk transfer takes 'window' and \(Self.tcpKeys.joined(separator: ", "))")
                }
                var b = BulkTransfer(windowPackets: ScenarioFlow.bulkWindow)
                if let w = m["window"] { b.windowPackets = try int(w, "\(p).window", 1...100_000) }
                b.tcp = try tcpOptions(m, p, over: b.tcp)
                flow.bulk = b
            } else if let w = m["window"] {
                throw error(w, "\(p).window", "'window' is for 'traffic: bulk' (segments in flight)")
            }
            out.append(flow)
        }
        return out
    }

    /// The request/response keys of a flow (or a measurement, or a topology source).
    static let requestResponseKeys = ["clients", "think", "request", "response", "server", "timeout", "new-connections", "tls", "dns"] + tcpKeys
    /// The keys of a flow's TCP, for request/response and bulk traffic alike.
    static let tcpKeys = ["congestion-control", "tcp-friendliness"]

    /// A lookup before connecting: `dns: {resolver: 10.0.0.53, ttl: 30s}`; in a flow of the
    /// estate the resolver may be an endpoint (`iks/service/kube-dns`, `vcs/dns`), returned
    /// apart (its address is known once the estate is compiled).
    func dns(_ node: ScenarioTree, _ p: String) throws -> (lookup: DNSLookup, endpoint: FlowEndpoint?) {
        let m = try mapping(node, p, allowed: ["resolver", "ttl"])
        guard let r = m["resolver"] else { throw error(node, p, "give the resolver: an IPv4 address, or an endpoint of the estate (\(FlowEndpoint.forms))") }
        let text = try scalar(r, "\(p).resolver")
        var lookup = DNSLookup(resolver: .zero)
        var endpoint: FlowEndpoint? = nil
        if let address = IPv4Address(text) {
            lookup.resolver = address
        } else if let e = FlowEndpoint(text) {
            endpoint = e
        } else {
            throw error(r, "\(p).resolver", "'\(text)' is neither an IPv4 address nor an endpoint (\(FlowEndpoint.forms))")
        }
        if let v = m["ttl"] { lookup.ttl = try duration(v, "\(p).ttl") }
        return (lookup, endpoint)
    }

    /// TLS on new connections: `tls: 1.3`, or `tls: {version: 1.2, resumption: false,
    /// handshake-cpu: 289us, resumed-cpu: 45us, per-byte: 0.228ns}`.
    func tls(_ node: ScenarioTree, _ p: String, over base: TLSOptions) throws -> TLSOptions {
        var t = base
        func version(_ v: ScenarioTree, _ at: String) throws -> TLSVersion {
            let text = try scalar(v, at)
            guard let version = TLSVersion(rawValue: text) else {
                throw error(v, at, "'\(text)' is not a TLS version; one of: \(TLSVersion.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return version
        }
        if case .scalar = node {
            t.version = try version(node, p)
            return t
        }
        let m = try mapping(node, p, allowed: ["version", "resumption", "handshake-cpu", "resumed-cpu", "per-byte"])
        if let v = m["version"] { t.version = try version(v, "\(p).version") }
        if let v = m["resumption"] { t.resumption = try bool(v, "\(p).resumption") }
        if let v = m["handshake-cpu"] { t.fullHandshakeCPU = try duration(v, "\(p).handshake-cpu") }
        if let v = m["resumed-cpu"] { t.resumedHandshakeCPU = try duration(v, "\(p).resumed-cpu") }
        if let v = m["per-byte"] { t.cpuPerByte = try duration(v, "\(p).per-byte").seconds }
        return t
    }

    /// `base` with the TCP keys of `m` (at `p`) applied.
    func tcpOptions(_ m: [String: ScenarioTree], _ p: String, over base: TCPOptions) throws -> TCPOptions {
        var o = base
        if let v = m["congestion-control"] {
            let text = try scalar(v, "\(p).congestion-control")
            guard let c = CongestionControl(rawValue: text) else {
                let all = CongestionControl.allCases.map(\.rawValue)
                throw error(v, "\(p).congestion-control", "'\(text)' is not a congestion control; one of: \(all.joined(separator: ", ")) (Linux's default: cubic)")
            }
            o.congestionControl = c
        }
        if let v = m["tcp-friendliness"] { o.cubicRenoFriendly = try bool(v, "\(p).tcp-friendliness") }
        return o
    }

    /// `base` with the request/response keys of `m` (at `p`) applied.
    func requestResponse(_ m: [String: ScenarioTree], _ p: String, over base: RequestResponse) throws -> RequestResponse {
        var t = base
        if let v = m["new-connections"] { t.newConnectionEachRequest = try bool(v, "\(p).new-connections") }
        if let v = m["clients"] {
            // Each client's connection needs its own source port (Linux's ephemeral range).
            t.clients = try int(v, "\(p).clients", 1...RequestResponse.ephemeralPorts.count)
        }
        if let v = m["think"] { t.thinkTime = try distribution(v, "\(p).think", unit: .time) }
        if let v = m["request"] { t.requestBytes = try distribution(v, "\(p).request", unit: .bytes(.request)) }
        if let v = m["response"] { t.responseBytes = try distribution(v, "\(p).response", unit: .bytes(.response)) }
        if let v = m["server"] { t.serverTime = try distribution(v, "\(p).server", unit: .time) }
        if let v = m["timeout"] { t.timeout = try duration(v, "\(p).timeout", positive: true) }
        t.tcp = try tcpOptions(m, p, over: t.tcp)
        if let v = m["tls"] { t.tls = try tls(v, "\(p).tls", over: t.tls) }
        if let v = m["dns"] { t.dns = try dns(v, "\(p).dns").lookup }
        return t
    }

    func unknownFlow(_ name: String, _ node: ScenarioTree, _ path: String) -> ScenarioError {
        let all = DocumentedFlow.allCases.map(\.rawValue)
        let hint = didYouMean(name, all).map { "did you mean '\($0)'?" } ?? "presets: \(all.joined(separator: ", "))"
        return ScenarioError(file: file, line: node.line, path: path,
                             message: "'\(name)' is not a preset flow; \(hint); or give the flow 'from' and 'to' endpoints")
    }

    func endpoint(_ node: ScenarioTree, _ path: String) throws -> FlowEndpoint {
        let s = try scalar(node, path)
        guard let e = FlowEndpoint(s) else { throw error(node, path, "'\(s)' is not an endpoint; one of: \(FlowEndpoint.forms)") }
        return e
    }

    func precision(_ node: ScenarioTree, _ path: String) throws -> Scenario.Precision {
        let m = try mapping(node, path, allowed: ["metric", "flow", "relative-half-width", "max-replications"])
        let metrics = FlowRow.summaryMetricNames.map(\.0)
        guard let metricNode = m["metric"] else { throw error(node, path, "missing 'metric' (one of: \(metrics.joined(separator: ", ")))") }
        let metric = try scalar(metricNode, "\(path).metric")
        guard metrics.contains(metric) else {
            let hint = didYouMean(metric, metrics).map { "did you mean '\($0)'?" } ?? "one of: \(metrics.joined(separator: ", "))"
            throw error(metricNode, "\(path).metric", "unknown metric '\(metric)'; \(hint)")
        }
        let flow = try m["flow"].map { try scalar($0, "\(path).flow") }
        guard let hwNode = m["relative-half-width"] else { throw error(node, path, "missing 'relative-half-width' (e.g. 2%)") }
        let hw = try fraction(hwNode, "\(path).relative-half-width")
        guard hw > 0 && hw < 1 else { throw error(hwNode, "\(path).relative-half-width", "must be between 0% and 100%") }
        let cap = try m["max-replications"].map { try int($0, "\(path).max-replications", 2...10_000) } ?? 50
        return Scenario.Precision(metric: metric, flow: flow, relativeHalfWidth: hw, maxReplications: cap)
    }

    func failures(_ node: ScenarioTree, _ path: String) throws -> [FailureEvent] {
        guard case .sequence(let items, _) = node else { throw error(node, path, "expected a list of failures") }
        let events = FailureKind.allCases.map(\.rawValue)
        return try items.enumerated().map { i, item in
            let p = "\(path)[\(i)]"
            guard case .mapping(let pairs, _) = item else { throw error(item, p, "expected a mapping with event and at") }
            guard let ev = pairs.first(where: { $0.0 == "event" })?.1 else {
                throw error(item, p, "missing 'event' (\(events.joined(separator: ", ")))")
            }
            let name = try scalar(ev, "\(p).event")
            guard let event = FailureKind(rawValue: name) else {
                let hint = didYouMean(name, events).map { "did you mean '\($0)'?" } ?? "one of: \(events.joined(separator: ", "))"
                throw error(ev, "\(p).event", "unknown event '\(name)'; \(hint)")
            }
            let m = try mapping(item, p, allowed: ["event", "at", "for"] + event.keys)
            guard let atNode = m["at"] else { throw error(item, p, "missing 'at' (when it starts, e.g. 5s)") }
            let at = try duration(atNode, "\(p).at")
            let length = try m["for"].map { try duration($0, "\(p).for", positive: true) }
            let removal = try m["endpoint-removal"].map { try duration($0, "\(p).endpoint-removal", positive: true) }
            // Summed as numbers first, so that no SimTime sum can overflow.
            let end = at.seconds + (length?.seconds ?? 0) + (removal?.seconds ?? 0) + 3600
            guard end <= ModelLimits.longestRunSeconds else {
                throw error(m["for"] ?? atNode, m["for"] == nil ? "\(p).at" : "\(p).for",
                            "the failure ends at \(at.seconds + (length?.seconds ?? 0)) s, beyond the longest run the model "
                                + "represents (\(ModelLimits.longestRun) less an hour); start it earlier or shorten it")
            }
            let cluster = try m["cluster"].map { try scalar($0, "\(p).cluster") }
            switch event {
            case .strongSwanRestart: return .strongSwanRestart(at: at, downtime: length ?? .seconds(20), cluster: cluster)
            case .esgFailover:
                let instance = try m["instance"].map { try scalar($0, "\(p).instance") }
                if let length { return .esgFailover(at: at, declareDead: length, takeover: .zero, instance: instance) }
                return .esgFailover(at: at, instance: instance)
            case .hostFailure:
                guard let h = m["host"] else { throw error(item, p, "missing 'host' (the ESXi host number, 1-based)") }
                return .hostFailure(host: try int(h, "\(p).host", 1...256), at: at, downtime: length,
                                    instance: try m["instance"].map { try scalar($0, "\(p).instance") })
            case .workerLoss:
                let w = try m["worker"].map { try int($0, "\(p).worker", 1...255) } ?? 3
                return .workerLoss(worker: w, at: at, downtime: length ?? .seconds(330), endpointRemoval: removal ?? .seconds(40), cluster: cluster)
            case .linkDown:
                guard let l = m["link"], case .sequence(let ends, _) = l, ends.count == 2 else {
                    throw error(item, "\(p).link", "give the link as two device names, e.g. [onprem-router, wan]")
                }
                return .linkDown(try scalar(ends[0], "\(p).link[0]"), try scalar(ends[1], "\(p).link[1]"), at: at, duration: length ?? .seconds(10))
            case .deviceDown:
                guard let d = m["device"] else { throw error(item, p, "missing 'device' (a device name; hybridsim show lists them)") }
                return .deviceDown(try scalar(d, "\(p).device"), at: at, duration: length ?? .seconds(10))
            }
        }
    }
}
