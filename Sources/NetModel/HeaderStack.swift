/// The headers of a packet, innermost first, stored inline (no allocation): at most
/// `HeaderStack.capacity` headers. The outermost header is the last one pushed.
///
/// Sizes are never stored: `bytes(payload:)` derives the IP-level size by wrapping the
/// payload in each header from the inside out (ESP padding depends on what it wraps).
public struct HeaderStack: Sendable {
    public static let capacity = 12

    @usableFromInline var headers: InlineArray<12, Header>
    @usableFromInline var depth: UInt8 = 0

    @inlinable public init() { headers = InlineArray(repeating: .empty) }

    public init(_ list: [Header]) {
        self.init()
        for h in list { push(h) }
    }

    @inlinable public var count: Int { Int(depth) }
    @inlinable public var isEmpty: Bool { depth == 0 }

    /// The header at `index` (0 = innermost).
    @inlinable public subscript(index: Int) -> Header {
        get { headers[index] }
        set { headers[index] = newValue }
    }

    /// The outermost header.
    @inlinable public var outermost: Header { headers[Int(depth) - 1] }

    @inlinable public mutating func push(_ header: Header) {
        precondition(depth < 12, "header stack overflow (more than 12 headers)")
        headers[Int(depth)] = header
        depth &+= 1
    }

    @inlinable @discardableResult public mutating func pop() -> Header {
        precondition(depth > 0, "pop from an empty header stack")
        depth &-= 1
        return headers[Int(depth)]
    }

    /// Removes every header above index `index`, keeping `index` (0-based) as the new outermost.
    @inlinable public mutating func truncate(keepingThrough index: Int) {
        depth = UInt8(index + 1)
    }

    /// The size in bytes of the payload wrapped in every header (the outermost packet).
    @inlinable @inline(__always) public func bytes(payload: Int) -> Int {
        bytes(payload: payload, below: Int(depth))
    }

    /// The size of the packet carried by header `index` (everything inside it), e.g. the
    /// inner IP packet under a tunnel header.
    @inlinable @inline(__always) public func bytes(payload: Int, below index: Int) -> Int {
        // Read through a borrowed span: no copy of the inline storage.
        let view = headers.span
        var size = payload
        var i = 0
        while i < index {
            size = view[unchecked: i].wrap(size)
            i &+= 1
        }
        return size
    }

    /// Index of the outermost header of `kind`, or -1.
    @inlinable @inline(__always) public func outermostIndex(of kind: Header.Kind) -> Int {
        let view = headers.span
        var i = Int(depth) - 1
        while i >= 0 {
            if view[unchecked: i].kind == kind { return i }
            i &-= 1
        }
        return -1
    }

    public var list: [Header] { (0..<count).map { headers[$0] } }
}
