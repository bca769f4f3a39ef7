import SilkDiagnostics

/// The declarations of a rule file: `ruleset`, `source`, `fact`, `category`, `define`, `rule`,
/// `band` and `rate`, with their blocks and the types of facts. The scoring model's verdicts,
/// `undetermined` and `decisive floor`, are read in `Parser+Verdicts`.
extension Parser {
    mutating func parseFile() -> RuleFileSyntax {
        var declarations: [Declaration] = []
        while !atEnd {
            guard let keyword = current.declarationKeyword else {
                let found = current
                var suggestions: [String] = []
                if let word = found.identifier, let close = Suggest.closest(to: word, among: DeclarationKeyword.allCases.map(\.rawValue)) {
                    suggestions.append("did you mean '\(close)'?")
                }
                error(
                    .expectedDeclaration,
                    "expected a declaration (rule, category, fact, define, source, band, rate, ruleset, undetermined, decisive, notApplicable, open, format or table), found \(found.describe)",
                    at: span(found), suggestions: suggestions)
                advance()
                skipToDeclaration()
                continue
            }
            let before = diagnostics.count
            if let declaration = parseDeclaration(keyword) {
                declarations.append(declaration)
            }
            if diagnostics.count > before, !atEnd, !atDeclaration {
                skipToDeclaration()
            }
        }
        return RuleFileSyntax(file: file, declarations: declarations, diagnostics: diagnostics)
    }

    private mutating func parseDeclaration(_ keyword: DeclarationKeyword) -> Declaration? {
        let keywordToken = advance()
        switch keyword {
        case .ruleset: return parseHeader()
        case .source: return parseSource()
        case .fact: return parseFact()
        case .category: return parseCategory()
        case .define: return parseDefinition()
        case .rule: return parseRule(start: keywordToken.start)
        case .band: return parseBand()
        case .rate: return parseRate(start: keywordToken.start)
        case .undetermined: return parseUndetermined(keyword: span(keywordToken))
        case .decisive: return parseDecisiveFloor(keyword: span(keywordToken))
        case .notApplicable: return parseNotApplicable(start: keywordToken.start)
        case .open: return parseOpenLists(start: keywordToken.start)
        case .format: return parseFormat(start: keywordToken.start)
        case .table: return parseTable(start: keywordToken.start)
        }
    }

    /// `notApplicable at "notApplicable/item" path "@path"`
    private mutating func parseNotApplicable(start: Int) -> Declaration? {
        guard consumeWord("at") else {
            expected("'at' and the place of the items, such as at \"notApplicable/item\"")
            return nil
        }
        guard let items = text("the place of the items in quotes, such as \"notApplicable/item\"") else { return nil }
        guard consumeWord("path") else {
            expected("'path' and where an item names what does not apply, such as path \"@path\"")
            return nil
        }
        guard let path = text("where an item names what does not apply, in quotes, such as \"@path\"") else { return nil }
        return .notApplicable(NotApplicableSyntax(items: items, path: path, span: span(from: start)))
    }

    /// `open lists under "integrity" when integrity.checked == false`
    private mutating func parseOpenLists(start: Int) -> Declaration? {
        guard consumeWord("lists"), consumeWord("under") else {
            expected("'lists under' and a section, such as open lists under \"integrity\" when integrity.checked == false")
            return nil
        }
        guard let section = text("the section in quotes, such as \"integrity\"") else { return nil }
        guard consumeWord("when") else {
            expected("'when' and the condition under which the section's lists are open")
            return nil
        }
        let condition = expression()
        return .openLists(OpenListsSyntax(section: section, condition: condition, span: span(from: start)))
    }

    private mutating func parseHeader() -> Declaration? {
        guard let name = text("the rule set's name in quotes") else { return nil }
        var version: Located<String>? = nil
        if consumeWord("version") { version = text("a version in quotes, such as \"1.0.0\"") }
        return .header(RuleSetHeaderSyntax(name: name, version: version))
    }

    private mutating func parseDefinition() -> Declaration? {
        guard let name = identifier("a definition name") else { return nil }
        guard expectSymbol(.equal) else { return nil }
        let body = expression()
        return .definition(DefinitionSyntax(name: name, body: body))
    }

