package import RuleLanguage

/// A rule's condition as compiled, written out in full so that two rule sets' versions of a rule
/// can be compared: definitions written in place, facts and fields by name, other rules by id.
/// Two conditions that read the same are the same condition, however their rule sets number
/// their facts; a definition changed changes the text of every condition that uses it.
package struct ConditionText {
    let ruleSet: CompiledRuleSet

    package init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
    }

    package func text(ofRule index: Int) -> String {
        text(of: ruleSet.rules[index].condition)
    }

    package func text(of node: Node) -> String {
        var out = ""
        write(node, bound: [:], into: &out)
        return out
    }

    /// `bound` gives, for each quantifier item in scope, the list fact it runs over.
    // One case per kind of node, side by side: longer than most functions, and flat.
    private func write(_ node: Node, bound: [Int: Int], into out: inout String) {
        switch node {
        case .constant(let value): out += value.map { "\($0)" } ?? "unknown"
        case .fact(let slot): out += ruleSet.facts[slot].name
        case .local(let local): out += "$\(local)"
        case .field(let base, let field):
            write(base, bound: bound, into: &out)
            if case .local(let local) = base, let slot = bound[local], field < ruleSet.facts[slot].fields.count {
                out += "." + ruleSet.facts[slot].fields[field].name
            } else {
                out += ".#\(field)"
            }
        case .definition(let index): group(ruleSet.definitions[index], bound: [:], into: &out)
        case .fired(let index): out += "fired(\(ruleSet.rules[index].id))"
        case .not(let a): prefixed("not ", a, bound, &out)
        case .negate(let a): prefixed("-", a, bound, &out)
        case .has(let a): prefixed("has ", a, bound, &out)
        case .missing(let a): prefixed("missing ", a, bound, &out)
        case .notApplicable(let a):
            group(a, bound: bound, into: &out)
            out += " is not applicable"
        case .and(let a, let b): infix(a, "and", b, bound, &out)
        case .or(let a, let b): infix(a, "or", b, bound, &out)
        case .compare(let op, let a, let b): infix(a, "\(op)", b, bound, &out)
        case .arithmetic(let op, let a, let b): infix(a, "\(op)", b, bound, &out)
        case .member(let a, let b, let negated): infix(a, negated ? "not in" : "in", b, bound, &out)
        case .contains(let a, let b): infix(a, "contains", b, bound, &out)
        case .matches(let a, let pattern):
            group(a, bound: bound, into: &out)
            out += " matches \"\(pattern.source)\""
        case .inRange(let a, let low, let high, let negated):
            group(a, bound: bound, into: &out)
            out += negated ? " not in " : " in "
            group(low, bound: bound, into: &out)
            out += ".."
            group(high, bound: bound, into: &out)
        case .quantifier(let kind, let local, let collection, let value, let condition, _):
            var inner = bound
            if let slot = listSlot(collection) { inner[local] = slot }
            out += "\(kind.rawValue)($\(local) in "
            write(collection, bound: bound, into: &out)
            if let value {
                out += " of "
                write(value, bound: inner, into: &out)
            }
            if let condition {
                out += " where "
                write(condition, bound: inner, into: &out)
            }
            out += ")"
        case .call(_, let arguments), .lookup(_, let arguments):
            if case .call(let function, _) = node { out += function.rawValue + "(" }
            if case .lookup(let table, _) = node { out += "lookup(\(table.id), " }
            for (position, argument) in arguments.enumerated() {
                if position > 0 { out += ", " }
                write(argument, bound: bound, into: &out)
            }
            out += ")"
        }
    }

    private func group(_ node: Node, bound: [Int: Int], into out: inout String) {
        out += "("
        write(node, bound: bound, into: &out)
        out += ")"
    }

    private func prefixed(_ prefix: String, _ node: Node, _ bound: [Int: Int], _ out: inout String) {
        out += prefix
        group(node, bound: bound, into: &out)
    }

    private func infix(_ a: Node, _ op: String, _ b: Node, _ bound: [Int: Int], _ out: inout String) {
        group(a, bound: bound, into: &out)
        out += " \(op) "
        group(b, bound: bound, into: &out)
    }

    private func listSlot(_ node: Node) -> Int? {
        switch node {
        case .fact(let slot): slot
        case .definition(let index): listSlot(ruleSet.definitions[index])
        default: nil
        }
    }
}
