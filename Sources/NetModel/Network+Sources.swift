import SimKernel

/// Open-loop sources (Poisson, CBR, on/off, trace); request/response clients and bulk transfers start here too.
extension Network {
    mutating func startFlow(_ f: Int, _ s: inout EventScheduler) {
        let start = flows[f].spec.start
        switch flows[f].spec.pattern {
        case .poisson(let pps, _):
            let gap = SimTime.sampled(seconds: flows[f].arrivals!.exponential(mean: 1 / pps))
            s.schedule(at: start + gap, kind: Kind.sourceTick.rawValue, target: UInt32(f))
        case .constantBitRate:
            s.schedule(at: start, kind: Kind.sourceTick.rawValue, target: UInt32(f))
        case .onOff:
            s.schedule(at: start, kind: Kind.onOffToggle.rawValue, target: UInt32(f))
        case .trace(let t):
            if let first = t.times.first {
                s.schedule(at: start + first, kind: Kind.sourceTick.rawValue, target: UInt32(f))
            }
        case .requestResponse(let rr):
            for c in 0..<rr.clients {
                let z = SimTime.sampled(seconds: rr.thinkTime.sample(flows[f].think!))
                s.schedule(at: start + z, kind: Kind.sourceTick.rawValue, target: UInt32(f), item: UInt32(c))
            }
        case .bulk:
            s.schedule(at: start, kind: Kind.sourceTick.rawValue, target: UInt32(f))
        }
    }

    func stopped(_ f: Int, _ now: SimTime) -> Bool {
        now >= flows[f].stopAt || Int(flows[f].sequence) >= flows[f].packetLimit
    }

    mutating func sourceTick(flow f: Int, item: UInt32, _ s: inout EventScheduler) {
        let now = s.now
        switch flows[f].patternKind {
        case .poisson:
            if stopped(f, now) { return }
            sendOpenLoop(f, ipBytes: sampledPacket(f, &s), &s)
            let gap = SimTime.sampled(seconds: flows[f].arrivalStream.exponential(mean: flows[f].gapSeconds))
            s.schedule(after: gap, kind: Kind.sourceTick.rawValue, target: UInt32(f))
        case .constantBitRate:
            if stopped(f, now) { return }
            sendOpenLoop(f, ipBytes: flows[f].fixedBytes, &s)
            s.schedule(after: .seconds(flows[f].gapSeconds), kind: Kind.sourceTick.rawValue, target: UInt32(f))
        case .onOff:
            if stopped(f, now) || now >= flows[f].onUntil { return }
            sendOpenLoop(f, ipBytes: sampledPacket(f, &s), &s)
            let next = now + SimTime.sampled(seconds: flows[f].arrivalStream.exponential(mean: flows[f].gapSeconds))
            if next < flows[f].onUntil { s.schedule(at: next, kind: Kind.sourceTick.rawValue, target: UInt32(f)) }
        case .trace:
            guard case .trace(let t) = flows[f].spec.pattern, !stopped(f, now) else { return }
            let i = flows[f].traceIndex
            sendOpenLoop(f, ipBytes: Double(t.packetBytes[i]), &s)
            flows[f].traceIndex = i + 1
            if i + 1 < t.times.count {
                s.schedule(at: flows[f].spec.start + t.times[i + 1], kind: Kind.sourceTick.rawValue, target: UInt32(f))
            }
        case .requestResponse:
            guard case .requestResponse(let rr) = flows[f].spec.pattern, !stopped(f, now) else { return }
            startTransaction(flow: f, client: Int(item), rr, &s)
        case .bulk:
            tcpOpen(f, 0, port: flows[f].spec.sourcePort, &s)
        }
    }

    /// One IP packet size drawn for open-loop flow `f`, within `ModelLimits.largestPacketBytes`.
    mutating func sampledPacket(_ f: Int, _ s: inout EventScheduler) -> Double {
        Double(sampledBytes(flows[f].packetBytes.sample(flows[f].sizeStream), .packet, flow: f, &s))
    }

    mutating func sendOpenLoop(_ f: Int, ipBytes: Double, _ s: inout EventScheduler) {
        let seq = flows[f].sequence
        flows[f].sequence &+= 1
        let e = flows[f].endpoints
        emit(flow: f, from: e.device, source: e.source, destination: e.destination,
             sourcePort: e.sourcePort, destinationPort: e.destinationPort,
             payload: flows[f].payload(ipBytes: ipBytes), role: .data, sequence: seq, context: 0, &s)
    }

    mutating func onOffToggle(flow f: Int, _ s: inout EventScheduler) {
        guard case .onOff(let pps, _, let on, let off) = flows[f].spec.pattern, !stopped(f, s.now) else { return }
        // Each toggle starts an on period followed by an off period.
        let onLength = SimTime.sampled(seconds: on.sample(flows[f].periods!))
        let offLength = SimTime.sampled(seconds: off.sample(flows[f].periods!))
        flows[f].onUntil = s.now + onLength
        let first = s.now + SimTime.sampled(seconds: flows[f].arrivals!.exponential(mean: 1 / pps))
        if first < flows[f].onUntil { s.schedule(at: first, kind: Kind.sourceTick.rawValue, target: UInt32(f)) }
        s.schedule(at: flows[f].onUntil + offLength, kind: Kind.onOffToggle.rawValue, target: UInt32(f))
    }
}
