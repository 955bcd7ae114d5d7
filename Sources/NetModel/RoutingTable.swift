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
/// Tables in this model hold tens of routes, where a linear scan of a contiguous array beats a
/// trie; a one-entry cache of the last destination looked up makes repeated lookups of one
/// flow O(1).
public struct RoutingTable: Sendable {
    public private(set) var routes: [Route] = []
    @usableFromInline var lastDestination: UInt32 = 0
    @usableFromInline var lastIndex: Int = -1

    public init(_ routes: [Route] = []) {
        for r in routes { add(r) }
    }

    /// Adds a route; a route for the same prefix replaces the old one.
    public mutating func add(_ route: Route) {
        routes.removeAll { $0.prefix == route.prefix }
        let at = routes.firstIndex { $0.prefix.length < route.prefix.length } ?? routes.count
        routes.insert(route, at: at)
        lastIndex = -1
    }

    public mutating func remove(_ prefix: IPv4Prefix) {
        routes.removeAll { $0.prefix == prefix }
        lastIndex = -1
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
