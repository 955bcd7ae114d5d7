/// One bit per segment of a sliding range [base, base + capacity): which segments a receiver
/// holds out of order, or which a sender knows SACKed or has retransmitted. Storage is
/// allocated once per connection; marking and sliding allocate nothing.
struct SegmentBitmap {
    private var words: [UInt64]
    let capacity: Int

    init(capacity: Int) {
        let w = max(1, (capacity + 63) / 64)
        words = Array(repeating: 0, count: w)
        self.capacity = w * 64
    }

    @inline(__always) private func slot(_ seq: UInt32) -> (Int, UInt64) {
        let i = Int(seq % UInt32(capacity))
        return (i >> 6, 1 << UInt64(i & 63))
    }

    @inline(__always) func contains(_ seq: UInt32) -> Bool {
        let (w, b) = slot(seq)
        return words[w] & b != 0
    }

    /// Sets the bit of `seq`; returns true when it was clear.
    @inline(__always) @discardableResult mutating func insert(_ seq: UInt32) -> Bool {
        let (w, b) = slot(seq)
        if words[w] & b != 0 { return false }
        words[w] |= b
        return true
    }

    @inline(__always) mutating func remove(_ seq: UInt32) {
        let (w, b) = slot(seq)
        words[w] &= ~b
    }

    /// Clears the bits of [from, to).
    /// - Complexity: O(to − from), at most O(capacity).
    mutating func clear(from: UInt32, to: UInt32) {
        if to &- from >= UInt32(capacity) {
            for i in words.indices { words[i] = 0 }
            return
        }
        var s = from
        while s != to {
            remove(s)
            s &+= 1
        }
    }

    mutating func removeAll() { for i in words.indices { words[i] = 0 } }
}
