import SimKernel

/// Open-loop sources (Poisson, CBR, on/off, trace) and closed-loop request/response clients.
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
            bulkStart(flow: f, &s)
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

    // MARK: Request/response

    /// Payload bytes per packet of a message: the path MSS learned so far (starting from the
    /// flow's own MSS), at most what fits a 1,500-byte packet.
    func segmentPayload(_ f: Int) -> Int {
        let spec = flows[f].spec
        return max(1, min(1500 - spec.headerBytes, flows[f].pathMSS))
    }

    /// Splits `bytes` into packet payloads.
    func segments(_ bytes: Int, of f: Int) -> (count: Int, each: Int, last: Int) {
        let each = segmentPayload(f)
        let total = max(0, bytes)
        if total == 0 { return (1, 0, 0) }
        let count = (total + each - 1) / each
        return (count, each, total - (count - 1) * each)
    }

    mutating func startTransaction(flow f: Int, client c: Int, _ rr: RequestResponse, _ s: inout EventScheduler) {
        flows[f].transaction[c] &+= 1
        flows[f].startedAt[c] = s.now
        flows[f].responseReceived[c] = 0
        flows[f].responseExpected[c] = 0
        let bytes = sampledBytes(rr.requestBytes.sample(flows[f].sizes!), .request, flow: f, &s)
        let (count, each, last) = segments(bytes, of: f)
        flows[f].requestExpected[c] = count
        flows[f].requestReceived[c] = 0
        flows[f].deadline[c] = s.now + rr.timeout
        if !flows[f].timeoutPending[c] {
            flows[f].timeoutPending[c] = true
            s.schedule(at: flows[f].deadline[c], kind: Kind.clientTimeout.rawValue, target: UInt32(f), item: UInt32(c))
        }
        let spec = flows[f].spec
        let tx = flows[f].transaction[c]
        // One ephemeral port per client, or per transaction (cycling through the range) without
        // keep-alive. A client that timed out reconnects: its keep-alive connection moves to a new port.
        let ports = RequestResponse.ephemeralPorts
        let connection = rr.newConnectionEachRequest ? (c + Int(tx) * rr.clients) % ports.count
                                                      : (c + flows[f].reconnects[c] * rr.clients) % ports.count
        for i in 0..<count {
            emit(flow: f, from: spec.sourceDevice, source: spec.sourceAddress, destination: spec.destinationAddress,
                 sourcePort: UInt16(ports.lowerBound + connection), destinationPort: spec.destinationPort,
                 payload: i == count - 1 ? last : each, role: .request, sequence: tx, context: UInt32(c), &s)
        }
    }

    mutating func requestArrived(flow f: Int, packet: Packet, at d: Int, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard case .requestResponse(let rr) = flows[f].spec.pattern, packet.sequence == flows[f].transaction[c] else { return }
        flows[f].requestReceived[c] += 1
        guard flows[f].requestReceived[c] == flows[f].requestExpected[c] else { return }
        flows[f].responder[c] = (d, packet)
        let work = SimTime.sampled(seconds: rr.serverTime.sample(flows[f].server!))
        s.schedule(after: work, kind: Kind.serverDone.rawValue, target: UInt32(f), item: UInt32(c))
    }

    mutating func serverDone(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern, let (d, request) = flows[f].responder[c] else { return }
        guard request.sequence == flows[f].transaction[c] else { return }
        let bytes = sampledBytes(rr.responseBytes.sample(flows[f].sizes!), .response, flow: f, &s)
        let (count, each, last) = segments(bytes, of: f)
        flows[f].responseExpected[c] = count
        for i in 0..<count {
            reply(flow: f, to: request, from: d, payload: i == count - 1 ? last : each, role: .response,
                  sequence: request.sequence, context: UInt32(c), &s)
        }
    }

    mutating func responseArrived(flow f: Int, packet: Packet, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard case .requestResponse(let rr) = flows[f].spec.pattern, packet.sequence == flows[f].transaction[c] else { return }
        flows[f].responseReceived[c] += 1
        guard flows[f].responseReceived[c] == flows[f].responseExpected[c] else { return }
        if flows[f].startedAt[c] >= measureFrom {
            flows[f].stats.transactions.record(s.now - flows[f].startedAt[c])
        }
        flows[f].stats.recordTransactionForWarmUp(s.now - flows[f].startedAt[c], at: s.now)
        flows[f].stats.countInTimeline(s.now, transaction: true)
        flows[f].deadline[c] = .max   // the pending timeout event finds nothing in flight
        flows[f].transaction[c] &+= 1  // late duplicates of this transaction are ignored
        let z = SimTime.sampled(seconds: rr.thinkTime.sample(flows[f].think!))
        s.schedule(after: z, kind: Kind.sourceTick.rawValue, target: UInt32(f), item: UInt32(c))
    }

    mutating func clientTimeout(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        flows[f].timeoutPending[c] = false
        let due = flows[f].deadline[c]
        if due == .max { return }          // the transaction completed; the client is thinking
        if due > s.now {                   // a later transaction is in flight: wait for its deadline
            flows[f].timeoutPending[c] = true
            s.schedule(at: due, kind: Kind.clientTimeout.rawValue, target: UInt32(f), item: UInt32(c))
            return
        }
        flows[f].deadline[c] = .max
        if flows[f].startedAt[c] >= measureFrom { flows[f].stats.failedTransactions &+= 1 }
        flows[f].transaction[c] &+= 1
        flows[f].reconnects[c] &+= 1
        let z = SimTime.sampled(seconds: rr.thinkTime.sample(flows[f].think!))
        s.schedule(after: z, kind: Kind.sourceTick.rawValue, target: UInt32(f), item: UInt32(c))
    }
}
