/// A Kubernetes workload (a Deployment): `replicas` pods placed on the cluster's workers.
public struct Workload: Sendable, Equatable {
    /// Where the scheduler puts the replicas.
    public enum Placement: Sendable, Equatable {
        /// One per worker in turn, starting from worker 1 (the default spreading of
        /// `topologySpreadConstraints` / pod anti-affinity).
        case spread
        /// As few workers as possible: all replicas on worker 1 (bin packing).
        case pack
        /// Replica k on the k-th listed worker (1-based worker numbers), cycling.
        case pinned([Int])
    }
    public var name: String
    public var replicas: Int
    public var placement: Placement
    /// The port the pods listen on (a Service's targetPort).
    public var port: UInt16

    public init(name: String, replicas: Int = 1, placement: Placement = .spread, port: UInt16 = 8080) {
        self.name = name
        self.replicas = replicas
        self.placement = placement
        self.port = port
    }

    /// The worker (1-based) of each replica, for a cluster of `workers` workers.
    public func workers(of workers: Int) -> [Int] {
        (0..<replicas).map { k in
            switch placement {
            case .spread: return k % workers + 1
            case .pack: return 1
            case .pinned(let list): return list[k % list.count]
            }
        }
    }

    /// Pods a worker can hold here: addresses .20 up of its /24 pod block.
    static let podsPerWorker = 230

    /// The busiest worker and its pod count, over `workloads` on `workers` workers.
    static func busiest(_ workloads: [Workload], workers: Int) -> (worker: Int, pods: Int)? {
        var count = Array(repeating: 0, count: workers + 1)
        for w in workloads { for worker in w.workers(of: workers) where (1...workers).contains(worker) { count[worker] += 1 } }
        return count.indices.dropFirst().max { count[$0] < count[$1] }.map { ($0, count[$0]) }
    }

    /// Why a cluster's `workloads` on `workers` workers cannot be placed, or nil: a name used
    /// twice, a bad replica count or placement, or more pods on a worker than it holds.
    static func problem(_ workloads: [Workload], workers: Int) -> String? {
        var names = Set<String>()
        for w in workloads {
            if !names.insert(w.name).inserted { return "workloads: the name \(w.name) is used twice" }
            if ["ingress", "private-ingress", "master", "service"].contains(w.name) {
                return "workloads: the name \(w.name) is taken by an endpoint (<cluster>/\(w.name)); pick another"
            }
            if let p = w.problem(workers: workers) { return p }
        }
        if let b = busiest(workloads, workers: workers), b.pods > podsPerWorker {
            return "workloads: \(b.pods) pods on worker \(b.worker), more than its \(podsPerWorker); spread them or add workers"
        }
        return nil
    }

    func problem(workers: Int) -> String? {
        if !(1...10_000).contains(replicas) { return "workloads.\(name).replicas must be 1...10000" }
        if case .pinned(let list) = placement {
            if list.isEmpty { return "workloads.\(name).placement: list at least one worker" }
            if let bad = list.first(where: { !(1...workers).contains($0) }) {
                return "workloads.\(name).placement: worker \(bad) does not exist (1...\(workers))"
            }
        }
        return nil
    }
}

/// A Kubernetes Service in front of a workload's replicas.
public struct KubernetesService: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A virtual IP from the service network, reached from inside the cluster.
        case clusterIP
        /// A port (30000–32767) opened on every worker's addresses.
        case nodePort(UInt16)
        /// A portable address (public or private) held by one worker at a time.
        case loadBalancer(PortableNetwork)
    }
    /// The IBM Cloud network a portable address comes from.
    public enum PortableNetwork: String, Sendable, CaseIterable {
        case `public`, `private`
    }
    /// `externalTrafficPolicy`: Cluster may send a connection to a replica on another worker;
    /// Local only to replicas on the worker that received it.
    public enum TrafficPolicy: String, Sendable, CaseIterable {
        case cluster = "Cluster", local = "Local"
    }
    public var name: String
    /// The workload whose replicas are the endpoints.
    public var workload: String
    public var kind: Kind
    /// The Service port (the ClusterIP's or the LoadBalancer's).
    public var port: UInt16
    public var trafficPolicy: TrafficPolicy

    public init(name: String, workload: String, kind: Kind = .clusterIP, port: UInt16 = 80, trafficPolicy: TrafficPolicy = .cluster) {
        self.name = name
        self.workload = workload
        self.kind = kind
        self.port = port
        self.trafficPolicy = trafficPolicy
    }
}
