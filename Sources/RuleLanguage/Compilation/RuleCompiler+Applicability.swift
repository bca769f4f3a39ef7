import SilkDiagnostics

/// The two catalogue declarations that say how to read a dossier's lists and gaps, rather than
/// one value: where a dossier says that something does not apply (`notApplicable`), and the
/// sections whose lists hold at least their items when a condition holds (`open lists under`).
extension RuleCompiler {
    /// `notApplicable at "notApplicable/item" path "@path"`: two places, checked.
    mutating func compileNotApplicable() -> NotApplicableItems? {
        guard let syntax = notApplicableSyntax else { return nil }
        guard let items = FactPath(syntax.items.value), !items.elements.isEmpty, items.attribute == nil else {
            report(
                .error, .invalidPath, "'\(syntax.items.value)' is not the place of repeated elements", at: syntax.items.span,
                suggestions: ["write the element path of the items, such as \"notApplicable/item\""])
            return nil
        }
        guard let path = FactPath(syntax.path.value), path.attribute != nil || !path.elements.isEmpty else {
            report(
                .error, .invalidPath, "'\(syntax.path.value)' is not a place in an item", at: syntax.path.span,
                suggestions: ["write where, in each item, the path of what does not apply is: \"@path\" for an attribute"])
            return nil
        }
        return NotApplicableItems(items: items, path: path)
    }

    /// `open lists under "SECTION" when FACT == VALUE`: the section must hold list facts, and the
    /// condition compare one single fact with one value or a list of values (`==`, `!=`, `in`,
    /// `not in`), so that it is decided as the dossier is read, before any rule.
    mutating func compileOpenLists(_ syntax: OpenListsSyntax) -> OpenLists? {
        let (node, type) = check(syntax.condition)
        expect(type, .boolean, syntax.condition.span, "'open lists ... when' needs a true-or-false condition")
        guard let section = FactPath(syntax.section.value), !section.elements.isEmpty, section.attribute == nil else {
            report(
                .error, .invalidOpenLists, "'\(syntax.section.value)' is not a section of a dossier", at: syntax.section.span,
                suggestions: ["write the element path of the section, such as \"integrity\""])
            return nil
        }
        let slots = facts.indices.filter { slot in
            guard case .list = facts[slot].type else { return false }
            return facts[slot].path.elements.starts(with: section.elements)
        }
        if slots.isEmpty {
            report(
                .error, .invalidOpenLists, "no list fact is declared under '\(syntax.section.value)'", at: syntax.section.span,
                suggestions: ["declare the section's lists first, such as fact integrity.allegations: list at \"integrity/allegation\" { ... }"])
        }
        guard type != .invalid else { return nil }
        guard let test = Self.singleFactTest(node) else {
            report(
                .error, .invalidOpenLists, "the condition must compare one fact with a value", at: syntax.condition.span,
                suggestions: ["such as integrity.checked == false, or integrity.status in [\"unchecked\", \"partial\"]"])
            return nil
        }
        if case .list = facts[test.slot].type {
            report(.error, .invalidOpenLists, "the condition must read a single value, not a list", at: syntax.condition.span)
            return nil
        }
        guard !slots.isEmpty else { return nil }
        return OpenLists(section: section, conditionSlot: test.slot, values: test.values, negated: test.negated, slots: slots)
    }

    /// `fact == value`, `fact != value`, `fact in [...]` or `fact not in [...]`, either way round
    /// for `==` and `!=`: the fact's slot, the values, and whether the test is negated.
    static func singleFactTest(_ node: Node) -> (slot: Int, values: [Value], negated: Bool)? {
        switch node {
        case .compare(let op, .fact(let slot), .constant(let value?)), .compare(let op, .constant(let value?), .fact(let slot)):
            guard op == .equal || op == .notEqual else { return nil }
            return (slot, [value], op == .notEqual)
        case .member(.fact(let slot), .constant(.list(let items)?), let negated):
            let values = items.compactMap { $0 }
            guard values.count == items.count else { return nil }
            return (slot, values, negated)
        default:
            return nil
        }
    }
}
