import Foundation
import NetModel
import Reports

/// One per-flow metric of a replication, declared once: its flows.csv column, its unit, whether
/// summary.csv aggregates it over replications (mean with its confidence interval), whether
/// `compare` ranks options by it (and which way is better), and its documentation line. The CSV
/// columns, summary.csv, `compare`, `capacity --until`, docs/metrics.md (`hybridsim metrics
/// --format markdown`) and the notebooks' loader (`results/metrics.csv`) all read this table.
public struct FlowMetric: Sendable {
    public enum Better: String, Sendable { case lower, higher }

    public let name: String
    public let unit: String
    /// summary.csv carries its mean and interval over replications.
    public let summarised: Bool
    /// `compare` ranks by it: which way is better (nil: not compared).
    public let better: Better?
    public let doc: String
    /// A count, written without decimals.
    let integer: Bool
    let value: @Sendable (NetworkResult, Int) -> Double

    init(_ name: String, _ unit: String, summarised: Bool = false, better: Better? = nil, integer: Bool = false, _ doc: String,
         _ value: @escaping @Sendable (NetworkResult, Int) -> Double) {
        self.name = name; self.unit = unit; self.summarised = summarised; self.better = better
        self.integer = integer; self.doc = doc; self.value = value
    }

    /// Its flows.csv field for flow `i` of a replication.
    func field(_ r: NetworkResult, _ i: Int) -> String {
        let v = value(r, i)
        return integer ? String(Int64(v)) : fmt(v)
    }

