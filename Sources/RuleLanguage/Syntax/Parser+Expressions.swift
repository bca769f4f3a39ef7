import SilkDiagnostics

/// Conditions and values: operators by precedence (`or`, `and`, `not`, comparisons and `in`,
/// `+ -`, `* /`, unary `- has missing`), then literals, names, lists, calls and quantifiers.
extension Parser {
    /// Expressions nest at most this deep, so that no rule file can exhaust the stack.
    static let maximumNesting = 100

    /// Operators in a row (`a and b and c ...`) at most, for the same reason: each adds a level
    /// to the compiled tree.
    static let maximumChain = 500

    /// The words that scale a number: `13 billion USD`.
    static let scales: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]

    /// Words that cannot stand for a value.
    static let reserved: Set<String> = [
        "and", "or", "not", "in", "contains", "matches", "has", "missing", "true", "false", "where", "of", "is",
    ]

    mutating func expression() -> Expression {
        nested { $0.orExpression() }
    }

    private mutating func chainTooLong(_ left: Expression) -> Expression {
        error(
            .tooDeep, "more than \(Self.maximumChain) operands in a row", at: span(current),
            suggestions: ["split the expression with 'define'"])
        skipRestOfClause()
        return .error(left.span)
    }

    /// Parses one level deeper, or reports that the nesting is too deep and skips the clause.
    private mutating func nested(_ parse: (inout Parser) -> Expression) -> Expression {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting {
            let token = current
            error(
                .tooDeep, "expressions nest more than \(Self.maximumNesting) levels deep here", at: span(token),
                suggestions: ["split the expression with 'define'"])
            skipRestOfClause()
            return .error(span(token))
        }
        return parse(&self)
    }

    // MARK: - Operators

    /// One level of left-associative binary operators: `operand (op operand)*`, where `op` is
    /// one of `operators`.
    private mutating func leftAssociative(_ operators: [BinaryOperator], _ operand: (inout Parser) -> Expression) -> Expression {
        var left = operand(&self)
        var operands = 1
        while let op = operators.first(where: { current.spells($0) }) {
            operands += 1
            if operands > Self.maximumChain { return chainTooLong(left) }
            advance()
            let right = operand(&self)
            left = .binary(op, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func orExpression() -> Expression {
        leftAssociative([.or]) { $0.andExpression() }
    }

    private mutating func andExpression() -> Expression {
        leftAssociative([.and]) { $0.notExpression() }
    }

    private mutating func notExpression() -> Expression {
        if current.isWord("not") {
            let token = advance()
            let operand = nested { $0.notExpression() }
            return .unary(.not, operand, span(token).through(operand.span))
        }
        return comparison()
    }

    /// At most one comparison, `in`, `not in`, `contains`, `matches` or `is not applicable`
    /// between two sums.
    private mutating func comparison() -> Expression {
        let left = additive()
        if let comparison = ComparisonOperator.allCases.first(where: { current.isSymbol($0.symbol) }) {
            advance()
            let right = additive()
            return .binary(.comparison(comparison), left, right, left.span.through(right.span))
        }
        if current.isSymbol(.equal) {
            error(.expectedToken, "'=' is not a comparison", at: span(current), suggestions: ["write '==' to compare"])
            advance()
            let right = additive()
            return .binary(.comparison(.equal), left, right, left.span.through(right.span))
        }
        if current.spells(.in) || (current.isWord("not") && peek().spells(.in)) {
            let negated = current.isWord("not")
            if negated { advance() }
            advance()
            let target = inTarget()
            return .binary(negated ? .notIn : .in, left, target, left.span.through(target.span))
        }
        if current.isWord("is") {
            return notApplicableTest(left)
        }
        if current.spells(.contains) {
            advance()
            let right = additive()
            return .binary(.contains, left, right, left.span.through(right.span))
        }
        if current.spells(.matches) {
            advance()
            let right = primary()
            return .binary(.matches, left, right, left.span.through(right.span))
        }
        return left
    }

    /// `x is not applicable`, at `is`.
    private mutating func notApplicableTest(_ left: Expression) -> Expression {
        advance()
        if current.isWord("applicable") {
            error(
                .expectedToken, "'is applicable' is not a test", at: span(current),
                suggestions: ["write 'x is not applicable' for a value the dossier says does not apply, 'has x' for one it gives"])
            advance()
            return .error(left.span.through(span(previous)))
        }
        guard consumeWord("not") else {
            expected("'not applicable' after 'is'")
            return .error(left.span)
        }
        guard consumeWord("applicable") else {
            expected("'applicable' after 'is not'")
            return .error(left.span)
        }
        return .unary(.notApplicable, left, left.span.through(span(previous)))
    }

    /// What follows `in`: a list, or a range `a..b`.
    private mutating func inTarget() -> Expression {
        let low = additive()
        if consumeSymbol(.dotDot) {
            let high = additive()
            return .range(low, high, low.span.through(high.span))
        }
        return low
    }

    private mutating func additive() -> Expression {
        leftAssociative([.arithmetic(.add), .arithmetic(.subtract)]) { $0.multiplicative() }
    }

    private mutating func multiplicative() -> Expression {
        leftAssociative([.arithmetic(.multiply), .arithmetic(.divide)]) { $0.unary() }
    }

    private mutating func unary() -> Expression {
        if current.isSymbol(.minus) {
            let token = advance()
            let operand = nested { $0.unary() }
            return .unary(.negate, operand, span(token).through(operand.span))
        }
        if current.isWord("has") || current.isWord("missing") {
            let token = advance()
            let op: UnaryOperator = token.isWord("has") ? .has : .missing
            let operand = nested { $0.unary() }
            return .unary(op, operand, span(token).through(operand.span))
        }
        return primary()
    }

    // MARK: - Operands

    mutating func primary() -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return numberOrMoney(value, from: token)
        case .percent(let value):
            advance()
            return .number(value, span(token))
        case .string(let value):
            advance()
            return .text(value, span(token))
        case .date(let day):
            advance()
            return .date(day, span(token))
        case .symbol(.leftParen):
            advance()
            let inner = expression()
            _ = expectSymbol(.rightParen)
            return inner
        case .symbol(.leftBracket):
            advance()
            let items = commaSeparated(until: .rightBracket)
            _ = expectSymbol(.rightBracket)
            return .list(items, span(from: token.start))
        case .identifier(let word):
            return named(word, token)
        default:
            expected("a value, a fact or '('")
            if !atEnd, !current.isSymbol(.rightBrace) { advance() }
            return .error(span(token))
        }
    }

    /// A number, scaled by a word (`13 billion`) and made money by a currency code (`USD`)
    /// when they follow it.
    private mutating func numberOrMoney(_ value: Double, from token: Token) -> Expression {
        var value = value
        if let word = current.identifier, let scale = Self.scales[word] {
            advance()
            value *= scale
        }
        if let code = current.identifier, Self.isCurrencyCode(code) {
            advance()
            return .money(value, code, span(from: token.start))
        }
        return .number(value, span(from: token.start))
    }

    /// Expressions separated by commas, none when `closing` follows at once.
    private mutating func commaSeparated(until closing: Token.Symbol) -> [Expression] {
        var items: [Expression] = []
        if !current.isSymbol(closing) {
            repeat {
                items.append(expression())
            } while consumeSymbol(.comma)
        }
        return items
    }

    /// What a word stands for: `true` or `false`, a quantifier or a call, or a dotted name.
    private mutating func named(_ word: String, _ token: Token) -> Expression {
        if word == "true" || word == "false" {
            advance()
            return .boolean(word == "true", span(token))
        }
        if Self.reserved.contains(word) {
            error(.expectedToken, "expected a value, found the keyword '\(word)'", at: span(token))
            advance()
            return .error(span(token))
        }
        if peek().isSymbol(.leftParen) {
            if let kind = QuantifierKind(rawValue: word) { return quantifier(kind) }
            advance()
            advance()
            let arguments = commaSeparated(until: .rightParen)
            _ = expectSymbol(.rightParen)
            return .call(Located(word, span(token)), arguments, span(from: token.start))
        }
        var parts = [Located(word, span(token))]
        advance()
        while current.isSymbol(.dot), let next = peek().identifier {
            advance()
            let nextToken = advance()
            parts.append(Located(next, span(nextToken)))
        }
        return .name(parts, span(from: token.start))
    }

    /// `kind(variable in collection of value where condition)`, at the quantifier's word.
    private mutating func quantifier(_ kind: QuantifierKind) -> Expression {
        let kindToken = advance()
        let located = Located(kind, span(kindToken))
        advance()  // (
        guard let variable = identifier("a name for each item, such as p") else { return .error(span(from: kindToken.start)) }
        guard consumeWord("in") else {
            expected("'in' and a list")
            return .error(span(from: kindToken.start))
        }
        let collection = additive()
        var value: Expression? = nil
        var condition: Expression? = nil
        if consumeWord("of") { value = additive() }
        if consumeWord("where") { condition = expression() }
        _ = expectSymbol(.rightParen)
        return .quantifier(
            kind: located, variable: variable, collection: collection, value: value, condition: condition,
            span: span(from: kindToken.start))
    }

    static func isCurrencyCode(_ word: String) -> Bool {
        word.utf8.count == 3 && word.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
