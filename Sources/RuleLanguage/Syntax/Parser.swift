public import SilkDiagnostics

/// Parses one rule file. It never throws: it returns the declarations it could read and a
/// diagnostic for everything it could not, recovering at the next clause or declaration so that
/// one run reports every syntax error in the file.
public struct Parser {
    private let file: SourceFile
    private var tokens: [Token]
    private var position = 0
    private var diagnostics: [Diagnostic] = []

    static let declarationKeywords: Set<String> = ["ruleset", "source", "fact", "category", "define", "rule", "band", "rate"]
    static let ruleClauses = ["title", "category", "points", "when", "unknown", "message", "cite", "advice", "floor"]
    static let categoryClauses = ["title", "description", "cap"]
    static let sourceClauses = ["title", "reference", "file"]
    static let quantifiers: Set<String> = ["any", "all", "none", "count", "sum", "min", "max"]
    static let scales: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
    static let reserved: Set<String> = ["and", "or", "not", "in", "contains", "matches", "has", "missing", "true", "false", "where", "of"]

    public init(file: SourceFile) {
        self.file = file
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        // Invalid characters have been reported; the parser skips them.
        self.tokens.removeAll { if case .invalid = $0.kind { return true } else { return false } }
    }

    public static func parse(_ file: SourceFile) -> RuleFileSyntax {
        var parser = Parser(file: file)
        return parser.parseFile()
    }

    // MARK: - Tokens

    private var current: Token { tokens[position] }
    private var previous: Token { tokens[max(0, position - 1)] }

