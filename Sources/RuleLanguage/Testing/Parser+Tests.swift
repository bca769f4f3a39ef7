public import SilkDiagnostics

/// The clauses of a `test { ... }` block.
enum TestClause: String, BlockClause {
    case given, dossier, expect
}

/// Rule-test files: `test "name" { given ... dossier ... expect ... }`, read by the rule
/// language's own lexer and parser, with the same diagnostics and the same recovery (at the next
/// clause, or the next `test` that starts a line).
extension Parser {
    public static func parseTests(_ file: SourceFile) -> TestFileSyntax {
        var parser = Parser(file: file)
        parser.landmarks = ["test"]
        return parser.parseTestFile()
    }

    mutating func parseTestFile() -> TestFileSyntax {
        var cases: [TestCaseSyntax] = []
        while !atEnd {
            guard current.isWord("test") else {
                var suggestions: [String] = []
                if let word = current.identifier, Suggest.closest(to: word, among: ["test"]) != nil { suggestions.append("did you mean 'test'?") }
                error(
                    .expectedDeclaration, "expected a test case, such as test \"what it shows\" { ... }, found \(current.describe)",
                    at: span(current), suggestions: suggestions)
                advance()
                skipToDeclaration()
                continue
            }
            let before = diagnostics.count
            if let testCase = parseTestCase() { cases.append(testCase) }
            // A case that closed its brace needs no skipping: what follows is read as it is.
            if diagnostics.count > before, !atEnd, !atDeclaration, !previous.isSymbol(.rightBrace) { skipToDeclaration() }
        }
        return TestFileSyntax(file: file, cases: cases, diagnostics: diagnostics)
    }

    private mutating func parseTestCase() -> TestCaseSyntax? {
        let keyword = advance()
        guard let name = text("the test's name in quotes, such as \"CR929 is high\"") else { return nil }
        guard expectSymbol(.leftBrace) else { return nil }
        var testCase = TestCaseSyntax(name: name, dossier: nil, givens: [], expectations: [], span: name.span)
        block(TestClause.self, in: "test") { parser, clause in
            let before = parser.diagnostics.count
            switch clause {
            case .given:
                if let given = parser.given() { testCase.givens.append(given) }
            case .dossier:
                if let path = parser.text("the dossier's path in quotes, relative to this file") {
                    if let first = testCase.dossier {
                        parser.diagnostics.append(
                            Diagnostic(
                                .error, .duplicateId, "a test names one dossier", at: path.span,
                                notes: [Diagnostic.Note("the dossier is named here", at: first.span)]))
                    } else {
                        testCase.dossier = path
                    }
                }
            case .expect:
                if let expectation = parser.expectation() { testCase.expectations.append(expectation) }
            }
            if parser.diagnostics.count > before { parser.skipToClause(TestClause.names) }
        }
        testCase.span = span(from: keyword.start)
        return testCase
    }

    // MARK: - given

    /// `given fact = value`
    private mutating func given() -> GivenSyntax? {
        guard let fact = dottedName("a fact name, such as finance.totalCost") else { return nil }
        if current.isSymbol(.equalEqual) {
            error(.expectedToken, "'==' compares; a given sets", at: span(current), suggestions: ["write '=' to give the fact a value"])
            advance()
        } else if !expectSymbol(.equal) {
            return nil
        }
        return GivenSyntax(fact: fact, value: givenValue())
    }

    /// A value a fact is given: a literal or range, a list (or `at least` one), a record,
    /// `unknown`, or `not applicable` with an optional reason.
    private mutating func givenValue() -> GivenValueSyntax {
        let start = current
        if consumeWord("unknown") { return .unknown(span(start)) }
        if current.isWord("not"), peek().isWord("applicable") {
            advance()
            advance()
            var reason = ""
            if case .string = current.kind, let text = text("a reason") { reason = text.value }
            return .notApplicable(reason: reason, span(from: start.start))
        }
        if current.isWord("at"), peek().isWord("least") {
            advance()
            advance()
            guard current.isSymbol(.leftBracket) else {
                expected("'[' after 'at least': the items the list holds at least")
                return .unknown(span(from: start.start))
            }
            guard case .list(let items, _, _) = listValue() else { return .unknown(span(from: start.start)) }
            return .list(items, open: true, span(from: start.start))
        }
        if current.isSymbol(.leftBracket) { return listValue() }
        if current.isSymbol(.leftBrace) { return recordValue() }
        let low = expression()
        if consumeSymbol(.dotDot) {
            let high = expression()
            return .range(low, high, low.span.through(high.span))
        }
        return .literal(low)
    }

