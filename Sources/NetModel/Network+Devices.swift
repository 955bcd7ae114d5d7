import SimKernel

extension Network {
    /// A packet reaches device `d` (from a link, or created there by a source).
    mutating func arrive(device d: Int, packet p: UInt32, _ s: inout EventScheduler) {
        if !devices[d].up { return drop(p, .deviceDown, device: d) }
        let cores = devices[d].cores
        if cores == 0 {
            // No processing stage: a pure delay of the processing cost (infinite server).
            let cost = decide(device: d, packet: p, &s)
            devices[d].processed &+= 1
            if cost.picoseconds == 0 {
                return devices[d].hasCeiling ? leave(device: d, packet: p, &s) : perform(device: d, packet: p, &s)
            }
            s.schedule(after: cost, kind: Kind.serviceDone.rawValue, target: UInt32(d), item: p)
            return
        }
        if devices[d].pinsCores {
            // RSS: the packet waits for the core its outer header hashes to, even if others are idle.
            let k = rssCore(p, cores: cores)
            if devices[d].coreBusy[k].value == 0 {
                startService(device: d, packet: p, core: k, &s)
            } else if devices[d].pinned[k].count >= devices[d].spec.queueLimit {
                drop(p, .queueFull, device: d)
            } else {
                devices[d].pinned[k].pushBack(p)
                devices[d].pinnedWaiting &+= 1
                devices[d].queueLength.update(to: Double(devices[d].waiting), at: s.now)
            }
            return
        }
        if devices[d].busy < cores {
            startService(device: d, packet: p, core: devices[d].idleCore, &s)
        } else if devices[d].queue.count >= devices[d].spec.queueLimit {
            drop(p, .queueFull, device: d)
        } else {
            devices[d].queue.pushBack(p)
            devices[d].queueLength.update(to: Double(devices[d].queue.count), at: s.now)
        }
    }

    /// The core an RSS device serves `p` on: a hash of its outermost IPv4 addresses and, when
    /// a TCP or UDP header is inside it, the ports (the fields a NIC's Toeplitz hash reads).
    @inline(__always) func rssCore(_ p: UInt32, cores: Int) -> Int {
        Int(outerTupleHash(p) % UInt64(cores))
    }

    /// A hash of the outermost IPv4 addresses and, when a TCP or UDP header is inside them,
    /// the ports: what RSS reads, and what a VTEP puts in the outer UDP source port of the
    /// VXLAN packet it builds around this one (RFC 7348 §5), so that RSS downstream spreads
    /// the inner connections.
    @inline(__always) func outerTupleHash(_ p: UInt32) -> UInt64 {
        let ip = packets.outermostIndex(p, of: .ipv4)
        guard ip >= 0 else { return 0 }
        let h = packets.header(p, ip)
        var x = UInt64(h.first) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(h.second) &* 0xC2B2_AE3D_27D4_EB4F
        if ip > 0 {
            let t = packets.header(p, ip - 1)
            if t.kind == .tcp || t.kind == .udp { x ^= (UInt64(t.first) << 16 | UInt64(t.second)) &* 0x1656_67B1_9E37_79F9 }
        }
        return x ^ (x >> 29)
    }

    mutating func startService(device d: Int, packet p: UInt32, core k: Int, _ s: inout EventScheduler) {
        devices[d].busy &+= 1
        devices[d].busyCores.update(to: Double(devices[d].busy), at: s.now)
        devices[d].coreBusy[k].update(to: 1, at: s.now)
        packets[p].core = UInt16(k)
        let cost = decide(device: d, packet: p, &s)
        s.schedule(after: cost, kind: Kind.serviceDone.rawValue, target: UInt32(d), item: p)
    }

