import NetModel
import SimKernel

/// A VMware vCenter Server instance on IBM Cloud bare metal: ESXi hosts (each a VTEP and a DLR
/// kernel module), the NSX Edge Services Gateway, and VMs on its logical switches.
public struct VCSInstance: Sendable, Equatable {
    /// The instance's name: its VMs are `vcs/<vm>` whatever the instance (VM names are unique in
    /// the estate); its devices are `<name>-esxi1`, `<name>-vxlan-switch-h1`, `<name>-dlr-h1`
    /// (the default instance `vcs` keeps the reference's: esxi1, vxlan-switch-h1, dlr-h1).
    public var name = "vcs"
    /// Host, ESG portable, VM network and transit ranges.
    public var addresses = VCSAddresses()
    /// ESXi hosts, numbered 1...hosts. Their private uplinks form the VXLAN transport.
    public var hosts = 3
    /// Each host's private uplink (2 × 10 GbE, unbonded: one is modelled).
    public var hostUplinkBitsPerSecond: Int64 = 10_000_000_000
    /// MTU of the VXLAN transport (NSX default 1600; at least 1550).
    public var vxlanTransportMTU = 1600
    /// The instance's edge gateway (routing, NAT, firewall, IPsec endpoint).
    public var esg = EdgeGateway(name: "vcs-esg", size: .xLarge, host: 1)
    /// Routed logical switches besides the VM network (BYOIP prefixes), by name; the DLR on
    /// every host routes them and the ESG reaches them through its DLR.
    public var segments: [LogicalSwitch] = []
    /// Zone of the instance (one of ibm-cloud.zones; nil: the first).
    public var zone: String? = nil
    public var vms: [VirtualMachine] = [
        VirtualMachine(name: "db-vm", host: 3, segment: .vmNetwork, hostNumber: 20, port: 5432),
        VirtualMachine(name: "stretched-vm", host: 3, segment: .stretched("stretched"), hostNumber: 20, port: 443),
    ]

    public init() {}

    /// The routed segments: the VM network first, then `segments`.
    public var routedSegments: [IPv4Prefix] { [addresses.vmNetwork] + segments.map(\.prefix) }

    /// The prefix of a segment of this instance (the stretched networks are the stretching
    /// site's).
    public func prefix(of segment: VirtualMachine.Segment, stretched: [LogicalSwitch]) -> IPv4Prefix {
        switch segment {
        case .vmNetwork: return addresses.vmNetwork
        case .stretched(let name): return stretched.first { $0.name == name }?.prefix ?? addresses.vmNetwork
        case .routed(let name): return segments.first { $0.name == name }?.prefix ?? addresses.vmNetwork
        }
    }

    func problem(_ cloud: IBMCloudNetwork) -> String? {
        if !DeviceName.isValid(name) || name.contains(".") { return "name '\(name)' must be letters, digits, '-' and '_' (it prefixes device names)" }
        if !(2...256).contains(hosts) { return "hosts must be 2...256, got \(hosts)" }
        if UInt64(hosts + 11) > addresses.hostNetwork.size { return "host-network: \(addresses.hostNetwork) has no room for \(hosts) VTEPs (from .11)" }
        if hostUplinkBitsPerSecond <= 0 { return "host-uplink must be positive" }
        if vxlanTransportMTU < 1280 { return "vxlan-mtu below 1280 B" }
        if let p = esg.problem(hosts: hosts) { return "esg.\(p)" }
        if let z = zone, !cloud.zones.contains(z) { return "zone '\(z)' is not one of ibm-cloud.zones (\(cloud.zones.joined(separator: ", ")))" }
        var names = Set<String>()
        if Set(segments.map(\.name)).count != segments.count { return "segments: a name is used twice" }
        if let s = segments.first(where: { $0.name == "vm-network" || $0.name == "stretched" }) {
            return "segments.\(s.name): vm-network and stretched name the VM network and the stretched network; pick another name"
        }
        for vm in vms {
            if !names.insert(vm.name).inserted { return "vms: the name \(vm.name) is used twice" }
            if case .routed(let s) = vm.segment, !segments.contains(where: { $0.name == s }) {
                return "vms.\(vm.name).segment: no segment \(s) (vm-network, stretched\(segments.map { ", " + $0.name }.joined()))"
            }
            if !(1...hosts).contains(vm.host) { return "vms.\(vm.name).host must be 1...\(hosts), got \(vm.host)" }
            if !(1...250).contains(vm.hostNumber) { return "vms.\(vm.name).address must be host number 1...250 of its segment" }
        }
        for f in esg.portForwards {
            guard let vm = vms.first(where: { $0.name == f.vm }) else { return "esg.dnat.\(f.name).vm: no VM \(f.vm)" }
            if !vm.segment.isRouted { return "esg.dnat.\(f.name).vm: \(f.vm) is on the stretched network (its gateway is on premises)" }
        }
        let keys = vms.map { "\($0.segment)/\($0.hostNumber)" }
        if Set(keys).count != keys.count { return "two VMs have the same address on one segment" }
        return nil
    }
}

/// A routed logical switch (VXLAN segment) of the VCS instance.
public struct LogicalSwitch: Sendable, Equatable {
    public var name: String
    public var prefix: IPv4Prefix
    public init(name: String, prefix: IPv4Prefix) {
        self.name = name
        self.prefix = prefix
    }
}

/// A VM on one of the VCS instance's logical switches.
public struct VirtualMachine: Sendable, Equatable {
    /// The logical switch (VXLAN segment) a VM is on.
    public enum Segment: Sendable, Equatable, CustomStringConvertible {
        /// The VCS VM network (routed by the DLR and the ESG).
        case vmNetwork
        /// A network stretched from the enterprise site by the L2 concentrators, by name (its
        /// gateway stays on premises).
        case stretched(String)
        /// Another routed logical switch of `VCSInstance.segments`, by name.
        case routed(String)

        /// The segment a scenario names: `vm-network`, `stretched` (the default stretched
        /// network), or a name of `segments` (the decoder turns the stretching site's other
        /// stretched networks into `.stretched`).
        public init(_ name: String) {
            switch name {
            case "vm-network": self = .vmNetwork
            case "stretched": self = .stretched("stretched")
            default: self = .routed(name)
            }
        }

        public var description: String {
            switch self {
            case .vmNetwork: return "vm-network"
            case .stretched(let n), .routed(let n): return n
            }
        }

        /// Routed by the DLR and the ESG (every segment but the stretched ones).
        public var isRouted: Bool {
            if case .stretched = self { return false }
            return true
        }
    }
    public var name: String
    /// ESXi host (1-based).
    public var host: Int
    public var segment: Segment
    /// The VM's address: this host number within its segment's prefix.
    public var hostNumber: Int
    /// The port its service listens on (flows to the VM use it).
    public var port: UInt16
    /// Time its service takes per request; flows to the VM that give no `server` time use it
    /// (nil: the flow's own default).
    public var serviceTime: Distribution? = nil

    public init(name: String, host: Int, segment: Segment, hostNumber: Int, port: UInt16 = 443) {
        self.name = name
        self.host = host
        self.segment = segment
        self.hostNumber = hostNumber
        self.port = port
    }
}
