import Crypto
public import SilkDiagnostics

/// Checks and compiles parsed rule files into one `CompiledRuleSet`, reporting every problem it
/// finds — unknown names with suggestions, type mismatches, duplicates, cycles, unused
/// definitions, conditions that can never be true — rather than stopping at the first.
///
/// Compiling goes in two passes: the first collects every declaration's name, so that
/// declarations may appear in any order and any file; the second checks definitions and rules,
/// then the scoring model. The work is split by what is checked: this file runs the passes and
/// assembles the rule set; `+Catalogue` declares facts and their types, `+Sources` reads source
/// texts and checks quotes against them, `+Rules` compiles definitions and rules and finds
/// cycles between them, `+ScoringModel` checks bands, categories and rates, `+Verdicts` the
/// `undetermined` verdict, decisive obstacles and what mitigations offset, and
/// `+Expressions`, `+Operators` and `+Quantifiers` type-check and compile expressions.
public struct RuleCompiler {
    var diagnostics: [Diagnostic] = []
    var facts: [CompiledFact] = []
    var factIndex: [String: Int] = [:]
    /// Every `changeable` written: the fact, the field (nil for the fact itself) and where.
    var changeableMarkers: [(fact: Int, field: Int?, marker: SourceSpan)] = []
    var definitionSyntax: [DefinitionSyntax] = []
    var definitionIndex: [String: Int] = [:]
    var definitionTypes: [Int: ValueType] = [:]
    var definitionNodes: [Int: Node] = [:]
    var definitionsInProgress: Set<Int> = []
    var usedDefinitions: Set<Int> = []
    var ruleIndex: [String: Int] = [:]
    var ruleSyntax: [RuleSyntax] = []
    /// Rules and definitions whose name was already taken: not part of the rule set, but their
    /// bodies are checked all the same, so that a duplicate hides none of its own problems.
    var duplicateRules: [RuleSyntax] = []
    var duplicateDefinitions: [DefinitionSyntax] = []
    var categories: [String: CategorySyntax] = [:]
    var sources: [String: SourceSyntax] = [:]
    var sourceTexts: [String: [UInt8]] = [:]
    var bands: [BandSyntax] = []
    var undeterminedSyntax: UndeterminedSyntax? = nil
    var decisiveFloorSyntax: DecisiveFloorSyntax? = nil
    var notApplicableSyntax: NotApplicableSyntax? = nil
    var openListsSyntax: [OpenListsSyntax] = []
    /// The input format, when the rule files declare one, and where it was declared.
    var format: InputFormat? = nil
    var formatSpan: SourceSpan? = nil
    /// Reference tables, by declaration, and every table name declared (also those whose file
    /// had problems, so that their lookups are not reported again).
    var tables: [ReferenceTable] = []
    var tableIndex: [String: Int] = [:]
    var declaredTableNames: Set<String> = []
    /// Edges for cycle detection: definition or rule -> definitions and rules it references.
    var references: [Reference: [(Reference, SourceSpan)]] = [:]
    /// The definition or rule being compiled, whose references are being recorded.
    var currentOwner: Reference? = nil
    /// The names quantifiers bind around the expression being checked, innermost last.
    var locals: [(name: String, type: ValueType)] = []

    enum Reference: Hashable {
        case definition(Int)
        case rule(Int)
    }

    /// Reads the text of a file a source declaration names; injected so tests need no disk.
    public typealias FileReader = (String) -> String?

    let readFile: FileReader

    public init(readFile: @escaping FileReader = { _ in nil }) {
        self.readFile = readFile
    }

    public struct Output: Sendable {
        public var ruleSet: CompiledRuleSet?
        public var diagnostics: [Diagnostic]
    }

