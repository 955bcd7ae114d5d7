import SimKernel

/// A packet network ready to simulate: devices, link channels, tunnels and flows, and the
/// event handler that moves packets through them.
///
/// Build it with `addDevice`, `connect`, `addRoute`, `addTunnel`, `addFlow`,
/// `schedule(_:)` (failures), then call `run(streams:warmup:duration:)`. Every device
/// forwards hop by hop using its own routing table; nothing about a flow's path is fixed in
/// advance. Packets, queues and statistics are all indices and value types: after the pool
/// has grown, the hot path allocates nothing.
public struct Network: EventHandler {
    enum Kind: UInt16 {
        case sourceTick = 0, arrival, serviceDone, linkArrival, gateRelease, serverDone
        case clientTimeout, retransmitTimeout, warmupEnd, failure, onOffToggle, delayedAck
    }

    /// Pending action codes stored in `Packet.pendingAction`.
    enum Action {
        static let deliver: Int32 = -1
        static let consumed: Int32 = -2
        /// A fragment reached its destination: reassemble when processing completes.
        static let reassemble: Int32 = -3
        static func drop(_ r: DropReason) -> Int32 { -10 - Int32(r.rawValue) }
    }

    struct DeviceRuntime {
        var spec: DeviceSpec
        // Hot fields copied out of `spec` so the per-packet path reads trivial values only.
        let cores: Int
        let perPacket: Int64
        let perByte: Double
        let cryptoPerPacket: Int64
        let cryptoPerByte: Double
        let encapsulationCost: Int64
        let inspects: Bool           // has a firewall or a connection table
        let mssClamp: Int
        let address0: UInt32         // first owned address (most devices own one to three)
        var up = true
        var busy = 0
        var queue = RingBuffer<UInt32>(capacity: 64, filler: 0)
        var busyCores = TimeWeightedAverage()
        /// Per core: busy (1) or idle (0), as a time-weighted average. A packet takes the
        /// lowest-numbered idle core.
        var coreBusy: [TimeWeightedAverage]
        var queueLength = TimeWeightedAverage()
        var drops = DropCounts()
        var processed = 0
        /// Encapsulations per tunnel kind (index: `Tunnel.Kind.counterIndex`), whole run.
        var encapsulations: InlineArray<4, Int> = InlineArray(repeating: 0)
        var gate: SimTime = .zero
        let hasCeiling: Bool
        /// RSS: per core, the packets pinned to it that wait (empty unless `pinsCores`).
        let pinsCores: Bool
        var pinned: [RingBuffer<UInt32>]
        var pinnedWaiting = 0
        let natTranslationCost: Int64
        /// Per `spec.networkCeilings` entry: when its next packet may leave.
        var networkGates: [SimTime]
        /// The stream `spec.serviceTime` draws from (set when the run starts).
        var serviceStream: RandomStream? = nil

        init(spec: DeviceSpec) {
            self.spec = spec
            cores = spec.cores
            perPacket = spec.perPacket.picoseconds
            perByte = spec.perByte
            cryptoPerPacket = spec.cryptoPerPacket.picoseconds
            cryptoPerByte = spec.cryptoPerByte
            encapsulationCost = spec.encapsulationCost.picoseconds
            inspects = spec.firewall != nil || spec.connections != nil
            mssClamp = spec.mssClamp ?? Int.max
            address0 = spec.addresses.first?.value ?? 0
            hasCeiling = spec.packetsPerSecondCeiling != nil || spec.bitsPerSecondCeiling != nil || !spec.networkCeilings.isEmpty
            coreBusy = Array(repeating: TimeWeightedAverage(), count: spec.cores)
            pinsCores = spec.receiveSideScaling && spec.cores > 1
            pinned = pinsCores ? Array(repeating: RingBuffer<UInt32>(capacity: 16, filler: 0), count: spec.cores) : []
            natTranslationCost = spec.natTranslationCost.picoseconds
            networkGates = Array(repeating: .zero, count: spec.networkCeilings.count)
        }

