/// The TLS handshake message a connection waits for next.
enum TLSStep: UInt8 {
    /// Application data (the handshake is over, or there is none).
    case done
    /// The ClientHello is on its way to the server (or the server is working on it).
    case clientHello
    /// The server's flight (ServerHello … Finished, or … ServerHelloDone in TLS 1.2).
    case serverFlight
    /// TLS 1.2 full handshake: the client's ClientKeyExchange, ChangeCipherSpec, Finished.
    case clientKeyExchange
    /// TLS 1.2 full handshake: the server's ChangeCipherSpec and Finished.
    case serverFinished
}
