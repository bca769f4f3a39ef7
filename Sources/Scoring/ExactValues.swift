import RuleLanguage

/// Values compared and hashed as the evaluator tells them apart: numbers by their bit patterns
/// (so `0` and `-0`, which divide differently, differ), text by its UTF-8 bytes (not by Unicode
/// equivalence, which a pattern does not follow), and every list, record and unknown value by
/// its shape as well as its items. How `StakeMemo` tells the values of a context apart.
enum ExactValues {
    /// Mixes `x` into `hash` (SplitMix64's finaliser: every bit of `x` moves about half the
    /// bits of the result).
    @inline(__always)
    static func mix(_ hash: UInt64, _ x: UInt64) -> UInt64 {
        var z = (hash ^ x) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mixes the value into `hash`, and adds to `size` the values it holds (itself, and each
    /// item and field, at every depth).
    static func hash(_ value: Value?, into hash: inout UInt64, size: inout Int) {
        size += 1
        guard let value else {
            hash = mix(hash, 0)
            return
        }
        switch value {
        case .number(let interval):
            hash = mix(mix(mix(hash, 1), interval.low.bitPattern), interval.high.bitPattern)
        case .money(let interval, let currency):
            hash = mix(mix(mix(hash, 2), interval.low.bitPattern), interval.high.bitPattern)
            text(currency, into: &hash)
        case .text(let text):
            hash = mix(hash, 3)
            Self.text(text, into: &hash)
        case .boolean(let value):
            hash = mix(hash, value ? 4 : 5)
        case .date(let day):
            hash = mix(mix(hash, 6), UInt64(bitPattern: Int64(day.daysSinceEpoch)))
        case .list(let items):
            hash = mix(mix(hash, 7), UInt64(items.count))
            for item in items { Self.hash(item, into: &hash, size: &size) }
        case .openList(let items):
            hash = mix(mix(hash, 8), UInt64(items.count))
            for item in items { Self.hash(item, into: &hash, size: &size) }
        case .record(let fields):
            hash = mix(mix(hash, 9), UInt64(fields.count))
            for field in fields { Self.hash(field, into: &hash, size: &size) }
        case .notApplicable(let reason):
            hash = mix(hash, 10)
            text(reason, into: &hash)
        }
    }

    /// The UTF-8 bytes, eight at a time, and their count.
    private static func text(_ text: String, into hash: inout UInt64) {
        var text = text
        text.withUTF8 { bytes in
            var h = mix(hash, UInt64(bytes.count))
            var offset = 0
            while offset + 8 <= bytes.count {
                h = mix(h, UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var last: UInt64 = 0
            while offset < bytes.count {
                last = last << 8 | UInt64(bytes[offset])
                offset += 1
            }
            hash = mix(h, last)
        }
    }

    static func equal(_ a: Value?, _ b: Value?) -> Bool {
        guard let a else { return b == nil }
        guard let b else { return false }
        switch a {
        case .number(let x):
            if case .number(let y) = b { return same(x, y) }
        case .money(let x, let c):
            if case .money(let y, let d) = b { return same(x, y) && equal(c, d) }
        case .text(let x):
            if case .text(let y) = b { return equal(x, y) }
        case .boolean(let x):
            if case .boolean(let y) = b { return x == y }
        case .date(let x):
            if case .date(let y) = b { return x.daysSinceEpoch == y.daysSinceEpoch }
        case .list(let x):
            if case .list(let y) = b { return equal(x, y) }
        case .openList(let x):
            if case .openList(let y) = b { return equal(x, y) }
        case .record(let x):
            if case .record(let y) = b { return equal(x, y) }
        case .notApplicable(let x):
            if case .notApplicable(let y) = b { return equal(x, y) }
        }
        return false
    }

    private static func equal(_ x: [Value?], _ y: [Value?]) -> Bool {
        guard x.count == y.count else { return false }
        for index in x.indices where !equal(x[index], y[index]) { return false }
        return true
    }

    private static func same(_ x: Interval, _ y: Interval) -> Bool {
        x.low.bitPattern == y.low.bitPattern && x.high.bitPattern == y.high.bitPattern
    }

    /// The same UTF-8 bytes, compared eight at a time.
    private static func equal(_ x: String, _ y: String) -> Bool {
        guard x.utf8.count == y.utf8.count else { return false }
        var (x, y) = (x, y)
        return x.withUTF8 { a in
            y.withUTF8 { b in
                let (a, b) = (UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b))
                var offset = 0
                while offset + 8 <= a.count {
                    if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                        return false
                    }
                    offset += 8
                }
                while offset < a.count {
                    if a[offset] != b[offset] { return false }
                    offset += 1
                }
                return true
            }
        }
    }
}
