import RuleLanguage

/// Quantifiers (`any`, `all`, `none`, `count`, `sum`, `min`, `max`) over a list, an open list
/// (docs/rule-language.md §7.2) or a list that does not apply (§7.1).
extension Evaluator {
    /// A quantifier over what is not a plain list: an open list (`open`), or a list that does not
    /// apply (seen as an empty one; `min` and `max` of it do not apply either).
    mutating func quantify(_ quantifier: ConditionProgram.Quantifier, over list: Value) -> Value? {
        switch list {
        case .openList(let items):
            return quantify(quantifier, items: items, open: true)
        case .notApplicable:
            if quantifier.kind == .min || quantifier.kind == .max { return list }
            return quantify(quantifier, items: [])
        default:
            return nil
        }
    }

    /// `isMoney` says what `sum` of an empty selection is: 0, or no money (in no currency: zero is
    /// zero in any). It is the node's own, not state: a quantifier nested in the `where` or `of` of
    /// another must not change what the outer one sums to.
    ///
    /// Over an `open` list (one that holds at least `items`), only what the items decide is known:
    /// `any` is true when an item meets the condition, `none` false then, `all` false when an item
    /// fails it; otherwise each is unknown. `count` is at least the items that meet it.
    mutating func quantify(_ quantifier: ConditionProgram.Quantifier, items: [Value?], open: Bool = false) -> Value? {
        let (kind, local, isMoney) = (quantifier.kind, quantifier.local, quantifier.isMoney)
        let (value, condition) = (quantifier.value, quantifier.condition)
        var trues = 0
        var unknowns = 0
        var selected: [Value?] = []
        for item in items {
            bind(local, item)
            let test: Bool? = condition < 0 ? true : truth(condition)
            switch test {
            case true?:
                trues += 1
                if value >= 0 { selected.append(evaluate(value)) }
            case nil:
                unknowns += 1
            default:
                break
            }
        }
        if open {
            return openResult(kind, local: local, trues: trues, falses: items.count - trues - unknowns, selected: selected, value: value)
        }
        switch kind {
        case .any:
            return trues > 0 ? .boolean(true) : unknowns > 0 ? nil : .boolean(false)
        case .none:
            return trues > 0 ? .boolean(false) : unknowns > 0 ? nil : .boolean(true)
        case .all:
            let falses = items.count - trues - unknowns
            return falses > 0 ? .boolean(false) : unknowns > 0 ? nil : .boolean(true)
        case .count:
            return .number(Interval(Double(trues), Double(trues + unknowns)))
        case .sum, .min, .max:
            guard unknowns == 0 else { return nil }
            var result: Value? = nil
            for item in selected {
                guard let item else { return nil }
                guard let current = result else {
                    result = item
                    continue
                }
                switch kind {
                case .sum:
                    result = ValueOperations.arithmetic(.add, current, item, rates: ruleSet.rates)
                    if result == nil { return nil }
                case .min:
                    guard let less = ValueOperations.compare(.less, item, current, rates: ruleSet.rates) else { return nil }
                    if less { result = item }
                default:
                    guard let greater = ValueOperations.compare(.greater, item, current, rates: ruleSet.rates) else { return nil }
                    if greater { result = item }
                }
            }
            if result == nil, kind == .sum { return isMoney ? .money(Interval(0), currency: "") : .number(Interval(0)) }
            return result
        }
    }

    /// What a quantifier over an open list knows from the items it holds. `sum` is at least the
    /// items' sum, and open above, only for money read straight from the items (the dossier
    /// format has no negative amounts, so items not recorded can only add); otherwise unknown.
    private func openResult(_ kind: QuantifierKind, local: Int, trues: Int, falses: Int, selected: [Value?], value: Int) -> Value? {
        switch kind {
        case .any: return trues > 0 ? .boolean(true) : nil
        case .none: return trues > 0 ? .boolean(false) : nil
        case .all: return falses > 0 ? .boolean(false) : nil
        case .count: return .number(Interval(Double(trues), .infinity))
        case .min, .max: return nil
        case .sum:
            guard value >= 0, readsItem(value, local: local) else { return nil }
            var total = 0.0
            var currency: String? = nil
            for item in selected {
                guard case .money(let amount, let code)? = item, amount.low >= 0 else { return nil }
                if let currency, currency != code {
                    guard let factor = ruleSet.rates.factor(from: code, to: currency) else { return nil }
                    total += amount.low * factor
                } else {
                    currency = code
                    total += amount.low
                }
            }
            return .money(Interval(total, .infinity), currency: currency ?? "")
        }
    }

    /// Whether `node` is the item itself or one of its fields, as the dossier gives it.
    private func readsItem(_ node: Int, local: Int) -> Bool {
        switch ops[node] {
        case .local(let index): index == local
        case .field(let base, _): readsItem(base, local: local)
        default: false
        }
    }
}