        /// Packets waiting for a core: in the shared queue and pinned to cores.
        var waiting: Int { queue.count + pinnedWaiting }

        /// The lowest-numbered idle core.
        var idleCore: Int { coreBusy.firstIndex { $0.value == 0 } ?? 0 }

        /// True when the device owns `address`.
        @inline(__always) func owns(_ address: UInt32) -> Bool {
            if address == address0 && !spec.addresses.isEmpty { return true }
            return spec.addresses.count > 1 && spec.addresses.contains { $0.value == address }
        }
    }

    /// One link direction during a run. Drop-tail FIFO service is computed, not simulated:
    /// a packet handed to the link starts at max(now, `busyUntil`), so its arrival at the far
    /// end is known at once and scheduled as the only event of the hop. `waiting` holds the
    /// start times (and wire bytes) of packets not yet started, which gives the buffer
    /// occupancy for drop-tail decisions and the queue statistics.
    struct ChannelRuntime {
        var name: String
        var spec: LinkSpec
        var from: Int
        var to: Int
        // Hot fields copied out of `spec` (whose optionals make every read a copy).
        let mtu: Int
        let framing: Int
        let propagation: SimTime
        let bufferPackets: Int
        let bufferBytes: Int
        let hasLoss: Bool
        var up = true
        /// When the last scheduled transmission ends.
        var busyUntil = SimTime.zero
        /// Packets not yet started: (start time ps << 0, wire bytes) as two parallel rings.
        var waitingStart = RingBuffer<Int64>(capacity: 64, filler: 0)
        var waitingBytes = RingBuffer<Int32>(capacity: 64, filler: 0)
        var queuedBytes = 0
        /// Transmission time scheduled since the window began (ps), see `utilisation`.
        var busyPicoseconds: Int64 = 0
        var windowStart = SimTime.zero
        var queueLength = TimeWeightedAverage()
        var maxQueue = 0
        var sent = 0
        var bytesSent = 0
        var drops = DropCounts()
        var lossStream: RandomStream? = nil
        /// Times the link went down; a packet handed over at epoch e is lost if
        /// `downTimes[e]` exists and is not after the end of its transmission.
        var downTimes: [SimTime] = []
        // One-entry cache of the serialization time (packets on a link often share a size).
        var lastWireBytes = -1
        var lastSerialization = SimTime.zero

        init(name: String, spec: LinkSpec, from: Int, to: Int) {
            self.name = name
            self.spec = spec
            self.from = from
            self.to = to
            mtu = spec.mtu
            framing = spec.framingBytes
            propagation = spec.propagation
            bufferPackets = spec.bufferPackets ?? Int.max
            bufferBytes = spec.bufferBytes ?? Int.max
            hasLoss = spec.lossProbability > 0
        }

        /// Serialization time of `wire` bytes on this channel.
        @inline(__always) mutating func serialization(_ wire: Int) -> SimTime {
            if wire != lastWireBytes {
                lastWireBytes = wire
                lastSerialization = SimTime.serialization(bytes: wire, bitsPerSecond: spec.bitsPerSecond)
            }
            return lastSerialization
        }

        /// Removes the packets that have started by `now` from the waiting set.
        @inline(__always) mutating func advance(to now: SimTime) {
            while let start = waitingStart.front, start <= now.picoseconds {
                _ = waitingStart.popFront()
                queuedBytes &-= Int(waitingBytes.popFront().unsafelyUnwrapped)
                queueLength.update(to: Double(waitingStart.count), at: SimTime(picoseconds: start))
            }
        }

        /// Fraction of [windowStart, now] spent transmitting.
        func utilisation(at now: SimTime) -> Double {
            let span = (now - windowStart).picoseconds
            if span <= 0 { return 0 }
            let pending = max(0, (busyUntil - now).picoseconds)
            return Double(busyPicoseconds - pending) / Double(span)
        }
    }

    struct Reassembly {
        var expected: Int
        var arrived = 0
        var lost = 0
        var reason: DropReason? = nil
    }

