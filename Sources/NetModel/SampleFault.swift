import SimKernel

/// A draw that the model cannot carry: a message or packet size beyond `ModelLimits`, or not
/// a number. The scenario checks refuse distributions for which such a draw is more likely
/// than `ModelLimits.largestTailProbability`; a rarer one stops the run, and `Network.run`
/// throws an error that names the flow, the quantity and the distribution.
struct SampleFault: Sendable {
    let flow: String
    let quantity: ModelLimits.Size
    let distribution: Distribution
    let value: Double
    let time: SimTime

    var message: String {
        "flow \(flow): its \(quantity.rawValue) distribution \(distribution) drew \(value) B at t = \(time); "
            + "the model carries at most \(Int64(quantity.largestBytes)) B. Bound the distribution "
            + "(e.g. pareto(shape, min, max)) or lower its spread"
    }
}

extension Network {
    /// `value` bytes drawn for flow `f`, as a whole number; a value beyond the quantity's
    /// limit (or NaN) records a `SampleFault`, stops the run and gives 0.
    @inline(__always)
    mutating func sampledBytes(_ value: Double, _ quantity: ModelLimits.Size, flow f: Int,
                               _ s: inout EventScheduler) -> Int {
        if value <= quantity.largestBytes { return Int(max(0, value).rounded()) }
        recordFault(value, quantity, flow: f, &s)
        return 0
    }

    @inline(never)
    mutating func recordFault(_ value: Double, _ quantity: ModelLimits.Size, flow f: Int, _ s: inout EventScheduler) {
        s.requestStop()
        guard sampleFault == nil else { return }
        let distribution: Distribution
        switch (quantity, flows[f].spec.pattern) {
        case (.request, .requestResponse(let rr)): distribution = rr.requestBytes
        case (.response, .requestResponse(let rr)): distribution = rr.responseBytes
        default: distribution = flows[f].packetBytes
        }
        sampleFault = SampleFault(flow: flows[f].spec.name, quantity: quantity, distribution: distribution,
                                  value: value, time: s.now)
    }
}
