/// The kinds of `FailureEvent` a scenario's `failures:` list names, with the keys each takes.
public enum FailureKind: String, CaseIterable, Sendable {
    case strongSwanRestart = "strongswan-restart", esgFailover = "esg-failover"
    case workerLoss = "worker-loss", linkDown = "link-down", hostFailure = "host-failure", deviceDown = "device-down"

    /// The scenario keys of this kind besides `event`, `at` and `for`; any other key is an error.
    public var keys: [String] {
        switch self {
        case .strongSwanRestart: return ["cluster"]
        case .esgFailover: return ["instance"]
        case .hostFailure: return ["host", "instance"]
        case .workerLoss: return ["worker", "cluster", "endpoint-removal"]
        case .linkDown: return ["link"]
        case .deviceDown: return ["device"]
        }
    }
}
