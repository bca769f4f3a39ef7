package import RuleLanguage
package import Scoring

/// Every single change `whatif` may make to a dossier: a changeable fact set to a value, a
/// changeable field of one item of a list set to a value, an item of a changeable list removed,
/// or one item added to it. Each is a *position* with the values it can take; a set of changes
/// takes at most one value per position (and does not both remove an item and change it).
///
/// The values are those `FactCandidates` tries for the fact or field (docs/rule-language.md
/// §8.1), other than the one the dossier gives; a text compared with another fact or field (an
/// IP registration's country with a party's) is also tried with every text the dossier gives
/// that other one. Positions whose fact no rule's condition reads are left out: no change to
/// them can change an outcome.
package struct ChangeSpace: Sendable {
    package enum Target: Sendable, Hashable {
        /// A fact set as a whole: a scalar, or a list the dossier does not give.
        case fact
        /// One item's field (nil: the item itself, in a list of values).
        case field(item: Int, field: Int?)
        case removeItem(Int)
        case addItem
    }

    package struct Position: Sendable {
        package var slot: Int
        package var target: Target
        /// What the dossier gives there (nil: unknown; for adding and removing items, nil).
        package var current: Value?
        package var values: [Value]
    }

    package let positions: [Position]

    package init(ruleSet: CompiledRuleSet, facts: DossierFacts, candidates: FactCandidates, readers: (Int) -> [Int]) {
        let peers = TextPeers(ruleSet: ruleSet)
        var positions: [Position] = []
        for (slot, fact) in ruleSet.facts.enumerated() where !readers(slot).isEmpty {
            let value = facts.values[slot]
            if value?.isNotApplicable == true { continue }
            let fieldsChangeable = fact.fields.indices.filter { fact.changeable || fact.fields[$0].changeable }
            guard fact.changeable || !fieldsChangeable.isEmpty else { continue }
            func fieldValues(_ field: Int?) -> [Value] {
                var values = candidates.values(forField: field, ofList: slot, asOf: facts.asOf)
                for text in peers.texts(for: .init(slot: slot, field: field), in: facts) where !values.contains(.text(text)) {
                    values.append(.text(text))
                }
                return values
            }
            switch value {
            case .list(let items)?, .openList(let items)?:
                let isRecords = !fact.fields.isEmpty
                for (index, item) in items.enumerated() {
                    if isRecords {
                        guard case .record(let fields)? = item else { continue }
                        for field in fieldsChangeable {
                            let options = fieldValues(field).filter { $0 != fields[field] }
                            if !options.isEmpty {
                                positions.append(
                                    Position(slot: slot, target: .field(item: index, field: field), current: fields[field], values: options))
                            }
                        }
                    } else if fact.changeable {
                        let options = fieldValues(nil).filter { $0 != item }
                        if !options.isEmpty {
                            positions.append(Position(slot: slot, target: .field(item: index, field: nil), current: item, values: options))
                        }
                    }
                }
                guard fact.changeable else { continue }
                let added = Self.newItems(fact: fact, values: fieldValues, fallback: candidates.values(forFact: slot, asOf: facts.asOf))
                if !added.isEmpty { positions.append(Position(slot: slot, target: .addItem, current: nil, values: added)) }
                for index in items.indices { positions.append(Position(slot: slot, target: .removeItem(index), current: nil, values: [.list([])])) }
            default:
                guard fact.changeable else { continue }
                var options = candidates.values(forFact: slot, asOf: facts.asOf)
                if case .text = fact.type {
                    for text in peers.texts(for: .init(slot: slot, field: nil), in: facts) where !options.contains(.text(text)) {
                        options.append(.text(text))
                    }
                }
                options.removeAll { $0 == value }
                if !options.isEmpty { positions.append(Position(slot: slot, target: .fact, current: value, values: options)) }
            }
        }
        self.positions = positions
    }

    /// The items a changeable list may gain: for a list of records, every combination of the
    /// values of the fields the conditions read (others unknown), at most
    /// `FactCandidates.maximumListItems`; past that, the one-item lists `FactCandidates` tries.
    /// For a list of values, each value its items are tried with.
    static func newItems(fact: CompiledFact, values: (Int?) -> [Value], fallback: [Value]) -> [Value] {
        guard !fact.fields.isEmpty else { return values(nil) }
        let choices: [[Value?]] = fact.fields.indices.map { field in
            let options = values(field)
            return options.isEmpty ? [nil] : options.map(Optional.some)
        }
        let count = choices.reduce(1) { $0 * $1.count }
        guard count <= FactCandidates.maximumListItems else {
            return fallback.compactMap { list in
                if case .list(let items) = list, items.count == 1, let item = items[0] { return item }
                return nil
            }
        }
        // Every combination, the last field varying fastest.
        var result: [Value] = []
        var position = [Int](repeating: 0, count: choices.count)
        for _ in 0..<count {
            result.append(.record(choices.indices.map { choices[$0][position[$0]] }))
            var field = choices.count - 1
            while field >= 0 {
                position[field] += 1
                if position[field] < choices[field].count { break }
                position[field] = 0
                field -= 1
            }
        }
        return result
    }

    /// Whether two positions cannot be in one set: the same item removed and changed.
    package func conflict(_ a: Int, _ b: Int) -> Bool {
        let (p, q) = (positions[a], positions[b])
        guard p.slot == q.slot else { return false }
        switch (p.target, q.target) {
        case (.removeItem(let i), .field(let j, _)), (.field(let j, _), .removeItem(let i)): return i == j
        default: return false
        }
    }

    /// The value of the fact in `slot` once the chosen changes on it are made to `original`.
    package func value(of slot: Int, original: Value?, changes: [(position: Int, value: Int)]) -> Value? {
        var whole: Value?? = nil
        var items: [Value?]
        var open = false
        switch original {
        case .list(let list)?: items = list
        case .openList(let list)?:
            items = list
            open = true
        default: items = []
        }
        var removed: [Int] = []
        var added: [Value?] = []
        for (index, choice) in changes where positions[index].slot == slot {
            let position = positions[index]
            let value = position.values[choice]
            switch position.target {
            case .fact: whole = .some(value)
            case .field(let item, let field?):
                guard case .record(var fields)? = items[item] else { continue }
                fields[field] = value
                items[item] = .record(fields)
            case .field(let item, nil): items[item] = value
            case .removeItem(let item): removed.append(item)
            case .addItem: added.append(value)
            }
        }
        if let whole { return whole }
        for item in removed.sorted(by: >) { items.remove(at: item) }
        items += added
        return open ? .openList(items) : .list(items)
    }
}
