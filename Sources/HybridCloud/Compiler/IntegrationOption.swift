import NetModel

/// How IKS reaches the VCS instance (DOMAIN.md, "Integration options").
public enum IntegrationOption: String, Sendable, CaseIterable {
    /// IKS workers on the VCS VLAN; the ESG peers with them directly.
    case commonVLAN = "common-vlan"
    /// strongSwan VPN pod in IKS, IPsec tunnel to the ESG.
    case strongSwanVPN = "strongswan-vpn"
    /// Static routes to an ESG portable address that the ESG translates (DNAT) to the VM.
    case staticNAT = "static-nat"
    /// BGP peering with the BCR: the ESG advertises the VCS networks to the BCR.
    case bgpPeering = "bgp-peering"
}

/// What an integration option changes in the compiled network. Derived from the option in one
/// exhaustive switch (`IntegrationOption.behaviour`): a new option does not compile until it
/// says what it does, and the builders read only these fields.
struct IntegrationBehaviour {
    /// Workers have a link on the VCS VLAN to the ESG's host (no BCR in between).
    var sharedVLAN: Bool
    /// IKS reaches the VCS networks through the strongSwan IPsec tunnel to the ESG; pod
    /// addresses travel unchanged (no natOutgoing towards VCS).
    var vpnToVCS: Bool
    /// The ESG publishes a portable private address per VM and DNATs it to the VM.
    var esgTranslatesVMs: Bool
    /// The BCR routes the VCS networks to the ESG (static routes or learned by BGP).
    var bcrRoutesVCS: Bool
    /// The VCS side returns traffic to the worker subnets through the BCR.
    var repliesThroughBCR: Bool
}

extension IntegrationOption {
    var behaviour: IntegrationBehaviour {
        switch self {
        case .commonVLAN:
            return IntegrationBehaviour(sharedVLAN: true, vpnToVCS: false, esgTranslatesVMs: false, bcrRoutesVCS: false, repliesThroughBCR: false)
        case .strongSwanVPN:
            return IntegrationBehaviour(sharedVLAN: false, vpnToVCS: true, esgTranslatesVMs: false, bcrRoutesVCS: false, repliesThroughBCR: true)
        case .staticNAT:
            return IntegrationBehaviour(sharedVLAN: false, vpnToVCS: false, esgTranslatesVMs: true, bcrRoutesVCS: false, repliesThroughBCR: true)
        case .bgpPeering:
            return IntegrationBehaviour(sharedVLAN: false, vpnToVCS: false, esgTranslatesVMs: false, bcrRoutesVCS: true, repliesThroughBCR: true)
        }
    }
}
