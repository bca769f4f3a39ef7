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
    public var middle: Double { (low + high) / 2 }

    @inlinable package static func + (a: Interval, b: Interval) -> Interval { Interval(a.low + b.low, a.high + b.high) }
    @inlinable package static func - (a: Interval, b: Interval) -> Interval { Interval(a.low - b.high, a.high - b.low) }
    @inlinable package static func * (a: Interval, b: Interval) -> Interval {
        let (p, q, r, s) = (a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high)
        return Interval(Swift.min(p, q, r, s), Swift.max(p, q, r, s))
    }
    /// nil when the divisor may be zero.
    @inlinable package static func / (a: Interval, b: Interval) -> Interval? {
        if b.low <= 0 && b.high >= 0 { return nil }
        // Each end divided, not multiplied by a reciprocal: 3 / 10 is the double nearest 0.3,
        // where 3 × (1 / 10) is one ulp above it, and a comparison at the boundary would flip.
        let (p, q, r, s) = (a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high)
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
/// means *unknown*. Not `indirect`: lists hold their items in an array already, and a boolean
/// or a number should not cost an allocation each time an expression yields one.
public enum Value: Sendable, Hashable {
    case number(Interval)
    case money(Interval, currency: String)
    case text(String)
    case boolean(Bool)
    case date(Day)
    case list([Value?])
    case record([Value?])
}

extension Value {
    @inlinable package var boolean: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }
}
