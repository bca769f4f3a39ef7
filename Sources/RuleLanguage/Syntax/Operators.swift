/// The operators of the rule language, as the syntax tree records them and the compiled tree
/// evaluates them. Each knows how it is written, for the parser and for messages.

/// `==`, `!=`, `<`, `<=`, `>`, `>=`
public enum ComparisonOperator: Sendable, Hashable, CaseIterable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    /// The symbol that writes it.
    public var symbol: Token.Symbol {
        switch self {
        case .equal: .equalEqual
        case .notEqual: .bangEqual
        case .less: .less
        case .lessOrEqual: .lessEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterEqual
        }
    }
}

/// `+`, `-`, `*`, `/`
public enum ArithmeticOperator: Sendable, Hashable, CaseIterable {
    case add, subtract, multiply, divide

    /// The symbol that writes it.
    public var symbol: Token.Symbol {
        switch self {
        case .add: .plus
        case .subtract: .minus
        case .multiply: .star
        case .divide: .slash
        }
    }
}

/// An operator between two operands.
public enum BinaryOperator: Sendable, Hashable {
    case and, or
    case comparison(ComparisonOperator)
    case arithmetic(ArithmeticOperator)
    /// `x in [a, b]`, or `x in a..b` (the right operand is then a range).
    case `in`
    /// `x not in [a, b]`, `x not in a..b`: a comparison of its own, not `not (x in ...)`, so that
    /// it is false, as `!=` is, for a value that does not apply.
    case notIn
    /// `list contains item`, `text contains part`
    case contains
    /// `text matches "pattern"`
    case matches

    /// How the operator is written in a rule file.
    public var spelling: String {
        switch self {
        case .and: "and"
        case .or: "or"
        case .comparison(let comparison): comparison.symbol.rawValue
        case .arithmetic(let arithmetic): arithmetic.symbol.rawValue
        case .in: "in"
        case .notIn: "not in"
        case .contains: "contains"
        case .matches: "matches"
        }
    }
}

/// An operator before its one operand.
public enum UnaryOperator: Sendable, Hashable {
    /// `not x`
    case not
    /// `-x`
    case negate
    /// `has x`: whether the dossier gives a value.
    case has
    /// `missing x`: whether it does not.
    case missing
    /// `x is not applicable`: whether the dossier says that `x` does not apply.
    case notApplicable
}

/// The functions over a list that bind each item to a name: `any(p in parties where ...)`. The
/// raw value is the word that writes it.
public enum QuantifierKind: String, Sendable, Hashable, CaseIterable {
    case any, all, none, count, sum, min, max
}
