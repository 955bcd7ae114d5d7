import SimKernel

/// Connection tracking with NAT (Linux conntrack / NSX ESG stateful NAT): the first packet of
/// a connection is matched against the rules and creates an entry; later packets of both
/// directions reuse it. An entry expires after the timeout of its protocol and TCP state
/// (`timeouts`) without traffic; a new connection beyond `capacity` is refused (`natTableFull`).
public struct ConnectionTable: Sendable {
    /// One direction of a connection: the tuple the packet leaves with, the connection whose
    /// state both directions share, and whether this is the reply direction.
    public struct Entry: Sendable {
        public var translated: FiveTuple
        @usableFromInline var connection: Int32
        @usableFromInline var isReply: Bool
    }

    public let capacity: Int
    public let timeouts: ConnectionTimeouts
    public var snat: [SNATRule]
    public var dnat: [DNATRule]
    @usableFromInline var entries: [FiveTuple: Entry] = [:]
    /// When each connection expires, its state and the FINs it has seen, by connection id.
    @usableFromInline var expires: [SimTime] = []
    @usableFromInline var states: [TrackedState] = []
    @usableFromInline var fins: [UInt8] = []
    /// Connection ids free for reuse.
    @usableFromInline var freeConnections: [Int32] = []
    @usableFromInline var nextPort: UInt16 = 1024
    /// Connections created since the start.
    public private(set) var created = 0
    /// New connections sent to each backend of a multi-backend DNAT rule, by backend address.
    public private(set) var backendConnections: [IPv4Address: Int] = [:]
    /// Backends that are not ready (endpoints removed from their Service): new connections
    /// skip them; established ones keep their translation.
    public private(set) var notReady: Set<IPv4Address> = []
    /// State of the backend choice (SplitMix64), seeded per run by `seedSelection`.
    @usableFromInline var selectionState: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline var roundRobinNext: [Int] = []

    public init(capacity: Int, timeouts: ConnectionTimeouts, snat: [SNATRule] = [], dnat: [DNATRule] = []) {
        precondition(capacity > 0, "connection table capacity must be positive")
        self.capacity = capacity
        self.timeouts = timeouts
        self.snat = snat
        self.dnat = dnat
    }

    /// A table whose entries all expire `idleTimeout` after their last packet.
    public init(capacity: Int, idleTimeout: SimTime, snat: [SNATRule] = [], dnat: [DNATRule] = []) {
        self.init(capacity: capacity, timeouts: .uniform(idleTimeout), snat: snat, dnat: dnat)
    }

    /// Connections held, expired ones not yet swept included (each has two entries).
    public var connectionCount: Int { entries.count / 2 }

    /// Connections not expired at `now`: the table's occupancy.
    /// - Complexity: O(connections held).
    public func liveConnections(at now: SimTime) -> Int {
        var live = 0
        for e in entries.values where !e.isReply && expires[Int(e.connection)] >= now { live += 1 }
        return live
    }

    public enum Outcome: Sendable, Equatable {
        /// A known connection; translate to this tuple.
        case established(FiveTuple)
        /// A new connection was created; translate to this tuple.
        case created(FiveTuple)
        /// A new connection did not fit.
        case full
        /// A new connection to a Service with no ready backend (kube-proxy REJECTs it).
        case noBackend
        /// A new connection to be source-NATed found no free port towards its destination.
        case portsExhausted
    }

    /// Looks up or creates the connection of `tuple` at time `now`. DNAT is decided before
    /// SNAT, and SNAT rules see the destination after DNAT.
    public mutating func track(_ tuple: FiveTuple, now: SimTime, flags: TCPFlags = []) -> Outcome {
        if let out = established(tuple, now: now, flags: flags) { return .established(out) }
        return create(tuple, now: now, flags: flags)
    }

    /// The translation of a live connection (moving its state with `flags` and refreshing
    /// it), or nil. An expired entry is removed.
    /// - Complexity: one hash lookup.
    public mutating func established(_ tuple: FiveTuple, now: SimTime, flags: TCPFlags = []) -> FiveTuple? {
        guard let e = entries[tuple] else { return nil }
        let c = Int(e.connection)
        if now <= expires[c] {
            let state = states[c].next(flags, reply: e.isReply, finsSeen: &fins[c])
            states[c] = state
            expires[c] = now + state.timeout(timeouts)   // keeps both directions alive
            return e.translated
        }
        removeConnection(tuple, e)
        return nil
    }

    /// True when a DNAT rule matches `tuple`.
    public func hasDNAT(for tuple: FiveTuple) -> Bool { dnat.contains { $0.matches(tuple) } }

