import RuleLanguage
import Synchronization

/// What filling in a missing fact would do to the rules that read it, remembered by the
/// fact and its context, so that a dossier whose context was met before does not evaluate those
/// rules again for each value tried (`Assessor.missingFacts`).
///
/// A fact's **context** is the value of every other fact that the conditions of its readers
/// read (directly, through definitions, or through `fired(...)`) or whose being given decides
/// the values tried for it (`FactCandidates.gridPartners`, which may come from a definition no
/// condition reads), and the dossier's `asOf` when one of those rules asks `age(...)` or the
/// values tried for the fact depend on it. The evaluator reads nothing else, so within one
/// context the rules the fact could change, those whose evaluation read it, the values tried
/// for it and the outcome of every such rule for every value are all the same: what an `Entry`
/// holds. What differs from dossier to dossier (every other rule's outcome, hence the score
/// each outcome gives through caps, offsets and the clamp) is worked out for each dossier from
/// the entry.
///
/// An entry is made the second time a dossier asks with the same context, as `SoleFactOutcomes`
/// makes its tables: a context met once costs only its numbers. A portfolio's contexts repeat
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
        /// The most points at stake the patterns can give, before the score is worked out: the
        /// largest sum of the points of the rules a pattern fires or leaves unfired otherwise
        /// than the dossier, and two cents for the roundings (0 with no pattern).
        let bound: Double

        var patternCount: Int { tried.isEmpty ? 0 : patterns.count / tried.count }
    }

    enum Lookup {
        case known(Entry)
        /// Asked for the first time: nothing is made.
        case first
        /// Asked for again: the caller makes the entry and stores it.
        case again
    }

    /// An entry with the context it was made in, which a dossier must match exactly to use it:
    /// each fact's value by its number (`State.numbers`), and the `asOf` where it counts.
    private struct Made {
        let entry: Entry
        let numbers: [Int]
        let asOf: Day?
    }

    /// A value met in a fact's slot, and the number it is known by.
    private struct Numbered {
        let value: Value?
        let number: Int
    }

    private struct State {
        /// Per fact slot and hash of a value (`ExactValues`): the values met, each numbered
        /// once. Numbers are never given twice, not even once these are forgotten, so a
        /// number a dossier holds can only ever mean its own value.
        var numbers: [UInt64: [Numbered]] = [:]
        /// The values kept, counted as `ExactValues.hash` counts them (items and fields too).
        var held = 0
        var lastNumber = 0
        /// The hashes of the values met once and not numbered: a value is kept only from its
        /// second time, so that a portfolio whose values seldom repeat keeps few.
        var seenValues: Set<UInt64> = []
        /// The hashes of the contexts met once.
        var seen: Set<UInt64> = []
        /// By the hash of their context's numbers: a hash two contexts share holds both.
        var made: [UInt64: [Made]] = [:]
        var hits = 0
    }

    /// When one is full (`valueCapacity`: the hashes of values met once), it is emptied and fills
    /// again with the contexts (and the values) in use.
    static let capacity = 8192
    static let valueCapacity = 1 << 15
    /// The most values (items and fields counted) kept at once, and in one value: a larger one
    /// gets a number of its own, that no context kept holds. A bound on the memory the memo
    /// holds however large the dossiers' lists, as `silkrisk serve` keeps one for as long as
    /// its rules stay the same.
    static let heldCapacity = 1 << 18
    static let largestKept = 256
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
            slots.formUnion(candidates.gridPartners(slot))
            slots.remove(slot)
            context.append(slots.sorted())
            contextHasAsOf.append(readers[slot].contains { readsAsOf[$0] } || candidates.dependsOnAsOf(slot))
        }
        self.context = context
        self.contextHasAsOf = contextHasAsOf
    }

    /// The number of the value in `slot` of these facts: the same for the same value (exactly,
    /// as `ExactValues` compares), whichever dossier it is met in.
    func number(slot: Int, facts: DossierFacts) -> Int {
        let value = facts.values[slot]
        var hash = ExactValues.mix(0, UInt64(slot))
        var size = 0
        ExactValues.hash(value, into: &hash, size: &size)
        return state.withLock { state in
            if size > Self.largestKept {
                state.lastNumber += 1
                return state.lastNumber
            }
            if let known = state.numbers[hash] {
                for candidate in known where ExactValues.equal(candidate.value, value) { return candidate.number }
            }
            state.lastNumber += 1
            if state.seenValues.remove(hash) == nil {
                // The first time: a number of its own that no context kept holds.
                if state.seenValues.count >= Self.valueCapacity { state.seenValues.removeAll(keepingCapacity: true) }
                state.seenValues.insert(hash)
                return state.lastNumber
            }
            if state.held + size > Self.heldCapacity {
                // Forgotten together: an entry holds numbers of values no longer held.
                state.numbers.removeAll(keepingCapacity: true)
                state.made.removeAll(keepingCapacity: true)
                state.held = 0
            }
            state.held += size
            state.numbers[hash, default: []].append(Numbered(value: value, number: state.lastNumber))
            return state.lastNumber
        }
    }

    /// The numbers of the fact's context in this dossier, in `numbers` (each fact's number, 0
    /// until worked out for this dossier: the contexts of its facts share many), and its hash.
    func context(slot: Int, facts: DossierFacts, numbers: inout [Int]) -> UInt64 {
        var hash = ExactValues.mix(0, UInt64(slot))
        for other in context[slot] {
            if numbers[other] == 0 {
                // The values every dossier meets have numbers of their own, below the others.
                switch facts.values[other] {
                case nil: numbers[other] = -1
                case .boolean(false)?: numbers[other] = -2
                case .boolean(true)?: numbers[other] = -3
                default: numbers[other] = number(slot: other, facts: facts)
                }
            }
            hash = ExactValues.mix(hash, UInt64(bitPattern: Int64(numbers[other])))
        }
        if contextHasAsOf[slot] { hash = ExactValues.mix(hash, facts.asOf.map { UInt64(bitPattern: Int64($0.daysSinceEpoch)) } ?? .max) }
        return hash
    }

    /// The entry made for the fact in `slot` in the same context as in these facts (`hash` and
    /// `numbers`: from `context(slot:facts:numbers:)`), if one is.
    func lookup(slot: Int, facts: DossierFacts, hash: UInt64, numbers: [Int]) -> Lookup {
        let context = context[slot]
        let hasAsOf = contextHasAsOf[slot]
        return state.withLock { state in
            if let made = state.made[hash] {
                for candidate in made where !hasAsOf || candidate.asOf == facts.asOf {
                    var same = true
                    for (position, other) in context.enumerated() where candidate.numbers[position] != numbers[other] {
                        same = false
                        break
                    }
                    if same {
                        state.hits += 1
                        return .known(candidate.entry)
                    }
                }
                // Another context with the same hash: made now.
                return .again
            }
            if state.seen.remove(hash) != nil { return .again }
            if state.seen.count >= Self.capacity { state.seen.removeAll(keepingCapacity: true) }
            state.seen.insert(hash)
            return .first
        }
    }

    func store(_ entry: Entry, slot: Int, facts: DossierFacts, hash: UInt64, numbers: [Int]) {
        let made = Made(entry: entry, numbers: context[slot].map { numbers[$0] }, asOf: contextHasAsOf[slot] ? facts.asOf : nil)
        state.withLock { state in
            if state.made.count >= Self.capacity { state.made.removeAll(keepingCapacity: true) }
            state.made[hash, default: []].append(made)
        }
    }

    /// How many entries are kept, and how many times one was used.
    var entryCount: Int { state.withLock { $0.made.values.reduce(0) { $0 + $1.count } } }
    var hitCount: Int { state.withLock { $0.hits } }
}
