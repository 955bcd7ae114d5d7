import SimKernel

/// The TLS version a flow's clients speak to the proxy that terminates it (the IKS ALB, the
/// ICP ingress), or none.
public enum TLSVersion: String, Sendable, CaseIterable {
    case none
    /// Full handshake: 2 round trips before the request (RFC 5246 §7.3).
    case tls12 = "1.2"
    /// Full handshake: 1 round trip before the request (RFC 8446 §2).
    case tls13 = "1.3"
}

/// TLS on a request/response flow's new connections: the handshake's messages travel over
/// the connection's TCP before the request, and the terminating end spends CPU time on them
/// (a delay before it answers, like the server time). Sizes are bytes on the wire (records),
/// times per handshake, per-byte costs per byte of application data. CPU figures were measured
/// on this project's machine with `openssl speed` (OpenSSL 3.0.19, one core): RSA-2048 sign
/// 0.244 ms, ECDH P-256 45 µs (22,136 op/s), AES-128-GCM 4.39 GB/s at 16 KB records.
public struct TLSOptions: Sendable, Equatable {
    public var version: TLSVersion = .none
    /// A client that completed a full handshake resumes its session on its next connections
    /// (session ticket, RFC 5077 / PSK, RFC 8446 §2.2): one round trip, no certificate, no signature.
    public var resumption = true
    /// The terminating end's CPU for a full handshake: one RSA-2048 signature and one ECDHE P-256
    /// (0.244 ms + 45 µs, openssl speed above).
    public var fullHandshakeCPU: SimTime = .microseconds(289)
    /// A resumed handshake: TLS 1.3 PSK with (EC)DHE does the key exchange (45 µs); a TLS 1.2
    /// ticket only decrypts the ticket (counted as nothing).
    public var resumedHandshakeCPU: SimTime = .microseconds(45)
    /// Encryption or decryption of application data: 0.228 ns/B (AES-128-GCM, 4.39 GB/s).
    public var cpuPerByte: Double = 0.228e-9

    // Handshake flights (bytes). ClientHello padded to 517 B as browsers send it (RFC 7685's
    // padding extension); the server's full flight carries a two-certificate RSA-2048 chain
    // (≈ 3 KB) and its handshake messages [Est 4,000 B]; finished flights are a few records.
    static let clientHello = 517
    static let serverFullFlight = 4_000
    static let serverResumedFlight = 250
    /// TLS 1.2: ClientKeyExchange (ECDHE) + ChangeCipherSpec + Finished; the server's CCS + Finished.
    static let clientKeyExchange = 126
    static let serverFinished = 51
    /// TLS 1.3: the client's Finished (with a compatibility ChangeCipherSpec), sent with the request.
    static let clientFinished = 64

    public init(version: TLSVersion = .none) { self.version = version }
}
