/// What a device does with a packet whose destination matches a route.
public enum RouteAction: Sendable, Equatable {
    /// Send it out on this link channel (index into the network's channels).
    case forward(channel: Int)
    /// Encapsulate it into this tunnel (index into the network's tunnels), then route the
    /// outer packet.
    case tunnel(Int)
    /// Drop it (a black-hole route); counted as `noRoute`.
    case discard
}

/// One route: destination prefix -> action.
public struct Route: Sendable, Equatable {
    public let prefix: IPv4Prefix
    public let action: RouteAction
    public init(_ prefix: IPv4Prefix, _ action: RouteAction) {
        self.prefix = prefix
        self.action = action
    }
}

/// A device's routing table with longest-prefix match.
///
/// Routes are kept sorted by prefix length, longest first, so the first match is the longest.
/// Small tables (most devices hold tens of routes) are scanned linearly, which beats any index
/// on a contiguous array; a table of more than `indexThreshold` routes gets, when the network
/// is prepared to run, one hash map per distinct prefix length, so a lookup costs at most one
/// hash probe per length (at most 33) whatever the number of routes. A one-entry cache of the
/// last destination makes repeated lookups of one flow O(1).
public struct RoutingTable: Sendable {
    public private(set) var routes: [Route] = []
    @usableFromInline var lastDestination: UInt32 = 0
    @usableFromInline var lastIndex: Int = -1
    /// Distinct prefix lengths (longest first) with their masks, and per length the route
    /// index of each network address; empty while the index is not built.
    @usableFromInline var indexMasks: [UInt32] = []
    @usableFromInline var indexByLength: [NetworkIndex] = []

    /// Tables above this size are indexed by `buildIndex`.
    public static let indexThreshold = 24

    public init(_ routes: [Route] = []) {
        for r in routes { add(r) }
    }

    /// Adds a route; a route for the same prefix replaces the old one.
    /// - Complexity: O(n) in the routes of the table.
    public mutating func add(_ route: Route) {
        if let same = routes.firstIndex(where: { $0.prefix == route.prefix }) { routes.remove(at: same) }
        let at = routes.firstIndex { $0.prefix.length < route.prefix.length } ?? routes.count
        routes.insert(route, at: at)
        invalidate()
    }

    public mutating func remove(_ prefix: IPv4Prefix) {
        routes.removeAll { $0.prefix == prefix }
        invalidate()
    }

    mutating func invalidate() {
        lastIndex = -1
        indexMasks = []
        indexByLength = []
    }

    /// True when lookups use the per-length index.
    public var isIndexed: Bool { !indexMasks.isEmpty }

    /// Builds the per-length index of a large table (no-op for small ones).
    /// - Complexity: O(n).
    public mutating func buildIndex() {
        guard routes.count > Self.indexThreshold, indexMasks.isEmpty else { return }
        var i = 0
        while i < routes.count {
            let mask = routes[i].prefix.mask
            let start = i
            while i < routes.count && routes[i].prefix.mask == mask { i += 1 }
            var map = NetworkIndex(capacity: i - start)
            for r in start..<i { map.insert(routes[r].prefix.network.value, r) }
            indexMasks.append(mask)
            indexByLength.append(map)
        }
    }

    /// The longest matching route, or nil.
    @inlinable public func lookup(_ destination: IPv4Address) -> Route? {
        let i = index(for: destination.value)
        return i < 0 ? nil : routes[i]
    }

    /// Longest-prefix match with the one-entry cache.
    @inlinable public mutating func cachedLookup(_ destination: IPv4Address) -> Route? {
        if lastIndex >= 0 && lastDestination == destination.value { return routes[lastIndex] }
        let i = index(for: destination.value)
        lastDestination = destination.value
        lastIndex = i
        return i < 0 ? nil : routes[i]
    }

    @inlinable func index(for d: UInt32) -> Int {
        if !indexMasks.isEmpty {
            for k in 0..<indexMasks.count {
                let i = indexByLength[k].find(d & indexMasks[k])
                if i >= 0 { return i }
            }
            return -1
        }
        var i = 0
        let n = routes.count
        while i < n {
            let p = routes[i].prefix
            if d & p.mask == p.network.value { return i }
            i &+= 1
        }
        return -1
    }
}

/// Network address → route index for one prefix length: open addressing with linear probing
/// and a multiplicative hash (a lookup is a multiply, a shift and, usually, one probe).
@usableFromInline struct NetworkIndex: Sendable {
    @usableFromInline var keys: [UInt32]
    @usableFromInline var values: [Int32]   // -1: empty
    @usableFromInline let shift: UInt32

    init(capacity n: Int) {
        var bits: UInt32 = 4
        while (1 << bits) < 2 * n { bits += 1 }
        keys = Array(repeating: 0, count: 1 << bits)
        values = Array(repeating: -1, count: 1 << bits)
        shift = 32 - bits
    }

    @inlinable func slot(_ key: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> shift) }

    /// Adds `key` unless present (the first route for a prefix wins, as in the sorted list).
    mutating func insert(_ key: UInt32, _ value: Int) {
        var i = slot(key)
        let m = keys.count - 1
        while values[i] >= 0 {
            if keys[i] == key { return }
            i = (i + 1) & m
        }
        keys[i] = key
        values[i] = Int32(value)
    }

    /// The route index of `key`, or -1.
    @inlinable func find(_ key: UInt32) -> Int {
        var i = slot(key)
        let m = keys.count - 1
        while true {
            let v = values[i]
            if v < 0 { return -1 }
            if keys[i] == key { return Int(v) }
            i = (i + 1) & m
        }
    }
}