    private func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    private var atEnd: Bool {
        if case .endOfFile = current.kind { return true }
        return false
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    private func span(_ token: Token) -> SourceSpan { SourceSpan(file: file, start: token.start, end: token.end) }
    private func span(from start: Int) -> SourceSpan { SourceSpan(file: file, start: start, end: previous.end) }

    private mutating func error(_ id: DiagnosticID, _ message: String, at span: SourceSpan, suggestions: [String] = []) {
        diagnostics.append(Diagnostic(.error, id, message, at: span, suggestions: suggestions))
    }

    private mutating func expected(_ what: String) {
        error(.expectedToken, "expected \(what), found \(current.describe)", at: span(current))
    }

    private mutating func consumeSymbol(_ symbol: String) -> Bool {
        if current.isSymbol(symbol) {
            advance()
            return true
        }
        return false
    }

    private mutating func consumeWord(_ word: String) -> Bool {
        if current.isWord(word) {
            advance()
            return true
        }
        return false
    }

    private mutating func expectSymbol(_ symbol: String) -> Bool {
        if consumeSymbol(symbol) { return true }
        expected("'\(symbol)'")
        return false
    }

    private mutating func identifier(_ what: String) -> Located<String>? {
        if let name = current.identifier {
            let token = advance()
            return Located(name, span(token))
        }
        expected(what)
        return nil
    }

    /// One text literal, or several in a row joined by single spaces (for long texts).
    private mutating func text(_ what: String) -> Located<String>? {
        guard case .string(let first) = current.kind else {
            expected(what)
            return nil
        }
        let start = advance()
        var value = first
        while case .string(let more) = current.kind {
            advance()
            value += " " + more
        }
        return Located(value, span(from: start.start))
    }

    private mutating func signedNumber(_ what: String) -> Located<Double>? {
        let start = current.start
        var sign = 1.0
        if consumeSymbol("-") { sign = -1 } else { _ = consumeSymbol("+") }
        switch current.kind {
        case .number(let value), .percent(let value):
            advance()
            return Located(sign * value, span(from: start))
        default:
            expected(what)
            return nil
        }
    }

    /// Skips to the next token that can start a declaration, outside any braces the skipped text
    /// opens, so that a broken rule header does not make its own body look like new declarations.
    private mutating func skipToDeclaration() {
        var depth = 0
        while !atEnd {
            if depth == 0, let word = current.identifier, Self.declarationKeywords.contains(word), startsLine(current) { return }
            if current.isSymbol("{") { depth += 1 }
            if current.isSymbol("}") {
                depth = max(0, depth - 1)
                if depth == 0 {
                    advance()
                    continue
                }
            }
            advance()
        }
    }

    private func startsLine(_ token: Token) -> Bool {
        var index = token.start - 1
        while index >= 0 {
            let byte = file.bytes[index]
            if byte == UInt8(ascii: "\n") { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { return false }
            index -= 1
        }
        return true
    }

    /// Inside a block: skips to the next clause keyword that starts a line, a closing brace, or a
    /// declaration keyword that starts a line.
    private mutating func skipToClause(_ clauses: [String]) {
        while !atEnd {
            if current.isSymbol("}") { return }
            if let word = current.identifier, startsLine(current),
                clauses.contains(word) || Self.declarationKeywords.contains(word)
            {
                return
            }
            advance()
        }
    }

    // MARK: - Declarations

    mutating func parseFile() -> RuleFileSyntax {
        var declarations: [Declaration] = []
        while !atEnd {
            guard let word = current.identifier, Self.declarationKeywords.contains(word) else {
                let found = current
                var suggestions: [String] = []
                if let word = found.identifier, let close = Suggest.closest(to: word, among: Array(Self.declarationKeywords)) {
                    suggestions.append("did you mean '\(close)'?")
                }
                error(
                    .expectedDeclaration,
                    "expected a declaration (rule, category, fact, define, source, band, rate or ruleset), found \(found.describe)",
                    at: span(found), suggestions: suggestions)
                advance()
                skipToDeclaration()
                continue
            }
            let before = diagnostics.count
            if let declaration = parseDeclaration(word) {
                declarations.append(declaration)
            }
            if diagnostics.count > before, !atEnd, !(current.identifier.map { Self.declarationKeywords.contains($0) && startsLine(current) } ?? false)
            {
                skipToDeclaration()
            }
        }
        return RuleFileSyntax(file: file, declarations: declarations, diagnostics: diagnostics)
    }

    private mutating func parseDeclaration(_ word: String) -> Declaration? {
        let keyword = advance()
        switch word {
        case "ruleset":
            guard let name = text("the rule set's name in quotes") else { return nil }
            var version: Located<String>? = nil
            if consumeWord("version") { version = text("a version in quotes, such as \"1.0.0\"") }
            return .header(RuleSetHeaderSyntax(name: name, version: version))
        case "source":
            return parseSource()
        case "fact":
            return parseFact()
        case "category":
            return parseCategory()
        case "define":
            guard let name = identifier("a definition name") else { return nil }
            guard expectSymbol("=") else { return nil }
            let body = expression()
            return .definition(DefinitionSyntax(name: name, body: body))
        case "rule":
            return parseRule(start: keyword.start)
        case "band":
            guard let id = identifier("a band id such as 'high'") else { return nil }
            guard let label = text("the band's label in quotes") else { return nil }
            guard consumeWord("from") else {
                expected("'from' and the lowest score in the band")
                return nil
            }
            guard let from = signedNumber("the lowest score in the band") else { return nil }
            return .band(BandSyntax(id: id, label: label, from: from))
        case "rate":
            return parseRate(start: keyword.start)
        default:
            return nil
        }
    }

    private mutating func parseSource() -> Declaration? {
        guard let id = identifier("a source id") else { return nil }
        var source = SourceSyntax(id: id)
        guard expectSymbol("{") else { return nil }
        block(Self.sourceClauses, in: "source") { parser, clause in
            switch clause.value {
            case "title": source.title = parser.text("the source's title in quotes")
            case "file": source.file = parser.text("the path of the source's text, relative to this file")
            default: source.reference = parser.text("a reference in quotes")
            }
        }
        return .source(source)
    }

    /// Reads a clause keyword; reports an unknown one with a suggestion and skips its clause.
    private mutating func clauseKeyword(_ clauses: [String], in block: String) -> Located<String>? {
        if let word = current.identifier, clauses.contains(word) {
            let token = advance()
            return Located(word, span(token))
        }
        if let word = current.identifier, Self.declarationKeywords.contains(word), startsLine(current),
            !clauses.contains(word)
        {
            error(.expectedToken, "expected '}' to close the \(block) before this \(word)", at: span(current))
            return nil
        }
        var suggestions: [String] = []
        if let word = current.identifier, let close = Suggest.closest(to: word, among: clauses) {
            suggestions.append("did you mean '\(close)'?")
        }
        error(
            .unknownClause, "expected one of \(clauses.joined(separator: ", ")) in a \(block), found \(current.describe)",
            at: span(current), suggestions: suggestions)
        advance()
        skipToClause(clauses)
        return nil
    }

    private mutating func parseType() -> TypeSyntax? {
        let start = current
        guard let word = current.identifier else {
            expected("a type (text, number, money, boolean, date, enum(...), list)")
            return nil
        }
        advance()
        switch word {
        case "text": return TypeSyntax(kind: .text, span: span(start))
        case "number": return TypeSyntax(kind: .number, span: span(start))
        case "money": return TypeSyntax(kind: .money, span: span(start))
        case "boolean": return TypeSyntax(kind: .boolean, span: span(start))
        case "date": return TypeSyntax(kind: .date, span: span(start))
        case "enum":
            guard expectSymbol("(") else { return nil }
            var values: [Located<String>] = []
            repeat {
                guard case .string(let value) = current.kind else {
                    expected("an allowed value in quotes")
                    return nil
                }
                let token = advance()
                values.append(Located(value, span(token)))
            } while consumeSymbol(",")
            guard expectSymbol(")") else { return nil }
            return TypeSyntax(kind: .enumeration(values), span: span(from: start.start))
        case "list":
            if consumeWord("of") {
                guard let element = parseType() else { return nil }
                return TypeSyntax(kind: .list(element: Box(element)), span: span(from: start.start))
            }
            return TypeSyntax(kind: .records([]), span: span(start))
        default:
            var suggestions: [String] = []
            // Names other languages use for the same types.
            let aliases = [
                "string": "text", "str": "text", "int": "number", "integer": "number", "float": "number", "double": "number",
                "decimal": "number", "bool": "boolean", "currency": "money", "enumeration": "enum", "array": "list",
            ]
            if let alias = aliases[word.lowercased()] {
                suggestions.append("did you mean '\(alias)'?")
            } else if let close = Suggest.closest(to: word, among: ["text", "number", "money", "boolean", "date", "enum", "list"]) {
                suggestions.append("did you mean '\(close)'?")
            }
            error(.unknownType, "unknown type '\(word)'", at: span(start), suggestions: suggestions)
            return nil
        }
    }

    private mutating func factPath() -> Located<String>? {
        guard consumeWord("at") else {
            expected("'at' and the fact's place in the dossier, such as at \"finance/totalCost\"")
            return nil
        }
        return text("the fact's place in the dossier in quotes, such as \"finance/totalCost\"")
    }

    private mutating func dottedName(_ what: String) -> Located<String>? {
        guard let first = identifier(what) else { return nil }
        var name = first.value
        while current.isSymbol("."), let next = peek().identifier {
            advance()
            advance()
            name += "." + next
        }
        return Located(name, span(from: first.span.start))
    }

    private mutating func parseFact() -> Declaration? {
        guard let name = dottedName("a fact name such as finance.totalCost") else { return nil }
        guard expectSymbol(":") else { return nil }
        guard var type = parseType() else { return nil }
        guard let path = factPath() else { return nil }
        if case .records = type.kind, consumeSymbol("{") {
            var fields: [FieldSyntax] = []
            while !atEnd, !current.isSymbol("}") {
                guard let fieldName = identifier("a field name") else {
                    skipToClause([])
                    break
                }
                guard expectSymbol(":"), let fieldType = parseType(), let fieldPath = factPath() else {
                    while !atEnd, !current.isSymbol("}"), !(startsLine(current) && current.identifier != nil) { advance() }
                    continue
                }
                fields.append(FieldSyntax(name: fieldName, type: fieldType, path: fieldPath))
            }
            _ = expectSymbol("}")
            type = TypeSyntax(kind: .records(fields), span: type.span)
        }
        return .fact(FactSyntax(name: name, type: type, path: path))
    }

    private mutating func parseCategory() -> Declaration? {
        guard let id = identifier("a category id such as ip-leakage") else { return nil }
        var category = CategorySyntax(id: id)
        guard expectSymbol("{") else { return nil }
        block(Self.categoryClauses, in: "category") { parser, clause in
            switch clause.value {
            case "title": category.title = parser.text("the category's title in quotes")
            case "description": category.description = parser.text("a description in quotes")
            default: category.cap = parser.signedNumber("the most points the category may add")
            }
        }
        return .category(category)
    }

    private mutating func parseRule(start: Int) -> Declaration? {
        guard let id = identifier("a rule id such as ip-core-unprotected") else { return nil }
        var rule = RuleSyntax(id: id, citations: [], span: id.span)
        guard expectSymbol("{") else { return nil }
        block(Self.ruleClauses, in: "rule") { parser, clause in
            let before = parser.diagnostics.count
            switch clause.value {
            case "title": rule.title = parser.text("the rule's title in quotes")
            case "category": rule.category = parser.identifier("a category id")
            case "points": rule.points = parser.signedNumber("the rule's points, such as 10 or -5")
            case "when": rule.condition = parser.expression()
            case "unknown":
                if let word = parser.identifier("'fire' or 'skip'") {
                    if word.value == "fire" || word.value == "skip" {
                        rule.whenUnknown = word
                    } else {
                        parser.error(.expectedToken, "expected 'fire' or 'skip' after 'unknown', found '\(word.value)'", at: word.span)
                    }
                }
            case "message":
                if let message = parser.text("the explanation message in quotes") {
                    rule.message = Located(parser.interpolations(in: message), message.span)
                }
            case "cite":
                if let source = parser.identifier("a source id"), let quote = parser.text("a verbatim quote in quotes") {
                    rule.citations.append(CitationSyntax(source: source, quote: quote))
                }
            case "advice": rule.advice = parser.text("mitigation advice in quotes")
            default: rule.floor = parser.identifier("a band id")
            }
            if parser.diagnostics.count > before { parser.skipToClause(Self.ruleClauses) }
        }
        rule.span = span(from: start)
        return .rule(rule)
    }

    /// Reads the clauses of a `{ ... }` block up to its `}`. When a declaration starts a line
    /// before the `}` (the brace is missing; `clauseKeyword` has said so), the block ends there,
    /// so that the declaration is read as one and the parser never waits on a token it will not
    /// consume.
    private mutating func block(_ clauses: [String], in name: String, _ read: (inout Parser, Located<String>) -> Void) {
        while !atEnd, !current.isSymbol("}") {
            guard let clause = clauseKeyword(clauses, in: name) else {
                if let word = current.identifier, Self.declarationKeywords.contains(word), startsLine(current), !clauses.contains(word) {
                    return
                }
                continue
            }
            read(&self, clause)
        }
        _ = expectSymbol("}")
    }

    private mutating func parseRate(start: Int) -> Declaration? {
        guard case .money(let amount, let from, let fromSpan) = primary() else {
            error(.expectedToken, "expected an amount and currency, such as 1 USD", at: span(from: start))
            return nil
        }
        guard expectSymbol("=") else { return nil }
        guard case .money(let other, let to, let toSpan) = primary() else {
            error(.expectedToken, "expected an amount and currency, such as 6.9 CNY", at: span(current))
            return nil
        }
        guard amount > 0, other > 0 else {
            error(.invalidRate, "an exchange rate needs two positive amounts", at: span(from: start))
            return nil
        }
        return .rate(RateSyntax(from: Located(from, fromSpan), to: Located(to, toSpan), factor: other / amount, span: span(from: start)))
    }

    // MARK: - Messages

    /// Splits a message into literal text and `{expression}` parts, lexing each expression with
    /// its real position in the file.
    private mutating func interpolations(in message: Located<String>) -> [MessagePart] {
        var parts: [MessagePart] = []
        var literal = ""
        let bytes = file.bytes
        var index = message.span.start
        let end = message.span.end
        var inString = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if inString {
                    inString = false
                    index += 1
                    // Adjacent literals are joined by a space.
                    var probe = index
                    while probe < end, bytes[probe] != UInt8(ascii: "\"") { probe += 1 }
                    if probe < end { literal += " " }
                    index = probe
                    continue
                }
                inString = true
                index += 1
                continue
            }
            guard inString else {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): literal += "\n"
                case UInt8(ascii: "t"): literal += "\t"
                default: literal += String(UnicodeScalar(escaped))
                }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "{") {
                var close = index + 1
                while close < end, bytes[close] != UInt8(ascii: "}"), bytes[close] != UInt8(ascii: "\"") { close += 1 }
                guard close < end, bytes[close] == UInt8(ascii: "}") else {
                    error(
                        .unclosedInterpolation, "'{' in a message is not closed by '}'", at: SourceSpan(file: file, start: index, end: index + 1),
                        suggestions: ["write \\{ for a literal brace"])
                    index += 1
                    continue
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                var sub = Parser(file: file, range: (index + 1)..<close)
                let expression = sub.expression()
                if !sub.atEnd {
                    sub.error(.expectedToken, "expected '}' to end the interpolation, found \(sub.current.describe)", at: sub.span(sub.current))
                }
                diagnostics += sub.diagnostics
                parts.append(.expression(expression))
                index = close + 1
                continue
            }
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            literal += String(decoding: bytes[index..<min(index + length, end)], as: UTF8.self)
            index += length
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    private init(file: SourceFile, range: Range<Int>) {
        self.file = file
        var lexer = Lexer(file: file, range: range)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        self.tokens.removeAll { if case .invalid = $0.kind { return true } else { return false } }
    }

    // MARK: - Expressions

    /// Expressions nest at most this deep, so that no rule file can exhaust the stack.
    static let maximumNesting = 100
    private var nesting = 0

    mutating func expression() -> Expression {
        nested { $0.orExpression() }
    }

    /// Operators in a row (`a and b and c ...`) at most, for the same reason: each adds a level
    /// to the compiled tree.
    static let maximumChain = 500

    private mutating func chainTooLong(_ left: Expression) -> Expression {
        error(
            .tooDeep, "more than \(Self.maximumChain) operands in a row", at: span(current),
            suggestions: ["split the expression with 'define'"])
        while !atEnd, !(startsLine(current) && current.identifier != nil), !current.isSymbol("}") { advance() }
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
            // Skip the rest of this clause: everything up to the next line that starts a clause.
            while !atEnd, !(startsLine(current) && current.identifier != nil), !current.isSymbol("}") { advance() }
            return .error(span(token))
        }
        return parse(&self)
    }

