/// Fixed-size storage for the run-time state of devices, channels and flows.
///
/// Built fresh from the builder's arrays at the start of every run, so it is never shared
/// between two `Network` values. Elements are reached through addressors: reading or writing
/// one field touches only that field, with no copy of the element and no uniqueness check
/// (which `Array` must do on every in-place mutation).
struct Slab<Element> {
    final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int

        init(_ elements: [Element]) {
            count = elements.count
            base = .allocate(capacity: max(count, 1))
            _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    let storage: Storage

    init(_ elements: [Element] = []) { storage = Storage(elements) }

    var count: Int { storage.count }
    var indices: Range<Int> { 0..<storage.count }

    subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(storage.base + index) }
        nonmutating unsafeMutableAddress { storage.base + index }
    }

    func map<T>(_ transform: (Element) throws -> T) rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for i in indices { result.append(try transform(storage.base[i])) }
        return result
    }
}
