import SimKernel

extension Network {
    mutating func applyFailure(_ failure: Failure, _ s: inout EventScheduler) {
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
        }
    }
}
