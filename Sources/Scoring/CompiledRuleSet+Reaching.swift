import RuleLanguage

extension CompiledRuleSet {
    /// Per rule: whether `ruleMarked` holds for it, or its condition holds a node `nodeMarked`
    /// picks, directly or through the definitions and other rules (`fired(...)`) it reads. What
    /// `Assessor.revisable` and `SoleFactOutcomes.readsAsOf` each ask of every rule.
    func rulesReaching(_ nodeMarked: (Node) -> Bool, orRule ruleMarked: (CompiledRule) -> Bool = { _ in false }) -> [Bool] {
        var definitionResults = [Bool?](repeating: nil, count: definitions.count)
        var ruleResults = [Bool?](repeating: nil, count: rules.count)
        func walk(_ node: Node) -> Bool {
            if nodeMarked(node) { return true }
            switch node {
            case .constant, .fact, .local: return false
            case .definition(let index):
                if let known = definitionResults[index] { return known }
                definitionResults[index] = false  // a cycle cannot occur in a compiled rule set
                let result = walk(definitions[index])
                definitionResults[index] = result
                return result
            case .fired(let index): return rule(index)
            case .field(let a, _), .not(let a), .negate(let a), .matches(let a, _), .has(let a), .missing(let a), .notApplicable(let a):
                return walk(a)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b), .member(let a, let b, _),
                .contains(let a, let b):
                return walk(a) || walk(b)
            case .inRange(let a, let b, let c, _): return walk(a) || walk(b) || walk(c)
            case .quantifier(_, _, let collection, let value, let condition, _):
                return walk(collection) || value.map(walk) == true || condition.map(walk) == true
            case .call(_, let arguments), .lookup(_, let arguments): return arguments.contains(where: walk)
            }
        }
        func rule(_ index: Int) -> Bool {
            if let known = ruleResults[index] { return known }
            ruleResults[index] = false
            let result = ruleMarked(rules[index]) || walk(rules[index].condition)
            ruleResults[index] = result
            return result
        }
        return rules.indices.map(rule)
    }
}
