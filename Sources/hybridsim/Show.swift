import ArgumentParser
import Experiments
import Foundation
import HybridCloud
import NetModel
import Reports
import SimKernel

/// `hybridsim show`: the compiled network of a scenario's estate.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the compiled network of an estate: devices, links and flows, or a Graphviz picture.",
        discussion: """
            table: three sections: devices (name, kind, placement, addresses), links (ends, rate, \
            one-way delay, MTU) and the scenario's flows (ends, source device, destination). \
            csv: one row per device, link and flow (column `record`), after the scenario \
            identity columns. json: the three tables with the identity. dot: a Graphviz graph \
            (devices grouped by ESXi host; render with `dot -Tsvg`). Exit status: 0, 1 for a \
            scenario error, 2 for a usage error.

            Examples:
              hybridsim show
              hybridsim show scenarios/estate-example.yaml --option bgp-peering
              hybridsim show scenarios/estate-example.yaml --format dot > estate.dot
              hybridsim show --format csv --set architecture.vcs.hosts=6
              hybridsim show scenarios/multi-cluster.yaml --format json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, dot }

    @OptionGroup var input: ScenarioInput

    @Option(help: "Integration option the network is compiled for.")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    func run() throws {
        let (s, tree) = try input.loadWithTree()
        let estate = try CompiledEstate(s.inventory, option: option)
        let net = estate.network
        let devices = (0..<net.deviceCount).map { i -> [String] in
            let d = net.deviceSpec(i)
            return [d.name, estate.kind(of: i).rawValue, estate.placement[i], d.addresses.map(\.description).joined(separator: " ")]
        }
        let links = stride(from: 0, to: net.channelCount, by: 2).map { c -> [String] in
            let (a, b) = net.channelEnds(c)
            let l = net.channelSpec(c)
            return [net.deviceSpec(a).name, net.deviceSpec(b).name, Self.rate(l.bitsPerSecond), Self.delay(l.propagation), "\(l.mtu)B"]
        }
        let flows = try s.flows.map { f -> [String] in
            let src = try estate.source(f.from)
            let dst = try estate.destination(f.to, from: f.from)
            return [f.name, "\(f.from)", "\(f.to)", src.device, "\(dst.address):\(dst.port)"]
        }
        let identity = RunReport.identity(s, tree: tree)
        func text(_ rows: [[String]]) -> [[Report.Cell]] { rows.map { $0.map { .text($0) } } }
        func columns(_ names: [String]) -> [Report.Column] { names.map { Report.Column($0, $0, rightAligned: false) } }
        switch format {
        case .table, .json:
            let report = Report(
                command: "show", identity: identity,
                header: ["\(s.name), option \(option.rawValue): \(devices.count) devices, \(links.count) links, \(flows.count) flows"],
                tables: [Report.Table(title: "devices", columns: columns(["device", "kind", "placement", "addresses"]), rows: text(devices)),
                         Report.Table(title: "links", columns: columns(["link", "to", "rate", "delay", "mtu"]), rows: text(links)),
                         Report.Table(title: "flows", columns: columns(["flow", "from", "to", "source_device", "destination"]), rows: text(flows))])
            print(report.render(format == .json ? .json : .table), terminator: "")
        case .csv:
            // One tidy table: a row per device, link and flow (column record).
            var rows = devices.map { ["device", $0[0], $0[1], $0[2], $0[3], "", "", "", "", "", ""] }
            rows += links.map { ["link", "\($0[0])-\($0[1])", "", "", "", $0[0], $0[1], $0[2], $0[3], $0[4], ""] }
            rows += flows.map { ["flow", $0[0], "", "", "", $0[1], $0[2], "", "", "", $0[4]] }
            let table = Report.Table(title: "estate", columns: columns(["record", "name", "kind", "placement", "addresses", "from", "to", "rate", "delay", "mtu", "destination"]),
                                     rows: text(rows))
            print(Report(command: "show", identity: identity, tables: [table]).render(.csv), terminator: "")
        case .dot:
            print(Self.dot(estate: estate, devices: devices, links: links), terminator: "")
        }
    }

    static func rate(_ bps: Int64) -> String {
        if bps % 1_000_000_000 == 0 { return "\(bps / 1_000_000_000)Gbps" }
        if bps % 1_000_000 == 0 { return "\(bps / 1_000_000)Mbps" }
        return "\(bps)bps"
    }

    static func delay(_ t: SimTime) -> String {
        if t == .zero { return "0" }
        let us = t.microseconds
        return us >= 1000 ? String(format: "%gms", us / 1000) : String(format: "%gus", us)
    }

    /// Devices on an ESXi host (placement `host N...`) in one cluster box per host.
    static func dot(estate: CompiledEstate, devices: [[String]], links: [[String]]) -> String {
        var out = "graph estate {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
        var byHost: [Int: [Int]] = [:]
        for (i, d) in devices.enumerated() {
            if d[2].hasPrefix("host "), let h = Int(d[2].dropFirst(5).prefix { $0.isNumber }) { byHost[h, default: []].append(i) }
        }
        func node(_ i: Int) -> String { "\"\(devices[i][0])\" [label=\"\(devices[i][0])\\n\(devices[i][1])\"];" }
        for h in byHost.keys.sorted() {
            out += "  subgraph cluster_host\(h) {\n    label=\"ESXi host \(h)\";\n"
            for i in byHost[h]! { out += "    \(node(i))\n" }
            out += "  }\n"
        }
        let placed = Set(byHost.values.flatMap { $0 })
        for i in devices.indices where !placed.contains(i) { out += "  \(node(i))\n" }
        for l in links { out += "  \"\(l[0])\" -- \"\(l[1])\" [label=\"\(l[2])\", fontsize=8];\n" }
        return out + "}\n"
    }
}
