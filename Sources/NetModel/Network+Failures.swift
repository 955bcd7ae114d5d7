import SimKernel

extension Network {
    mutating func applyFailure(_ failure: Failure, _ s: inout EventScheduler) {
        if !failuresBegan {
            failuresBegan = true
            for f in flows.indices { flows[f].stats.outageFloor = s.now }
        }
        switch failure.target {
        case .link(let a, let b):
            for c in [a, b] {
                if failure.up { channels[c].up = true } else if channels[c].up { linkDown(channel: c, at: s.now) }
            }
        case .device(let d):
            devices[d].up = failure.up
            if !failure.up {
                while let p = devices[d].queue.popFront() { drop(p, .deviceDown, device: d) }
                devices[d].queueLength.update(to: 0, at: s.now)
            }
        case .endpoint(let address):
            for d in devices.indices where devices[d].spec.connections?.balances(to: address) == true {
                devices[d].spec.connections!.setReady(address, failure.up)
            }
        case .route(let d, let prefix, let action):
            if let action { devices[d].spec.routes.add(Route(prefix, action)) } else { devices[d].spec.routes.remove(prefix) }
            devices[d].spec.routes.buildIndex()
        case .flowSource(let f, let d, let address):
            flows[f].spec.sourceDevice = d
            flows[f].spec.sourceAddress = address
            flows[f].endpoints.device = d
            flows[f].endpoints.source = address
        }
    }
}

extension Network {
    /// Ends the run's open outage intervals at `end` (they have not recovered).
    mutating func closeOutages(at end: SimTime) {
        for f in flows.indices where flows[f].stats.outageOpen {
            let last = max(flows[f].stats.lastService ?? flows[f].stats.outageFloor, flows[f].stats.outageFloor)
            flows[f].stats.outage += end - last
            flows[f].stats.recoveredAt = nil
            flows[f].stats.outageOpen = false
        }
    }
}
