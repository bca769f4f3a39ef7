import Crypto
public import SilkDiagnostics

/// Checks and compiles parsed rule files into one `CompiledRuleSet`, reporting every problem it
/// finds — unknown names with suggestions, type mismatches, duplicates, cycles, unused
/// definitions, conditions that can never be true — rather than stopping at the first.
public struct RuleCompiler {
    private var diagnostics: [Diagnostic] = []
    private var facts: [CompiledFact] = []
    private var factIndex: [String: Int] = [:]
    private var definitionSyntax: [DefinitionSyntax] = []
    private var definitionIndex: [String: Int] = [:]
    private var definitionTypes: [Int: ValueType] = [:]
    private var definitionNodes: [Int: Node] = [:]
    private var definitionsInProgress: Set<Int> = []
    private var usedDefinitions: Set<Int> = []
    private var ruleIndex: [String: Int] = [:]
    private var ruleSyntax: [RuleSyntax] = []
    private var categories: [String: CategorySyntax] = [:]
    private var sources: [String: SourceSyntax] = [:]
    private var sourceTexts: [String: [UInt8]] = [:]
    private var bands: [BandSyntax] = []
    /// Edges for cycle detection: definition or rule -> definitions and rules it references.
    private var references: [Reference: [(Reference, SourceSpan)]] = [:]
    private var currentOwner: Reference? = nil
    var locals: [(name: String, type: ValueType)] = []

    enum Reference: Hashable {
        case definition(Int)
        case rule(Int)
    }

    /// Reads the text of a file a source declaration names; injected so tests need no disk.
    public typealias FileReader = (String) -> String?

    private let readFile: FileReader

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
        let declarations = files.flatMap(\.declarations)

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