    // What the builder fills (value semantics)...
    var deviceList: [DeviceRuntime] = []
    var channelList: [ChannelRuntime] = []
    var flowList: [FlowRuntime] = []
    // ...and the run-time copies the event handler works on (made by `prepare`).
    var devices = Slab<DeviceRuntime>()
    var channels = Slab<ChannelRuntime>()
    var flows = Slab<FlowRuntime>()
    public private(set) var tunnels: [Tunnel] = []
    var failures: [Failure] = []
    var packets = PacketPool()
    var reassembly: [UInt32: Reassembly] = [:]
    var owner: [UInt32: Int] = [:]
    /// Device index by name (names are unique).
    var deviceNames: [String: Int] = [:]
    var measureFrom: SimTime = .zero
    /// Stop with an error instead of exhausting memory: most packets alive at once.
    public var packetBudget = 5_000_000
    /// True from the first failure event on: drops that a failure causes (device or link
    /// down, no route, no endpoint, a routing loop) then count towards each flow's outage.
    var failuresBegan = false
    /// Steps of traced packets, in order.
    var traceLog: [TraceStep] = []
    /// The time of the event being handled.
    var currentTime: SimTime = .zero
    var budgetExceeded = false
    /// The first draw the model could not carry, which stopped the run.
    var sampleFault: SampleFault? = nil

    public init() {}

    // MARK: Building

    /// A network construction error naming the part and the fix.
    public struct BuildError: Error, Sendable, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var deviceCount: Int { deviceList.count }
    public var channelCount: Int { channelList.count }
    public func deviceSpec(_ i: Int) -> DeviceSpec { deviceList[i].spec }
    public func deviceIndex(named name: String) -> Int? { deviceNames[name] }
    public func channelName(_ i: Int) -> String { channelList[i].name }
    public func channelEnds(_ i: Int) -> (from: Int, to: Int) { (channelList[i].from, channelList[i].to) }
    public func channelSpec(_ i: Int) -> LinkSpec { channelList[i].spec }
    /// The device owning `address`, if any.
    public func device(owning address: IPv4Address) -> Int? { owner[address.value] }
    public func flowSpec(_ i: Int) -> FlowSpec { flowList[i].spec }
    public var flowCount: Int { flowList.count }

    @discardableResult
    public mutating func addDevice(_ spec: DeviceSpec) throws -> Int {
        if let p = spec.problem { throw BuildError(description: "device \(spec.name): \(p)") }
        if deviceIndex(named: spec.name) != nil { throw BuildError(description: "device name \(spec.name) is used twice") }
        for a in spec.addresses {
            if let other = owner[a.value] {
                throw BuildError(description: "address \(a) of \(spec.name) already belongs to \(deviceList[other].spec.name)")
            }
        }
        let index = deviceList.count
        for a in spec.addresses { owner[a.value] = index }
        deviceNames[spec.name] = index
        deviceList.append(DeviceRuntime(spec: spec))
        return index
    }

    /// Adds one direction from `from` to `to`; returns its channel index.
    @discardableResult
    public mutating func addChannel(from: Int, to: Int, _ spec: LinkSpec, name: String? = nil) throws -> Int {
        guard deviceList.indices.contains(from), deviceList.indices.contains(to), from != to else {
            throw BuildError(description: "link \(name ?? "?"): endpoints must be two different existing devices")
        }
        let label = name ?? "\(deviceList[from].spec.name)->\(deviceList[to].spec.name)"
        if let p = spec.problem { throw BuildError(description: "link \(label): \(p)") }
        channelList.append(ChannelRuntime(name: label, spec: spec, from: from, to: to))
        return channelList.count - 1
    }

    /// Adds a full-duplex link (two channelList with the same spec); returns (a→b, b→a).
    @discardableResult
    /// A full-duplex link: `spec` from `a` to `b`, and `reverse` (default: `spec`) back.
    public mutating func connect(_ a: Int, _ b: Int, _ spec: LinkSpec, reverse: LinkSpec? = nil, name: String? = nil) throws -> (Int, Int) {
        let base = name ?? "\(deviceList[a].spec.name)-\(deviceList[b].spec.name)"
        let ab = try addChannel(from: a, to: b, spec, name: base + ">")
        let ba = try addChannel(from: b, to: a, reverse ?? spec, name: base + "<")
        return (ab, ba)
    }