    /// One level of left-associative binary operators: `operand (op operand)*`, where `op` is
    /// one of `operators` (words such as `and`, or symbols such as `+`).
    private mutating func leftAssociative(_ operators: [String], _ operand: (inout Parser) -> Expression) -> Expression {
        var left = operand(&self)
        var operands = 1
        while let op = operators.first(where: { current.isWord($0) || current.isSymbol($0) }) {
            operands += 1
            if operands > Self.maximumChain { return chainTooLong(left) }
            advance()
            let right = operand(&self)
            left = .binary(op, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func orExpression() -> Expression {
        leftAssociative(["or"]) { $0.andExpression() }
    }

    private mutating func andExpression() -> Expression {
        leftAssociative(["and"]) { $0.notExpression() }
    }

    private mutating func notExpression() -> Expression {
        if current.isWord("not") {
            let token = advance()
            let operand = nested { $0.notExpression() }
            return .unary("not", operand, span(token).through(operand.span))
        }
        return comparison()
    }

    private mutating func comparison() -> Expression {
        let left = additive()
        for symbol in ["==", "!=", "<", "<=", ">", ">="] where current.isSymbol(symbol) {
            advance()
            let right = additive()
            return .binary(symbol, left, right, left.span.through(right.span))
        }
        if current.isSymbol("=") {
            error(.expectedToken, "'=' is not a comparison", at: span(current), suggestions: ["write '==' to compare"])
            advance()
            let right = additive()
            return .binary("==", left, right, left.span.through(right.span))
        }
        if current.isWord("in") || (current.isWord("not") && peek().isWord("in")) {
            let negated = current.isWord("not")
            if negated { advance() }
            advance()
            let target = inTarget()
            let test = Expression.binary("in", left, target, left.span.through(target.span))
            return negated ? .unary("not", test, test.span) : test
        }
        if current.isWord("contains") {
            advance()
            let right = additive()
            return .binary("contains", left, right, left.span.through(right.span))
        }
        if current.isWord("matches") {
            advance()
            let right = primary()
            return .binary("matches", left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func inTarget() -> Expression {
        let low = additive()
        if consumeSymbol("..") {
            let high = additive()
            return .range(low, high, low.span.through(high.span))
        }
        return low
    }

    private mutating func additive() -> Expression {
        leftAssociative(["+", "-"]) { $0.multiplicative() }
    }

    private mutating func multiplicative() -> Expression {
        leftAssociative(["*", "/"]) { $0.unary() }
    }

    private mutating func unary() -> Expression {
        if current.isSymbol("-") {
            let token = advance()
            let operand = nested { $0.unary() }
            return .unary("-", operand, span(token).through(operand.span))
        }
        if current.isWord("has") || current.isWord("missing") {
            let token = advance()
            let operand = nested { $0.unary() }
            return .unary(token.identifier ?? "has", operand, span(token).through(operand.span))
        }
        return primary()
    }

    private mutating func primary() -> Expression {
        let token = current
        switch token.kind {
        case .number(var value):
            advance()
            if let word = current.identifier, let scale = Self.scales[word] {
                advance()
                value *= scale
            }
            if let code = current.identifier, Self.isCurrencyCode(code) {
                advance()
                return .money(value, code, span(from: token.start))
            }
            return .number(value, span(from: token.start))
        case .percent(let value):
            advance()
            return .number(value, span(token))
        case .string(let value):
            advance()
            return .text(value, span(token))
        case .date(let day):
            advance()
            return .date(day, span(token))
        case .symbol("("):
            advance()
            let inner = expression()
            _ = expectSymbol(")")
            return inner
        case .symbol("["):
            advance()
            var items: [Expression] = []
            if !current.isSymbol("]") {
                repeat {
                    items.append(expression())
                } while consumeSymbol(",")
            }
            _ = expectSymbol("]")
            return .list(items, span(from: token.start))
        case .identifier(let word):
            if word == "true" || word == "false" {
                advance()
                return .boolean(word == "true", span(token))
            }
            if Self.reserved.contains(word) {
                error(.expectedToken, "expected a value, found the keyword '\(word)'", at: span(token))
                advance()
                return .error(span(token))
            }
            if peek().isSymbol("(") {
                if Self.quantifiers.contains(word) { return quantifier() }
                advance()
                advance()
                var arguments: [Expression] = []
                if !current.isSymbol(")") {
                    repeat {
                        arguments.append(expression())
                    } while consumeSymbol(",")
                }
                _ = expectSymbol(")")
                return .call(Located(word, span(token)), arguments, span(from: token.start))
            }
            var parts = [Located(word, span(token))]
            advance()
            while current.isSymbol("."), let next = peek().identifier {
                advance()
                let nextToken = advance()
                parts.append(Located(next, span(nextToken)))
            }
            return .name(parts, span(from: token.start))
        default:
            expected("a value, a fact or '('")
            if !atEnd, !current.isSymbol("}") { advance() }
            return .error(span(token))
        }
    }

    private mutating func quantifier() -> Expression {
        let kindToken = advance()
        let kind = Located(kindToken.identifier ?? "any", span(kindToken))
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
        _ = expectSymbol(")")
        return .quantifier(
            kind: kind, variable: variable, collection: collection, value: value, condition: condition,
            span: span(from: kindToken.start))
    }

    static func isCurrencyCode(_ word: String) -> Bool {
        word.utf8.count == 3 && word.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