        // Pass 1: collect names, so that declarations may appear in any order and any file.
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
                if claim("source", syntax.id) {
                    sources[syntax.id.value] = syntax
                    if let file = syntax.file {
                        let directory = Self.directory(of: file.span.file.path)
                        let path = file.value.hasPrefix("/") ? file.value : directory + file.value
                        if let text = readFile(path) {
                            sourceTexts[syntax.id.value] = Array(Self.normalised(text).utf8)
                        } else {
                            diagnostics.append(
                                Diagnostic(
                                    .warning, .sourceFileUnreadable, "cannot read the source text '\(path)'; its quotes cannot be checked",
                                    at: file.span))
                        }
                    }
                }
            case .fact(let syntax):
                if claim("name", syntax.name) { declareFact(syntax) }
            case .category(let syntax):
                if claim("category", syntax.id) { categories[syntax.id.value] = syntax }
            case .definition(let syntax):
                if claim("name", syntax.name) {
                    definitionIndex[syntax.name.value] = definitionSyntax.count
                    definitionSyntax.append(syntax)
                }
            case .rule(let syntax):
                if claim("rule", syntax.id) {
                    ruleIndex[syntax.id.value] = ruleSyntax.count
                    ruleSyntax.append(syntax)
                }
            case .band(let syntax):
                if claim("band", syntax.id) { bands.append(syntax) }
            case .rate(let syntax):
                rates.append(syntax)
            }
        }

        // Pass 2: definitions (on demand, so order does not matter), then rules.
        for index in definitionSyntax.indices { _ = compileDefinition(index) }
        var rules: [CompiledRule] = []
        for (index, syntax) in ruleSyntax.enumerated() {
            if let rule = compileRule(syntax, index: index) { rules.append(rule) }
        }
        for (index, syntax) in definitionSyntax.enumerated() where !usedDefinitions.contains(index) {
            diagnostics.append(
                Diagnostic(
                    .warning, .unusedDefinition, "definition '\(syntax.name.value)' is never used", at: syntax.name.span,
                    suggestions: ["use it in a rule's condition, or delete it"]))
        }
        reportCycles()
        checkBands()
        checkCategories()
        let compiledRates = checkRates(rates)

        if header == nil, let first = files.first {
            diagnostics.append(
                Diagnostic(
                    .warning, .missingRulesetName, "no file names the rule set", at: SourceSpan(file: first.file, start: 0, end: 0),
                    suggestions: ["add a line such as: ruleset \"Digital Silk Road obstacles\" version \"1.0.0\""]))
        }

        let sorted = Self.sorted(diagnostics)
        if sorted.hasErrors { return Output(ruleSet: nil, diagnostics: sorted) }
        let definitions = definitionSyntax.indices.map { definitionNodes[$0] ?? .constant(nil) }
        rules = rules.map { rule in
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
            return rule.reading(facts: slots.sorted(), condition: conditionSlots.sorted())
        }

        var hasher = SHA256()
        for file in files.sorted(by: { $0.file.path < $1.file.path }) {
            hasher.update(data: Array(file.file.path.utf8) + [0])
            hasher.update(data: file.file.bytes + [0])
        }
        let hash = hasher.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()

        let ruleSet = CompiledRuleSet(
            name: header?.name.value ?? "unnamed rule set",
            version: header?.version?.value ?? "unversioned",
            contentHash: hash,
            facts: facts,
            categories: categories.values.sorted {
                $0.id.span.file.path == $1.id.span.file.path ? $0.id.span.start < $1.id.span.start : $0.id.span.file.path < $1.id.span.file.path
            }.map {
                CompiledCategory(id: $0.id.value, title: $0.title?.value ?? $0.id.value, description: $0.description?.value ?? "", cap: $0.cap?.value)
            },
            rules: rules,
            definitions: definitions,
            bands: bands.sorted { $0.from.value < $1.from.value }.map { Band(id: $0.id.value, label: $0.label.value, from: $0.from.value) },
            sources: sources.values.sorted { $0.id.value < $1.id.value }.map {
                CompiledSource(id: $0.id.value, title: $0.title?.value ?? $0.id.value, reference: $0.reference?.value)
            },
            rates: RateTable(compiledRates))
        return Output(ruleSet: ruleSet, diagnostics: sorted)
    }

    static func collectFacts(
        _ node: Node, into slots: inout Set<Int>, definitions: [Node], rules: [CompiledRule], seenDefinitions: inout Set<Int>,
        seenRules: inout Set<Int>
    ) {
        func walk(_ node: Node) {
            switch node {
            case .constant, .local: break
            case .fact(let slot): slots.insert(slot)
            case .field(let base, _): walk(base)
            case .definition(let index):
                if seenDefinitions.insert(index).inserted { walk(definitions[index]) }
            case .fired(let index):
                if seenRules.insert(index).inserted, index < rules.count { walk(rules[index].condition) }
            case .not(let a), .negate(let a), .has(let a), .missing(let a), .matches(let a, _): walk(a)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                .member(let a, let b), .contains(let a, let b):
                walk(a)
                walk(b)
            case .inRange(let a, let b, let c):
                walk(a)
                walk(b)
                walk(c)
            case .quantifier(_, _, let collection, let value, let condition, _):
                walk(collection)
                if let value { walk(value) }
                if let condition { walk(condition) }
            case .call(_, let arguments): arguments.forEach(walk)
            }
        }
        walk(node)
    }

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

    /// Whether `needle` occurs in `haystack`, byte for byte: a plain scan over bytes, far cheaper
    /// than a Unicode-aware string search on a whole essay.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = 0
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var offset = 1
                        while offset < pin.count && hay[index + offset] == pin[offset] { offset += 1 }
                        if offset == pin.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Collapses runs of white space and unifies quote and dash variants, so that a quote is
    /// matched verbatim as a reader sees it, not as the file happens to wrap or type it.
    static func normalised(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            var character = Character(scalar)
            switch scalar {
            case "\u{2018}", "\u{2019}": character = "'"
            case "\u{201C}", "\u{201D}": character = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}": character = "-"
            default: break
            }
            if character.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    // MARK: - Facts

    private mutating func declareFact(_ syntax: FactSyntax) {
        guard let path = FactPath(syntax.path.value) else {
            diagnostics.append(
                Diagnostic(
                    .error, .invalidPath, "'\(syntax.path.value)' is not a place in a dossier", at: syntax.path.span,
                    suggestions: ["write element names separated by '/', optionally ending in '@attribute', such as \"finance/totalCost\""]))
            return
        }
        var type = resolve(syntax.type)
        var fields: [CompiledField] = []
        if case .records(let fieldSyntax) = syntax.type.kind {
            var seen: [String: SourceSpan] = [:]
            for field in fieldSyntax {
                if let first = seen[field.name.value] {
                    diagnostics.append(
                        Diagnostic(
                            .error, .duplicateId, "field '\(field.name.value)' is declared more than once", at: field.name.span,
                            notes: [Diagnostic.Note("first declared here", at: first)]))
                    continue
                }
                seen[field.name.value] = field.name.span
                guard let fieldPath = FactPath(field.path.value) else {
                    diagnostics.append(Diagnostic(.error, .invalidPath, "'\(field.path.value)' is not a place in a dossier", at: field.path.span))
                    continue
                }
                fields.append(CompiledField(name: field.name.value, type: resolve(field.type), path: fieldPath))
            }
            if fields.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .error, .emptyRecord, "a list of records needs at least one field", at: syntax.type.span,
                        suggestions: ["list its fields in braces, such as { name: text at \"name\" }, or write 'list of text'"]))
            }
            type = .list(.record(RecordType(fields: fields.map { RecordType.Field(name: $0.name, type: $0.type) })))
        }
        if case .list = type, path.elements.isEmpty {
            diagnostics.append(Diagnostic(.error, .invalidPath, "a list fact needs an element path, such as \"parties/party\"", at: syntax.path.span))
            return
        }
        factIndex[syntax.name.value] = facts.count
        facts.append(CompiledFact(name: syntax.name.value, type: type, path: path, fields: fields, span: syntax.name.span))
    }

    private mutating func resolve(_ syntax: TypeSyntax) -> ValueType {
        switch syntax.kind {
        case .text: return .text
        case .number: return .number
        case .money: return .money
        case .boolean: return .boolean
        case .date: return .date
        case .enumeration(let values):
            var seen: Set<String> = []
            for value in values where !seen.insert(value.value).inserted {
                diagnostics.append(Diagnostic(.warning, .duplicateEnumValue, "'\(value.value)' is listed twice", at: value.span))
            }
            return .enumeration(values.map(\.value).reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        case .list(let element):
            return .list(resolve(element.value))
        case .records:
            return .list(.record(RecordType(fields: [])))
        }
    }

    // MARK: - Definitions and rules

    mutating func compileDefinitionPublic(_ index: Int) -> (Node, ValueType) { compileDefinition(index) }

    private mutating func compileDefinition(_ index: Int) -> (Node, ValueType) {
        if let node = definitionNodes[index], let type = definitionTypes[index] { return (node, type) }
        if definitionsInProgress.contains(index) {
            // A cycle; reported once by reportCycles.
            return (.constant(nil), .invalid)
        }
        definitionsInProgress.insert(index)
        let savedOwner = currentOwner
        let savedLocals = locals
        currentOwner = .definition(index)
        locals = []
        let (node, type) = check(definitionSyntax[index].body)
        currentOwner = savedOwner
        locals = savedLocals
        definitionsInProgress.remove(index)
        definitionNodes[index] = node
        definitionTypes[index] = type
        return (node, type)
    }

    private mutating func compileRule(_ syntax: RuleSyntax, index: Int) -> CompiledRule? {
        currentOwner = .rule(index)
        locals = []
        defer { currentOwner = nil }
        func missing(_ clause: String, _ example: String) {
            diagnostics.append(
                Diagnostic(
                    .error, .missingClause, "rule '\(syntax.id.value)' has no '\(clause)'", at: syntax.id.span,
                    suggestions: ["add a line such as: \(example)"]))
        }
        if syntax.title == nil { missing("title", "title \"What the rule detects\"") }
        if syntax.points == nil { missing("points", "points 10") }
        if syntax.condition == nil { missing("when", "when finance.totalCost > 1 billion USD") }
        if syntax.category == nil { missing("category", "category ip-leakage") }
        if let category = syntax.category, categories[category.value] == nil {
            diagnostics.append(
                Diagnostic(
                    .error, .unknownCategory, "unknown category '\(category.value)'", at: category.span,
                    suggestions: Suggest.closest(to: category.value, among: Array(categories.keys)).map { ["did you mean '\($0)'?"] } ?? []))
        }
        if syntax.citations.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .warning, .missingCitation, "rule '\(syntax.id.value)' cites no source", at: syntax.id.span,
                    suggestions: ["add a line such as: cite essay \"a short verbatim quote\""]))
        }
        if syntax.message == nil {
            diagnostics.append(Diagnostic(.warning, .missingMessage, "rule '\(syntax.id.value)' has no explanation message", at: syntax.id.span))
        }
        if syntax.advice == nil, (syntax.points?.value ?? 0) > 0 {
            diagnostics.append(Diagnostic(.warning, .missingAdvice, "rule '\(syntax.id.value)' gives no mitigation advice", at: syntax.id.span))
        }
        for citation in syntax.citations {
            guard sources[citation.source.value] != nil else {
                diagnostics.append(
                    Diagnostic(
                        .error, .unknownSource, "unknown source '\(citation.source.value)'", at: citation.source.span,
                        suggestions: Suggest.closest(to: citation.source.value, among: Array(sources.keys)).map { ["did you mean '\($0)'?"] } ?? []))
                continue
            }
            if let text = sourceTexts[citation.source.value], !Self.contains(text, Array(Self.normalised(citation.quote.value).utf8)) {
                diagnostics.append(
                    Diagnostic(
                        .warning, .quoteNotFound, "the quote is not found verbatim in source '\(citation.source.value)'",
                        at: citation.quote.span, suggestions: ["copy the words exactly as the source gives them"]))
            }
        }
        if let floor = syntax.floor, !bands.contains(where: { $0.id.value == floor.value }) {
            diagnostics.append(
                Diagnostic(
                    .error, .unknownBand, "unknown band '\(floor.value)'", at: floor.span,
                    suggestions: Suggest.closest(to: floor.value, among: bands.map(\.id.value)).map { ["did you mean '\($0)'?"] } ?? []))
        }

        var condition: Node = .constant(nil)
        if let expression = syntax.condition {
            let (node, type) = check(expression)
            if type != .boolean && type != .invalid {
                diagnostics.append(
                    Diagnostic(
                        .error, .typeMismatch, "a rule's condition must be true or false, but this is a \(type.shortDescription)",
                        at: expression.span))
            }
            condition = node
            if case .constant(let value) = Folding.fold(node), value?.boolean == false {
                diagnostics.append(Diagnostic(.warning, .neverTrue, "this condition can never be true", at: expression.span))
            } else if let reason = Folding.contradiction(in: node, facts: facts) {
                diagnostics.append(Diagnostic(.warning, .neverTrue, "this condition can never be true: \(reason)", at: expression.span))
            }
        }
        var message: [CompiledMessagePart] = []
        for part in syntax.message?.value ?? [] {
            switch part {
            case .literal(let text): message.append(.literal(text))
            case .expression(let expression):
                let (node, type) = check(expression)
                message.append(.value(node, type))
            }
        }
        guard let title = syntax.title, let points = syntax.points, syntax.condition != nil, let category = syntax.category else { return nil }
        return CompiledRule(
            id: syntax.id.value, title: title.value, category: category.value, points: points.value, condition: condition,
            whenUnknown: syntax.whenUnknown.map { $0.value == "fire" }, message: message,
            citations: syntax.citations.map {
                Citation(source: $0.source.value, quote: $0.quote.value, sourceTitle: sources[$0.source.value]?.title?.value)
            },
            advice: syntax.advice?.value ?? "", floor: syntax.floor?.value, factsRead: [], conditionFacts: [], span: syntax.span)
    }

    // MARK: - Lookups for the expression checker

    mutating func diagnosticsAppend(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    func factIndexLookup(_ name: String) -> Int? { factIndex[name] }
    func factType(_ slot: Int) -> ValueType { facts[slot].type }
    func definitionLookup(_ name: String) -> Int? { definitionIndex[name] }
    func ruleLookup(_ id: String) -> Int? { ruleIndex[id] }
    func allRuleIds() -> [String] { ruleSyntax.map(\.id.value) }
    func allNames() -> [String] { Array(factIndex.keys) + Array(definitionIndex.keys) }
    mutating func markUsed(_ index: Int) { usedDefinitions.insert(index) }

    mutating func noteReference(_ target: Reference, at span: SourceSpan) {
        guard let owner = currentOwner else { return }
        references[owner, default: []].append((target, span))
    }

    // MARK: - Cycles, bands, categories, rates

    private mutating func reportCycles() {
        var state: [Reference: Int] = [:]  // 1 visiting, 2 done
        var stack: [(Reference, SourceSpan?)] = []
        var reported: Set<Set<Reference>> = []
        func name(_ reference: Reference) -> String {
            switch reference {
            case .definition(let index): "definition '\(definitionSyntax[index].name.value)'"
            case .rule(let index): "rule '\(ruleSyntax[index].id.value)'"
            }
        }
        func visit(_ reference: Reference) {
            state[reference] = 1
            for (target, span) in references[reference] ?? [] {
                if state[target] == 1 {
                    guard let start = stack.firstIndex(where: { $0.0 == target }) else { continue }
                    let members = Set(stack[start...].map(\.0))
                    guard reported.insert(members).inserted else { continue }
                    let path = (stack[start...].map { name($0.0) } + [name(target)]).joined(separator: " → ")
                    let notes = stack[(start + 1)...].compactMap { step in
                        step.1.map { Diagnostic.Note("\(name(step.0)) is used here", at: $0) }
                    }
                    diagnostics.append(
                        Diagnostic(
                            .error, .referenceCycle, "reference cycle: \(path)", at: span, notes: notes,
                            suggestions: ["a definition or rule cannot depend on itself; break the chain at one of these places"]))
                } else if state[target] == nil {
                    stack.append((target, span))
                    visit(target)
                    stack.removeLast()
                }
            }
            state[reference] = 2
        }
        let all = definitionSyntax.indices.map { Reference.definition($0) } + ruleSyntax.indices.map { Reference.rule($0) }
        for reference in all where state[reference] == nil {
            stack = [(reference, nil)]
            visit(reference)
        }
    }

    private mutating func checkBands() {
        let sorted = bands.sorted { $0.from.value < $1.from.value }
        guard let first = sorted.first else {
            if !ruleSyntax.isEmpty, let span = ruleSyntax.first?.id.span {
                diagnostics.append(
                    Diagnostic(
                        .error, .missingBands, "no score bands are declared", at: SourceSpan(file: span.file, start: 0, end: 0),
                        suggestions: ["declare bands such as: band low \"Low\" from 0"]))
            }
            return
        }
        if first.from.value != 0 {
            diagnostics.append(
                Diagnostic(.error, .invalidBand, "the lowest band must start from 0, not \(Format.number(first.from.value))", at: first.from.span))
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.from.value == b.from.value {
            diagnostics.append(
                Diagnostic(
                    .error, .invalidBand, "bands '\(a.id.value)' and '\(b.id.value)' start at the same score", at: b.from.span,
                    notes: [Diagnostic.Note("the other starts here", at: a.from.span)]))
        }
        for band in sorted where band.from.value > 100 || band.from.value < 0 {
            diagnostics.append(Diagnostic(.error, .invalidBand, "a band must start between 0 and 100", at: band.from.span))
        }
    }

    private mutating func checkCategories() {
        let used = Set(ruleSyntax.compactMap { $0.category?.value })
        for category in categories.values.sorted(by: { $0.id.value < $1.id.value }) {
            if category.title == nil {
                diagnostics.append(Diagnostic(.warning, .missingClause, "category '\(category.id.value)' has no title", at: category.id.span))
            }
            if let cap = category.cap, cap.value <= 0 {
                diagnostics.append(Diagnostic(.error, .invalidCap, "a category's cap must be more than 0", at: cap.span))
            }
            if !used.contains(category.id.value) {
                diagnostics.append(Diagnostic(.warning, .unusedCategory, "no rule is in category '\(category.id.value)'", at: category.id.span))
            }
        }
    }

    private mutating func checkRates(_ rates: [RateSyntax]) -> [ExchangeRate] {
        var seen: [String: SourceSpan] = [:]
        var result: [ExchangeRate] = []
        for rate in rates {
            let key = [rate.from.value, rate.to.value].sorted().joined(separator: "/")
            if rate.from.value == rate.to.value {
                diagnostics.append(Diagnostic(.error, .invalidRate, "a rate needs two different currencies", at: rate.span))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateId, "the rate between \(key) is declared more than once", at: rate.span,
                        notes: [Diagnostic.Note("first declared here", at: first)]))
                continue
            }
            seen[key] = rate.span
            result.append(ExchangeRate(from: rate.from.value, to: rate.to.value, factor: rate.factor))
        }
        return result
    }
}