    public mutating func addRoute(device: Int, _ route: Route) throws {
        switch route.action {
        case .forward(let ch):
            guard channelList.indices.contains(ch), channelList[ch].from == device else {
                throw BuildError(description: "route \(route.prefix) on \(deviceList[device].spec.name): channel \(ch) does not leave this device")
            }
        case .tunnel(let t):
            guard tunnels.indices.contains(t) else {
                throw BuildError(description: "route \(route.prefix) on \(deviceList[device].spec.name): no tunnel \(t)")
            }
        case .discard: break
        }
        deviceList[device].spec.routes.add(route)
    }

    @discardableResult
    public mutating func addTunnel(_ tunnel: Tunnel) -> Int {
        tunnels.append(tunnel)
        return tunnels.count - 1
    }

    @discardableResult
    public mutating func addFlow(_ spec: FlowSpec) throws -> Int {
        guard deviceList.indices.contains(spec.sourceDevice) else {
            throw BuildError(description: "flow \(spec.name): source device \(spec.sourceDevice) does not exist")
        }
        if flowList.contains(where: { $0.spec.name == spec.name }) {
            throw BuildError(description: "flow name \(spec.name) is used twice")
        }
        if let p = FlowRuntime.problem(spec) { throw BuildError(description: "flow \(spec.name): \(p)") }
        flowList.append(FlowRuntime(spec: spec))
        return flowList.count - 1
    }

    public mutating func schedule(_ failure: Failure) throws {
        switch failure.target {
        case .link(let a, let b):
            guard channelList.indices.contains(a), channelList.indices.contains(b) else {
                throw BuildError(description: "failure at \(failure.time): no such link channelList \(a), \(b)")
            }
        case .device(let d):
            guard deviceList.indices.contains(d) else { throw BuildError(description: "failure at \(failure.time): no device \(d)") }
        case .endpoint(let address):
            guard deviceList.contains(where: { $0.spec.connections?.balances(to: address) == true }) else {
                throw BuildError(description: "failure at \(failure.time): no Service balances over \(address)")
            }
        case .route(let d, let prefix, let action):
            guard deviceList.indices.contains(d) else { throw BuildError(description: "route change at \(failure.time): no device \(d)") }
            switch action {
            case .forward(let c)?:
                guard channelList.indices.contains(c), channelList[c].from == d else {
                    throw BuildError(description: "route change \(prefix) at \(deviceList[d].spec.name): channel \(c) does not leave it")
                }
            case .tunnel(let t)?:
                guard tunnels.indices.contains(t) else { throw BuildError(description: "route change \(prefix): no tunnel \(t)") }
            case .discard?, nil: break
            }
        case .flowSource(let f, let d, let address):
            guard flowList.indices.contains(f), deviceList.indices.contains(d), deviceList[d].spec.addresses.contains(address) else {
                throw BuildError(description: "failure at \(failure.time): flow \(f) cannot move to device \(d) with address \(address)")
            }
        }
        failures.append(failure)
    }

    // MARK: Running

    /// The error of a run that had to stop.
    public struct RunError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Simulates from time zero to `warmup + duration` and returns the statistics of the
    /// window after the warm-up. Throws when the packet budget is exceeded (a model whose
    /// queues grow without bound).
    public func run(streams: RandomStreamFactory, warmup: SimTime, duration: SimTime) throws -> NetworkResult {
        var model = self
        model.prepare(streams: streams, warmup: warmup)
        var sim = Simulation(handler: model)
        sim.handler.start(&sim.scheduler, warmup: warmup)
        let end = warmup + duration
        sim.run(until: end)
        sim.handler.closeOutages(at: end)
        if let fault = sim.handler.sampleFault { throw RunError(description: fault.message) }
        if sim.handler.budgetExceeded {
            throw RunError(description: "more than \(packetBudget) packets alive at once at t = \(sim.scheduler.now): "
                + "queues grow without bound (offered load above capacity with unbounded buffers?); "
                + "bound the buffers or lower the load")
        }
        return sim.handler.result(at: sim.scheduler.now, events: sim.scheduler.eventsProcessed)
    }

