import SimKernel

/// Request/response transactions and bulk transfers. Over TCP a transaction is a request
/// message on the client's connection (opened first when the client has none or opens one per
/// transaction, closed by a FIN exchange after the response then) and a response message
/// back; a lost segment is retransmitted, and a transaction fails only when the client gives
/// up at its timeout (then it resets the connection and opens a new one). Over UDP request and
/// response are datagrams, and a lost one loses the transaction.
extension Network {
    /// The source port of client `c`'s `k`-th connection: Linux's ephemeral range, cycled.
    func ephemeralPort(client c: Int, connection k: Int, clients: Int) -> UInt16 {
        let ports = RequestResponse.ephemeralPorts
        return UInt16(ports.lowerBound + (c + k * clients) % ports.count)
    }

    mutating func startTransaction(flow f: Int, client c: Int, _ rr: RequestResponse, _ s: inout EventScheduler) {
        flows[f].transaction[c] &+= 1
        flows[f].startedAt[c] = s.now
        flows[f].deadline[c] = s.now + rr.timeout
        if !flows[f].timeoutPending[c] {
            flows[f].timeoutPending[c] = true
            s.schedule(at: flows[f].deadline[c], kind: Kind.clientTimeout.rawValue, target: UInt32(f), item: UInt32(c))
        }
        let bytes = sampledBytes(rr.requestBytes.sample(flows[f].sizes!), .request, flow: f, &s)
        flows[f].requestSize[c] = bytes
        if let dns = rr.dns, s.now >= flows[f].lookupValidUntil[c] {
            // Look the name up first; the request waits for the answer.
            flows[f].lookupPending[c] = true
            if s.now >= measureFrom { flows[f].stats.lookups &+= 1 }
            let e = flows[f].endpoints
            let port = ephemeralPort(client: c, connection: Int(flows[f].transaction[c]), clients: rr.clients)
            emit(flow: f, from: e.device, source: e.source, destination: dns.resolver, sourcePort: port,
                 destinationPort: DNSLookup.port, payload: dns.queryBytes, role: .lookup, sequence: flows[f].transaction[c],
                 context: UInt32(c), &s)
            return
        }
        sendRequest(flow: f, client: c, rr, &s)
    }

    /// The resolver answers a query at once (its device's processing is its cost).
    mutating func lookupArrived(flow f: Int, packet: Packet, at d: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern, let dns = rr.dns else { return }
        reply(flow: f, to: packet, from: d, payload: dns.answerBytes, role: .lookupAnswer, sequence: packet.sequence,
              context: packet.context, &s)
    }

    /// The answer reached the client: it is cached, and the transaction that waited goes on.
    mutating func lookupAnswered(flow f: Int, packet: Packet, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard case .requestResponse(let rr) = flows[f].spec.pattern, let dns = rr.dns, flows[f].lookupPending[c],
              packet.sequence == flows[f].transaction[c] else { return }
        flows[f].lookupPending[c] = false
        flows[f].lookupValidUntil[c] = s.now + dns.ttl
        sendRequest(flow: f, client: c, rr, &s)
    }

    /// The client sends its request: on its connection, opening one first when it has none (or
    /// opens one per transaction); over UDP, as datagrams.
    mutating func sendRequest(flow f: Int, client c: Int, _ rr: RequestResponse, _ s: inout EventScheduler) {
        let bytes = flows[f].requestSize[c]
        guard flows[f].usesTCP else { return sendDatagrams(flow: f, client: c, bytes: bytes, &s) }
        if flows[f].connections[c].phase == .established && !rr.newConnectionEachRequest {
            return tcpWrite(f, c, .up, bytes: bytes, &s)
        }
        flows[f].pendingRequest[c] = bytes
        let port: UInt16
        if flows[f].clientPorts != nil {
            // Every earlier connection of the client was closed or reset, which released its port.
            assert(!flows[f].connections[c].holdsPort, "client \(c) of flow \(f) opens a connection while holding a port")
            guard let free = flows[f].clientPorts?.take(at: s.now) else { return connectFailed(flow: f, client: c, rr, &s) }
            port = free
            flows[f].connections[c].holdsPort = true
        } else {
            let k = flows[f].connectionsOpened[c]
            flows[f].connectionsOpened[c] = k + 1
            port = ephemeralPort(client: c, connection: k, clients: rr.clients)
        }
        tcpOpen(f, c, port: port, &s)
    }

