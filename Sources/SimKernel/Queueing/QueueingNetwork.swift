/// A station of a queueing network: `servers` identical servers in front of one unbounded
/// FIFO queue; service times drawn from `service` (in **seconds**). A customer that
/// finishes goes to station `next`, or leaves the network when `next` is nil.
public struct StationSpec: Sendable {
    public var name: String
    public var servers: Int
    public var service: Distribution
    public var next: Int?

    public init(name: String, servers: Int = 1, service: Distribution, next: Int? = nil) {
        precondition(servers >= 1, "a station needs at least one server")
        self.name = name
        self.servers = servers
        self.service = service
        self.next = next
    }
}

/// An open-loop source: customers arrive with interarrival times drawn from `interarrival`
/// (in **seconds**) and join station `station`.
public struct SourceSpec: Sendable {
    public var name: String
    public var interarrival: Distribution
    public var station: Int

    public init(name: String, interarrival: Distribution, station: Int) {
        self.name = name
        self.interarrival = interarrival
        self.station = station
    }
}

/// What one station measured after the warm-up.
public struct StationResult: Sendable {
    public let name: String
    /// Time from arrival at the station to departure from it, seconds.
    public let sojourn: Tally
    /// Time from arrival at the station to start of service, seconds.
    public let waiting: Tally
    /// Time-average number of customers at the station (queue + in service).
    public let meanNumberPresent: Double
    /// Time-average fraction of servers busy.
    public let utilisation: Double
}

/// What a run of a queueing network measured.
public struct QueueingResult: Sendable {
    /// End-to-end sojourn times (network arrival to leaving), after the warm-up.
    public let endToEnd: LatencyHistogram
    public let stations: [StationResult]
    /// Customers that left the network after the warm-up.
    public let completed: Int
    /// MSER-5 applied to end-to-end sojourn batch means collected from time zero (see
    /// `QueueingNetwork.transientBatch`): how much of the run MSER-5 would truncate.
    public let transient: MSER5.Result?
    /// Simulated time at which statistics started (the warm-up) and ended.
    public let measuredFrom: SimTime
    public let measuredUntil: SimTime
    public let events: Int
}

/// A network of FIFO multi-server stations fed by open-loop sources: the generic queueing
/// layer used by the analytic validation (`hybridsim verify`) and reusable by models.
///
/// Customers live in a pool of indices (no allocation per customer once the pool has grown).
/// Each source and station draws from its own named random stream
/// (`source.<name>.interarrival`, `station.<name>.service`), so runs with common random
/// numbers line up. Statistics are reset at the warm-up time by a scheduled event.
public struct QueueingNetwork: EventHandler {
    @usableFromInline enum Kind: UInt16 { case arrival = 0, departure = 1, warmupEnd = 2 }

    /// Number of completions averaged into one point of the transient series given to MSER-5.
    public static let transientBatch = 100

    @usableFromInline let stationSpecs: [StationSpec]
    @usableFromInline let sourceSpecs: [SourceSpec]
    @usableFromInline let serviceStreams: [RandomStream]
    @usableFromInline let arrivalStreams: [RandomStream]

    @usableFromInline var busy: [Int]
    @usableFromInline var queues: [RingBuffer<UInt32>]
    @usableFromInline var present: [TimeWeightedAverage]
    @usableFromInline var busyServers: [TimeWeightedAverage]
    @usableFromInline var sojourn: [Tally]
    @usableFromInline var waiting: [Tally]

    @usableFromInline var enteredNetwork: [SimTime] = []
    @usableFromInline var enteredStation: [SimTime] = []
    @usableFromInline var freeCustomers: [UInt32] = []

    @usableFromInline var endToEnd = LatencyHistogram()
    @usableFromInline var completed = 0
    @usableFromInline var transientSum = 0.0
    @usableFromInline var transientCount = 0
    @usableFromInline var transientSeries: [Double] = []
    @usableFromInline var warmup: SimTime

    public init(stations: [StationSpec], sources: [SourceSpec], streams: RandomStreamFactory, warmup: SimTime) {
        for (i, s) in stations.enumerated() {
            if let n = s.next { precondition(n >= 0 && n < stations.count && n != i, "station \(s.name): bad next") }
        }
        for s in sources { precondition(s.station >= 0 && s.station < stations.count, "source \(s.name): bad station") }
        stationSpecs = stations
        sourceSpecs = sources
        serviceStreams = stations.map { streams.stream(named: "station.\($0.name).service") }
        arrivalStreams = sources.map { streams.stream(named: "source.\($0.name).interarrival") }
        busy = Array(repeating: 0, count: stations.count)
        queues = stations.map { _ in RingBuffer(capacity: 64, filler: 0) }
        present = Array(repeating: TimeWeightedAverage(), count: stations.count)
        busyServers = Array(repeating: TimeWeightedAverage(), count: stations.count)
        sojourn = Array(repeating: Tally(), count: stations.count)
        waiting = Array(repeating: Tally(), count: stations.count)
        self.warmup = warmup
    }