    mutating func prepare(streams: RandomStreamFactory, warmup: SimTime) {
        measureFrom = warmup
        packets = PacketPool()
        reassembly = [:]
        traceLog = []
        devices = Slab(deviceList)
        for d in devices.indices { devices[d].spec.routes.buildIndex() }
        channels = Slab(channelList)
        flows = Slab(flowList)
        for c in channels.indices where channels[c].spec.lossProbability > 0 {
            channels[c].lossStream = streams.stream(named: "link.\(channels[c].name).loss")
        }
        for f in flows.indices { flows[f].prepare(streams: streams) }
        for d in devices.indices where devices[d].spec.serviceTime != nil {
            devices[d].serviceStream = streams.stream(named: "device.\(devices[d].spec.name).service")
        }
        for i in failures.indices where failures[i].jitter > .zero {
            let u = streams.stream(named: failures[i].phase.map { "failure.phase.\($0)" } ?? "failure.\(i).phase").uniform()
            let shifted = failures[i].time + SimTime(picoseconds: Int64(Double(failures[i].jitter.picoseconds) * u))
            failures[i].time = min(shifted, failures[i].latest)
        }
        for d in devices.indices where devices[d].spec.connections.map({ !$0.dnat.allSatisfy { $0.backends.count == 1 } }) == true {
            let r = streams.stream(named: "device.\(devices[d].spec.name).backend")
            devices[d].spec.connections!.seedSelection(UInt64(r.nextUInt32()) << 32 | UInt64(r.nextUInt32()))
        }
    }

    mutating func start(_ scheduler: inout EventScheduler, warmup: SimTime) {
        // Scheduled first, so that at equal times the window opens before traffic moves.
        scheduler.schedule(at: warmup, kind: Kind.warmupEnd.rawValue)
        for f in flows.indices { startFlow(f, &scheduler) }
        for (i, failure) in failures.enumerated() {
            scheduler.schedule(at: failure.time, kind: Kind.failure.rawValue, target: UInt32(i))
        }
    }

    public mutating func handle(_ event: Event, scheduler: inout EventScheduler) {
        currentTime = event.time
        switch Kind(rawValue: event.kind).unsafelyUnwrapped {
        case .arrival: arrive(device: Int(event.target), packet: event.item, &scheduler)
        case .linkArrival: linkArrival(channel: Int(event.target), packet: event.item, &scheduler)
        case .serviceDone: serviceDone(device: Int(event.target), packet: event.item, &scheduler)
        case .sourceTick: sourceTick(flow: Int(event.target), item: event.item, &scheduler)
        case .gateRelease: perform(device: Int(event.target), packet: event.item, &scheduler)
        case .serverDone: serverDone(flow: Int(event.target), client: Int(event.item), &scheduler)
        case .clientTimeout: clientTimeout(flow: Int(event.target), client: Int(event.item), &scheduler)
        case .retransmitTimeout: retransmitTimeout(flow: Int(event.target), item: event.item, &scheduler)
        case .delayedAck: delayedAck(flow: Int(event.target), item: event.item, &scheduler)
        case .onOffToggle: onOffToggle(flow: Int(event.target), &scheduler)
        case .failure: applyFailure(failures[Int(event.target)], &scheduler)
        case .warmupEnd: resetComponentStatistics(at: scheduler.now)
        }
    }

    // MARK: Packets

    /// Allocates a packet and checks the budget.
    mutating func allocate(_ p: Packet) -> UInt32 {
        let i = packets.allocate(p)
        if packets.liveCount > packetBudget { budgetExceeded = true }
        return i
    }

    // MARK: Statistics

