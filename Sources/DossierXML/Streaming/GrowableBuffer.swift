/// A growable buffer of plain values (no references, nothing to destroy) that a streamed
/// document keeps from one document to the next: appends are a capacity check and a store, and
/// reads go straight to memory, without the uniqueness and bounds checks of an array held by a
/// class. Indices are the caller's to keep in range.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        base.deallocate()
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, elements.count > 0 else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        (base + count).initialize(from: source, count: elements.count)
        count += elements.count
    }

    @inline(__always)
    mutating func removeLast() {
        count -= 1
    }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    /// Forgets the elements, keeping the room.
    mutating func removeAll() {
        count = 0
    }

    /// The elements from `start`, `length` of them.
    @inline(__always)
    func buffer(_ start: Int, _ length: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: length)
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