    /// The connection of client `c` ended (`activeClose`: the client closed it first and holds
    /// its port for TIME_WAIT; otherwise it was reset): its port goes back to the host's.
    mutating func releaseClientPort(_ f: Int, _ c: Int, activeClose: Bool, _ s: inout EventScheduler) {
        guard flows[f].connections[c].holdsPort else { return }
        flows[f].connections[c].holdsPort = false
        flows[f].clientPorts?.release(flows[f].connections[c].sourcePort, at: s.now, activeClose: activeClose)
    }

    /// connect() found every ephemeral port in use (EADDRNOTAVAIL): no SYN leaves, the client
    /// counts one created and dropped (`portsExhausted`, at its host), its transaction fails
    /// at once, and it tries again after its think time.
    mutating func connectFailed(flow f: Int, client c: Int, _ rr: RequestResponse, _ s: inout EventScheduler) {
        let d = flows[f].endpoints.device
        devices[d].drops[.portsExhausted] &+= 1
        if s.now >= measureFrom {
            flows[f].stats.sent &+= 1
            flows[f].stats.drops[.portsExhausted] &+= 1
        }
        flows[f].pendingRequest[c] = -1
        failTransaction(flow: f, client: c)
        thinkThenStart(flow: f, client: c, rr, &s)
    }

    /// The handshake of connection `c` completed: a client starts TLS or sends its waiting
    /// request, a bulk transfer its data.
    mutating func connectionEstablished(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        switch flows[f].spec.pattern {
        case .bulk(let b): tcpWrite(f, c, .up, bytes: b.totalBytes ?? -1, &s)
        case .requestResponse:
            let tls = flows[f].tls
            if tls.version == .none { return sendPendingRequest(flow: f, client: c, after: 0, &s) }
            let resumed = tls.resumption && flows[f].hasSession[c]
            flows[f].connections[c].tlsResumed = resumed
            if s.now >= measureFrom {
                if resumed { flows[f].stats.tlsResumedHandshakes &+= 1 } else { flows[f].stats.tlsFullHandshakes &+= 1 }
            }
            flows[f].connections[c].tls = .clientHello
            tcpWrite(f, c, .up, bytes: TLSOptions.clientHello, &s)
        default: break
        }
    }

    /// The client sends its request, behind `prefix` bytes of handshake it sends with it.
    mutating func sendPendingRequest(flow f: Int, client c: Int, after prefix: Int, _ s: inout EventScheduler) {
        let bytes = flows[f].pendingRequest[c]
        flows[f].pendingRequest[c] = -1
        if bytes >= 0 { tcpWrite(f, c, .up, bytes: prefix + bytes, &s) }
    }

