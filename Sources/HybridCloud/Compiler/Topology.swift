import NetModel
import SimKernel

/// A `Network` under construction, addressed by device name: the builders of the reference
/// architecture describe devices, links and routes with the names of DOMAIN.md.
struct Topology {
    var net = Network()
    var kinds: [DeviceKind] = []
    private var index: [String: Int] = [:]
    private var channel: [String: Int] = [:]
    /// Where each device runs (host, worker, subnet and zone), by device index, for `show`.
    var placement: [String] = []
    /// The first link or route the network refused (a link spec out of range); the compiler
    /// throws it when the build is done, so builders need not handle it at every call.
    private(set) var firstError: CompiledEstate.Invalid? = nil

    mutating func record(_ error: Error, _ what: String) {
        if firstError == nil { firstError = CompiledEstate.Invalid(description: "architecture: \(what): \(error)") }
    }

    func device(_ name: String) -> Int {
        guard let i = index[name] else { preconditionFailure("estate compiler: no device \(name)") }
        return i
    }

    func has(_ name: String) -> Bool { index[name] != nil }

    /// The channel from `a` to its neighbour `b`.
    func channel(_ a: String, _ b: String) -> Int? { channel[a + ">" + b] }

    /// Adds a device. Names and addresses come from the user's inventory, so a clash (a VM
    /// named like a router, two devices on one address) is an error, not a crash.
    @discardableResult
    mutating func add(_ name: String, _ kind: DeviceKind, _ addresses: [IPv4Address] = [],
                      configure: (inout DeviceSpec) -> Void = { _ in }) throws -> Int {
        var spec = DeviceSpec(name: name, kind: kind.rawValue, addresses: addresses)
        configure(&spec)
        let i: Int
        do { i = try net.addDevice(spec) } catch let e as Network.BuildError {
            throw CompiledEstate.Invalid(description: "architecture: \(e.description); give the VM, workload or segment another name or address")
        }
        index[name] = i
        kinds.append(kind)
        placement.append("")
        return i
    }

    mutating func link(_ a: String, _ b: String, _ spec: LinkSpec) {
        do {
            let (ab, ba) = try net.connect(device(a), device(b), spec, name: "\(a)-\(b)")
            channel["\(a)>\(b)"] = ab
            channel["\(b)>\(a)"] = ba
        } catch { record(error, "link \(a)-\(b)") }
    }

    /// Route `prefix` at device `at` to its neighbour `next`.
    mutating func route(_ at: String, _ prefix: IPv4Prefix, via next: String) {
        guard let c = channel[at + ">" + next] else {
            if firstError == nil { firstError = CompiledEstate.Invalid(description: "architecture: route \(prefix) at \(at): no link to \(next)") }
            return
        }
        do { try net.addRoute(device: device(at), Route(prefix, .forward(channel: c))) } catch { record(error, "route \(prefix) at \(at)") }
    }

    mutating func route(_ at: String, _ address: IPv4Address, via next: String) {
        route(at, IPv4Prefix(address, length: 32), via: next)
    }

    /// Route `prefix` at device `at` into a new tunnel.
    mutating func route(_ at: String, _ prefix: IPv4Prefix, tunnel: Tunnel) {
        let t = net.addTunnel(tunnel)
        do { try net.addRoute(device: device(at), Route(prefix, .tunnel(t))) } catch { record(error, "route \(prefix) at \(at)") }
    }

    /// Records where device `name` runs.
    mutating func place(_ name: String, _ text: String) { placement[device(name)] = text }

    static let everything = IPv4Prefix(.zero, length: 0)
}
