public import RuleLanguage
public import SilkDiagnostics

/// Checks parsed test files against a compiled rule set, the way the rule compiler checks rule
/// files: every problem is a located diagnostic with an id (an unknown fact, rule or band with
/// the closest name; a value not of its fact's type; an enumeration value not declared; an
/// unknown record field; a name given twice), and checking goes on after each.
public struct TestCompiler {
    let ruleSet: CompiledRuleSet
    var diagnostics: [Diagnostic] = []
    private let factIndex: [String: Int]
    private let ruleIndex: [String: Int]

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        var facts: [String: Int] = [:]
        for (slot, fact) in ruleSet.facts.enumerated() { facts[fact.name] = slot }
        factIndex = facts
        var rules: [String: Int] = [:]
        for (index, rule) in ruleSet.rules.enumerated() { rules[rule.id] = index }
        ruleIndex = rules
    }

    public struct Output: Sendable {
        public var cases: [CompiledTestCase]
        public var diagnostics: [Diagnostic]
    }

    /// Checks every case of every file; the cases are kept only when no file has an error.
    public mutating func compile(_ files: [TestFileSyntax]) -> Output {
        var cases: [CompiledTestCase] = []
        var names: [String: SourceSpan] = [:]
        for file in files {
            diagnostics += file.diagnostics
            for syntax in file.cases {
                if let first = names[syntax.name.value] {
                    report(
                        .error, .duplicateId, "test '\(syntax.name.value)' is declared more than once", at: syntax.name.span,
                        notes: [Diagnostic.Note("first declared here", at: first)])
                } else {
                    names[syntax.name.value] = syntax.name.span
                }
                // A case whose clauses did not parse may have lost its expectations: not reported again.
                let parsed = !file.diagnostics.contains { diagnostic in
                    guard diagnostic.severity == .error, let span = diagnostic.span else { return false }
                    return span.start >= syntax.span.start && span.start <= syntax.span.end
                }
                if let testCase = compile(syntax, in: file.file, parsed: parsed) { cases.append(testCase) }
            }
        }
        return Output(cases: diagnostics.hasErrors ? [] : cases, diagnostics: diagnostics)
    }

    private mutating func compile(_ syntax: TestCaseSyntax, in file: SourceFile, parsed: Bool) -> CompiledTestCase? {
        if syntax.expectations.isEmpty && parsed {
            report(
                .error, .missingClause, "test '\(syntax.name.value)' expects nothing", at: syntax.name.span,
                suggestions: ["add what the case must show, such as: expect fired cost-per-inhabitant"])
        }
        var givens: [CompiledTestCase.Given] = []
        var given: [String: SourceSpan] = [:]
        for syntax in syntax.givens {
            if let first = given[syntax.fact.value] {
                report(
                    .error, .duplicateId, "'\(syntax.fact.value)' is given more than once", at: syntax.fact.span,
                    notes: [Diagnostic.Note("first given here", at: first)])
                continue
            }
            given[syntax.fact.value] = syntax.fact.span
            if let compiled = compile(syntax) { givens.append(compiled) }
        }
        let expectations = syntax.expectations.compactMap { compile($0) }
        let dossier = syntax.dossier.map { (path: Self.resolve($0.value, besideFile: file.path), span: $0.span) }
        return CompiledTestCase(name: syntax.name.value, nameSpan: syntax.name.span, dossier: dossier, givens: givens, expectations: expectations)
    }

    // MARK: - given

    /// `given fact = value`: the fact, and the value of its type. `asOf` sets the date ages are
    /// measured to, and the fact read from the dossier's `@asOf` if the catalogue declares one.
    private mutating func compile(_ syntax: GivenSyntax) -> CompiledTestCase.Given? {
        let name = syntax.fact.value
        let slot = factIndex[name]
        let isAsOf = name == "asOf" || slot.map { ruleSet.facts[$0].path.description == "@asOf" } ?? false
        guard slot != nil || isAsOf else {
            let suggestion = Suggest.closest(to: name, among: Array(factIndex.keys) + ["asOf"])
            report(
                .error, .unknownFact, "unknown fact '\(name)'", at: syntax.fact.span, suggestions: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
            return nil
        }
        let type = slot.map { ruleSet.facts[$0].type } ?? .date
        guard let value = convert(syntax.value, to: type, name: name, whole: true) else { return nil }
        var asOf: Day? = nil
        if isAsOf, case .date(let day)? = value { asOf = day }
        return CompiledTestCase.Given(slot: slot, value: value, setsAsOf: isAsOf, asOf: asOf, span: syntax.fact.span.through(syntax.value.span))
    }

    // MARK: - expect

    private mutating func compile(_ syntax: ExpectationSyntax) -> CompiledTestCase.Expectation? {
        switch syntax {
        case .outcome(let outcome, let rule, let span):
            guard let index = ruleIndex[rule.value] else {
                let suggestion = Suggest.closest(to: rule.value, among: ruleSet.rules.map(\.id))
                report(
                    .error, .unknownRule, "unknown rule '\(rule.value)'", at: rule.span,
                    suggestions: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
                return nil
            }
            return .outcome(outcome, rule: index, span: span)
        case .band(let relation, let band, let orUndetermined, let span):
            let undeterminedID = ruleSet.undetermined == nil ? nil : "undetermined"
            if band.value == undeterminedID {
                guard relation == .exactly, !orUndetermined else {
                    report(.error, .unknownBand, "'undetermined' is not a band of an order: write 'expect band undetermined'", at: band.span)
                    return nil
                }
                return .band(.exactly, band: nil, orUndetermined: true, span: span)
            }
            if orUndetermined && undeterminedID == nil {
                report(.error, .unknownBand, "the rule set declares no undetermined verdict", at: span)
                return nil
            }
            guard let index = ruleSet.bands.firstIndex(where: { $0.id == band.value }) else {
                let ids = ruleSet.bands.map(\.id) + (undeterminedID.map { [$0] } ?? [])
                var suggestions = Suggest.closest(to: band.value, among: ids).map { ["did you mean '\($0)'?"] } ?? []
                suggestions.append("the bands are, from lowest: " + ids.joined(separator: ", "))
                report(.error, .unknownBand, "unknown band '\(band.value)'", at: band.span, suggestions: suggestions)
                return nil
            }
            return .band(relation, band: index, orUndetermined: orUndetermined, span: span)
        case .score(let low, let high, let span):
            checkOrdered(low, high, span)
            return .score(low: low.value, high: high.value, span: span)
        case .range(let low, let high, let span):
            checkOrdered(low, high, span)
            return .range(low: low.value, high: high.value, span: span)
        }
    }

    private mutating func checkOrdered(_ low: Located<Double>, _ high: Located<Double>, _ span: SourceSpan) {
        if low.value > high.value {
            report(.warning, .neverTrue, "the range is empty: its start is above its end", at: low.span.through(high.span))
        }
    }

    // MARK: - Support

    mutating func report(
        _ severity: Diagnostic.Severity, _ id: DiagnosticID, _ message: String, at span: SourceSpan, notes: [Diagnostic.Note] = [],
        suggestions: [String] = []
    ) {
        diagnostics.append(Diagnostic(severity, id, message, at: span, notes: notes, suggestions: suggestions))
    }

    /// `path` as named in the test file at `file`: relative to the test file's folder unless
    /// absolute, with `.` and `..` steps worked out.
    static func resolve(_ path: String, besideFile file: String) -> String {
        let joined: String
        if path.hasPrefix("/") {
            joined = path
        } else if let slash = file.lastIndex(of: "/") {
            joined = String(file[...slash]) + path
        } else {
            joined = path
        }
        var steps: [Substring] = []
        for step in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if step == "." { continue }
            if step == "..", let last = steps.last, last != ".." {
                steps.removeLast()
                continue
            }
            steps.append(step)
        }
        let result = steps.joined(separator: "/")
        return joined.hasPrefix("/") ? "/" + result : result
    }
}