    /// Creates the connection of `tuple` (DNAT, then SNAT), or refuses it when full.
    public mutating func create(_ tuple: FiveTuple, now: SimTime, flags: TCPFlags = []) -> Outcome {
        if entries.count / 2 >= capacity {
            sweep(now: now)
            if entries.count / 2 >= capacity { return .full }
        }
        var out = tuple
        var masqueraded = false
        if let r = dnat.firstIndex(where: { $0.matches(tuple) }) {
            let rule = dnat[r]
            if let target = rule.mapTo {
                out.destination = mapped(out.destination, into: target)
            } else {
                if rule.backends.count == 1 {
                    out.destination = rule.translateTo
                } else {
                    guard let backend = chooseBackend(rule: r) else { return .noBackend }
                    out.destination = backend
                    backendConnections[backend, default: 0] += 1
                }
                if let p = rule.translatePort { out.destinationPort = p }
                if let m = rule.masquerade, !rule.localBackends.contains(out.destination) {
                    out.source = m
                    if tuple.proto == .tcp || tuple.proto == .udp {
                        guard let port = allocatePort(for: out, now: now) else { return .portsExhausted }
                        out.sourcePort = port
                    }
                    masqueraded = true
                }
            }
        }
        if !masqueraded, let rule = snat.first(where: { $0.source.contains(out.source) && $0.destination.contains(out.destination) }),
           !rule.exempt {
            out.source = rule.netmap.map { mapped(out.source, into: $0) } ?? rule.translateTo
            if rule.rewritePorts && (tuple.proto == .tcp || tuple.proto == .udp) {
                guard let port = allocatePort(for: out, now: now) else { return .portsExhausted }
                out.sourcePort = port
            }
        }
        let state = TrackedState.first(tuple, flags)
        let id: Int32
        if let free = freeConnections.popLast() {
            id = free
            (expires[Int(id)], states[Int(id)], fins[Int(id)]) = (now + state.timeout(timeouts), state, flags.contains(.fin) ? 1 : 0)
        } else {
            id = Int32(expires.count)
            expires.append(now + state.timeout(timeouts))
            states.append(state)
            fins.append(flags.contains(.fin) ? 1 : 0)
        }
        entries[tuple] = Entry(translated: out, connection: id, isReply: false)
        // Reply packets arrive as out.reversed and must leave as tuple.reversed.
        entries[out.reversed] = Entry(translated: tuple.reversed, connection: id, isReply: true)
        created += 1
        return .created(out)
    }

    /// Starts the backend choice of a run from `seed` (one stream per device and replication,
    /// so runs are reproducible and options share their draws).
    public mutating func seedSelection(_ seed: UInt64) {
        selectionState = seed
        roundRobinNext = Array(repeating: 0, count: dnat.count)
    }

    /// Marks `backend` ready or not ready (its endpoint added to or removed from Services).
    public mutating func setReady(_ backend: IPv4Address, _ ready: Bool) {
        if ready { notReady.remove(backend) } else { notReady.insert(backend) }
    }

    /// Adds `new` as a backend, not ready, to every rule that translates to `old` (a pod
    /// rescheduled with a new address: its endpoint joins the Services when it is ready).
    public mutating func addBackend(_ new: IPv4Address, besides old: IPv4Address) {
        for r in dnat.indices where dnat[r].mapTo == nil && dnat[r].backends.contains(old) && !dnat[r].backends.contains(new) {
            dnat[r].backends.append(new)
        }
        notReady.insert(new)
    }

    /// True when some rule translates to `backend` (alone or among others).
    public func serves(_ backend: IPv4Address) -> Bool {
        dnat.contains { $0.mapTo == nil && $0.backends.contains(backend) }
    }

    /// True when some rule balances over `backend`.
    public func balances(to backend: IPv4Address) -> Bool {
        dnat.contains { $0.backends.count > 1 && $0.backends.contains(backend) }
    }

    /// A ready backend of rule `r`, or nil when none is ready.
    /// - Complexity: O(backends) when some are not ready, O(1) otherwise.
    mutating func chooseBackend(rule r: Int) -> IPv4Address? {
        let backends = dnat[r].backends
        let ready = notReady.isEmpty ? backends.count : backends.reduce(0) { $0 + (notReady.contains($1) ? 0 : 1) }
        if ready == 0 { return nil }
        var k: Int
        switch dnat[r].selection {
        case .random:
            selectionState &+= 0x9E37_79B9_7F4A_7C15
            var z = selectionState
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            k = Int((z >> 11) % UInt64(ready))
        case .roundRobin:
            if roundRobinNext.count < dnat.count { roundRobinNext = Array(repeating: 0, count: dnat.count) }
            k = roundRobinNext[r] % ready
            roundRobinNext[r] = (k + 1) % ready
        }
        if notReady.isEmpty { return backends[k] }
        for b in backends where !notReady.contains(b) {
            if k == 0 { return b }
            k -= 1
        }
        return nil
    }

    /// Translated source ports: netfilter's NAT range for ports above 1023 (1024–65535).
    public static let translatedPorts: ClosedRange<UInt16> = 1024...65_535

    /// A source port for `t` (already translated to its new source address) that no live
    /// connection from that address to the same destination address and port uses: netfilter
    /// keeps the tuple unique per destination, so the same port serves other destinations. An
    /// expired entry holding the port is removed. Nil when every port is taken.
    /// - Complexity: O(ports tried); all 64,512 when the range is exhausted.
    mutating func allocatePort(for t: FiveTuple, now: SimTime) -> UInt16? {
        let range = ConnectionTable.translatedPorts
        for _ in 0..<range.count {
            let p = nextPort
            nextPort = nextPort == range.upperBound ? range.lowerBound : nextPort + 1
            var candidate = t
            candidate.sourcePort = p
            guard let e = entries[candidate.reversed] else { return p }
            if now > expires[Int(e.connection)] {
                removeConnection(candidate.reversed, e)
                return p
            }
        }
        return nil
    }

    mutating func removeConnection(_ key: FiveTuple, _ e: Entry) {
        entries[key] = nil
        entries[e.translated.reversed] = nil
        freeConnections.append(e.connection)
    }

    /// Removes every expired connection.
    public mutating func sweep(now: SimTime) {
        let stale = entries.filter { now > expires[Int($0.value.connection)] }
        for (k, _) in stale { entries[k] = nil }
        freeConnections += Set(stale.values.map(\.connection)).sorted()
    }
}
