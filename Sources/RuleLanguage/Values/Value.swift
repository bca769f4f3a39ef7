import SilkDiagnostics

/// A closed interval of real numbers; a point when `low == high`. Money given as a range
/// (the CR929's "$13 billion to $20 billion") stays a range through arithmetic, and a comparison
/// is decided only when every point of the range agrees.
public struct Interval: Sendable, Hashable {
    public var low: Double
    public var high: Double

    @inlinable public init(_ low: Double, _ high: Double) {
        self.low = min(low, high)
        self.high = max(low, high)
    }

    @inlinable public init(_ point: Double) {
        self.init(point, point)
    }

    @inlinable public var isPoint: Bool { low == high }
    /// Whether the interval has no upper end (the count of an open list: "at least 2").
    @inlinable public var isOpenAbove: Bool { high == .infinity }
    public var middle: Double { (low + high) / 2 }

    @inlinable package static func + (a: Interval, b: Interval) -> Interval { Interval(a.low + b.low, a.high + b.high) }
    @inlinable package static func - (a: Interval, b: Interval) -> Interval { Interval(a.low - b.high, a.high - b.low) }
    @inlinable package static func * (a: Interval, b: Interval) -> Interval {
        // An end may be infinite (the count of an open list, "at least 2"): 0 × ∞ is 0 here, as
        // interval arithmetic has it, not NaN.
        @inline(__always) func times(_ x: Double, _ y: Double) -> Double {
            let product = x * y
            return product.isNaN ? 0 : product
        }
        let (p, q, r, s) = (times(a.low, b.low), times(a.low, b.high), times(a.high, b.low), times(a.high, b.high))
        return Interval(Swift.min(p, q, r, s), Swift.max(p, q, r, s))
    }
    /// nil when the divisor may be zero.
    @inlinable package static func / (a: Interval, b: Interval) -> Interval? {
        if b.low <= 0 && b.high >= 0 { return nil }
        // Each end divided, not multiplied by a reciprocal: 3 / 10 is the double nearest 0.3,
        // where 3 × (1 / 10) is one ulp above it, and a comparison at the boundary would flip.
        let (p, q, r, s) = (a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high)
        // ∞ / ∞ (two open counts) could be anything: unknown.
        if p.isNaN || q.isNaN || r.isNaN || s.isNaN { return nil }
        return Interval(Swift.min(p, q, r, s), Swift.max(p, q, r, s))
    }

    /// Three-valued `<`: true when every point of `a` is below every point of `b`.
    @inlinable package static func less(_ a: Interval, _ b: Interval) -> Bool? {
        if a.high < b.low { return true }
        if a.low >= b.high { return false }
        return nil
    }

    @inlinable package static func lessOrEqual(_ a: Interval, _ b: Interval) -> Bool? {
        if a.high <= b.low { return true }
        if a.low > b.high { return false }
        return nil
    }

    @inlinable package static func equal(_ a: Interval, _ b: Interval) -> Bool? {
        if a.isPoint && b.isPoint { return a.low == b.low }
        if a.high < b.low || b.high < a.low { return false }
        return nil
    }
}

/// A value a fact or expression can take. Absence of a value (`nil` wherever `Value?` appears)
/// means *unknown*. Not `indirect` as a whole: lists hold their items in an array already, and a
/// boolean or a number should not cost an allocation each time an expression yields one.
///
/// Money alone is `indirect` (its amount and currency in a box of their own): unboxed, its 32
/// bytes made `Value?` too large for the compiler to copy and destroy in line, and every `Value?`
/// destroyed, whatever its case, went through the runtime's generic value witnesses (some 100
/// instructions each, several hundred times a dossier); with every payload at most 16 bytes, a
/// destroy is a switch and a release. A money value made costs an allocation instead, far fewer.
public enum Value: Sendable, Hashable {
    case number(Interval)
    indirect case money(Interval, currency: String)
    case text(String)
    case boolean(Bool)
    case date(Day)
    /// A list whose every item is known to be there: nothing else is.
    case list([Value?])
    /// A list known to hold at least these items (never none): others may exist. A dossier's
    /// list is open where the catalogue says so (`open lists under`), for a section that records
    /// what is known without the checks having been made.
    case openList([Value?])
    case record([Value?])
    /// Known not to apply to the project, with the reason the dossier gives (empty when it
    /// gives none): not unknown. See docs/rule-language.md §7.
    case notApplicable(String)
}

extension Value {
    /// The value as true or false: a not-applicable value counts as false; anything other than
    /// a boolean is unknown.
    @inlinable package var boolean: Bool? {
        switch self {
        case .boolean(let value): value
        case .notApplicable: false
        default: nil
        }
    }

    @inlinable package var isNotApplicable: Bool {
        if case .notApplicable = self { return true }
        return false
    }
}
