import RuleLanguage
import Synchronization

/// What filling in a missing fact would do to the rules that read it, remembered by the
/// fact and its context, so that a dossier whose context was met before does not evaluate those
/// rules again for each value tried (`Assessor.missingFacts`).
///
/// A fact's **context** is the value of every other fact that the conditions of its readers
/// read (directly, through definitions, or through `fired(...)`), and the dossier's `asOf` when
/// one of those rules asks `age(...)` or the values tried for the fact depend on it. The
/// evaluator reads nothing else, so within one context the rules the fact could change, those
/// whose evaluation read it, the values tried for it and the outcome of every such rule for
/// every value are all the same: what an `Entry` holds. What differs from dossier to dossier
/// (every other rule's outcome, hence the score each outcome gives through caps, offsets and
/// the clamp) is worked out for each dossier from the entry.
///
/// An entry is made the second time a dossier asks with the same context, as `SoleFactOutcomes`
/// makes its tables: a context met once costs only its key. A portfolio's contexts repeat
/// where its dossiers share what a fact's rules also read (the host country's figures, an
/// enumeration, a flag, nothing at all); one whose every dossier differs in them makes none.
/// Shared by every thread scoring with one assessor.
final class StakeMemo: Sendable {
    /// The rules a missing fact could change, and their outcomes for every value tried.
    struct Entry: Sendable {
        /// The fact's readers whose outcome filling it in could change, in rule order
        /// (`Assessor.missingFacts`'s affected rules).
        let affected: [Int]
        /// Those among `affected` whose evaluation read the fact.
        let tried: [Int]
        /// The decided rules of `tried` whose outcome some value changes.
        let changedDecided: [Int]
        /// Which of `tried` fire, `tried.count` a pattern, one pattern for each different set of
        /// fired rules the values give other than the dossier's own.
        let patterns: [Bool]
        /// Whether some value leaves the same rules of `tried` fired as in the dossier.
        let keepsFired: Bool

        var patternCount: Int { tried.isEmpty ? 0 : patterns.count / tried.count }
    }

    enum Lookup {
        case known(Entry)
        /// Asked for the first time: nothing is made.
        case first
        /// Asked for again: the caller makes the entry and stores it.
        case again
    }

    private struct State {
        var seen: Set<ValueKey> = []
        var entries: [ValueKey: Entry] = [:]
        var hits = 0
    }

    /// When one is full, it is emptied and fills again with the contexts in use.
    static let capacity = 8192
    /// Per fact slot: the other facts its context holds, in slot order.
    let context: [[Int]]
    /// Per fact slot: whether its context holds the dossier's `asOf`.
    let contextHasAsOf: [Bool]
    private let state = Mutex(State())

    init(ruleSet: CompiledRuleSet, readers: [[Int]], candidates: FactCandidates) {
        let readsAsOf = SoleFactOutcomes.readsAsOf(ruleSet)
        var context: [[Int]] = []
        var contextHasAsOf: [Bool] = []
        for slot in ruleSet.facts.indices {
            var slots = Set<Int>()
            for rule in readers[slot] { slots.formUnion(ruleSet.rules[rule].conditionFacts) }
            slots.remove(slot)
            context.append(slots.sorted())
            contextHasAsOf.append(readers[slot].contains { readsAsOf[$0] } || candidates.dependsOnAsOf(slot))
        }
        self.context = context
        self.contextHasAsOf = contextHasAsOf
    }

    /// Writes the key of the fact's context in this dossier into `key`.
    func key(_ key: inout ValueKey, slot: Int, facts: DossierFacts) {
        key.removeAll()
        key.append(UInt64(slot))
        for other in context[slot] { key.append(facts.values[other]) }
        if contextHasAsOf[slot] { key.append(facts.asOf) }
    }

    func lookup(_ key: ValueKey) -> Lookup {
        state.withLock { state in
            if let entry = state.entries[key] {
                state.hits += 1
                return .known(entry)
            }
            if state.seen.remove(key) != nil { return .again }
            if state.seen.count >= Self.capacity { state.seen.removeAll(keepingCapacity: true) }
            state.seen.insert(key)
            return .first
        }
    }

    func store(_ entry: Entry, for key: ValueKey) {
        state.withLock { state in
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = entry
        }
    }

    /// How many entries are kept, and how many times one was used.
    var entryCount: Int { state.withLock { $0.entries.count } }
    var hitCount: Int { state.withLock { $0.hits } }
}
