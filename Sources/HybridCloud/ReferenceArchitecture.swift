import NetModel
import SimKernel

/// The hybrid IBM Cloud reference architecture of ../shared/DOMAIN.md as a packet network:
/// the IBM Cloud network (public network, FCR, BCR, XCR), an IKS cluster, a VCS instance
/// with NSX (ESG, DLR, VXLAN), ICP on that instance with its own ESG and DLR, and an
/// enterprise site joined by a WAN and an L2 concentrator pair.
///
/// Every device forwards by its own routing table; the integration option only decides
/// which routes (and tunnels) exist. Placement decides encapsulation: VMs on different ESXi
/// hosts talk through VXLAN, IKS workers on different subnets through IP-in-IP, ICP workers
/// always through IP-in-IP (inside VXLAN between hosts).
public struct ReferenceArchitecture {
    public let option: IntegrationOption
    public let parameters: ArchitectureParameters
    public let plan: AddressPlan
    /// The network, ready for flows to be added.
    public internal(set) var network: Network
    /// The kind of each device, by device index.
    public let kinds: [DeviceKind]

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(option: IntegrationOption, parameters: ArchitectureParameters = ArchitectureParameters(),
                plan: AddressPlan = AddressPlan()) throws {
        if let p = parameters.problem { throw Invalid(description: "architecture parameters: \(p)") }
        var b = Builder(option: option, p: parameters, a: plan)
        b.build()
        self.option = option
        self.parameters = parameters
        self.plan = plan
        network = b.t.net
        kinds = b.t.kinds
    }

    public func kind(of device: Int) -> DeviceKind { kinds[device] }
    public func deviceIndex(_ name: String) -> Int? { network.deviceIndex(named: name) }
}

/// Builds the devices, links and routes. One method per environment; names follow DOMAIN.md.
struct Builder {
    let option: IntegrationOption
    let p: ArchitectureParameters
    let a: AddressPlan
    var t = Topology()