    mutating func serviceDone(device d: Int, packet p: UInt32, _ s: inout EventScheduler) {
        if devices[d].cores > 0 {
            devices[d].processed &+= 1
            let k = Int(packets[p].core)
            devices[d].coreBusy[k].update(to: 0, at: s.now)
            devices[d].busy &-= 1
            if devices[d].pinsCores {
                if let next = devices[d].pinned[k].popFront() {
                    devices[d].pinnedWaiting &-= 1
                    devices[d].queueLength.update(to: Double(devices[d].waiting), at: s.now)
                    startService(device: d, packet: next, core: k, &s)
                } else {
                    devices[d].busyCores.update(to: Double(devices[d].busy), at: s.now)
                }
            } else if let next = devices[d].queue.popFront() {
                devices[d].queueLength.update(to: Double(devices[d].queue.count), at: s.now)
                startService(device: d, packet: next, core: k, &s)
            } else {
                devices[d].busyCores.update(to: Double(devices[d].busy), at: s.now)
            }
        }
        leave(device: d, packet: p, &s)
    }

    /// A processed packet leaves device `d`, no faster than its rate ceilings allow.
    mutating func leave(device d: Int, packet p: UInt32, _ s: inout EventScheduler) {
        if !devices[d].up { return drop(p, .deviceDown, device: d) }
        if devices[d].hasCeiling {
            let spec = devices[d].spec
            // Two spacers: the device's own ceilings, then (after them) its network's.
            let start = max(s.now, devices[d].gate)
            var spacing = SimTime.zero
            if let pps = spec.packetsPerSecondCeiling { spacing = max(spacing, .seconds(1 / pps)) }
            if let bps = spec.bitsPerSecondCeiling {
                spacing = max(spacing, .seconds(Double(packets.ipBytes(p) * 8) / bps))
            }
            devices[d].gate = start + spacing
            var departure = start
            if !spec.networkCeilings.isEmpty, let (n, inner) = networkOf(p, spec.networkCeilings) {
                departure = max(departure, devices[d].networkGates[n])
                devices[d].networkGates[n] = departure + .seconds(Double(inner * 8) / spec.networkCeilings[n].bitsPerSecond)
            }
            if departure > s.now {
                s.schedule(at: departure, kind: Kind.gateRelease.rawValue, target: UInt32(d), item: p)
                return
            }
        }
        perform(device: d, packet: p, &s)
    }

    /// The `ceilings` entry whose prefix holds the innermost IPv4 source or destination of
    /// `p`, with that inner packet's size.
    func networkOf(_ p: UInt32, _ ceilings: [NetworkCeiling]) -> (Int, Int)? {
        let headers = packets[p].headers
        var i = 0
        while i < headers.count && headers[i].kind != .ipv4 { i &+= 1 }
        guard i < headers.count else { return nil }
        let (src, dst) = (IPv4Address(headers[i].first), IPv4Address(headers[i].second))
        // A plain loop: no closure on the per-packet path.
        var n = 0
        while n < ceilings.count && !(ceilings[n].prefix.contains(src) || ceilings[n].prefix.contains(dst)) { n &+= 1 }
        guard n < ceilings.count else { return nil }
        return (n, headers.bytes(payload: Int(packets[p].payloadBytes), below: i + 1))
    }

    /// Carries out the decision stored in the packet.
    mutating func perform(device d: Int, packet p: UInt32, _ s: inout EventScheduler) {
        let action = packets[p].pendingAction
        if action >= 0 { return transmit(channel: Int(action), packet: p, &s) }
        switch action {
        case Action.deliver: deliver(device: d, packet: p, &s)
        case Action.reassemble: fragmentArrived(p, at: d, &s)
        case Action.consumed: break
        default: drop(p, DropReason(rawValue: Int(-10 - action)).unsafelyUnwrapped, device: d)
        }
    }