    /// A whole message reached the application at the other end. At the server: a handshake
    /// flight or a request starts its work. At the client: the server's handshake flight is
    /// answered; a response ends the transaction.
    mutating func messageDelivered(flow f: Int, client c: Int, _ direction: TCPDirection, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        let tls = flows[f].tls
        let resumed = flows[f].connections[c].tlsResumed
        if direction == .up {
            flows[f].serving[c] = (flows[f].connections[c].incarnation, flows[f].transaction[c])
            var work: SimTime
            switch flows[f].connections[c].tls {
            case .clientHello:
                work = !resumed ? tls.fullHandshakeCPU : tls.version == .tls13 ? tls.resumedHandshakeCPU : .zero
            case .clientKeyExchange:
                work = .zero   // the key exchange was counted with the server's flight
            case .done, .serverFlight, .serverFinished:
                let response = sampledBytes(rr.responseBytes.sample(flows[f].sizes!), .response, flow: f, &s)
                flows[f].responseSize[c] = response
                work = SimTime.sampled(seconds: rr.serverTime.sample(flows[f].server!))
                if tls.version != .none {
                    work = work + .sampled(seconds: Double(flows[f].requestSize[c] + response) * tls.cpuPerByte)
                }
            }
            s.schedule(after: work, kind: Kind.serverDone.rawValue, target: UInt32(f), item: UInt32(c))
            return
        }
        switch flows[f].connections[c].tls {
        case .serverFlight where tls.version == .tls12 && !resumed:
            flows[f].connections[c].tls = .clientKeyExchange
            tcpWrite(f, c, .up, bytes: TLSOptions.clientKeyExchange, &s)
        case .serverFlight:
            // TLS 1.3, or a resumed TLS 1.2 session: the client's Finished goes with the request.
            flows[f].connections[c].tls = .done
            flows[f].hasSession[c] = true
            sendPendingRequest(flow: f, client: c, after: tls.version == .tls13 ? TLSOptions.clientFinished : TLSOptions.serverFinished, &s)
        case .serverFinished:
            flows[f].connections[c].tls = .done
            flows[f].hasSession[c] = true
            sendPendingRequest(flow: f, client: c, after: 0, &s)
        case .done, .clientHello, .clientKeyExchange:
            transactionCompleted(flow: f, client: c, &s)
        }
    }

    mutating func scheduleServerWork(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        let work = SimTime.sampled(seconds: rr.serverTime.sample(flows[f].server!))
        s.schedule(after: work, kind: Kind.serverDone.rawValue, target: UInt32(f), item: UInt32(c))
    }

    mutating func serverDone(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        if flows[f].usesTCP {
            // Only the transaction still in flight on the same connection is answered.
            guard flows[f].serving[c] == (flows[f].connections[c].incarnation, flows[f].transaction[c]) else { return }
            switch flows[f].connections[c].tls {
            case .clientHello:
                flows[f].connections[c].tls = .serverFlight
                let resumed = flows[f].connections[c].tlsResumed
                return tcpWrite(f, c, .down, bytes: resumed ? TLSOptions.serverResumedFlight : TLSOptions.serverFullFlight, &s)
            case .clientKeyExchange:
                flows[f].connections[c].tls = .serverFinished
                return tcpWrite(f, c, .down, bytes: TLSOptions.serverFinished, &s)
            case .done, .serverFlight, .serverFinished:
                return tcpWrite(f, c, .down, bytes: flows[f].responseSize[c], &s)
            }
        }
        guard let (d, request) = flows[f].responder[c], request.sequence == flows[f].transaction[c] else { return }
        let size = sampledBytes(rr.responseBytes.sample(flows[f].sizes!), .response, flow: f, &s)
        let (count, each, last) = segments(size, of: f)
        flows[f].responseExpected[c] = count
        for i in 0..<count {
            reply(flow: f, to: request, from: d, payload: i == count - 1 ? last : each, role: .response,
                  sequence: request.sequence, context: UInt32(c), &s)
        }
    }

    mutating func transactionCompleted(flow f: Int, client c: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        if flows[f].startedAt[c] >= measureFrom {
            flows[f].stats.transactions.record(s.now - flows[f].startedAt[c])
        }
        flows[f].stats.recordTransactionForWarmUp(s.now - flows[f].startedAt[c], at: s.now)
        flows[f].stats.countInTimeline(s.now, transaction: true)
        flows[f].deadline[c] = .max   // the pending timeout event finds nothing in flight
        flows[f].transaction[c] &+= 1  // late duplicates of this transaction are ignored
        if flows[f].usesTCP && rr.newConnectionEachRequest { tcpClose(f, c, &s) }
        thinkThenStart(flow: f, client: c, rr, &s)
    }

