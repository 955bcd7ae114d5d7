import SimKernel

/// The ephemeral ports of one client host towards one destination (address and port), as
/// Linux hands them to connect(): from net.ipv4.ip_local_port_range (32768–60999, 28,232
/// ports), a port is in use while its connection is open and, after the client closes first
/// (the active close), for TIME_WAIT: 60 s, Linux's TCP_TIMEWAIT_LEN. A connection the client
/// resets (RST) frees its port at once. With every port in use connect() fails
/// (EADDRNOTAVAIL): the caller counts a `portsExhausted` drop. Ports are handed out in the
/// order they were freed (Linux starts from a hashed offset; which port is taken does not
/// change how many are free). The hold after a close is counted from the client's FIN, not
/// from the end of the FIN exchange, a round trip earlier.
///
/// Two ring buffers: free ports, and ports in TIME_WAIT in the order they entered it (the
/// hold is one length for all, so that is also the order they leave it).
/// - Complexity: O(1) amortised per `take` and `release`.
struct ClientPorts {
    /// Linux's TCP_TIMEWAIT_LEN (include/net/tcp.h).
    static let timeWait = SimTime.seconds(60)

    private var free: [UInt16]
    private var freeHead = 0
    private var freeCount: Int
    private var waiting: [UInt16]
    private var waitingUntil: [SimTime]
    private var waitingHead = 0
    private var waitingCount = 0

    init(range: ClosedRange<Int> = RequestResponse.ephemeralPorts) {
        free = range.map { UInt16($0) }
        freeCount = free.count
        waiting = Array(repeating: 0, count: free.count)
        waitingUntil = Array(repeating: .zero, count: free.count)
    }

    /// Ports free now (ports whose TIME_WAIT ended included).
    mutating func available(at now: SimTime) -> Int {
        expireWaiting(now)
        return freeCount
    }

    /// A free port for a new connection at `now`, or nil when every port is in use.
    mutating func take(at now: SimTime) -> UInt16? {
        expireWaiting(now)
        guard freeCount > 0 else { return nil }
        let port = free[freeHead]
        freeHead = (freeHead + 1) % free.count
        freeCount -= 1
        return port
    }

    /// The connection on `port` ended at `now`: closed by the client (`activeClose`: TIME_WAIT
    /// holds the port) or reset.
    mutating func release(_ port: UInt16, at now: SimTime, activeClose: Bool) {
        if activeClose {
            let tail = (waitingHead + waitingCount) % waiting.count
            waiting[tail] = port
            waitingUntil[tail] = now + ClientPorts.timeWait
            waitingCount += 1
        } else {
            pushFree(port)
        }
        _checkInvariants()
    }

    private mutating func expireWaiting(_ now: SimTime) {
        while waitingCount > 0 && waitingUntil[waitingHead] <= now {
            pushFree(waiting[waitingHead])
            waitingHead = (waitingHead + 1) % waiting.count
            waitingCount -= 1
        }
    }

    private mutating func pushFree(_ port: UInt16) {
        free[(freeHead + freeCount) % free.count] = port
        freeCount += 1
    }

    /// Debug builds: no port is in both rings or twice in one, so neither overflows.
    func _checkInvariants() {
        #if DEBUG
        precondition(freeCount + waitingCount <= free.count, "ClientPorts: a port was released twice")
        #endif
    }
}
