import NetModel
import SimKernel

extension FailurePlanner {
    // MARK: Pods rescheduled after eviction

    /// The lost worker `w`'s `pods`, evicted, are recreated on the next worker with new
    /// addresses from its pod subnet (their devices added to the network before the run, idle
    /// until used). At `ready` each new pod's endpoint joins the Services the old one was in,
    /// and a flow whose client was the old pod continues from the new one.
    mutating func reschedule(_ pods: [PodPlacement], cluster: (name: String, workers: Int), from w: Int, at ready: SimTime) throws {
        let target = w % cluster.workers + 1
        let targetWorker = DeviceName.worker(cluster.name, target)
        let proxy = try device(DeviceName.kubeProxy(targetWorker))
        guard let subnet = podSubnet(cluster.name, target) else { return }
        for p in pods {
            let old = try device(p.device)
            var net = wiring.network
            guard let address = (20..<Int(subnet.size) - 1).lazy.map({ IPv4Address(subnet.network.value + UInt32($0)) })
                .first(where: { net.device(owning: $0) == nil }) else {
                throw invalid("no free address in \(subnet) for \(p.device) rescheduled to \(targetWorker)")
            }
            var spec = net.deviceSpec(old)
            spec.name = "\(p.device)-on-\(targetWorker)"
            spec.addresses = [address]
            let link = (0..<net.channelCount).first { net.channelEnds($0).from == old }.map { net.channelSpec($0) }
            let pod = try net.addDevice(spec)
            wiring.network = net
            let (out, back) = try wiring.connect(pod, proxy, link ?? net.channelSpec(0))
            try wiring.network.addRoute(device: pod, Route(IPv4Prefix(.zero, length: 0), .forward(channel: out)))
            try wiring.network.addRoute(device: proxy, Route(IPv4Prefix(address, length: 32), .forward(channel: back)))
            wiring.network.addBackend(address, besides: p.address)
            net = wiring.network
            if net.isServiceBackend(address) {
                add(Failure(at: ready, .endpoint(address), up: true))
            }
            for f in 0..<net.flowCount where net.flowSpec(f).sourceDevice == old {
                add(Failure(at: ready, .flowSource(flow: f, device: pod, address: address), up: true))
            }
        }
    }

    /// The pod subnet of worker `w` of the IKS or ICP cluster `name`.
    func podSubnet(_ name: String, _ w: Int) -> IPv4Prefix? {
        if let c = inv.iksCluster(named: name) { return c.addresses.podSubnet(w) }
        return inv.icpCluster(named: name)?.addresses.podSubnet(w)
    }
}
