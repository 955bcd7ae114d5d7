/// A FIFO queue in a growable circular buffer: O(1) push and pop, no allocation once it has
/// grown to the largest size it reaches. Used for station and link queues. Empty slots hold
/// `filler` (so elements are stored as themselves, not as optionals).
public struct RingBuffer<Element> {
    @usableFromInline var storage: ContiguousArray<Element>
    @usableFromInline var head = 0
    @usableFromInline var countStored = 0
    @usableFromInline let filler: Element

    public init(capacity: Int = 16, filler: Element) {
        storage = ContiguousArray(repeating: filler, count: Swift.max(capacity, 1))
        self.filler = filler
    }

    @inlinable public var count: Int { countStored }
    @inlinable public var isEmpty: Bool { countStored == 0 }

    @inlinable public mutating func pushBack(_ element: Element) {
        if countStored == storage.count { grow() }
        var index = head &+ countStored
        if index >= storage.count { index &-= storage.count }
        storage[index] = element
        countStored &+= 1
    }

    @inlinable public mutating func popFront() -> Element? {
        guard countStored > 0 else { return nil }
        let element = storage[head]
        head &+= 1
        if head == storage.count { head = 0 }
        countStored &-= 1
        return element
    }

    @inlinable public var front: Element? { countStored > 0 ? storage[head] : nil }

    @usableFromInline mutating func grow() {
        var bigger = ContiguousArray<Element>(repeating: filler, count: storage.count * 2)
        for i in 0..<countStored { bigger[i] = storage[(head + i) % storage.count] }
        storage = bigger
        head = 0
    }
}