    /// Compiles the files; the rule set is nil when any error was found.
    public mutating func compile(_ files: [RuleFileSyntax]) -> Output {
        for file in files { diagnostics += file.diagnostics }
        let (header, rates) = collectNames(files.flatMap(\.declarations))

        // Pass 2: definitions (on demand, so order does not matter), then rules.
        for index in definitionSyntax.indices { _ = compileDefinition(index) }
        var rules: [CompiledRule] = []
        for (index, syntax) in ruleSyntax.enumerated() {
            if let rule = compileRule(syntax, index: index) { rules.append(rule) }
        }
        checkDuplicateBodies()
        reportUnusedDefinitions()
        checkChangeable(rules)
        reportCycles()
        checkBands()
        checkCategories()
        let compiledRates = checkRates(rates)
        let undetermined = checkUndetermined()
        let decisiveFloor = checkDecisiveFloor()
        checkDecisiveRules(floorDeclared: decisiveFloorSyntax != nil)
        checkOffsets()
        let notApplicable = compileNotApplicable()
        let openLists = openListsSyntax.compactMap { compileOpenLists($0) }

        if header == nil, let first = files.first {
            diagnostics.append(
                Diagnostic(
                    .warning, .missingRulesetName, "no file names the rule set", at: SourceSpan(file: first.file, start: 0, end: 0),
                    suggestions: ["add a line such as: ruleset \"Digital Silk Road obstacles\" version \"1.0.0\""]))
        }

        let sorted = Self.sorted(diagnostics)
        if sorted.hasErrors { return Output(ruleSet: nil, diagnostics: sorted) }
        let reading = DossierReading(notApplicable: notApplicable, openLists: openLists)
        let ruleSet = assemble(
            header: header, rules: rules, rates: compiledRates, undetermined: undetermined, decisiveFloor: decisiveFloor, reading: reading,
            files: files)
        return Output(ruleSet: ruleSet, diagnostics: sorted)
    }

