import SilkDiagnostics

/// Unary and binary operators: what each accepts on either side, what it gives, and the
/// enumeration values a literal beside an enumerated fact must be one of.
extension RuleCompiler {
    /// One operand of a binary operator, checked: its syntax (for positions), node and type.
    private struct Operand {
        var syntax: Expression
        var node: Node
        var type: ValueType
    }

    mutating func checkUnary(_ op: UnaryOperator, _ operand: Expression) -> (Node, ValueType) {
        let (node, type) = check(operand)
        switch op {
        case .not:
            expect(type, .boolean, operand.span, "'not' needs a true-or-false value")
            return (.not(node), .boolean)
        case .negate:
            if type != .number && type != .money && type != .invalid {
                report(.error, .typeMismatch, "cannot negate a \(type.shortDescription)", at: operand.span)
            }
            return (.negate(node), type)
        case .has:
            return (.has(node), .boolean)
        case .missing:
            return (.missing(node), .boolean)
        case .notApplicable:
            return (.notApplicable(node), .boolean)
        }
    }

    mutating func checkBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, span: SourceSpan) -> (Node, ValueType) {
        if op == .in || op == .notIn, case .range(let low, let high, _) = right {
            return checkRange(left, low, high, range: right, negated: op == .notIn)
        }
        let (leftNode, leftType) = check(left)
        let (rightNode, rightType) = check(right)
        let a = Operand(syntax: left, node: leftNode, type: leftType)
        let b = Operand(syntax: right, node: rightNode, type: rightType)
        switch op {
        case .and, .or:
            expect(leftType, .boolean, left.span, "'\(op.spelling)' joins true-or-false values")
            expect(rightType, .boolean, right.span, "'\(op.spelling)' joins true-or-false values")
            return (op == .and ? .and(leftNode, rightNode) : .or(leftNode, rightNode), .boolean)
        case .comparison(let comparison):
            return checkComparison(comparison, a, b, span: span)
        case .in, .notIn:
            return checkMembership(a, b, negated: op == .notIn, span: span)
        case .contains:
            return checkContains(a, b, span: span)
        case .matches:
            return checkMatches(a, b)
        case .arithmetic(let arithmetic):
            return checkArithmetic(arithmetic, a, b, span: span)
        }
    }

    /// `x in low..high`
    private mutating func checkRange(_ left: Expression, _ low: Expression, _ high: Expression, range: Expression, negated: Bool) -> (
        Node, ValueType
    ) {
        let (value, valueType) = check(left)
        let (lowNode, lowType) = check(low)
        let (highNode, highType) = check(high)
        for (type, part) in [(lowType, low), (highType, high)]
        where !(type.isOrdered && type.isComparable(with: valueType)) && type != .invalid && valueType != .invalid {
            report(
                .error, .typeMismatch, "cannot test whether a \(valueType.shortDescription) lies in a range of \(type.shortDescription)",
                at: part.span)
        }
        if case .constant(let a?) = lowNode, case .constant(let b?) = highNode, ValueOperations.compare(.greater, a, b, rates: .none) == true {
            report(.warning, .neverTrue, "the range is empty: its start is above its end", at: range.span)
        }
        return (.inRange(value, lowNode, highNode, negated: negated), .boolean)
    }

    private mutating func checkComparison(_ comparison: ComparisonOperator, _ a: Operand, _ b: Operand, span: SourceSpan) -> (Node, ValueType) {
        if a.type != .invalid && b.type != .invalid {
            if !a.type.isComparable(with: b.type) {
                report(.error, .typeMismatch, "cannot compare a \(a.type.shortDescription) with a \(b.type.shortDescription)", at: span)
            } else if comparison != .equal && comparison != .notEqual && !a.type.isOrdered {
                report(
                    .error, .typeMismatch,
                    "'\(comparison.symbol.rawValue)' needs numbers, money or dates; a \(a.type.shortDescription) has no order", at: span)
            }
        }
        checkEnumLiteral(a.type, b.syntax, b.node)
        checkEnumLiteral(b.type, a.syntax, a.node)
        return (.compare(comparison, a.node, b.node), .boolean)
    }

    /// `x in [a, b, ...]`, or `x in` a list-valued fact; `not in` likewise.
    private mutating func checkMembership(_ a: Operand, _ b: Operand, negated: Bool, span: SourceSpan) -> (Node, ValueType) {
        if a.type != .invalid && b.type != .invalid {
            if case .list(let element) = b.type {
                if !element.isComparable(with: a.type) && element != .invalid {
                    report(.error, .typeMismatch, "cannot look for a \(a.type.shortDescription) in a list of \(element.shortDescription)", at: span)
                }
                if case .constant(.list(let items)?) = b.node, case .list(let itemSyntax, _) = b.syntax {
                    for (item, syntax) in zip(items, itemSyntax) {
                        if case .text(let text)? = item { checkEnumValue(a.type, text, at: syntax.span) }
                    }
                }
            } else {
                report(.error, .typeMismatch, "'in' needs a list or a range a..b after it, not a \(b.type.shortDescription)", at: b.syntax.span)
            }
        }
        return (.member(a.node, b.node, negated: negated), .boolean)
    }

    private mutating func checkContains(_ a: Operand, _ b: Operand, span: SourceSpan) -> (Node, ValueType) {
        if a.type != .invalid && b.type != .invalid {
            switch a.type {
            case .list(let element):
                if !element.isComparable(with: b.type) {
                    report(.error, .typeMismatch, "a list of \(element.shortDescription) cannot contain a \(b.type.shortDescription)", at: span)
                }
                checkEnumLiteral(element, b.syntax, b.node)
            case .text, .enumeration:
                expect(b.type.isTextual ? .text : b.type, .text, b.syntax.span, "text can only contain text")
            default:
                report(.error, .typeMismatch, "'contains' needs a list or text on its left, not a \(a.type.shortDescription)", at: a.syntax.span)
            }
        }
        return (.contains(a.node, b.node), .boolean)
    }

    private mutating func checkMatches(_ a: Operand, _ b: Operand) -> (Node, ValueType) {
        if a.type != .invalid && !a.type.isTextual {
            report(.error, .typeMismatch, "'matches' needs text on its left, not a \(a.type.shortDescription)", at: a.syntax.span)
        }
        guard case .constant(.text(let pattern)?) = b.node else {
            report(.error, .typeMismatch, "'matches' needs a pattern in quotes", at: b.syntax.span)
            return (.constant(nil), .boolean)
        }
        do {
            _ = try Regex(pattern)
        } catch {
            report(.error, .invalidPattern, "'\(pattern)' is not a valid pattern: \(error)", at: b.syntax.span)
        }
        return (.matches(a.node, Pattern(source: pattern)), .boolean)
    }

    private mutating func checkArithmetic(_ op: ArithmeticOperator, _ a: Operand, _ b: Operand, span: SourceSpan) -> (Node, ValueType) {
        let result = Self.arithmeticType(op, a.type, b.type)
        if result == nil && a.type != .invalid && b.type != .invalid {
            report(
                .error, .typeMismatch,
                "cannot apply '\(op.symbol.rawValue)' to a \(a.type.shortDescription) and a \(b.type.shortDescription)", at: span,
                suggestions: op == .subtract && a.type == .date ? ["use years(a, b) or days(a, b) for the time between two dates"] : [])
        }
        return (.arithmetic(op, a.node, b.node), result ?? .invalid)
    }

    /// What `left op right` gives, or nil when the operator does not apply to these types.
    private static func arithmeticType(_ op: ArithmeticOperator, _ left: ValueType, _ right: ValueType) -> ValueType? {
        switch (op, left, right) {
        case (_, .number, .number): return .number
        case (.add, .money, .money), (.subtract, .money, .money): return .money
        case (.multiply, .money, .number), (.multiply, .number, .money), (.divide, .money, .number): return .money
        case (.divide, .money, .money): return .number
        default: return nil
        }
    }

    // MARK: Enumerations

    private mutating func checkEnumLiteral(_ type: ValueType, _ expression: Expression, _ node: Node) {
        if case .constant(.text(let text)?) = node { checkEnumValue(type, text, at: expression.span) }
    }

    private mutating func checkEnumValue(_ type: ValueType, _ text: String, at span: SourceSpan) {
        guard case .enumeration(let values) = type, !values.contains(text) else { return }
        let suggestion = Suggest.closest(to: text, among: values)
        report(
            .error, .invalidEnumValue, "\"\(text)\" is not one of the allowed values: " + values.map { "\"\($0)\"" }.joined(separator: ", "),
            at: span, suggestions: suggestion.map { ["did you mean \"\($0)\"?"] } ?? [])
    }
}