    private mutating func parseBand() -> Declaration? {
        guard let id = identifier("a band id such as 'high'") else { return nil }
        guard let label = text("the band's label in quotes") else { return nil }
        guard consumeWord("from") else {
            expected("'from' and the lowest score in the band")
            return nil
        }
        guard let from = signedNumber("the lowest score in the band") else { return nil }
        return .band(BandSyntax(id: id, label: label, from: from))
    }

    private mutating func parseRate(start: Int) -> Declaration? {
        guard case .money(let amount, let from, let fromSpan) = primary() else {
            error(.expectedToken, "expected an amount and currency, such as 1 USD", at: span(from: start))
            return nil
        }
        guard expectSymbol(.equal) else { return nil }
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

    // MARK: - Blocks

    private mutating func parseSource() -> Declaration? {
        guard let id = identifier("a source id") else { return nil }
        var source = SourceSyntax(id: id)
        guard expectSymbol(.leftBrace) else { return nil }
        block(SourceClause.self, in: "source") { parser, clause in
            switch clause {
            case .title: source.title = parser.text("the source's title in quotes")
            case .reference: source.reference = parser.text("a reference in quotes")
            case .file: source.file = parser.text("the path of the source's text, relative to this file")
            }
        }
        return .source(source)
    }

    private mutating func parseCategory() -> Declaration? {
        guard let id = identifier("a category id such as ip-leakage") else { return nil }
        var category = CategorySyntax(id: id)
        guard expectSymbol(.leftBrace) else { return nil }
        block(CategoryClause.self, in: "category") { parser, clause in
            switch clause {
            case .title: category.title = parser.text("the category's title in quotes")
            case .description: category.description = parser.text("a description in quotes")
            case .cap: category.cap = parser.signedNumber("the most points the category may add")
            }
        }
        return .category(category)
    }

    private mutating func parseRule(start: Int) -> Declaration? {
        guard let id = identifier("a rule id such as ip-core-unprotected") else { return nil }
        var rule = RuleSyntax(id: id, citations: [], span: id.span)
        guard expectSymbol(.leftBrace) else { return nil }
        block(RuleClause.self, in: "rule") { parser, clause in
            let before = parser.diagnostics.count
            switch clause {
            case .title: rule.title = parser.text("the rule's title in quotes")
            case .category: rule.category = parser.identifier("a category id")
            case .points: rule.points = parser.signedNumber("the rule's points, such as 10 or -5")
            case .when: rule.condition = parser.expression()
            case .unknown:
                if let outcome = parser.unknownOutcome() { rule.whenUnknown = outcome }
            case .message:
                if let message = parser.text("the explanation message in quotes") {
                    rule.message = Located(parser.interpolations(in: message), message.span)
                }
            case .cite:
                if let source = parser.identifier("a source id"), let quote = parser.text("a verbatim quote in quotes") {
                    rule.citations.append(CitationSyntax(source: source, quote: quote))
                }
            case .advice: rule.advice = parser.text("mitigation advice in quotes")
            case .floor: rule.floor = parser.identifier("a band id")
            case .decisive: rule.decisive = parser.span(parser.previous)
            case .offsets:
                rule.offsetsClause = parser.span(parser.previous)
                rule.offsets += parser.offsetCategories()
            }
            if parser.diagnostics.count > before { parser.skipToClause(RuleClause.names) }
        }
        rule.span = span(from: start)
        return .rule(rule)
    }

    /// `fire` or `skip`, after `unknown`.
    private mutating func unknownOutcome() -> Located<UnknownOutcome>? {
        guard let word = identifier("'fire' or 'skip'") else { return nil }
        guard let outcome = UnknownOutcome(rawValue: word.value) else {
            error(.expectedToken, "expected 'fire' or 'skip' after 'unknown', found '\(word.value)'", at: word.span)
            return nil
        }
        return Located(outcome, word.span)
    }

    // MARK: - Facts and their types

    private mutating func parseFact() -> Declaration? {
        guard let name = dottedName("a fact name such as finance.totalCost") else { return nil }
        guard expectSymbol(.colon) else { return nil }
        guard var type = parseType() else { return nil }
        guard let path = factPath() else { return nil }
        let changeable = changeableMarker()
        if case .records = type.kind, consumeSymbol(.leftBrace) {
            type = TypeSyntax(kind: .records(recordFields()), span: type.span)
        }
        return .fact(FactSyntax(name: name, type: type, path: path, changeable: changeable))
    }

    /// The fields of a list of records, `{ name: text at "name" ... }`, after its `{`.
    private mutating func recordFields() -> [FieldSyntax] {
        var fields: [FieldSyntax] = []
        while !atEnd, !current.isSymbol(.rightBrace) {
            guard let fieldName = identifier("a field name") else {
                skipToClause([])
                break
            }
            guard expectSymbol(.colon), let fieldType = parseType(), let fieldPath = factPath() else {
                skipRestOfClause()
                continue
            }
            fields.append(FieldSyntax(name: fieldName, type: fieldType, path: fieldPath, changeable: changeableMarker()))
        }
        _ = expectSymbol(.rightBrace)
        return fields
    }

    private mutating func parseType() -> TypeSyntax? {
        let start = current
        guard let word = current.identifier else {
            expected("a type (text, number, money, boolean, date, enum(...), list)")
            return nil
        }
        advance()
        guard let name = TypeName(rawValue: word) else {
            unknownType(word, at: span(start))
            return nil
        }
        switch name {
        case .text: return TypeSyntax(kind: .text, span: span(start))
        case .number: return TypeSyntax(kind: .number, span: span(start))
        case .money: return TypeSyntax(kind: .money, span: span(start))
        case .boolean: return TypeSyntax(kind: .boolean, span: span(start))
        case .date: return TypeSyntax(kind: .date, span: span(start))
        case .enumeration:
            guard expectSymbol(.leftParen) else { return nil }
            var values: [Located<String>] = []
            repeat {
                guard case .string(let value) = current.kind else {
                    expected("an allowed value in quotes")
                    return nil
                }
                let token = advance()
                values.append(Located(value, span(token)))
            } while consumeSymbol(.comma)
            guard expectSymbol(.rightParen) else { return nil }
            return TypeSyntax(kind: .enumeration(values), span: span(from: start.start))
        case .list:
            if consumeWord("of") {
                guard let element = parseType() else { return nil }
                return TypeSyntax(kind: .list(element: Box(element)), span: span(from: start.start))
            }
            return TypeSyntax(kind: .records([]), span: span(start))
        }
    }

    private mutating func unknownType(_ word: String, at span: SourceSpan) {
        var suggestions: [String] = []
        // Names other languages use for the same types.
        let aliases = [
            "string": "text", "str": "text", "int": "number", "integer": "number", "float": "number", "double": "number",
            "decimal": "number", "bool": "boolean", "currency": "money", "enumeration": "enum", "array": "list",
        ]
        if let alias = aliases[word.lowercased()] {
            suggestions.append("did you mean '\(alias)'?")
        } else if let close = Suggest.closest(to: word, among: TypeName.allCases.map(\.rawValue)) {
            suggestions.append("did you mean '\(close)'?")
        }
        error(.unknownType, "unknown type '\(word)'", at: span, suggestions: suggestions)
    }

    /// `changeable` after a fact's or a field's path. A field may itself be named `changeable`:
    /// the word followed by `:` starts the next field.
    private mutating func changeableMarker() -> SourceSpan? {
        guard current.isWord("changeable"), !peek().isSymbol(.colon) else { return nil }
        return span(advance())
    }

    private mutating func factPath() -> Located<String>? {
        guard consumeWord("at") else {
            expected("'at' and the fact's place in the dossier, such as at \"finance/totalCost\"")
            return nil
        }
        return text("the fact's place in the dossier in quotes, such as \"finance/totalCost\"")
    }

    mutating func dottedName(_ what: String) -> Located<String>? {
        guard let first = identifier(what) else { return nil }
        var name = first.value
        while current.isSymbol(.dot), let next = peek().identifier {
            advance()
            advance()
            name += "." + next
        }
        return Located(name, span(from: first.span.start))
    }
}
