import NetModel
import SimKernel

/// An estate (`Inventory`) compiled into a packet network for one integration option: the
/// devices, links, routes, NAT rules and tunnels, and a registry of where each named part of
/// the inventory ended up (pods, Service addresses, VMs) so flows can be declared between
/// named endpoints.
///
/// Every device forwards by its own routing table; the integration option only decides which
/// routes (and tunnels) exist. Placement decides encapsulation: VMs on different ESXi hosts
/// talk through VXLAN, IKS workers on different subnets through IP-in-IP, ICP workers always
/// through IP-in-IP (inside VXLAN between hosts).
public struct CompiledEstate {
    public let option: IntegrationOption
    public let inventory: Inventory
    public var plan: AddressPlan { inventory.plan }
    /// The network, ready for flows to be added.
    public internal(set) var network: Network
    /// The kind of each device, by device index.
    public let kinds: [DeviceKind]
    /// Where the inventory's parts are, by qualified name (`iks/web`, `vcs/db-vm`).
    public let registry: EstateRegistry
    /// Where each device runs (e.g. `host 3`, `iks-w2`, `subnet a, zone dal10`), by device index.
    public let placement: [String]

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Compiles `inventory` for `option`.
    /// - Complexity: O(W² + H²) devices and routes for W workers and H hosts (the worker
    ///   mesh of each subnet, the IP-in-IP routes, the host mesh).
    public init(_ inventory: Inventory = .reference, option: IntegrationOption) throws {
        if let p = inventory.problem { throw Invalid(description: "architecture.\(p)") }
        var c = EstateCompiler(inventory: inventory, option: option)
        try c.build()
        if let e = c.t.firstError { throw e }
        self.option = option
        self.inventory = inventory
        network = c.t.net
        kinds = c.t.kinds
        registry = c.registry
        placement = c.t.placement
    }

    public func kind(of device: Int) -> DeviceKind { kinds[device] }
    public func deviceIndex(_ name: String) -> Int? { network.deviceIndex(named: name) }

    /// The estate's cabled links (host and worker uplinks, routers, the WAN) as device-name
    /// pairs in build order: the links that fail on their own. Links inside a host (a VM's
    /// or pod's virtual NIC, a VTEP) and the traffic sources' access links are left out.
    public var cables: [(String, String)] {
        var seen = Set<[Int]>(), result: [(String, String)] = []
        for c in 0..<network.channelCount {
            let (a, b) = network.channelEnds(c)
            let spec = network.channelSpec(c)
            guard spec != DeviceCatalog.virtualLink, spec != DeviceCatalog.podLink,
                  ![kinds[a], kinds[b]].contains(where: { $0 == .user || $0 == .host }),
                  seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            result.append((network.deviceSpec(a).name, network.deviceSpec(b).name))
        }
        return result
    }
}

/// One pod of a workload: its device, address and worker (1-based).
public struct PodPlacement: Sendable, Equatable {
    public let device: String
    public let address: IPv4Address
    public let worker: Int
}

/// Where a LoadBalancer Service's address lives: the router that routes it to the worker
/// holding it (keepalived), and the backup worker that takes it over (nil: none).
public struct LoadBalancerPlacement: Sendable, Equatable {
    public let cluster: String
    public let service: String
    public let address: IPv4Address
    public let router: String
    /// Workers, 1-based.
    public let holder: Int
    public let standby: Int?
}

/// Where the compiler put the inventory's named parts.
public struct EstateRegistry: Sendable {
    /// Pods of each workload, by `cluster/workload`.
    public internal(set) var pods: [String: [PodPlacement]] = [:]
    /// The IKS LoadBalancer Services' addresses, in compile order.
    public internal(set) var loadBalancers: [LoadBalancerPlacement] = []
    /// Address and port of each Service, by `cluster/service` (LoadBalancer: its portable
    /// address; NodePort: worker 1's private address and the node port; ClusterIP: the vIP).
    public internal(set) var services: [String: (address: IPv4Address, port: UInt16)] = [:]
    /// Each VM's device and address, by `vcs/name`.
    public internal(set) var vms: [String: (device: String, address: IPv4Address)] = [:]
    /// The address IKS uses for each VM on the VM network under static-nat (the ESG's DNAT).
    public internal(set) var vmTranslated: [String: IPv4Address] = [:]
}