    /// Decides what device `d` does with packet `p` (stored in `pendingAction`) and returns
    /// the processing time. The order follows Linux netfilter: firewall, then connection
    /// tracking (a known connection is translated, replies un-NATed; a new one gets DNAT)
    /// before the local-delivery decision; then for a packet addressed to this device,
    /// reassembly, decapsulation or delivery; otherwise SNAT for the new connection,
    /// longest-prefix routing and tunnel encapsulation (with fragmentation before
    /// encapsulation when the inner packet does not fit and DF is clear). Decapsulated inner
    /// packets go round again; packets this device just encapsulated skip firewall and NAT.
    mutating func decide(device d: Int, packet p: UInt32, _ s: inout EventScheduler) -> SimTime {
        let now = s.now
        var cost = devices[d].perPacket
        let perByte = devices[d].perByte
        if perByte != 0 { cost += Int64(perByte * Double(packets.ipBytes(p))) }
        if let stream = devices[d].serviceStream, let dist = devices[d].spec.serviceTime {
            cost += SimTime.sampled(seconds: dist.sample(stream)).picoseconds
        }
        var action = Action.drop(.noRoute)
        var steps = 0
        var encapsulatedHere = false
        let traced = packets[p].traced
        let firstTraceRow = traceLog.count
        loop: while true {
            steps &+= 1
            if steps > 8 { action = Action.drop(.ttlExpired); break }
            let ip = packets.outermostIndex(p, of: .ipv4)
            if ip < 0 { action = Action.drop(.noRoute); break }
            let isFragment = packets.header(p, ip).flags & Header.isFragment != 0
            if devices[d].inspects && !isFragment && !encapsulatedHere, let tuple = FiveTuple(packets[p].headers) {
                // Stateful: a packet of a known connection skips the firewall rules (as NSX's
                // and iptables' ESTABLISHED accept do); the first packet is checked, then tracked.
                // The spec is read field by field: a copy would share, and so copy on write,
                // the connection table.
                let hasTable = devices[d].spec.connections != nil
                let flags = packets[p].tcpFlags
                if hasTable, let out = devices[d].spec.connections!.established(tuple, now: now, flags: flags) {
                    cost += devices[d].spec.establishedConnectionCost.picoseconds
                    if out != tuple { cost += devices[d].natTranslationCost }
                    rewrite(p, to: out, ipIndex: ip)
                    if traced { traceNAT(d, p, from: tuple, to: out) }
                } else {
                    // Traffic through the device (or DNATed by it) meets the rules; traffic to
                    // the device itself (a tunnel it ends: IPsec, VXLAN transit) is allowed, as
                    // the ESG's generated rules do, and its inner packet is checked after decapsulation.
                    let through = owner[tuple.destination.value] != d || (hasTable && devices[d].spec.connections!.hasDNAT(for: tuple))
                    if through && devices[d].spec.firewall != nil {
                        let (verdict, c) = devices[d].spec.firewall!.evaluate(tuple)
                        cost += c.picoseconds
                        if verdict == .deny { action = Action.drop(.firewallDenied); break }
                    }
                    if hasTable && through {
                        cost += devices[d].spec.newConnectionCost.picoseconds
                        let outcome = devices[d].spec.connections!.create(tuple, now: now, flags: flags)
                        guard case .created(let out) = outcome else {
                            action = Action.drop(outcome == .noBackend ? .noEndpoint : outcome == .portsExhausted ? .portsExhausted : .natTableFull)
                            break loop
                        }
                        if out != tuple { cost += devices[d].natTranslationCost }
                        rewrite(p, to: out, ipIndex: ip)
                        if traced { traceNAT(d, p, from: tuple, to: out) }
                    }
                }
            }
            let outer = packets.header(p, ip)
            if devices[d].owns(outer.second) {
                if isFragment {
                    // Reassembled when processing ends: until then the fragment stays alive, so
                    // no pending event can refer to a released (and reused) packet.
                    action = Action.reassemble
                    break
                }
                let (decap, pop) = Decapsulation.classify(packets[p].headers)
                if decap == .none {
                    action = Action.deliver
                    if traced { traceStep(d, p, .deliver) }
                    break
                }
                if decap == .esp || decap == .l2Concentrator {
                    cost += devices[d].cryptoPerPacket + Int64(devices[d].cryptoPerByte * Double(packets.ipBytes(p)))
                } else {
                    cost += devices[d].encapsulationCost
                }
                for _ in 0..<pop { packets[p].headers.pop() }
                if traced { traceStep(d, p, .decapsulate(decap)) }
                encapsulatedHere = false
                continue loop
            }
            if packets[p].ttl <= 1 { action = Action.drop(.ttlExpired); break }
            guard let route = devices[d].spec.routes.cachedLookup(IPv4Address(outer.second)) else {
                action = Action.drop(.noRoute)
                break
            }
            switch route.action {
            case .discard:
                action = Action.drop(.noRoute)
                break loop
            case .forward(let channel):
                packets[p].ttl &-= 1
                let clamp = devices[d].mssClamp
                if packets[p].mssSeen > clamp { packets[p].mssSeen = UInt16(clamping: clamp) }
                action = Int32(channel)
                if traced { traceStep(d, p, .route) }
                break loop
            case .tunnel(let t):
                let tunnel = tunnels[t]
                let inner = packets.ipBytes(p)
                if tunnel.checksInnerDF && tunnel.outerBytes(inner: inner) > tunnel.pathMTU {
                    if outer.dontFragment || isFragment {
                        action = Action.drop(.mtuExceeded)
                        if outer.dontFragment { fragmentationNeeded(p, at: d, innerLimit: tunnel.largestInner, &s) }
                    } else {
                        fragmentBeforeEncapsulation(p, maxBytes: tunnel.largestInner, at: d, &s)
                        action = Action.consumed
                    }
                    break loop
                }
                tunnel.encapsulate(&packets[p].headers, flowHash: UInt32(truncatingIfNeeded: outerTupleHash(p) >> 32))
                devices[d].encapsulations[tunnel.kind.counterIndex] &+= 1
                if tunnel.encrypts {
                    cost += devices[d].cryptoPerPacket + Int64(devices[d].cryptoPerByte * Double(inner))
                } else {
                    cost += devices[d].encapsulationCost
                }
                if traced { traceStep(d, p, .encapsulate(tunnel.kind.decapsulation)) }
                encapsulatedHere = true
                continue loop
            }
        }
        packets[p].pendingAction = action
        if traced {
            // Rows of this decision carry the time the packet leaves the device.
            for i in firstTraceRow..<traceLog.count { traceLog[i].time = now + SimTime(picoseconds: cost) }
        }
        return SimTime(picoseconds: cost)
    }

