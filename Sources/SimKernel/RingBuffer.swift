/// A FIFO queue in a growable circular buffer: O(1) push and pop, no allocation once it has
/// grown to the largest size it reaches. Used for station and link queues.
public struct RingBuffer<Element> {
    @usableFromInline var storage: ContiguousArray<Element?>
    @usableFromInline var head = 0
    @usableFromInline var countStored = 0

    public init(capacity: Int = 16) {
        storage = ContiguousArray(repeating: nil, count: Swift.max(capacity, 1))
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
        storage[head] = nil
        head &+= 1
        if head == storage.count { head = 0 }
        countStored &-= 1
        return element
    }

    @inlinable public var front: Element? { countStored > 0 ? storage[head] : nil }

    @usableFromInline mutating func grow() {
        var bigger = ContiguousArray<Element?>(repeating: nil, count: storage.count * 2)
        for i in 0..<countStored { bigger[i] = storage[(head + i) % storage.count] }
        storage = bigger
        head = 0
    }
}
