import SilkDiagnostics

/// Definitions and rules: their clauses, conditions and messages; which definitions are never
/// used; the references between them and the cycles those make; and the facts each rule reads.
extension RuleCompiler {
    /// Compiles a definition once, on its first use or in definition order, whichever comes
    /// first; a definition met again while it is being compiled is part of a cycle.
    mutating func compileDefinition(_ index: Int) -> (Node, ValueType) {
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

    /// Compiles a rule; `index` is its place among the rules, nil for a duplicate, whose body is
    /// checked but which takes part in no reference (it is not in the rule set).
    mutating func compileRule(_ syntax: RuleSyntax, index: Int?) -> CompiledRule? {
        currentOwner = index.map { .rule($0) }
        locals = []
        defer { currentOwner = nil }
        checkClauses(of: syntax)
        var condition: Node = .constant(nil)
        if let expression = syntax.condition { condition = compileCondition(expression) }
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
            whenUnknown: syntax.whenUnknown.map { $0.value == .fire }, message: message,
            citations: syntax.citations.map {
                Citation(source: $0.source.value, quote: $0.quote.value, sourceTitle: sources[$0.source.value]?.title?.value)
            },
            advice: syntax.advice?.value ?? "", floor: syntax.floor?.value, decisive: syntax.decisive != nil,
            offsets: syntax.offsets.map(\.value).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, factsRead: [], conditionFacts: [],
            span: syntax.span)
    }

    /// The bodies of duplicate rules and definitions, checked as if they had names of their own:
    /// the duplicate-id error is reported, and so is every problem inside them.
    mutating func checkDuplicateBodies() {
        for syntax in duplicateDefinitions {
            currentOwner = nil
            locals = []
            _ = check(syntax.body)
        }
        for syntax in duplicateRules { _ = compileRule(syntax, index: nil) }
    }

    /// The clauses a rule must have or should have, and the names they refer to.
    private mutating func checkClauses(of syntax: RuleSyntax) {
        func missing(_ clause: RuleClause, _ example: String) {
            diagnostics.append(
                Diagnostic(
                    .error, .missingClause, "rule '\(syntax.id.value)' has no '\(clause.rawValue)'", at: syntax.id.span,
                    suggestions: ["add a line such as: \(example)"]))
        }
        if syntax.title == nil { missing(.title, "title \"What the rule detects\"") }
        if syntax.points == nil { missing(.points, "points 10") }
        if syntax.condition == nil { missing(.when, "when finance.totalCost > 1 billion USD") }
        if syntax.category == nil { missing(.category, "category ip-leakage") }
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
        checkCitations(syntax.citations)
        if let floor = syntax.floor, !bands.contains(where: { $0.id.value == floor.value }) {
            diagnostics.append(
                Diagnostic(
                    .error, .unknownBand, "unknown band '\(floor.value)'", at: floor.span,
                    suggestions: Suggest.closest(to: floor.value, among: bands.map(\.id.value)).map { ["did you mean '\($0)'?"] } ?? []))
        }
    }

    /// A rule's condition: true or false, and able to be true.
    private mutating func compileCondition(_ expression: Expression) -> Node {
        let (node, type) = check(expression)
        if type != .boolean && type != .invalid {
            diagnostics.append(
                Diagnostic(
                    .error, .typeMismatch, "a rule's condition must be true or false, but this is a \(type.shortDescription)", at: expression.span))
        }
        if case .constant(let value) = Folding.fold(node), value?.boolean == false {
            diagnostics.append(Diagnostic(.warning, .neverTrue, "this condition can never be true", at: expression.span))
        } else if let reason = Folding.contradiction(in: node, facts: facts) {
            diagnostics.append(Diagnostic(.warning, .neverTrue, "this condition can never be true: \(reason)", at: expression.span))
        }
        return node
    }

    mutating func reportUnusedDefinitions() {
        for (index, syntax) in definitionSyntax.enumerated() where !usedDefinitions.contains(index) {
            diagnostics.append(
                Diagnostic(
                    .warning, .unusedDefinition, "definition '\(syntax.name.value)' is never used", at: syntax.name.span,
                    suggestions: ["use it in a rule's condition, or delete it"]))
        }
    }

    // MARK: - References and cycles

    /// Records that the definition or rule being compiled refers to `target` at `span`.
    mutating func noteReference(_ target: Reference, at span: SourceSpan) {
        guard let owner = currentOwner else { return }
        references[owner, default: []].append((target, span))
    }

    /// Every cycle of references between definitions and rules, once, with a note at each step.
    mutating func reportCycles() {
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

    // MARK: - Facts read

    /// Adds to `slots` every fact `node` reads, through definitions and the rules `fired()`
    /// names, each visited once.
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
            case .not(let a), .negate(let a), .has(let a), .missing(let a), .notApplicable(let a), .matches(let a, _): walk(a)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                .member(let a, let b, _), .contains(let a, let b):
                walk(a)
                walk(b)
            case .inRange(let a, let b, let c, _):
                walk(a)
                walk(b)
                walk(c)
            case .quantifier(_, _, let collection, let value, let condition, _):
                walk(collection)
                if let value { walk(value) }
                if let condition { walk(condition) }
            case .call(_, let arguments), .lookup(_, let arguments): arguments.forEach(walk)
            }
        }
        walk(node)
    }
}