    /// Path-MTU discovery: device `d` could carry at most `innerLimit` bytes of `p`'s innermost
    /// IP packet; if it sends ICMP "fragmentation needed", the flow lowers its segment size.
    mutating func fragmentationNeeded(_ p: UInt32, at d: Int, innerLimit: Int, _ s: inout EventScheduler) {
        guard devices[d].spec.sendsFragmentationNeeded else { return }
        let f = Int(packets[p].flow)
        let mss = innerLimit - flows[f].headerBytes
        if mss > 0 && mss < flows[f].pathMSS { flows[f].pathMSS = mss }
        if mss > 0 && flows[f].usesTCP { tcpSegmentSizeLowered(f, to: mss, &s) }
    }

    mutating func traceStep(_ d: Int, _ p: UInt32, _ operation: TraceOperation) {
        traceLog.append(TraceStep(device: d, operation: operation, bytes: packets.ipBytes(p), time: currentTime,
                                  destination: outerDestination(p), flow: Int(packets[p].flow)))
    }

    /// The destination of the packet's outermost IPv4 header (0.0.0.0 when it has none).
    func outerDestination(_ p: UInt32) -> IPv4Address {
        let ip = packets.outermostIndex(p, of: .ipv4)
        return ip < 0 ? .zero : IPv4Address(packets.header(p, ip).second)
    }

    mutating func traceNAT(_ d: Int, _ p: UInt32, from before: FiveTuple, to after: FiveTuple) {
        if after.destination != before.destination || after.destinationPort != before.destinationPort {
            traceStep(d, p, .destinationNAT)
        }
        if after.source != before.source || after.sourcePort != before.sourcePort { traceStep(d, p, .sourceNAT) }
    }

    /// Rewrites the outermost IPv4 header (and the TCP/UDP header inside it) to `t`.
    mutating func rewrite(_ p: UInt32, to t: FiveTuple, ipIndex ip: Int) {
        packets[p].headers[ip].first = t.source.value
        packets[p].headers[ip].second = t.destination.value
        if ip > 0 {
            let k = packets[p].headers[ip - 1].kind
            if k == .tcp || k == .udp {
                packets[p].headers[ip - 1].first = UInt32(t.sourcePort)
                packets[p].headers[ip - 1].second = UInt32(t.destinationPort)
            }
        }
    }
}
