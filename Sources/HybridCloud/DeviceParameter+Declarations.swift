/// The defaults of every device parameter with their sources. Where a default was fitted by
/// `hybridsim calibrate` to a published measurement, the source names the measurement
/// (scenarios/calibration/published.yaml); the table of docs/assumptions.md shows what the
/// model produces there. Source tags as in docs/assumptions.md.
extension DeviceParameter {
    public var declaration: Declaration {
        let us = 1e-6, ns = 1e-9
        switch self {
        case .esgPerPacket:
            return .init(unit: .duration, defaultValue: 1 * us, summary: "ESG forwarding cost per packet, per core",
                         source: "[Est] ≈ 1 Mpps per core, Linux forwarding of small packets; esg.per-byte carries the measured ceiling")
        case .esgPerByte:
            return .init(unit: .durationPerByte, defaultValue: 2.61 * ns, summary: "ESG forwarding cost per byte, per core",
                         source: "fitted by hybridsim calibrate to esg-x-large-forwarding: an X-Large ESG ≈ 10 Gbit/s north-south with many flows (NSX-v design guide: > 10 Gbit/s needs ECMP, 8 ESGs ≈ 80 Gbit/s)")
        case .esgCryptoPerPacket:
            return .init(unit: .duration, defaultValue: 5 * us, summary: "ESG IPsec cost per ESP packet encrypted or decrypted",
                         source: "[Est]; an SA is served by one core (RSS on the outer header): Cilium docs, Submariner #1509")
        case .esgCryptoPerByteCBC:
            return .init(unit: .durationPerByte, defaultValue: 8 * ns, summary: "ESG IPsec cost per byte, AES-CBC + HMAC-SHA1",
                         source: "[Est] ≈ 0.5 Gbit/s per SA at 1,500 B; VMware publishes no ESG IPsec throughput")
        case .esgCryptoPerByteGCM:
            return .init(unit: .durationPerByte, defaultValue: 4 * ns, summary: "ESG IPsec cost per byte, AES-GCM",
                         source: "[Est] half of CBC + SHA1 (AES-NI)")
        case .esgNewConnection:
            return .init(unit: .duration, defaultValue: 20 * us, summary: "ESG cost of a new connection (session creation), beyond its rules",
                         source: "[Est]")
        case .esgEstablished:
            return .init(unit: .duration, defaultValue: 1 * us, summary: "ESG session lookup per packet of a known connection",
                         source: "[Est]")
        case .esgNATRule:
            return .init(unit: .duration, defaultValue: 0.1 * us, summary: "ESG cost per NAT rule scanned for a new connection",
                         source: "[Est] NSX evaluates NAT rules in order")
        case .esgNATTranslation:
            return .init(unit: .duration, defaultValue: 0.5 * us, summary: "ESG address/port rewrite (with checksum update) per translated packet",
                         source: "[Est]; makes static-nat dearer than routing (bgp-peering) at the same load")
        case .esgFirewallRule:
            return .init(unit: .duration, defaultValue: 13 * ns, summary: "ESG cost per firewall rule evaluated for a new connection",
                         source: "[Est] as kube-proxy.iptables-rule (fitted): the NSX-v Edge firewall is iptables-based")
        case .vtepCores:
            return .init(unit: .count, defaultValue: 1, summary: "cores of a host's VTEP (packets are pinned to a core by their outer header)",
                         source: "[Blog] nsxyy.wordpress.com 2018-06-21: RSS hashes VXLAN on the outer header, so one host pair's flows share a queue")
        case .vtepPerPacket:
            return .init(unit: .duration, defaultValue: 0.593 * us, summary: "VTEP cost per packet",
                         source: "fitted by hybridsim calibrate to vxlan-one-stream (scenarios/calibration/published.yaml): one stream between VMs on two hosts, 4–7 Gbit/s at 1,500 B without offload (vswitchzero.com 2018-08-02)")
        case .vtepPerByte:
            return .init(unit: .durationPerByte, defaultValue: 0.3 * ns, summary: "VTEP cost per byte without NIC offload",
                         source: "[Est] a memory copy and checksum (≈ 3 GB/s per core); the per-packet cost dominates, as the source's jumbo-frame advice implies")
        case .vtepPerByteOffloaded:
            return .init(unit: .durationPerByte, defaultValue: 0.1 * ns, summary: "VTEP cost per byte with NIC offload (TSO/CSO for VXLAN)",
                         source: "[Est] a third of vtep.per-byte; one stream then reaches ≈ 6.4 Gbit/s, short of the published \"sometimes higher than 8 Gbps\" (vswitchzero.com 2018-08-02): offload (TSO) also saves per-packet work, which the model keeps")
        case .vtepEncapsulation:
            return .init(unit: .duration, defaultValue: 0.5 * us, summary: "VTEP cost per VXLAN encapsulation or decapsulation", source: "[Est]")
        case .vtepOffload:
            return .init(unit: .flag, defaultValue: 0, summary: "NIC offload of VXLAN (TSO/CSO): VTEPs use vtep.per-byte-offloaded",
                         source: "[Blog] vswitchzero.com 2018-08-02: line rate at 1,500 B MTU needs offload; off by default")
        case .dlrPerPacket:
            return .init(unit: .duration, defaultValue: 7 * us, summary: "DLR kernel module per packet (a pure delay)",
                         source: "[Est] 5–10 µs; the nsxperts.com DLR measurement could not be read")
        case .calicoCores:
            return .init(unit: .count, defaultValue: 4, summary: "cores of a worker's Calico vRouter (packets pinned by their outer header)",
                         source: "[V] IKS b3c.4x16 classic flavour: 4 vCPU")
        case .calicoPerPacket:
            return .init(unit: .duration, defaultValue: 0.1 * us, summary: "Calico vRouter cost per packet",
                         source: "[Est] a kernel route lookup; calico.per-byte carries the measured ceiling")
        case .calicoPerByte:
            return .init(unit: .durationPerByte, defaultValue: 0.288 * ns, summary: "Calico vRouter cost per byte",
                         source: "fitted by hybridsim calibrate to calico-direct-one-stream: pod-to-pod without encapsulation 15.4–16.1 Gbit/s on 1-vCPU VMs (electrocucaracha/krd tuning_calico.rst)")
        case .calicoIPIP:
            return .init(unit: .duration, defaultValue: 1.2 * us, summary: "Calico IP-in-IP encapsulation or decapsulation",
                         source: "fitted by hybridsim calibrate to calico-ipip-one-stream: pod-to-pod IP-in-IP 4.28–4.82 Gbit/s on 1-vCPU VMs (same source)")
        case .calicoNewConnection:
            return .init(unit: .duration, defaultValue: 2 * us, summary: "vRouter conntrack: new connection", source: "[Est]")
        case .calicoEstablished:
            return .init(unit: .duration, defaultValue: 0.1 * us, summary: "vRouter conntrack: known connection", source: "[Est] a conntrack hash lookup")
        case .kubeProxyIptablesBase:
            return .init(unit: .duration, defaultValue: 0.5 * us, summary: "kube-proxy iptables: first packet of a connection, beyond its rules",
                         source: "[Est]")
        case .kubeProxyIptablesRule:
            return .init(unit: .duration, defaultValue: 13 * ns, summary: "kube-proxy iptables: per rule the first packet of a connection scans",
                         source: "fitted by hybridsim calibrate to kube-proxy-iptables-1000-services: +26 µs per new connection from 4 to 1,000 Services (devfloor9 engineering-playbook, EKS 1.31)")
        case .kubeProxyRulesPerService:
            return .init(unit: .count, defaultValue: 1, summary: "kube-proxy iptables: rules per Service in KUBE-SERVICES, scanned by every new connection at each node it enters",
                         source: "[V] kube-proxy's KUBE-SERVICES chain holds one rule per Service port (Tigera counts ≈ 2 per Service); the client's and the server's node both scan it")
        case .kubeProxyIPVS:
            return .init(unit: .duration, defaultValue: 1 * us, summary: "kube-proxy IPVS: first packet (hash lookup, constant)",
                         source: "[Est]; Tigera: IPVS cost does not grow with Services")
        case .kubeProxyNftables:
            return .init(unit: .duration, defaultValue: 1 * us, summary: "kube-proxy nftables: first packet (verdict maps, constant)",
                         source: "[V] Kubernetes blog 2025-02-28: nftables latency does not grow with Services; value [Est]")
        case .kubeProxyEstablished:
            return .init(unit: .duration, defaultValue: 1.5 * us, summary: "kube-proxy conntrack: known connection", source: "[Est]")
        case .strongSwanPerPacket:
            return .init(unit: .duration, defaultValue: 2 * us, summary: "strongSwan pod cost per packet", source: "[Est]")
        case .strongSwanCryptoPerPacket:
            return .init(unit: .duration, defaultValue: 2.66 * us, summary: "strongSwan pod cost per ESP packet encrypted or decrypted",
                         source: "fitted by hybridsim calibrate to strongswan-gcm-one-stream: one SA ≈ 1 Gbit/s between Kubernetes gateway pods on n1-standard-8 VMs (submariner#1509), with crypto-per-byte-gcm")
        case .strongSwanCryptoPerByteCBC:
            return .init(unit: .durationPerByte, defaultValue: 4.27 * ns, summary: "strongSwan pod cost per byte, AES-CBC + HMAC-SHA1",
                         source: "fitted by hybridsim calibrate to strongswan-cbc-two-streams: one SA, two streams, 819 Mbit/s (libreswan benchmarking wiki via libreswan#208)")
        case .strongSwanCryptoPerByteGCM:
            return .init(unit: .durationPerByte, defaultValue: 2.7 * ns, summary: "strongSwan pod cost per byte, AES-GCM",
                         source: "[Est] AES-GCM with AES-NI; the 1 Gbit/s per SA of submariner#1509 is fitted by strongswan.crypto-per-packet")
        case .ingressCores:
            return .init(unit: .count, defaultValue: 2, summary: "cores of an ingress pod (IKS ALB, ICP ingress)", source: "[Est]")
        case .ingressPerPacket:
            return .init(unit: .duration, defaultValue: 15 * us, summary: "ingress proxy cost per packet", source: "[Est]")
        case .ingressNewConnection:
            return .init(unit: .duration, defaultValue: 30 * us, summary: "ingress proxy cost per new connection", source: "[Est]")
        case .ingressEstablished:
            return .init(unit: .duration, defaultValue: 2 * us, summary: "ingress proxy cost per packet of a known connection", source: "[Est]")
        case .podPerPacket:
            return .init(unit: .duration, defaultValue: 2 * us, summary: "application pod network stack per packet (a pure delay)", source: "[Est]")
        case .l2cPerPass:
            return .init(unit: .duration, defaultValue: 150 * us, summary: "L2 concentrator per pass (a pure delay)",
                         source: "[Est] 0.1–0.3 ms; no published figure found")
        case .l2cRate:
            return .init(unit: .bitRate, defaultValue: 4e9, summary: "L2 concentrator appliance ceiling (all networks)",
                         source: "[V] IBM HCX on VCS: \"approximately 4 Gbps for all L2 network traffic\" (hcxclient-monitoring.md)")
        case .l2cNetworkRate:
            return .init(unit: .bitRate, defaultValue: 1e9, summary: "ceiling per stretched network (inner packets)",
                         source: "[V] same: \"approximately 1 Gbps or less\" per stretched network")
        case .onPremRouterPerPacket:
            return .init(unit: .duration, defaultValue: 20 * us, summary: "on-premises router per packet", source: "[Est]")
        }
    }
}
