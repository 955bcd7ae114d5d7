import NetModel

/// An NSX Edge Services Gateway: an appliance VM of a given size on one ESXi host that routes
/// between the instance's logical switches (through its DLR) and the IBM Cloud networks,
/// translates addresses and filters connections. The VCS instance and ICP each have one.
///
/// By default the ESG is an HA pair (NSX "Edge HA", as DOMAIN.md deploys it): a standby
/// appliance on another host, which takes over the addresses when the active one is declared
/// dead. The compiled network places the standby appliance; its takeover is the `esg-failover`
/// failure, which a single appliance (`standby: .none`) does not have.
public struct EdgeGateway: Sendable, Equatable {
    /// Device name of the active appliance (traces, `show`, failures, CSV columns use it).
    public var name: String
    public var size: ESGFormFactor
    /// ESXi host (1-based) running the active appliance; it gets a public uplink to the FCR.
    public var host: Int
    /// Where the standby appliance of the HA pair runs. NSX places the two on different hosts
    /// (anti-affinity).
    public var standby: Standby = .nextHost
    /// Port forwards: a port of the ESG's public or private portable address to a VM.
    public var portForwards: [PortForward] = []
    /// SNAT rules, evaluated in order before the built-in ones (DOMAIN.md's: the segments
    /// behind the ESG leave as its public address towards the internet).
    public var sourceNAT: [SourceNAT] = []
    /// The firewall: rules in order, then `firewallDefault`. Stateful: packets of a connection
    /// the rules let through pass without being checked again.
    public var firewall: [FirewallRule] = []
    public var firewallDefault: FirewallRule.Verdict = .allow
    /// The ESG's BGP timers, for the sessions the integration option gives it (the IKS
    /// workers' BIRD under common-vlan, the BCR under bgp-peering).
    public var bgp: BGPTimers = .nsxEdge

    /// The standby appliance of an HA pair.
    public enum Standby: Sendable, Equatable {
        /// A single appliance: no HA pair.
        case none
        /// On the host after the active one's (host 1 after the last).
        case nextHost
        /// On this ESXi host (1-based).
        case host(Int)
    }

    public init(name: String, size: ESGFormFactor, host: Int, standby: Standby = .nextHost) {
        self.name = name
        self.size = size
        self.host = host
        self.standby = standby
    }

    /// The standby appliance's host on an instance of `hosts` hosts (nil: a single appliance).
    public func standbyHost(hosts: Int) -> Int? {
        switch standby {
        case .none: return nil
        case .nextHost: return host % hosts + 1
        case .host(let h): return h
        }
    }

    /// Device name of the standby appliance.
    public var standbyName: String { "\(name)-standby" }

    /// The rules and default the ESG's firewall applies, or nil when it has none (no rule
    /// and allow by default).
    var firewallRules: (rules: [FirewallRule], default: FirewallRule.Verdict)? {
        firewall.isEmpty && firewallDefault == .allow ? nil : (firewall, firewallDefault)
    }

    /// Why this ESG cannot be built on an instance of `hosts` hosts, or nil (relative to the
    /// ESG's own key: "host must be ...").
    func problem(hosts: Int) -> String? {
        if !DeviceName.isValid(name) { return "name '\(name)' must be letters, digits and '-' (a device name)" }
        if !(1...hosts).contains(host) { return "host must be 1...\(hosts), got \(host)" }
        if case .host(let s) = standby {
            if !(1...hosts).contains(s) { return "standby-host must be 1...\(hosts), got \(s)" }
            if s == host { return "standby-host must differ from host \(host) (NSX keeps the HA pair on different hosts; none: a single appliance)" }
        }
        if let p = bgp.problem { return "bgp: \(p)" }
        if Set(portForwards.map(\.name)).count != portForwards.count { return "dnat: a name is used twice" }
        let ports = portForwards.map { "\($0.network)/\($0.port)" }
        if Set(ports).count != ports.count { return "dnat: two rules forward the same address and port" }
        return nil
    }
}

/// An SNAT rule of an ESG: new connections from `source` to `destination` leave as the ESG's
/// public or private portable address, or keep their address (`none`: an exemption).
public struct SourceNAT: Sendable, Equatable {
    public enum Translation: String, Sendable, CaseIterable {
        case `public`, `private`, none
    }
    public var source: IPv4Prefix
    public var destination: IPv4Prefix
    public var translation: Translation
    public init(source: IPv4Prefix, destination: IPv4Prefix = IPv4Prefix(.zero, length: 0), translation: Translation) {
        self.source = source
        self.destination = destination
        self.translation = translation
    }

    /// The rule as the ESG evaluates it, given its own public and private addresses.
    func rule(public publicAddress: IPv4Address, private privateAddress: IPv4Address) -> SNATRule {
        switch translation {
        case .none: return .exemption(source: source, destination: destination)
        case .public: return SNATRule(source: source, destination: destination, translateTo: publicAddress)
        case .private: return SNATRule(source: source, destination: destination, translateTo: privateAddress)
        }
    }
}

/// A port forward of an ESG: `network`'s portable address (the ESG's own), `port`, to a VM.
public struct PortForward: Sendable, Equatable {
    public var name: String
    public var network: KubernetesService.PortableNetwork
    public var port: UInt16
    public var vm: String
    public var vmPort: UInt16
    public init(name: String, network: KubernetesService.PortableNetwork, port: UInt16, vm: String, vmPort: UInt16) {
        self.name = name
        self.network = network
        self.port = port
        self.vm = vm
        self.vmPort = vmPort
    }
}
