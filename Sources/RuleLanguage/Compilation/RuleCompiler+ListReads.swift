/// A list a rule reads item by item, and the fields of its items it reads: what the rule's
/// evidence shows of each item (its place, its provenance, and the values of those fields).
public struct ListRead: Sendable, Hashable {
    /// The list fact's slot.
    public let slot: Int
    /// The fields read, in the catalogue's order: each field's place in the record and name.
    /// Empty for a list of plain values (the item is the value), or a list the rule reads only
    /// as a whole (shows it in a message, counts it, looks for a value in it).
    public let fields: [Field]

    public struct Field: Sendable, Hashable {
        public let index: Int
        public let name: String
    }
}

extension RuleCompiler {
    /// Every list fact `nodes` read, directly or through definitions and the rules `fired()`
    /// names, with the fields of the items a quantifier over it reads (`p.rating` in
    /// `count(p in parties where p.rating == "poor")`), by slot.
    static func collectListReads(_ nodes: [Node], facts: [CompiledFact], definitions: [Node], rules: [CompiledRule]) -> [ListRead] {
        var fieldsBySlot: [Int: Set<Int>] = [:]
        var seenDefinitions: Set<Int> = []
        var seenRules: Set<Int> = []
        func isList(_ slot: Int) -> Bool {
            if case .list = facts[slot].type { return true }
            return false
        }
        /// The list fact a quantifier runs over: the fact itself, or a definition that names it.
        func listSlot(_ node: Node) -> Int? {
            var node = node
            var steps = 0
            while case .definition(let index) = node, steps < definitions.count {
                node = definitions[index]
                steps += 1
            }
            guard case .fact(let slot) = node, isList(slot) else { return nil }
            return slot
        }
        /// `items` maps a quantifier's local to the list fact it runs over.
        func walk(_ node: Node, _ items: [Int: Int]) {
            switch node {
            case .constant, .local: break
            case .fact(let slot):
                if isList(slot), fieldsBySlot[slot] == nil { fieldsBySlot[slot] = [] }
            case .field(.local(let local), let index):
                if let slot = items[local] { fieldsBySlot[slot, default: []].insert(index) }
            case .field(let base, _): walk(base, items)
            // A definition or another rule has quantifiers of its own, with locals of its own.
            case .definition(let index):
                if seenDefinitions.insert(index).inserted { walk(definitions[index], [:]) }
            case .fired(let index):
                if seenRules.insert(index).inserted, index < rules.count { walk(rules[index].condition, [:]) }
            case .not(let a), .negate(let a), .has(let a), .missing(let a), .notApplicable(let a), .matches(let a, _): walk(a, items)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                .member(let a, let b, _), .contains(let a, let b):
                walk(a, items)
                walk(b, items)
            case .inRange(let a, let b, let c, _):
                walk(a, items)
                walk(b, items)
                walk(c, items)
            case .quantifier(_, let local, let collection, let value, let condition, _):
                walk(collection, items)
                var inner = items
                inner[local] = listSlot(collection)
                if let value { walk(value, inner) }
                if let condition { walk(condition, inner) }
            case .call(_, let arguments), .lookup(_, let arguments):
                for argument in arguments { walk(argument, items) }
            }
        }
        for node in nodes { walk(node, [:]) }
        return fieldsBySlot.keys.sorted().map { slot in
            let record: [CompiledField] = facts[slot].fields
            return ListRead(
                slot: slot,
                fields: fieldsBySlot[slot, default: []].sorted().compactMap { index in
                    index < record.count ? ListRead.Field(index: index, name: record[index].name) : nil
                })
        }
    }
}