    static let any = Topology.everything
    /// The IBM Cloud private network (10.0.0.0/8), reached through the backend customer router.
    static let ibmPrivateNetwork = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8)
    static let tenGig: Int64 = 10_000_000_000

    /// Links inside a host (veth, vNIC): fast and short.
    var virtualLink: LinkSpec { LinkSpec(bitsPerSecond: 40_000_000_000, propagation: .zero, mtu: 9000, framingBytes: 14, bufferPackets: 10_000) }
    /// Pod interfaces: Calico's MTU of 1480 (1500 minus the IP-in-IP header).
    var podLink: LinkSpec { LinkSpec(bitsPerSecond: 40_000_000_000, propagation: .zero, mtu: 1480, framingBytes: 14, bufferPackets: 10_000) }
    /// A data-centre link of `rate` with `mtu`.
    func dcLink(_ rate: Int64, mtu: Int) -> LinkSpec {
        LinkSpec(bitsPerSecond: rate, propagation: .microseconds(5), mtu: mtu, framingBytes: 14, bufferPackets: 1000)
    }

    mutating func build() {
        ibmCloudNetwork()
        vcsInstance()
        iksCluster()
        icpOnVCS()
        enterpriseSite()
        integration()
    }

    // MARK: IBM Cloud network and the internet

    mutating func ibmCloudNetwork() {
        t.add("user", .user, [a.user])
        // The internet and the public network return no ICMP (a path-MTU black hole [Est]).
        t.add("internet", .internet) { $0.sendsFragmentationNeeded = false }
        t.add("public-network", .publicNetwork) { $0.sendsFragmentationNeeded = false }
        let hop = p.routerHopCost
        t.add("fcr", .fcr) { $0.perPacket = hop }
        t.add("bcr", .bcr) { $0.perPacket = hop }
        t.add("xcr", .xcr) { $0.perPacket = hop }
        t.link("user", "internet", LinkSpec(bitsPerSecond: p.userAccessBitsPerSecond, propagation: .milliseconds(1), mtu: 1500, bufferPackets: 500))
        t.link("internet", "public-network", LinkSpec(bitsPerSecond: Self.tenGig, propagation: p.internetLatency, mtu: 1500, bufferPackets: 5000))
        t.link("public-network", "fcr", dcLink(Self.tenGig, mtu: 1500))
        t.link("bcr", "xcr", dcLink(Self.tenGig, mtu: 9000))
        t.route("user", Self.any, via: "internet")
        t.route("internet", a.internetUsers, via: "user")
        t.route("internet", Self.any, via: "public-network")
        t.route("public-network", a.internetUsers, via: "internet")
        t.route("public-network", Self.any, via: "fcr")
        t.route("fcr", Self.any, via: "public-network")
        t.route("xcr", Self.ibmPrivateNetwork, via: "bcr")
    }

    // MARK: VCS instance: ESXi hosts, VTEPs, ESG, DLR, VMs

    mutating func vcsInstance() {
        let a = self.a, p = self.p, option = self.option
        _ = (a, p, option)
        let esgCores = p.esgSize.cores
        for h in 1...3 {
            t.add("esxi\(h)", .esxiHost)
            // The host's VTEP: encapsulates and decapsulates VXLAN for every logical switch.
            t.add("vxlan-switch-h\(h)", .vxlanSwitch, [a.vtep(h)]) {
                $0.perPacket = .microseconds(2)
                $0.encapsulationCost = .microseconds(2)
            }
            // The VCS DLR's kernel module on this host (5–10 µs per packet [Est]).
            t.add("dlr-h\(h)", .dlr) { $0.perPacket = .microseconds(7) }
            t.link("esxi\(h)", "vxlan-switch-h\(h)", virtualLink)
            t.link("vxlan-switch-h\(h)", "dlr-h\(h)", virtualLink)
            t.link("esxi\(h)", "bcr", dcLink(p.hostUplinkBitsPerSecond, mtu: 9000))
            t.route("bcr", a.vtep(h), via: "esxi\(h)")
            t.route("esxi\(h)", a.vtep(h), via: "vxlan-switch-h\(h)")
            t.route("esxi\(h)", Self.ibmPrivateNetwork, via: "bcr")
        }
        // Host-to-host links of the private VLAN carry the VXLAN transport (MTU 1600).
        for (x, y) in [(1, 2), (1, 3), (2, 3)] {
            t.link("esxi\(x)", "esxi\(y)", dcLink(p.hostUplinkBitsPerSecond, mtu: p.vxlanTransportMTU))
            t.route("esxi\(x)", a.vtep(y), via: "esxi\(y)")
            t.route("esxi\(y)", a.vtep(x), via: "esxi\(x)")
        }
        for h in 1...3 { t.route("vxlan-switch-h\(h)", a.vcsHosts, via: "esxi\(h)") }
        // Public uplinks of the hosts running the ESGs: their way to the internet.
        t.link("esxi1", "fcr", dcLink(p.hostUplinkBitsPerSecond, mtu: 1500))
        t.link("esxi2", "fcr", dcLink(p.hostUplinkBitsPerSecond, mtu: 1500))
        t.route("esxi1", Self.any, via: "fcr")
        t.route("esxi2", Self.any, via: "fcr")

        // The VCS ESG (a VM on host 1): routing, stateful firewall and NAT, IPsec endpoint.
        // Per core: 2 µs + 3.5 ns/B ≈ 1.7 Gbit/s at 1,500 B, so X-Large (6 vCPU) ≈ 10 Gbit/s [Est].
        t.add("vcs-esg", .esg, [a.vcsESGPrivate, a.vcsESGPublic, a.vcsESGTransit]) { s in
            s.cores = esgCores
            s.perPacket = .microseconds(2)
            s.perByte = 3_470
            s.queueLimit = 4096
            s.cryptoPerPacket = .microseconds(5)
            s.cryptoPerByte = 8_000   // ≈ 1 Gbit/s AES-CBC+SHA per core [Est]
            s.connections = ConnectionTable(capacity: p.esgSize.sessions, idleTimeout: .seconds(3600))
            s.newConnectionCost = .microseconds(20)
            s.establishedConnectionCost = .microseconds(1)
        }
        t.link("vcs-esg", "esxi1", virtualLink)
        t.link("vcs-esg", "dlr-h1", virtualLink)
        for prefix in [a.vcsESGPortablePrivate, a.vcsESGPortablePublic] { t.route("esxi1", prefix, via: "vcs-esg") }
        t.route("fcr", a.vcsESGPortablePublic, via: "esxi1")
        t.route("bcr", a.vcsESGPortablePrivate, via: "esxi1")
        t.route("vcs-esg", a.vcsVMNetwork, via: "dlr-h1")
        t.route("vcs-esg", a.stretchedNetwork, via: "dlr-h1")
        t.route("vcs-esg", Self.ibmPrivateNetwork, via: "esxi1")
        t.route("vcs-esg", Self.any, via: "esxi1")

        // VMs: the database on the VM network, a VM on the stretched network.
        vm("db-vm", a.database, host: p.databaseHost, network: a.vcsVMNetwork)
        vm("stretched-vm", a.stretchedVM, host: p.stretchedVMHost, network: a.stretchedNetwork)
        for h in 1...3 {
            t.route("dlr-h\(h)", a.vcsVMNetwork, via: "vxlan-switch-h\(h)")
            t.route("dlr-h\(h)", a.stretchedNetwork, via: "vxlan-switch-h\(h)")
            t.route("vxlan-switch-h\(h)", Self.any, via: "dlr-h\(h)")
            if h == 1 {
                t.route("dlr-h1", Self.any, via: "vcs-esg")
            } else {
                // To the ESG over the transit logical switch (VXLAN to host 1).
                t.route("dlr-h\(h)", Self.any, tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vcsESGTransit))
            }
        }
        // The transit VXLAN reaches the ESG through host 1: the outer packet goes to the VTEP.
        for h in 2...3 {
            t.route("dlr-h\(h)", a.vcsESGTransit, via: "vxlan-switch-h\(h)")
            t.route("vxlan-switch-h\(h)", a.vcsESGTransit, via: "esxi\(h)")
            t.route("esxi\(h)", a.vcsESGTransit, via: "esxi1")
        }
        t.route("esxi1", a.vcsESGTransit, via: "vcs-esg")
    }

    /// A VM on logical switch `network` on host `host`: reachable from the other hosts'
    /// VTEPs through VXLAN, from its own host directly.
    mutating func vm(_ name: String, _ address: IPv4Address, host: Int, network: IPv4Prefix, kind: DeviceKind = .vm) {
        t.add(name, kind, [address])
        t.link(name, "vxlan-switch-h\(host)", virtualLink)
        t.route(name, Self.any, via: "vxlan-switch-h\(host)")
        for h in 1...3 {
            if h == host {
                t.route("vxlan-switch-h\(h)", address, via: name)
            } else {
                t.route("vxlan-switch-h\(h)", IPv4Prefix(address, length: 32),
                        tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vtep(host)))
            }
        }
    }

    // MARK: IKS

    /// kube-proxy's cost of the first packet of a connection: iptables evaluates about 8 rules
    /// per service, 0.5 µs + 2 ns per rule; IPVS is constant (parameters.md §7).
    var kubeProxyNewConnection: SimTime {
        p.kubeProxyMode == .iptables ? .nanoseconds(500 + 2 * 8 * Double(p.iksServices)) : .microseconds(1)
    }

    mutating func iksCluster() {
        let a = self.a, p = self.p, option = self.option
        _ = (a, p, option)
        let workerNIC = dcLink(p.iksWorkerUplinkBitsPerSecond, mtu: 1500)
        let webWorker = p.iksWebWorker
        let workers = 1...p.iksWorkers
        for w in workers {
            let node = a.iksWorkerPrivate(w)
            t.add("iks-w\(w)", .worker, [a.iksWorkerPublicAddress(w)])
            // natOutgoing: pods leaving the cluster's ranges appear as the node.
            var snat = [
                SNATRule.exemption(source: a.iksPods, destination: a.iksPods),
                SNATRule.exemption(source: a.iksPods, destination: a.iksServices),
                // Pod addresses cross the VPN to ICP (the chart's local.subnet holds the pod CIDR).
                SNATRule.exemption(source: a.iksPods, destination: a.icpPods),
                SNATRule.exemption(source: a.iksPods, destination: a.icpServices),
            ]
            if option != .strongSwanVPN {
                snat.append(SNATRule(source: a.iksPods, translateTo: node))
            }
            // Worker 1 holds the ALB's LoadBalancer address, DNATed to the ALB pod.
            let dnat = w == 1 ? [DNATRule(address: a.iksALBPublic, port: 443, translateTo: a.iksALBPod, translatePort: 443)] : []
            workerNetworking("iks-w\(w)", node: node, snat: snat, dnat: dnat,
                             service: a.iksWebService, webPod: a.iksWebPod(webWorker))
            t.link("iks-w\(w)", "bcr", workerNIC)
            t.link("iks-w\(w)", "fcr", workerNIC)
            t.route("bcr", node, via: "iks-w\(w)")
            t.route("iks-w\(w)", node, via: "iks-w\(w)-vrouter")
            t.route("iks-w\(w)", a.iksPodSubnet(w), via: "iks-w\(w)-vrouter")
            t.route("iks-w\(w)", Self.ibmPrivateNetwork, via: "bcr")
            t.route("iks-w\(w)", Self.any, via: "fcr")
            t.route("iks-w\(w)-vrouter", a.iksPodSubnet(w), via: "iks-w\(w)-kube-proxy")
            t.route("iks-w\(w)-vrouter", Self.any, via: "iks-w\(w)")
            t.route("iks-w\(w)-kube-proxy", Self.any, via: "iks-w\(w)-vrouter")
        }
        // Workers on the same subnet route natively on their VLAN; across subnets Calico
        // uses IP-in-IP between the nodes (CrossSubnet).
        for x in workers {
            for y in workers where y != x {
                let sameSubnet = AddressPlan.iksWorkerOnSubnetB(x) == AddressPlan.iksWorkerOnSubnetB(y)
                if sameSubnet {
                    if x < y { t.link("iks-w\(x)", "iks-w\(y)", workerNIC) }
                    t.route("iks-w\(x)", a.iksWorkerPrivate(y), via: "iks-w\(y)")
                    t.route("iks-w\(x)", a.iksPodSubnet(y), via: "iks-w\(y)")
                    t.route("iks-w\(x)-vrouter", a.iksPodSubnet(y), via: "iks-w\(x)")
                } else {
                    t.route("iks-w\(x)-vrouter", a.iksPodSubnet(y),
                            tunnel: Tunnel(.ipInIP, local: a.iksWorkerPrivate(x), remote: a.iksWorkerPrivate(y), pathMTU: 1500))
                }
            }
        }
        // The ALB's public address arrives at worker 1.
        t.route("fcr", a.iksPortablePublic, via: "iks-w1")
        t.route("iks-w1", a.iksALBPublic, via: "iks-w1-vrouter")
        t.route("iks-w1-vrouter", a.iksALBPublic, via: "iks-w1-kube-proxy")

        // Pods: the public ALB on worker 1 (an L7 proxy: DNAT to the web service, SNAT to itself),
        // the web pod, and the strongSwan VPN pod on worker 2.
        pod("iks-alb", .alb, [a.iksALBPod], worker: 1) {
            Self.layer7Ingress(&$0, address: a.iksALBPod, service: a.iksWebService)
        }
        pod("iks-web", .pod, [a.iksWebPod(webWorker)], worker: webWorker) { $0.perPacket = .microseconds(2) }
    }

    /// The networking inside Kubernetes worker `worker` (IKS or ICP): its Calico vRouter holding
    /// the node address (1 µs per packet, 5 µs per IP-in-IP encapsulation [Est: +5–10 µs],
    /// connection tracking with `snat` and `dnat` at 2 µs per new and 1 µs per established
    /// connection) and its kube-proxy, which DNATs the web service `service`:80 to `webPod`:8080;
    /// linked worker – vRouter – kube-proxy.
    mutating func workerNetworking(_ worker: String, node: IPv4Address, snat: [SNATRule], dnat: [DNATRule],
                                   service: IPv4Address, webPod: IPv4Address) {
        let kubeProxyNewConnection = self.kubeProxyNewConnection
        t.add("\(worker)-vrouter", .calicoVRouter, [node]) { s in
            s.perPacket = .microseconds(1)
            s.encapsulationCost = .microseconds(5)
            var table = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(432_000))
            table.snat = snat
            table.dnat = dnat
            s.connections = table
            s.newConnectionCost = .microseconds(2)
            s.establishedConnectionCost = .microseconds(1)
        }
        t.add("\(worker)-kube-proxy", .kubeProxy) { s in
            s.connections = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(432_000), dnat: [
                DNATRule(address: service, port: 80, translateTo: webPod, translatePort: 8080),
            ])
            s.newConnectionCost = kubeProxyNewConnection
            s.establishedConnectionCost = .microseconds(1.5)
        }
        t.link(worker, "\(worker)-vrouter", virtualLink)
        t.link("\(worker)-vrouter", "\(worker)-kube-proxy", virtualLink)
    }

    /// An L7 ingress pod (the IKS ALB, the ICP ingress controller): a proxy on 2 cores taking
    /// 15 µs per packet, 30 µs per new connection and 2 µs per established one, that DNATs
    /// `address`:443 to `service`:80 and SNATs to itself (docs/assumptions.md).
    static func layer7Ingress(_ s: inout DeviceSpec, address: IPv4Address, service: IPv4Address) {
        s.cores = 2
        s.perPacket = .microseconds(15)
        s.connections = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(60),
            snat: [SNATRule(source: any, translateTo: address)],
            dnat: [DNATRule(address: address, port: 443, translateTo: service, translatePort: 80)])
        s.newConnectionCost = .microseconds(30)
        s.establishedConnectionCost = .microseconds(2)
    }

    /// A pod on IKS worker `worker`, behind that worker's kube-proxy.
    mutating func pod(_ name: String, _ kind: DeviceKind, _ addresses: [IPv4Address], worker: Int,
                      configure: (inout DeviceSpec) -> Void = { _ in }) {
        t.add(name, kind, addresses, configure: configure)
        t.link(name, "iks-w\(worker)-kube-proxy", podLink)
        t.route(name, Self.any, via: "iks-w\(worker)-kube-proxy")
        for address in addresses { t.route("iks-w\(worker)-kube-proxy", address, via: name) }
    }

    // MARK: ICP on the VCS instance

    mutating func icpOnVCS() {
        let a = self.a, p = self.p, option = self.option
        _ = (a, p, option)
        let esgCores = p.esgSize.cores
        // ICP's own ESG on host 2, with its DLR; SNAT for outbound traffic, DNAT of the
        // public address to the ingress on the proxy/worker node 1.
        t.add("icp-esg", .esg, [a.icpESGPrivate, a.icpESGPublic, a.icpESGTransit]) { s in
            s.cores = esgCores
            s.perPacket = .microseconds(2)
            s.perByte = 3_470
            s.queueLimit = 4096
            s.connections = ConnectionTable(capacity: p.esgSize.sessions, idleTimeout: .seconds(3600),
                dnat: [DNATRule(address: a.icpESGPublic, port: 443, translateTo: a.icpWorker(1), translatePort: 443),
                       // The ICP VPN's endpoint: NAT-T on the ESG's portable private address.
                       DNATRule(address: a.icpESGPrivate, port: 4500, translateTo: a.icpWorker(1), translatePort: 4500)])
            s.newConnectionCost = .microseconds(20)
            s.establishedConnectionCost = .microseconds(1)
        }
        t.add("icp-dlr-h2", .dlr) { $0.perPacket = .microseconds(7) }
        t.link("icp-esg", "esxi2", virtualLink)
        t.link("icp-esg", "icp-dlr-h2", virtualLink)
        t.link("icp-dlr-h2", "vxlan-switch-h2", virtualLink)
        for prefix in [a.icpESGPortablePrivate, a.icpESGPortablePublic, IPv4Prefix(a.icpESGTransit, length: 32)] {
            t.route("esxi2", prefix, via: "icp-esg")
        }
        t.route("fcr", a.icpESGPortablePublic, via: "esxi2")
        t.route("bcr", a.icpESGPortablePrivate, via: "esxi2")
        t.route("esxi1", IPv4Prefix(a.icpESGTransit, length: 32), via: "esxi2")
        t.route("esxi3", IPv4Prefix(a.icpESGTransit, length: 32), via: "esxi2")
        t.route("icp-esg", a.icpVMNetwork, via: "icp-dlr-h2")
        t.route("icp-esg", a.icpPods, via: "icp-dlr-h2")
        t.route("icp-esg", Self.any, via: "esxi2")
        t.route("icp-dlr-h2", a.icpVMNetwork, via: "vxlan-switch-h2")
        t.route("icp-dlr-h2", Self.any, via: "icp-esg")

        // Worker VMs: 1 (proxy/ingress) on host 2, 2 (web) on icpWebHost.
        let hosts = [1: 2, 2: p.icpWebHost]
        for w in 1...2 {
            let host = hosts[w]!
            let node = a.icpWorker(w)
            t.add("icp-w\(w)", .worker)
            let snat = [SNATRule.exemption(source: a.icpPods, destination: a.icpPods),
                        SNATRule.exemption(source: a.icpPods, destination: a.icpServices),
                        SNATRule.exemption(source: a.icpPods, destination: a.iksPods),
                        SNATRule(source: a.icpPods, translateTo: node)]
            let dnat = w != 1 ? [] : [
                DNATRule(address: node, port: 443, translateTo: a.icpIngressPod, translatePort: 443),
                // NAT-T to the ICP strongSwan pod (its NodePort).
                DNATRule(address: node, port: 4500, translateTo: a.icpStrongSwanPod, translatePort: 4500),
            ]
            workerNetworking("icp-w\(w)", node: node, snat: snat, dnat: dnat,
                             service: a.icpWebService, webPod: a.icpWebPod)
            t.link("icp-w\(w)", "vxlan-switch-h\(host)", virtualLink)
            // The ICP DLR on the worker's host is its gateway.
            let dlr = host == 2 ? "icp-dlr-h2" : "icp-dlr-h\(host)"
            if !t.has(dlr) {
                t.add(dlr, .dlr) { $0.perPacket = .microseconds(7) }
                t.link(dlr, "vxlan-switch-h\(host)", virtualLink)
                t.route(dlr, a.icpVMNetwork, via: "vxlan-switch-h\(host)")
                t.route(dlr, Self.any, tunnel: Tunnel(.vxlan, local: a.vtep(host), remote: a.icpESGTransit))
                t.route(dlr, a.icpESGTransit, via: "vxlan-switch-h\(host)")
                t.route("vxlan-switch-h\(host)", a.icpESGTransit, via: "esxi\(host)")
            }
            t.link("icp-w\(w)", dlr, virtualLink)
            t.route("icp-w\(w)", node, via: "icp-w\(w)-vrouter")
            t.route("icp-w\(w)", a.icpPodSubnet(w), via: "icp-w\(w)-vrouter")
            t.route("icp-w\(w)", a.icpVMNetwork, via: "vxlan-switch-h\(host)")
            t.route("icp-w\(w)", Self.any, via: dlr)
            t.route("icp-w\(w)-vrouter", a.icpPodSubnet(w), via: "icp-w\(w)-kube-proxy")
            t.route("icp-w\(w)-vrouter", Self.any, via: "icp-w\(w)")
            t.route("icp-w\(w)-kube-proxy", Self.any, via: "icp-w\(w)-vrouter")
            for h in 1...3 {
                if h == host {
                    t.route("vxlan-switch-h\(h)", node, via: "icp-w\(w)")
                } else {
                    t.route("vxlan-switch-h\(h)", IPv4Prefix(node, length: 32),
                            tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vtep(host)))
                }
            }
            // Pods of the other worker: IP-in-IP between the nodes (carried in VXLAN between hosts).
            let other = 3 - w
            t.route("icp-w\(w)-vrouter", a.icpPodSubnet(other),
                    tunnel: Tunnel(.ipInIP, local: node, remote: a.icpWorker(other), pathMTU: 1500))
        }
        // ICP worker addresses reached from the ESG side: VM network through the switch of host 2.
        icpPod("icp-ingress", .alb, a.icpIngressPod, worker: 1) {
            Self.layer7Ingress(&$0, address: a.icpIngressPod, service: a.icpWebService)
        }
        icpPod("icp-web", .pod, a.icpWebPod, worker: 2) { $0.perPacket = .microseconds(2) }
        // ICP and VCS ESGs talk over the private VLAN (static routes between the two ESGs).
        t.route("icp-esg", a.vcsVMNetwork, via: "esxi2")
        t.route("esxi2", a.vcsVMNetwork, via: "esxi1")
        t.route("esxi1", a.vcsVMNetwork, via: "vcs-esg")
        t.route("vcs-esg", a.icpVMNetwork, via: "esxi1")
        t.route("esxi1", a.icpVMNetwork, via: "esxi2")
        t.route("esxi2", a.icpVMNetwork, via: "icp-esg")
    }

    mutating func icpPod(_ name: String, _ kind: DeviceKind, _ address: IPv4Address, worker: Int,
                         configure: (inout DeviceSpec) -> Void) {
        t.add(name, kind, [address], configure: configure)
        t.link(name, "icp-w\(worker)-kube-proxy", podLink)
        t.route(name, Self.any, via: "icp-w\(worker)-kube-proxy")
        t.route("icp-w\(worker)-kube-proxy", address, via: name)
    }

    // MARK: Enterprise site and the stretched network

    mutating func enterpriseSite() {
        let a = self.a, p = self.p, option = self.option
        _ = (a, p, option)
        t.add("enterprise-user", .user, [a.enterpriseUser])
        t.add("onprem-router", .onPremRouter) { $0.perPacket = .microseconds(20) }
        // L2 concentrators: 0.1–0.3 ms per pass, ≈ 4 Gbit/s per appliance pair (parameters.md §8).
        let l2c: (inout DeviceSpec) -> Void = { s in
            s.perPacket = .microseconds(150)
            s.bitsPerSecondCeiling = 4e9
        }
        t.add("l2c-onprem", .l2Concentrator, [a.l2ConcentratorOnPrem], configure: l2c)
        t.add("l2c-ibm", .l2Concentrator, [a.l2ConcentratorIBM], configure: l2c)
        t.add("wan", .wan) { $0.sendsFragmentationNeeded = false }
        let lan = LinkSpec(bitsPerSecond: 1_000_000_000, propagation: .microseconds(50), mtu: 1500, bufferPackets: 1000)
        t.link("enterprise-user", "onprem-router", lan)
        t.link("onprem-router", "l2c-onprem", lan)
        t.link("onprem-router", "wan", LinkSpec(bitsPerSecond: p.wanBitsPerSecond, propagation: p.wanLatency, mtu: 1500,
                                               bufferPackets: 2000, lossProbability: p.wanLossProbability))
        t.link("wan", "xcr", dcLink(Self.tenGig, mtu: 1500))
        t.link("l2c-ibm", "esxi1", virtualLink)
        t.link("l2c-ibm", "vxlan-switch-h1", virtualLink)

        t.route("enterprise-user", Self.any, via: "onprem-router")
        t.route("onprem-router", a.enterpriseUser, via: "enterprise-user")
        t.route("onprem-router", a.l2ConcentratorOnPrem, via: "l2c-onprem")
        // The stretched network is bridged to IBM Cloud by the local L2 concentrator.
        t.route("onprem-router", a.stretchedNetwork, via: "l2c-onprem")
        t.route("onprem-router", Self.any, via: "wan")
        t.route("wan", a.enterpriseLAN, via: "onprem-router")
        t.route("wan", a.enterpriseAppliances, via: "onprem-router")
        t.route("wan", Self.any, via: "xcr")
        t.route("xcr", a.enterpriseLAN, via: "wan")
        t.route("xcr", a.enterpriseAppliances, via: "wan")
        t.route("bcr", a.enterpriseLAN, via: "xcr")
        t.route("bcr", a.enterpriseAppliances, via: "xcr")
        t.route("bcr", a.l2ConcentratorPortable, via: "esxi1")
        t.route("esxi1", a.l2ConcentratorPortable, via: "l2c-ibm")

        let overhead = p.l2ConcentratorOverhead
        t.route("l2c-onprem", a.stretchedNetwork,
                tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: a.l2ConcentratorOnPrem, remote: a.l2ConcentratorIBM))
        t.route("l2c-onprem", Self.any, via: "onprem-router")
        t.route("l2c-ibm", a.enterpriseLAN,
                tunnel: Tunnel(.l2Concentrator(overheadBytes: overhead), local: a.l2ConcentratorIBM, remote: a.l2ConcentratorOnPrem))
        t.route("l2c-ibm", a.stretchedNetwork, via: "vxlan-switch-h1")
        t.route("l2c-ibm", Self.any, via: "esxi1")
        // VMs on the stretched network keep their on-premises gateway: replies to the
        // enterprise go back through the L2 concentrator on host 1.
        t.route("vxlan-switch-h1", a.enterpriseLAN, via: "l2c-ibm")
        for h in 2...3 {
            t.route("vxlan-switch-h\(h)", a.enterpriseLAN, tunnel: Tunnel(.vxlan, local: a.vtep(h), remote: a.vtep(1)))
        }
    }

    // MARK: Integration option: how IKS reaches VCS

    mutating func integration() {
        let webWorker = p.iksWebWorker
        // The IKS VPN pod exists under every option: IKS <-> ICP always uses it.
        let vpn = iksStrongSwanPod()
        switch option {
        case .commonVLAN:
            // Workers sit on the VCS VLAN: the ESG's host is one hop away, no BCR.
            for w in 1...p.iksWorkers {
                t.link("iks-w\(w)", "esxi1", dcLink(p.iksWorkerUplinkBitsPerSecond, mtu: 1500))
                t.route("iks-w\(w)", a.vcsVMNetwork, via: "esxi1")
                t.route("esxi1", a.iksWorkerPrivate(w), via: "iks-w\(w)")
            }
            t.route("esxi1", a.vcsVMNetwork, via: "vcs-esg")  // (also set by ICP; same next hop)
        case .staticNAT:
            // Static routes to the ESG's portable address, which it translates to the VM.
            addESGDatabaseNAT()
        case .bgpPeering:
            // The ESG advertises the VCS networks to the BCR.
            t.route("bcr", a.vcsVMNetwork, via: "esxi1")
            t.route("iks-w\(webWorker)", a.vcsVMNetwork, via: "bcr")
            for w in 1...p.iksWorkers where w != webWorker { t.route("iks-w\(w)", a.vcsVMNetwork, via: "bcr") }
        case .strongSwanVPN:
            strongSwanToVCS(clusterSide: vpn.clusterSide, clusterSees: vpn.clusterSees)
        }
        strongSwanToICP()
        // Replies from VCS to the workers go back by the BCR (or the shared VLAN).
        if option != .commonVLAN {
            t.route("esxi1", a.iksWorkerSubnetA, via: "bcr")
            t.route("esxi1", a.iksWorkerSubnetB, via: "bcr")
        }
    }

    mutating func addESGDatabaseNAT() {
        let a = self.a, p = self.p, option = self.option
        _ = (a, p, option)
        t.net.updateDevice(named: "vcs-esg") { s in
            s.connections?.dnat.append(DNATRule(address: a.databaseNAT, translateTo: a.database))
        }
        t.route("esxi1", a.databaseNAT, via: "vcs-esg")
    }

    /// The IKS strongSwan VPN pod on worker 2 (single replica, CPU-limited crypto), with the
    /// chart's address options as NAT rules. Returns the cluster ranges the remote side must
    /// send into the tunnel and the VCS range as the cluster addresses it.
    mutating func iksStrongSwanPod() -> (clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let a = self.a, p = self.p
        // Per core: CBC+SHA1 ≈ 1.2 Gbit/s, GCM ≈ 3 Gbit/s with AES-NI (parameters.md §5).
        let perByte: Double = p.strongSwanCipher == .aesGCM ? 2_700 : 6_700
        // The chart's address options become NAT rules on the VPN pod.
        var clusterSide = [a.iksPods, a.iksServices]   // what the ESG sends back into the tunnel
        var table = ConnectionTable(capacity: 262_144, idleTimeout: .seconds(3600))
        var clusterSees = a.vcsVMNetwork                // the remote range as the cluster addresses it
        switch option == .strongSwanVPN ? p.strongSwanAddressing : .routed {
        case .routed: break
        case .singleSourceIP(let ip):
            table.snat = [SNATRule(source: a.iksPods, destination: a.vcsVMNetwork, translateTo: ip)]
            clusterSide = [IPv4Prefix(ip, length: 32)]
        case .localSubnetNAT(let block):
            table.snat = [SNATRule.netmap(a.iksPods, to: block, destination: a.vcsVMNetwork)]
            clusterSide = [block]
        case .remoteSubnetNAT(let seen):
            table.dnat = [DNATRule.netmap(seen, to: a.vcsVMNetwork)]
            clusterSees = seen
        }
        let addressing = option == .strongSwanVPN ? p.strongSwanAddressing : .routed
        pod("iks-strongswan", .strongswan, [a.strongSwanPod, a.strongSwanLoadBalancer], worker: 2) { s in
            s.cores = p.strongSwanCores
            s.perPacket = .microseconds(2)
            s.cryptoPerPacket = .microseconds(5)
            s.cryptoPerByte = perByte
            if addressing != .routed {
                s.connections = table
                s.newConnectionCost = .microseconds(2)
                s.establishedConnectionCost = .microseconds(1)
            }
        }
        t.route("bcr", a.strongSwanLoadBalancer, via: "iks-w2")
        t.route("iks-w2", a.strongSwanLoadBalancer, via: "iks-w2-vrouter")
        t.route("iks-w2-vrouter", a.strongSwanLoadBalancer, via: "iks-w2-kube-proxy")
        return (clusterSide, clusterSees)
    }

    /// Workers send `range` to the IKS VPN pod on worker 2 (the chart's route daemon).
    mutating func iksRoutesToVPN(_ range: IPv4Prefix) {
        let a = self.a
        t.route("iks-w2-vrouter", range, via: "iks-w2-kube-proxy")
        t.route("iks-w2-kube-proxy", range, via: "iks-strongswan")
        t.route("iks-w2", range, via: "iks-w2-vrouter")
        for w in 1...p.iksWorkers where w != 2 {
            if AddressPlan.iksWorkerOnSubnetB(w) {
                t.route("iks-w\(w)-vrouter", range, tunnel: Tunnel(.ipInIP, local: a.iksWorkerPrivate(w), remote: a.iksWorkerPrivate(2), pathMTU: 1500))
            } else {
                t.route("iks-w\(w)-vrouter", range, via: "iks-w\(w)")
                t.route("iks-w\(w)", range, via: "iks-w2")
            }
        }
    }

    /// IKS <-> ICP: strongSwan pods in both clusters (DOMAIN.md). The ICP pod's endpoint is
    /// the ICP ESG's portable private address, DNATed (NAT-T) to the pod.
    mutating func strongSwanToICP() {
        let a = self.a, p = self.p
        let cipher = p.strongSwanCipher
        let perByte: Double = cipher == .aesGCM ? 2_700 : 6_700
        for r in [a.icpPods, a.icpServices] {
            t.route("iks-strongswan", r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: a.strongSwanLoadBalancer,
                                                        remote: a.icpESGPrivate, pathMTU: 1480))
            iksRoutesToVPN(r)
        }
        icpPod("icp-strongswan", .strongswan, a.icpStrongSwanPod, worker: 1) { s in
            s.cores = p.strongSwanCores
            s.perPacket = .microseconds(2)
            s.cryptoPerPacket = .microseconds(5)
            s.cryptoPerByte = perByte
        }
        for r in [a.iksPods, a.iksServices] {
            t.route("icp-strongswan", r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: a.icpStrongSwanPod,
                                                        remote: a.strongSwanLoadBalancer, pathMTU: 1480))
            t.route("icp-w1-kube-proxy", r, via: "icp-strongswan")
            t.route("icp-w1-vrouter", r, via: "icp-w1-kube-proxy")
            t.route("icp-w2-vrouter", r, tunnel: Tunnel(.ipInIP, local: a.icpWorker(2), remote: a.icpWorker(1), pathMTU: 1500))
        }
        // The IKS side reaches the ICP ESG's portable subnet through the BCR (already routed);
        // the ICP ESG's outbound default goes to host 2's uplink.
    }

    /// The IKS strongSwan VPN pod on worker 2 (IPsec to the VCS ESG), and the routes on both sides.
    mutating func strongSwanToVCS(clusterSide: [IPv4Prefix], clusterSees: IPv4Prefix) {
        let a = self.a, p = self.p
        let cipher = p.strongSwanCipher
        let remoteRanges = [clusterSees]
        if clusterSees != a.vcsVMNetwork {
            t.route("iks-strongswan", a.vcsVMNetwork, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: a.strongSwanLoadBalancer,
                                                                     remote: a.vcsESGPrivate, pathMTU: 1480))
        }
        for r in remoteRanges {
            t.route("iks-strongswan", r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: a.strongSwanLoadBalancer,
                                                         remote: a.vcsESGPrivate, pathMTU: 1480))
            iksRoutesToVPN(r)
        }
        // The ESG sends the cluster's ranges back through the tunnel.
        t.net.updateDevice(named: "vcs-esg") { s in s.cryptoPerByte = cipher == .aesGCM ? 4_000 : 8_000 }
        for r in clusterSide {
            t.route("vcs-esg", r, tunnel: Tunnel(.esp(cipher, natTraversal: true), local: a.vcsESGPrivate,
                                                 remote: a.strongSwanLoadBalancer, pathMTU: 1500))
        }
        for r in clusterSide { t.route("dlr-h1", r, via: "vcs-esg") }
    }
}
