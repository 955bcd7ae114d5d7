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
            csv: one row per device, link and flow (column `record`). dot: a Graphviz graph \
            (devices grouped by ESXi host; render with `dot -Tsvg`).

            Examples:
              hybridsim show
              hybridsim show scenarios/estate-example.yaml --option bgp-peering
              hybridsim show scenarios/estate-example.yaml --format dot > estate.dot
              hybridsim show --format csv --set architecture.vcs.hosts=6
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, dot }

    @OptionGroup var input: ScenarioInput

    @Option(help: "Integration option the network is compiled for.")
    var option: IntegrationOption = .strongSwanVPN

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    func run() throws {
        let s = try input.load()
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
        switch format {
        case .table:
            print("\(s.name), option \(option.rawValue): \(devices.count) devices, \(links.count) links, \(flows.count) flows\n")
            print(TextTable.render(header: ["device", "kind", "placement", "addresses"], rows: devices, rightAligned: []))
            print(TextTable.render(header: ["link", "to", "rate", "delay", "mtu"], rows: links, rightAligned: [2, 3, 4]))
            print(TextTable.render(header: ["flow", "from", "to", "source device", "destination"], rows: flows, rightAligned: []), terminator: "")
        case .csv:
            var table = CSVTable(header: ["record", "name", "kind", "placement", "addresses", "from", "to", "rate", "delay", "mtu", "destination"])
            for d in devices { table.append(["device", d[0], d[1], d[2], d[3], "", "", "", "", "", ""]) }
            for l in links { table.append(["link", "\(l[0])-\(l[1])", "", "", "", l[0], l[1], l[2], l[3], l[4], ""]) }
            for f in flows { table.append(["flow", f[0], "", "", "", f[1], f[2], "", "", "", f[4]]) }
            print(table.text, terminator: "")
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