    mutating func resetComponentStatistics(at now: SimTime) {
        for d in devices.indices {
            devices[d].busyCores.reset(at: now)
            for k in 0..<devices[d].cores { devices[d].coreBusy[k].reset(at: now) }
            devices[d].queueLength.reset(at: now)
            devices[d].drops = DropCounts()
            devices[d].processed = 0
        }
        for c in channels.indices {
            channels[c].advance(to: now)
            channels[c].busyPicoseconds = max(0, (channels[c].busyUntil - now).picoseconds)
            channels[c].windowStart = now
            channels[c].queueLength.reset(at: now)
            channels[c].maxQueue = channels[c].waitingStart.count
            channels[c].sent = 0
            channels[c].bytesSent = 0
            channels[c].drops = DropCounts()
        }
    }

    func result(at now: SimTime, events: Int) -> NetworkResult {
        for c in channels.indices { channels[c].advance(to: now) }
        return NetworkResult(
            flowNames: flows.map(\.spec.name),
            flows: flows.map(\.stats),
            links: channels.map { c in
                LinkStatistics(name: c.name, utilisation: c.utilisation(at: now),
                               meanQueuePackets: c.queueLength.average(at: now), maxQueuePackets: c.maxQueue,
                               packetsSent: c.sent, bytesSent: c.bytesSent, drops: c.drops)
            },
            devices: devices.map { d in
                DeviceStatistics(name: d.spec.name, kind: d.spec.kind,
                                 utilisation: d.spec.cores > 0 ? d.busyCores.average(at: now) / Double(d.spec.cores) : 0,
                                 coreUtilisation: d.coreBusy.map { $0.average(at: now) },
                                 meanQueuePackets: d.queueLength.average(at: now), maxQueuePackets: Int(d.queueLength.maximum),
                                 packetsProcessed: d.processed, drops: d.drops,
                                 connectionsCreated: d.spec.connections?.created ?? 0,
                                 liveConnections: d.spec.connections?.liveConnections(at: now) ?? 0,
                                 backendConnections: d.spec.connections?.backendConnections ?? [:],
                                 encapsulations: Dictionary(uniqueKeysWithValues: Tunnel.Kind.counterNames.enumerated().compactMap { i, n in
                                     d.encapsulations[i] > 0 ? (n, d.encapsulations[i]) : nil }))
            },
            measuredFrom: measureFrom, measuredUntil: now, events: events, peakPackets: packets.capacityUsed,
            trace: traceLog)
    }
}

extension Network {
    /// Removes the route for exactly `prefix` from a device (while building).
    public mutating func removeRoute(device: Int, _ prefix: IPv4Prefix) {
        deviceList[device].spec.routes.remove(prefix)
    }

    /// Adds `new` (not ready) to every Service that balances over `old`, in every connection
    /// table; a `.endpoint(new)` failure with `up` makes it ready. Before the run.
    public mutating func addBackend(_ new: IPv4Address, besides old: IPv4Address) {
        for i in deviceList.indices where deviceList[i].spec.connections?.serves(old) == true {
            var spec = deviceList[i].spec
            spec.connections!.addBackend(new, besides: old)
            deviceList[i] = DeviceRuntime(spec: spec)
        }
    }

    /// True when some device's connection table balances a Service over `address` (it is a
    /// Service endpoint, so its readiness is an `.endpoint` failure).
    /// - Complexity: O(devices); before the run.
    public func isServiceBackend(_ address: IPv4Address) -> Bool {
        deviceList.contains { $0.spec.connections?.balances(to: address) == true }
    }

    /// Changes the spec of a device while the network is being built (routes stay).
    public mutating func updateDevice(named name: String, _ change: (inout DeviceSpec) -> Void) {
        guard let i = deviceIndex(named: name) else { return }
        var spec = deviceList[i].spec
        change(&spec)
        deviceList[i] = DeviceRuntime(spec: spec)
    }
}

/// A network being built holds values only; the random streams (GSL state) a run needs are
/// created by `prepare` in that run's own copy, so one built network can be run from several
/// threads at once.
extension Network: @unchecked Sendable {}