    /// Pass 1: every declaration's name, each claimed once; returns the rule set's header and
    /// the exchange rates, which have no names to claim.
    private mutating func collectNames(_ declarations: [Declaration]) -> (RuleSetHeaderSyntax?, [RateSyntax]) {
        var header: RuleSetHeaderSyntax? = nil
        var rates: [RateSyntax] = []
        var firstSpan: [String: SourceSpan] = [:]
        func claim(_ kind: String, _ name: Located<String>) -> Bool {
            let key = kind + ":" + name.value
            if let first = firstSpan[key] {
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateId, "\(kind) '\(name.value)' is declared more than once", at: name.span,
                        notes: [Diagnostic.Note("first declared here", at: first)]))
                return false
            }
            firstSpan[key] = name.span
            return true
        }
        for declaration in declarations {
            switch declaration {
            case .header(let syntax):
                if let header {
                    diagnostics.append(
                        Diagnostic(
                            .error, .duplicateId, "the rule set is named more than once", at: syntax.name.span,
                            notes: [Diagnostic.Note("first named here", at: header.name.span)]))
                } else {
                    header = syntax
                }
            case .source(let syntax):
                if claim("source", syntax.id) { declareSource(syntax) }
            case .fact(let syntax):
                // A duplicate's type and path are checked too, but it declares nothing.
                declareFact(syntax, register: claim("name", syntax.name))
            case .category(let syntax):
                if claim("category", syntax.id) { categories[syntax.id.value] = syntax }
            case .definition(let syntax):
                if claim("name", syntax.name) {
                    definitionIndex[syntax.name.value] = definitionSyntax.count
                    definitionSyntax.append(syntax)
                } else {
                    duplicateDefinitions.append(syntax)
                }
            case .rule(let syntax):
                if claim("rule", syntax.id) {
                    ruleIndex[syntax.id.value] = ruleSyntax.count
                    ruleSyntax.append(syntax)
                } else {
                    duplicateRules.append(syntax)
                }
            case .band(let syntax):
                if claim("band", syntax.id) { bands.append(syntax) }
            case .rate(let syntax):
                rates.append(syntax)
            case .undetermined(let syntax):
                if let first = undeterminedSyntax {
                    diagnostics.append(
                        Diagnostic(
                            .error, .duplicateId, "the undetermined verdict is declared more than once", at: syntax.keyword,
                            notes: [Diagnostic.Note("first declared here", at: first.keyword)]))
                } else {
                    undeterminedSyntax = syntax
                }
            case .decisiveFloor(let syntax):
                if let first = decisiveFloorSyntax {
                    diagnostics.append(
                        Diagnostic(
                            .error, .duplicateId, "the decisive floor is declared more than once", at: syntax.keyword,
                            notes: [Diagnostic.Note("first declared here", at: first.keyword)]))
                } else {
                    decisiveFloorSyntax = syntax
                }
            case .notApplicable(let syntax):
                if let first = notApplicableSyntax {
                    diagnostics.append(
                        Diagnostic(
                            .error, .duplicateId, "where dossiers say what does not apply is declared more than once", at: syntax.span,
                            notes: [Diagnostic.Note("first declared here", at: first.span)]))
                } else {
                    notApplicableSyntax = syntax
                }
            case .openLists(let syntax):
                openListsSyntax.append(syntax)
            case .format(let syntax):
                if let declared = declareFormat(syntax) { format = declared }
            case .table(let syntax):
                if claim("table", syntax.id) { declareTable(syntax) }
            }
        }
        return (header, rates)
    }

    /// The rule set, once no error was found: each rule learns the facts it reads, and the rule
    /// files' paths and bytes give the content hash that reports carry.
    private func assemble(
        header: RuleSetHeaderSyntax?, rules: [CompiledRule], rates: [ExchangeRate], undetermined: UndeterminedVerdict?, decisiveFloor: String?,
        reading: DossierReading, files: [RuleFileSyntax]
    ) -> CompiledRuleSet {
        let definitions = definitionSyntax.indices.map { definitionNodes[$0] ?? .constant(nil) }
        let compiledRules = rules.map { rule in
            var slots: Set<Int> = []
            var seenDefinitions: Set<Int> = []
            var seenRules: Set<Int> = []
            Self.collectFacts(
                rule.condition, into: &slots, definitions: definitions, rules: rules, seenDefinitions: &seenDefinitions, seenRules: &seenRules)
            let conditionSlots = slots
            for case .value(let node, _) in rule.message {
                Self.collectFacts(
                    node, into: &slots, definitions: definitions, rules: rules, seenDefinitions: &seenDefinitions, seenRules: &seenRules)
            }
            let lists = Self.collectListReads(
                [rule.condition] + rule.message.compactMap { if case .value(let node, _) = $0 { node } else { nil } }, facts: facts,
                definitions: definitions, rules: rules)
            return rule.reading(facts: slots.sorted(), condition: conditionSlots.sorted(), lists: lists)
        }
        return CompiledRuleSet(
            name: header?.name.value ?? "unnamed rule set",
            version: header?.version?.value ?? "unversioned",
            contentHash: Self.contentHash(of: files),
            facts: facts,
            categories: categories.values.sorted {
                $0.id.span.file.path == $1.id.span.file.path ? $0.id.span.start < $1.id.span.start : $0.id.span.file.path < $1.id.span.file.path
            }.map {
                CompiledCategory(id: $0.id.value, title: $0.title?.value ?? $0.id.value, description: $0.description?.value ?? "", cap: $0.cap?.value)
            },
            rules: compiledRules,
            definitions: definitions,
            bands: bands.sorted { $0.from.value < $1.from.value }.map { Band(id: $0.id.value, label: $0.label.value, from: $0.from.value) },
            undetermined: undetermined,
            decisiveFloor: decisiveFloor,
            sources: sources.values.sorted { $0.id.value < $1.id.value }.map {
                CompiledSource(id: $0.id.value, title: $0.title?.value ?? $0.id.value, reference: $0.reference?.value)
            },
            rates: RateTable(rates), reading: reading,
            program: ConditionProgram(rules: compiledRules, definitions: definitions),
            format: format,
            tables: tables)
    }

    /// SHA-256 of every file's path and bytes, in path order, in lower-case hex.
    static func contentHash(of files: [RuleFileSyntax]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.file.path < $1.file.path }) {
            hasher.update(data: Array(file.file.path.utf8) + [0])
            hasher.update(data: file.file.bytes + [0])
        }
        return hasher.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// In file order, then position; diagnostics at the same place keep the order they were
    /// found in.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (pa, pb) = (a.element.span, b.element.span)
            if let pa, let pb {
                if pa.file.path != pb.file.path { return pa.file.path < pb.file.path }
                if pa.start != pb.start { return pa.start < pb.start }
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    mutating func report(_ severity: Diagnostic.Severity, _ id: DiagnosticID, _ message: String, at span: SourceSpan, suggestions: [String] = []) {
        diagnostics.append(Diagnostic(severity, id, message, at: span, suggestions: suggestions))
    }
}
