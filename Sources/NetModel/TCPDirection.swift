/// Which way a TCP packet travels: `up` from the client, `down` from the server.
enum TCPDirection: UInt8 {
    case up = 0, down = 1
    var reverse: TCPDirection { self == .up ? .down : .up }
}
