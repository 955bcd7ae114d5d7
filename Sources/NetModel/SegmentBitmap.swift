/// One bit per segment of a sliding range [base, base + capacity): which segments a receiver
/// holds out of order, or which a sender knows SACKed or has retransmitted. A bitmap is a slice
/// of its flow's `SegmentStore`, so a connection holds no reference: copying its state copies
/// plain values, and marking and sliding allocate nothing.
struct SegmentBitmap {
    /// First word in the store, and words.
    let offset: Int
    let words: Int
    var capacity: Int { words * 64 }
}

/// The words of every bitmap of one flow's TCP connections, allocated when the flow is prepared.
struct SegmentStore {
    private(set) var words: [UInt64] = []

    /// A new bitmap of at least `capacity` bits, all clear.
    mutating func allocate(capacity: Int) -> SegmentBitmap {
        let w = max(1, (capacity + 63) / 64)
        let b = SegmentBitmap(offset: words.count, words: w)
        words.append(contentsOf: repeatElement(0, count: w))
        return b
    }

    @inline(__always) private func slot(_ b: SegmentBitmap, _ seq: UInt32) -> (Int, UInt64) {
        let i = Int(seq % UInt32(b.capacity))
        return (b.offset + i >> 6, 1 << UInt64(i & 63))
    }

    @inline(__always) func contains(_ b: SegmentBitmap, _ seq: UInt32) -> Bool {
        let (w, bit) = slot(b, seq)
        return words[w] & bit != 0
    }

    /// Sets the bit of `seq`; returns true when it was clear.
    @inline(__always) @discardableResult mutating func insert(_ b: SegmentBitmap, _ seq: UInt32) -> Bool {
        let (w, bit) = slot(b, seq)
        if words[w] & bit != 0 { return false }
        words[w] |= bit
        return true
    }

    @inline(__always) mutating func remove(_ b: SegmentBitmap, _ seq: UInt32) {
        let (w, bit) = slot(b, seq)
        words[w] &= ~bit
    }

    /// - Complexity: O(words of `b`).
    mutating func removeAll(_ b: SegmentBitmap) {
        for i in b.offset..<(b.offset + b.words) { words[i] = 0 }
    }

    /// Clears the three bitmaps of `half` (a new connection's direction).
    mutating func removeAll(of half: TCPHalf) {
        removeAll(half.sacked)
        removeAll(half.retransmitted)
        removeAll(half.received)
    }
}
