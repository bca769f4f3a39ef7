import SilkDiagnostics

/// `changeable` facts and fields: what a project can change, and `silkrisk whatif` may try.
/// A marker on something no rule's condition reads changes nothing any rule decides, so it is
/// reported: it is almost always on the wrong fact, or a rule that should read it is missing.
extension RuleCompiler {
    mutating func checkChangeable(_ rules: [CompiledRule]) {
        guard !changeableMarkers.isEmpty else { return }
        let read = Self.conditionReads(rules, definitions: definitionSyntax.indices.map { definitionNodes[$0] ?? .constant(nil) })
        for (fact, field, marker) in changeableMarkers {
            let name = facts[fact].name
            if let field {
                guard !read.fields.contains(FieldRead(fact: fact, field: field)) else { continue }
                diagnostics.append(
                    Diagnostic(
                        .warning, .changeableNotRead,
                        "field '\(facts[fact].fields[field].name)' of '\(name)' is changeable, but no rule's condition reads it",
                        at: marker, suggestions: ["delete 'changeable', or write the rule that reads it"]))
            } else if !read.facts.contains(fact) {
                diagnostics.append(
                    Diagnostic(
                        .warning, .changeableNotRead, "fact '\(name)' is changeable, but no rule's condition reads it", at: marker,
                        suggestions: ["delete 'changeable', or write the rule that reads it"]))
            }
        }
    }

    /// A field of the records of a list fact.
    struct FieldRead: Hashable {
        var fact: Int
        var field: Int
    }

    /// Every fact the rules' conditions read, through definitions and `fired(...)`, and every
    /// field of a list of records a quantifier over the list reads.
    static func conditionReads(_ rules: [CompiledRule], definitions: [Node]) -> (facts: Set<Int>, fields: Set<FieldRead>) {
        var facts: Set<Int> = []
        var fields: Set<FieldRead> = []
        var seenDefinitions: Set<Int> = []
        func walk(_ node: Node, _ bound: [Int: Int]) {
            switch node {
            case .constant, .local, .fired: break
            case .fact(let slot): facts.insert(slot)
            case .field(let base, let field):
                if case .local(let local) = base, let slot = bound[local] { fields.insert(FieldRead(fact: slot, field: field)) }
                walk(base, bound)
            case .definition(let index):
                if seenDefinitions.insert(index).inserted, index < definitions.count { walk(definitions[index], [:]) }
            case .not(let a), .negate(let a), .has(let a), .missing(let a), .notApplicable(let a), .matches(let a, _): walk(a, bound)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                .member(let a, let b, _), .contains(let a, let b):
                walk(a, bound)
                walk(b, bound)
            case .inRange(let a, let b, let c, _):
                walk(a, bound)
                walk(b, bound)
                walk(c, bound)
            case .quantifier(_, let local, let collection, let value, let condition, _):
                var inner = bound
                if let slot = listSlot(collection, definitions: definitions) { inner[local] = slot }
                walk(collection, bound)
                if let value { walk(value, inner) }
                if let condition { walk(condition, inner) }
            case .call(_, let arguments), .lookup(_, let arguments):
                for argument in arguments { walk(argument, bound) }
            }
        }
        // A rule that `fired(...)` names is walked as a rule of its own.
        for rule in rules { walk(rule.condition, [:]) }
        return (facts, fields)
    }

    /// The list fact a quantifier runs over: the fact itself, or a definition that is just it.
    private static func listSlot(_ node: Node, definitions: [Node]) -> Int? {
        switch node {
        case .fact(let slot): return slot
        case .definition(let index) where index < definitions.count: return listSlot(definitions[index], definitions: definitions)
        default: return nil
        }
    }
}