    /// Every metric, in flows.csv column order.
    public static let all: [FlowMetric] = {
        var m: [FlowMetric] = [
            FlowMetric("sent", "packets", integer: true, "packets the flow created in the window (source and responder)") { r, i in Double(r.flows[i].sent) },
            FlowMetric("delivered", "packets", integer: true, "of those, packets that reached their destination") { r, i in Double(r.flows[i].delivered) },
            FlowMetric("dropped", "packets", summarised: true, better: nil, integer: true, "of those, packets lost (by reason: the drop_ columns)") { r, i in Double(r.flows[i].dropped) },
            FlowMetric("in_flight", "packets", integer: true, "sent − delivered − dropped: still queued or travelling at the end") { r, i in Double(r.flows[i].inFlight) },
            FlowMetric("latency_mean_us", "us", summarised: true, better: .lower, "mean one-way latency of delivered packets") { r, i in r.flows[i].latency.tally.mean / 1e6 },
            FlowMetric("latency_p50_us", "us", "median one-way latency (HDR histogram, ≤ 0.1 % error)") { r, i in r.flows[i].latency.percentile(50).microseconds },
            FlowMetric("latency_p99_us", "us", summarised: true, "99th percentile of one-way latency") { r, i in r.flows[i].latency.percentile(99).microseconds },
            FlowMetric("latency_p999_us", "us", "99.9th percentile of one-way latency") { r, i in r.flows[i].latency.percentile(99.9).microseconds },
            FlowMetric("jitter_us", "us", "RFC 3550 interarrival jitter at the end of the run") { r, i in r.flows[i].jitterPicoseconds / 1e6 },
            FlowMetric("goodput_mbps", "Mbit/s", summarised: true, better: .higher, "unique application payload arriving in the window × 8 / window") { r, i in r.goodputBitsPerSecond(i) / 1e6 },
            FlowMetric("wire_mbps", "Mbit/s", "bytes the flow put on the first link of each path (all headers) × 8 / window") { r, i in r.wireBitsPerSecond(i) / 1e6 },
        ]
        for reason in DropReason.allCases {
            m.append(FlowMetric("drop_\(reason)", "packets", integer: true, "packets dropped for \(reason) (docs/metrics.md, drop reasons)") { r, i in Double(r.flows[i].drops[reason]) })
        }
        m += [
            FlowMetric("fragments", "fragments", integer: true, "fragments cut from the flow's packets") { r, i in Double(r.flows[i].fragments) },
            FlowMetric("transactions", "transactions", integer: true, "request/response transactions completed (started in the window)") { r, i in Double(r.flows[i].transactions.count) },
            FlowMetric("transactions_per_s", "1/s", summarised: true, better: .higher, "transactions completed per second of window") { r, i in Double(r.flows[i].transactions.count) / r.window },
            FlowMetric("transaction_mean_ms", "ms", summarised: true, better: .lower, "mean transaction time: from the client starting it (DNS lookup and TCP/TLS handshakes included when it makes them) to the last byte of the response") { r, i in r.flows[i].transactions.tally.mean / 1e9 },
            FlowMetric("transaction_p99_ms", "ms", summarised: true, better: .lower, "99th percentile of transaction time") { r, i in r.flows[i].transactions.percentile(99).milliseconds },
            FlowMetric("retransmissions", "segments", integer: true, "TCP segments the flow sent again (fast retransmit, recovery and timeouts; both directions)") { r, i in Double(r.flows[i].retransmissions) },
            FlowMetric("retransmission_timeouts", "timeouts", integer: true, "TCP retransmission timeouts of data that fired (SYN timeouts excluded)") { r, i in Double(r.flows[i].retransmissionTimeouts) },
            FlowMetric("fast_recoveries", "recoveries", integer: true, "TCP fast recoveries entered (SACK loss detection, RFC 6675)") { r, i in Double(r.flows[i].fastRecoveries) },
            FlowMetric("connections_opened", "connections", integer: true, "TCP connections the flow opened (handshakes begun; SYN retries not counted)") { r, i in Double(r.flows[i].connectionsOpened) },
            FlowMetric("tls_full_handshakes", "handshakes", integer: true, "full TLS handshakes begun (with the server's certificate flight and its CPU)") { r, i in Double(r.flows[i].tlsFullHandshakes) },
            FlowMetric("tls_resumed_handshakes", "handshakes", integer: true, "TLS handshakes resumed from a session ticket or PSK") { r, i in Double(r.flows[i].tlsResumedHandshakes) },
            FlowMetric("dns_lookups", "queries", integer: true, "DNS queries the clients sent (answers still in their cache are not queries)") { r, i in Double(r.flows[i].lookups) },
            FlowMetric("failed_transactions", "transactions", summarised: true, integer: true, "transactions the client gave up at its timeout (over TCP the connection is reset)") { r, i in Double(r.flows[i].failedTransactions) },
        ]
        return m
    }()

    public static var summarisedMetrics: [FlowMetric] { all.filter(\.summarised) }
    public static func named(_ name: String) -> FlowMetric? { all.first { $0.name == name } }

    /// The declaration as a report: one row per metric (`hybridsim metrics`).
    public static var report: Report {
        Report(command: "metrics", identity: [Report.Field("hybridsim_version", StudyRunner.version)], tables: [Report.Table(
            title: "flows.csv: one column per metric, per flow and replication",
            columns: [Report.Column("name", "name", rightAligned: false), Report.Column("unit", "unit", rightAligned: false),
                      Report.Column("summary", "summary.csv", rightAligned: false), Report.Column("compare", "compare", rightAligned: false),
                      Report.Column("doc", "meaning", rightAligned: false)],
            rows: all.map { [.text($0.name), .text($0.unit), .text($0.summarised ? "mean and CI" : ""),
                             .text($0.better.map { "\($0.rawValue) is better" } ?? ""), .text($0.doc)] })])
    }

    /// The markdown table docs/metrics.md carries between its generated-block markers.
    public static var markdown: String {
        var out = "| column | unit | summary.csv | compare | meaning |\n|---|---|---|---|---|\n"
        for m in all {
            out += "| `\(m.name)` | \(m.unit) | \(m.summarised ? "mean and CI" : "") | \(m.better.map { "\($0.rawValue) is better" } ?? "") | \(m.doc) |\n"
        }
        return out
    }
}