    /// Schedules the first arrival of every source and the warm-up event.
    public func start(_ scheduler: inout EventScheduler) {
        for (i, source) in sourceSpecs.enumerated() {
            let first = SimTime.sampled(seconds: source.interarrival.sample(arrivalStreams[i]))
            scheduler.schedule(at: scheduler.now + first, kind: Kind.arrival.rawValue, target: UInt32(i))
        }
        scheduler.schedule(at: warmup, kind: Kind.warmupEnd.rawValue)
    }

    @inlinable
    public mutating func handle(_ event: Event, scheduler: inout EventScheduler) {
        switch Kind(rawValue: event.kind).unsafelyUnwrapped {
        case .arrival:
            let s = Int(event.target)
            let customer = allocateCustomer(at: scheduler.now)
            enter(station: sourceSpecs[s].station, customer: customer, scheduler: &scheduler)
            let gap = SimTime.sampled(seconds: sourceSpecs[s].interarrival.sample(arrivalStreams[s]))
            scheduler.schedule(after: gap, kind: Kind.arrival.rawValue, target: event.target)
        case .departure:
            depart(station: Int(event.target), customer: event.item, scheduler: &scheduler)
        case .warmupEnd:
            resetStatistics(at: scheduler.now)
        }
    }

    @inlinable mutating func allocateCustomer(at now: SimTime) -> UInt32 {
        if let c = freeCustomers.popLast() {
            enteredNetwork[Int(c)] = now
            return c
        }
        enteredNetwork.append(now)
        enteredStation.append(now)
        return UInt32(enteredNetwork.count - 1)
    }

    @inlinable mutating func enter(station k: Int, customer: UInt32, scheduler: inout EventScheduler) {
        let now = scheduler.now
        enteredStation[Int(customer)] = now
        present[k].add(1, at: now)
        if busy[k] < stationSpecs[k].servers {
            busy[k] += 1
            busyServers[k].update(to: Double(busy[k]), at: now)
            waiting[k].add(0)
            startService(station: k, customer: customer, scheduler: &scheduler)
        } else {
            queues[k].pushBack(customer)
        }
    }

    @inlinable mutating func startService(station k: Int, customer: UInt32, scheduler: inout EventScheduler) {
        let service = SimTime.sampled(seconds: stationSpecs[k].service.sample(serviceStreams[k]))
        scheduler.schedule(after: service, kind: Kind.departure.rawValue, target: UInt32(k), item: customer)
    }

    @inlinable mutating func depart(station k: Int, customer: UInt32, scheduler: inout EventScheduler) {
        let now = scheduler.now
        sojourn[k].add((now - enteredStation[Int(customer)]).seconds)
        present[k].add(-1, at: now)
        if let waitingCustomer = queues[k].popFront() {
            waiting[k].add((now - enteredStation[Int(waitingCustomer)]).seconds)
            startService(station: k, customer: waitingCustomer, scheduler: &scheduler)
        } else {
            busy[k] -= 1
            busyServers[k].update(to: Double(busy[k]), at: now)
        }
        if let next = stationSpecs[k].next {
            enter(station: next, customer: customer, scheduler: &scheduler)
        } else {
            let span = now - enteredNetwork[Int(customer)]
            endToEnd.record(span)
            completed += 1
            transientSum += span.seconds
            transientCount += 1
            if transientCount == QueueingNetwork.transientBatch {
                transientSeries.append(transientSum / Double(transientCount))
                transientSum = 0
                transientCount = 0
            }
            freeCustomers.append(customer)
        }
    }

    @usableFromInline mutating func resetStatistics(at now: SimTime) {
        endToEnd.reset()
        completed = 0
        for k in stationSpecs.indices {
            present[k].reset(at: now)
            busyServers[k].reset(at: now)
            sojourn[k] = Tally()
            waiting[k] = Tally()
        }
    }

    /// The statistics at simulated time `now`.
    public func result(at now: SimTime, events: Int) -> QueueingResult {
        let stations = stationSpecs.indices.map { k in
            StationResult(
                name: stationSpecs[k].name, sojourn: sojourn[k], waiting: waiting[k],
                meanNumberPresent: present[k].average(at: now),
                utilisation: busyServers[k].average(at: now) / Double(stationSpecs[k].servers))
        }
        return QueueingResult(endToEnd: endToEnd, stations: stations, completed: completed,
                              transient: MSER5.analyze(transientSeries), measuredFrom: warmup,
                              measuredUntil: now, events: events)
    }

    /// Builds, runs from time zero to `warmup + duration`, and returns the statistics.
    public static func simulate(
        stations: [StationSpec], sources: [SourceSpec], streams: RandomStreamFactory,
        warmup: SimTime, duration: SimTime
    ) -> QueueingResult {
        let network = QueueingNetwork(stations: stations, sources: sources, streams: streams, warmup: warmup)
        var sim = Simulation(handler: network)
        sim.handler.start(&sim.scheduler)
        let end = warmup + duration
        sim.run(until: end)
        return sim.handler.result(at: sim.scheduler.now, events: sim.scheduler.eventsProcessed)
    }
}