    /// The client thinks, then starts its next transaction.
    mutating func thinkThenStart(flow f: Int, client c: Int, _ rr: RequestResponse, _ s: inout EventScheduler) {
        let z = SimTime.sampled(seconds: rr.thinkTime.sample(flows[f].think!))
        s.schedule(after: z, kind: Kind.sourceTick.rawValue, target: UInt32(f), item: UInt32(c))
    }

    /// Client `c` gives its transaction up: counted failed (when started in the window), and
    /// whatever of it is still on its way is ignored.
    mutating func failTransaction(flow f: Int, client c: Int) {
        flows[f].deadline[c] = .max
        flows[f].lookupPending[c] = false
        if flows[f].startedAt[c] >= measureFrom { flows[f].stats.failedTransactions &+= 1 }
        flows[f].transaction[c] &+= 1
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
        failTransaction(flow: f, client: c)
        // The client gives up on its connection and will open a new one (a new source port).
        if flows[f].usesTCP { tcpAbort(f, c, &s) } else { flows[f].connectionsOpened[c] &+= 1 }
        thinkThenStart(flow: f, client: c, rr, &s)
    }

    /// A bulk transfer of known size has every segment acknowledged.
    mutating func bulkFinished(flow f: Int, _ s: inout EventScheduler) {
        flows[f].connections[0].phase = .closing
    }

    // MARK: Datagrams (request/response over UDP)

    /// Payload bytes per datagram: the path MSS learned so far, at most what fits 1,500 bytes.
    func segments(_ bytes: Int, of f: Int) -> (count: Int, each: Int, last: Int) {
        let each = max(1, min(flows[f].segmentLimit, flows[f].pathMSS))
        let total = max(0, bytes)
        if total == 0 { return (1, 0, 0) }
        let count = (total + each - 1) / each
        return (count, each, total - (count - 1) * each)
    }

    mutating func sendDatagrams(flow f: Int, client c: Int, bytes: Int, _ s: inout EventScheduler) {
        guard case .requestResponse(let rr) = flows[f].spec.pattern else { return }
        flows[f].responseReceived[c] = 0
        flows[f].responseExpected[c] = 0
        let (count, each, last) = segments(bytes, of: f)
        flows[f].requestExpected[c] = count
        flows[f].requestReceived[c] = 0
        let spec = flows[f].spec
        let tx = flows[f].transaction[c]
        // Without keep-alive every transaction is a new "connection" (a new source port).
        let k = rr.newConnectionEachRequest ? Int(tx) : flows[f].connectionsOpened[c]
        let port = ephemeralPort(client: c, connection: k, clients: rr.clients)
        for i in 0..<count {
            emit(flow: f, from: spec.sourceDevice, source: spec.sourceAddress, destination: spec.destinationAddress,
                 sourcePort: port, destinationPort: spec.destinationPort,
                 payload: i == count - 1 ? last : each, role: .request, sequence: tx, context: UInt32(c), &s)
        }
    }

    mutating func requestArrived(flow f: Int, packet: Packet, at d: Int, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard packet.sequence == flows[f].transaction[c] else { return }
        flows[f].requestReceived[c] += 1
        guard flows[f].requestReceived[c] == flows[f].requestExpected[c] else { return }
        flows[f].responder[c] = (d, packet)
        scheduleServerWork(flow: f, client: c, &s)
    }

    mutating func responseArrived(flow f: Int, packet: Packet, _ s: inout EventScheduler) {
        let c = Int(packet.context)
        guard packet.sequence == flows[f].transaction[c] else { return }
        flows[f].responseReceived[c] += 1
        guard flows[f].responseReceived[c] == flows[f].responseExpected[c] else { return }
        transactionCompleted(flow: f, client: c, &s)
    }
}
