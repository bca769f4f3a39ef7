import RuleLanguage

/// Values written as bytes that are equal exactly when the values are the same to the
/// evaluator: numbers by their bit patterns (so `0` and `-0`, which divide differently, differ),
/// text by its UTF-8 bytes (not by Unicode equivalence, which a pattern does not follow), every
/// list, record and unknown value marked so that no two shapes write the same bytes. What
/// `StakeMemo` keys what it knows by.
struct ValueKey: Hashable {
    private(set) var bytes: [UInt8]

    init() {
        bytes = []
        bytes.reserveCapacity(256)
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ value: Value?) {
        guard let value else { return bytes.append(0) }
        switch value {
        case .number(let interval):
            bytes.append(1)
            append(interval)
        case .money(let interval, let currency):
            bytes.append(2)
            append(interval)
            append(currency)
        case .text(let text):
            bytes.append(3)
            append(text)
        case .boolean(let value):
            bytes.append(value ? 4 : 5)
        case .date(let day):
            append(day)
        case .list(let items):
            bytes.append(7)
            append(items)
        case .openList(let items):
            bytes.append(8)
            append(items)
        case .record(let fields):
            bytes.append(9)
            append(fields)
        case .notApplicable(let reason):
            bytes.append(10)
            append(reason)
        }
    }

    mutating func append(_ day: Day?) {
        guard let day else { return bytes.append(0) }
        bytes.append(6)
        append(UInt64(bitPattern: Int64(day.daysSinceEpoch)))
    }

    /// Eight bytes, least significant first.
    mutating func append(_ number: UInt64) {
        var number = number
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: number))
            number >>= 8
        }
    }

    private mutating func append(_ interval: Interval) {
        append(interval.low.bitPattern)
        append(interval.high.bitPattern)
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            append(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    private mutating func append(_ items: [Value?]) {
        append(UInt64(items.count))
        for item in items { append(item) }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Eight bytes at a time (the array's own `==` compares them one by one).
    static func == (a: ValueKey, b: ValueKey) -> Bool {
        guard a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in
                var offset = 0
                while offset + 8 <= x.count {
                    if x.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != y.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                        return false
                    }
                    offset += 8
                }
                while offset < x.count {
                    if x[offset] != y[offset] { return false }
                    offset += 1
                }
                return true
            }
        }
    }
}
