import RuleLanguage
import Synchronization

/// The outcomes of the rules whose condition reads one fact and nothing else (directly or
/// through definitions and other rules; the dossier's `asOf` aside), for each value
/// `FactCandidates` tries for that fact. Such a rule's outcome for a value depends on nothing
/// else a dossier gives, so what is at stake on the fact (`Assessor.missingFacts`) looks it up
/// instead of evaluating the rule again for each value, dossier after dossier: a list of
/// records is tried as dozens of one-item lists, and the rules that read it are mostly
/// `any(a in list where a.kind == …)`.
///
/// A fact's table is worked out the second time a dossier asks for it with the same values
/// (and, when a rule measures `age(...)`, the same `asOf`), and kept: a portfolio assessed as of
/// one date shares every table, and one whose every dossier has its own date works out none.
/// Shared by every thread scoring with one assessor.
final class SoleFactOutcomes: Sendable {
    /// The outcomes of the fact's rules for each value tried, in the order they were tried.
    struct Table: Sendable {
        /// Per rule of the fact (`rulesBySlot`), per value.
        let outcomes: [[RuleStatus]]
        /// Per rule of the rule set: its row in `outcomes`, -1 for a rule the table does not hold.
        let row: [Int]

        @inline(__always)
        func outcome(ofRule rule: Int, value index: Int) -> RuleStatus? {
            let row = row[rule]
            return row < 0 ? nil : outcomes[row][index]
        }

        func holds(_ rule: Int) -> Bool { row[rule] >= 0 }
    }

    private struct Key: Hashable {
        var slot: Int
        /// The dossier's `asOf` when the values or the rules depend on it.
        var day: Int?
        var grid: Bool
    }

    /// When full, the tables are dropped and made again as they are asked for.
    static let capacity = 4096
    let ruleSet: CompiledRuleSet
    /// Per fact slot: the rules that read that fact only, in rule order.
    let rulesBySlot: [[Int]]
    /// Per fact slot: whether one of those rules asks `age(...)`.
    let slotReadsAsOf: [Bool]
    /// Per fact slot with such rules: each rule's row in the fact's tables (`Table.row`), one
    /// array every table of the fact shares.
    private let rows: [[Int]?]
    private let definitionReaders: [[Int]]
    private let readers: [[Int]]
    /// A key asked for once holds nil; asked for again, its table.
    private let tables = Mutex<[Key: Table?]>([:])

    init(ruleSet: CompiledRuleSet, definitionReaders: [[Int]], readers: [[Int]]) {
        self.ruleSet = ruleSet
        self.definitionReaders = definitionReaders
        self.readers = readers
        let readsAsOf = Self.readsAsOf(ruleSet)
        var rulesBySlot = [[Int]](repeating: [], count: ruleSet.facts.count)
        var slotReadsAsOf = [Bool](repeating: false, count: ruleSet.facts.count)
        for (index, rule) in ruleSet.rules.enumerated() where rule.conditionFacts.count == 1 {
            rulesBySlot[rule.conditionFacts[0]].append(index)
            if readsAsOf[index] { slotReadsAsOf[rule.conditionFacts[0]] = true }
        }
        self.rulesBySlot = rulesBySlot
        self.slotReadsAsOf = slotReadsAsOf
        self.rows = rulesBySlot.map { rules in
            guard !rules.isEmpty else { return nil }
            var row = [Int](repeating: -1, count: ruleSet.rules.count)
            for (position, rule) in rules.enumerated() { row[rule] = position }
            return row
        }
    }

    /// The table of the fact's rules for `values`, the values tried for it in a dossier whose
    /// `asOf` is given (`fixed`: values no dossier changes; `grid`: which of the fact's lists);
    /// nil when no rule reads the fact alone, or the first time these values are asked for.
    func table(slot: Int, values: [Value], grid: Bool, fixed: Bool, asOf: Day?) -> Table? {
        guard !rulesBySlot[slot].isEmpty else { return nil }
        let key = Key(slot: slot, day: fixed && !slotReadsAsOf[slot] ? nil : asOf?.daysSinceEpoch, grid: grid)
        let known: Table?? = tables.withLock { tables in
            if let entry = tables[key] { return entry }
            if tables.count >= Self.capacity { tables.removeAll(keepingCapacity: true) }
            tables[key] = .some(nil)
            return nil
        }
        switch known {
        case .some(.some(let table)): return table
        case nil: return nil  // the first time
        case .some(nil): break  // the second: worked out now
        }
        let table = makeTable(slot: slot, values: values, asOf: asOf)
        tables.withLock { $0[key] = table }
        return table
    }

    /// How many tables are made and kept.
    var tableCount: Int { tables.withLock { $0.values.count { $0 != nil } } }

    /// Every rule of the fact evaluated for each value, every other fact unknown (none of them
    /// reads one).
    private func makeTable(slot: Int, values: [Value], asOf: Day?) -> Table {
        let count = ruleSet.facts.count
        let rules = rulesBySlot[slot]
        let unknown = DossierFacts(values: Array(repeating: nil, count: count), evidence: Array(repeating: nil, count: count), asOf: asOf)
        var evaluator = Evaluator(ruleSet: ruleSet, facts: unknown)
        var outcomes = [[RuleStatus]](repeating: [], count: rules.count)
        for value in values {
            evaluator.set(fact: slot, to: value, forgetting: definitionReaders[slot], readers[slot])
            for (row, rule) in rules.enumerated() { outcomes[row].append(evaluator.status(ofRule: rule).0) }
        }
        return Table(outcomes: outcomes, row: rows[slot] ?? [])
    }

    /// Per rule: whether its condition asks `age(...)`, which measures to the dossier's `asOf`
    /// (directly or through definitions and other rules).
    static func readsAsOf(_ ruleSet: CompiledRuleSet) -> [Bool] {
        ruleSet.rulesReaching { node in
            if case .call(.age, _) = node { return true }
            return false
        }
    }
}
