/// The operations of the rule language on values: comparison and arithmetic with intervals and
/// currencies, equality within lists, and case-insensitive search in text. The evaluator uses
/// them on a dossier's facts; the compiler, to fold constants and to check ranges.
package enum ValueOperations {
    /// Whether `text` contains `part`, ignoring case. ASCII text (nearly all of it) is searched
    /// byte by byte; other text is lowered and compared as Unicode, canonical equivalents equal.
    package static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        let ascii = text.withUTF8 { haystack in
            part.withUTF8 { needle -> Bool? in
                // Bytes are characters only in ASCII without "\r" ("\r\n" is one character).
                func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 || $0 == 0x0D } }
                guard plain(haystack), plain(needle) else { return nil }
                @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
                if needle.isEmpty { return nil }
                guard needle.count <= haystack.count else { return false }
                outer: for start in 0...(haystack.count - needle.count) {
                    for offset in 0..<needle.count where lower(haystack[start + offset]) != lower(needle[offset]) { continue outer }
                    return true
                }
                return false
            }
        }
        return ascii ?? text.lowercased().contains(part.lowercased())
    }

    /// Three-valued "some item equals the needle": true on a match, unknown when no item matches
    /// but some could not be compared (unknown items, money with no rate), false otherwise. A
    /// not-applicable needle equals nothing.
    @inlinable package static func anyEqual(_ items: [Value?], _ needle: Value, rates: RateTable) -> Bool? {
        var unknown = false
        for item in items {
            guard let item else {
                unknown = true
                continue
            }
            switch compare(.equal, needle, item, rates: rates) {
            case true?: return true
            case nil: unknown = true
            default: break
            }
        }
        return unknown && !needle.isNotApplicable ? nil : false
    }

    /// Brings two amounts of money to one currency (the left one's); nil when no rate is declared.
    @inlinable package static func align(_ a: Interval, _ aCurrency: String, _ b: Interval, _ bCurrency: String, rates: RateTable) -> (
        Interval, Interval
    )? {
        guard let factor = rates.factor(from: bCurrency, to: aCurrency) else { return nil }
        return (a, b * Interval(factor))
    }

    @inlinable package static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value, rates: RateTable) -> Bool? {
        let ordered: (Interval, Interval)?
        switch (a, b) {
        case (.number(let x), .number(let y)): ordered = (x, y)
        case (.money(let x, let cx), .money(let y, let cy)):
            ordered = align(x, cx, y, cy, rates: rates)
            if ordered == nil { return nil }
        case (.date(let x), .date(let y)): ordered = (Interval(Double(x.daysSinceEpoch)), Interval(Double(y.daysSinceEpoch)))
        case (.text(let x), .text(let y)):
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            default: return nil
            }
        case (.boolean(let x), .boolean(let y)):
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            default: return nil
            }
        default:
            // Every comparison with a value that does not apply is false.
            if a.isNotApplicable || b.isNotApplicable { return false }
            return nil
        }
        guard let (x, y) = ordered else { return nil }
        switch op {
        case .equal: return Interval.equal(x, y)
        case .notEqual: return Interval.equal(x, y).map { !$0 }
        case .less: return Interval.less(x, y)
        case .lessOrEqual: return Interval.lessOrEqual(x, y)
        case .greater: return Interval.less(y, x)
        case .greaterOrEqual: return Interval.lessOrEqual(y, x)
        }
    }

    @inlinable package static func arithmetic(_ op: ArithmeticOperator, _ a: Value, _ b: Value, rates: RateTable) -> Value? {
        switch (op, a, b) {
        case (.add, .number(let x), .number(let y)): return .number(x + y)
        case (.subtract, .number(let x), .number(let y)): return .number(x - y)
        case (.multiply, .number(let x), .number(let y)): return .number(x * y)
        case (.divide, .number(let x), .number(let y)): return (x / y).map(Value.number)
        case (.add, .money(let x, let c), .money(let y, let d)):
            return align(x, c, y, d, rates: rates).map { .money($0.0 + $0.1, currency: c) }
        case (.subtract, .money(let x, let c), .money(let y, let d)):
            return align(x, c, y, d, rates: rates).map { .money($0.0 - $0.1, currency: c) }
        case (.multiply, .money(let x, let c), .number(let y)), (.multiply, .number(let y), .money(let x, let c)):
            return .money(x * y, currency: c)
        case (.divide, .money(let x, let c), .number(let y)):
            return (x / y).map { .money($0, currency: c) }
        case (.divide, .money(let x, let c), .money(let y, let d)):
            guard let (p, q) = align(x, c, y, d, rates: rates) else { return nil }
            return (p / q).map(Value.number)
        default:
            // Arithmetic with a value that does not apply does not apply either.
            if a.isNotApplicable { return a }
            if b.isNotApplicable { return b }
            return nil
        }
    }
}