    /// `[item, ...]`, at its `[`.
    private mutating func listValue() -> GivenValueSyntax {
        let start = advance()
        var items: [GivenValueSyntax] = []
        if !current.isSymbol(.rightBracket) {
            repeat {
                items.append(givenValue())
            } while consumeSymbol(.comma)
        }
        _ = expectSymbol(.rightBracket)
        return .list(items, open: false, span(from: start.start))
    }

    /// `{field: value, ...}`, at its `{`.
    private mutating func recordValue() -> GivenValueSyntax {
        let start = advance()
        var fields: [(name: Located<String>, value: GivenValueSyntax)] = []
        if !current.isSymbol(.rightBrace) {
            repeat {
                guard let name = identifier("a field name") else { break }
                guard expectSymbol(.colon) else { break }
                fields.append((name, givenValue()))
            } while consumeSymbol(.comma)
        }
        _ = expectSymbol(.rightBrace)
        return .record(fields, span(from: start.start))
    }

    // MARK: - expect

    /// `fired ID`, `not fired ID`, `undecided ID`, `band [at least|at most] ID [or undetermined]`,
    /// `score N[..M]`, `range N..M`, after `expect`.
    private mutating func expectation() -> ExpectationSyntax? {
        let start = current.start
        if consumeWord("fired") { return outcome(.fired, from: start) }
        if consumeWord("undecided") { return outcome(.undecided, from: start) }
        if current.isWord("not"), peek().isWord("fired") {
            advance()
            advance()
            return outcome(.notFired, from: start)
        }
        if consumeWord("band") {
            var relation = BandRelation.exactly
            if consumeWord("at") {
                if consumeWord("least") {
                    relation = .atLeast
                } else if consumeWord("most") {
                    relation = .atMost
                } else {
                    expected("'least' or 'most' after 'band at'")
                    return nil
                }
            }
            guard let band = identifier("a band id, such as high") else { return nil }
            var orUndetermined = false
            if current.isWord("or"), peek().isWord("undetermined") {
                advance()
                advance()
                orUndetermined = true
            }
            return .band(relation, band: band, orUndetermined: orUndetermined, span: span(from: start))
        }
        if consumeWord("score") {
            guard let low = signedNumber("a score, such as 12, or a range, such as 10..30") else { return nil }
            guard consumeSymbol(.dotDot) else { return .score(low: low, high: low, span: span(from: start)) }
            guard let high = signedNumber("the highest score of the range") else { return nil }
            return .score(low: low, high: high, span: span(from: start))
        }
        if consumeWord("range") {
            guard let low = signedNumber("the score range's low end, such as 12..40") else { return nil }
            guard expectSymbol(.dotDot), let high = signedNumber("the score range's high end") else { return nil }
            return .range(low: low, high: high, span: span(from: start))
        }
        var suggestions: [String] = []
        if let word = current.identifier, let close = Suggest.closest(to: word, among: ["fired", "undecided", "band", "score", "range"]) {
            suggestions.append("did you mean '\(close)'?")
        }
        error(
            .expectedToken, "expected fired, not fired, undecided, band, score or range after 'expect', found \(current.describe)",
            at: span(current), suggestions: suggestions)
        return nil
    }

    private mutating func outcome(_ outcome: ExpectedOutcome, from start: Int) -> ExpectationSyntax? {
        guard let rule = identifier("a rule id") else { return nil }
        return .outcome(outcome, rule: rule, span: span(from: start))
    }
}
