import HybridCloud
import NetModel
import SimKernel

/// One measurement of a real estate that `hybridsim calibrate` fits the device models to (or
/// checks them against): what was measured between two endpoints under one integration
/// option, its value and uncertainty, and the scenario settings of its conditions.
///
/// Values are held in SI units: bits per second for `tcp-throughput`, seconds for `rtt` and
/// `transaction-time`.
public struct CalibrationMeasurement: Sendable {
    /// What was measured.
    public enum Kind: String, Sendable, CaseIterable {
        /// Goodput of `streams` parallel TCP bulk transfers (iperf), summed.
        case tcpThroughput = "tcp-throughput"
        /// Round-trip time of small packets (ping): 64 B each way, one at a time.
        case rtt
        /// Mean request/response transaction time at the given load.
        case transactionTime = "transaction-time"

        /// The unit values are written in, for tables.
        public var unit: String { self == .tcpThroughput ? "Mbit/s" : "ms" }
        /// SI value → table unit.
        public var scale: Double { self == .tcpThroughput ? 1e-6 : 1e3 }
    }

    public var name: String
    public var kind: Kind
    public var from: FlowEndpoint
    public var to: FlowEndpoint
    public var option: IntegrationOption
    /// Parallel streams (`tcp-throughput`).
    public var streams = 1
    /// Segments in flight per stream (`tcp-throughput`): at least the path's bandwidth-delay product.
    public var window = ScenarioFlow.bulkWindow
    /// The load (`transaction-time`); `rtt` uses one client sending 64 B pings.
    public var traffic: RequestResponse? = nil
    public var value: Double
    /// One standard uncertainty of `value`, absolute, SI units.
    public var uncertainty: Double
    /// Scenario settings of the measurement's conditions (`path=value`, as `--set`).
    public var settings: [String] = []
    /// When set, `value` is a difference: the measurement minus the same measurement under
    /// these settings (laid over `settings`), e.g. 1,000 Services against 4. Both runs share
    /// their seeds, so the difference is paired by replication.
    public var baseline: [String]? = nil
    /// The device the measurement characterises, where and how it was measured (for tables).
    public var device = ""
    public var conditions = ""
    public var source = ""

    /// The scenario flows that reproduce the measurement.
    public func flows() throws -> [ScenarioFlow] {
        switch kind {
        case .tcpThroughput:
            return (0..<streams).map { i in
                var f = ScenarioFlow(name: streams == 1 ? name : "\(name)#\(i + 1)", from: from, to: to, traffic: ScenarioFlow.defaultTraffic)
                f.bulk = BulkTransfer(windowPackets: window)
                f.sourcePort = UInt16(40_001 + i)
                return f
            }
        case .rtt:
            let ping = RequestResponse(clients: 1, thinkTime: try .constant(0.01), requestBytes: try .constant(64),
                                       responseBytes: try .constant(64), serverTime: try .constant(0), timeout: .seconds(1))
            return [ScenarioFlow(name: name, from: from, to: to, traffic: ping)]
        case .transactionTime:
            return [ScenarioFlow(name: name, from: from, to: to, traffic: traffic ?? ScenarioFlow.defaultTraffic)]
        }
    }

    /// The measured quantity in one replication's result (SI units); its flows come first.
    public func observe(_ r: NetworkResult) -> Double {
        switch kind {
        case .tcpThroughput: return (0..<streams).reduce(0) { $0 + r.goodputBitsPerSecond($1) }
        case .rtt, .transactionTime: return r.flows[0].transactions.tally.mean / 1e12
        }
    }

    /// `v` (SI) in the table unit, e.g. "819.0 Mbit/s".
    public func written(_ v: Double) -> String {
        String(format: kind == .tcpThroughput ? "%.1f %@" : "%.4f %@", v * kind.scale, kind.unit)
    }
}
