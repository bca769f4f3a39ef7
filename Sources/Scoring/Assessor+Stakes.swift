import RuleLanguage

/// What is at stake on each missing fact: the largest real change of the score that filling the
/// fact in could make, everything else as it is. Each value `FactCandidates` proposes for the
/// fact is put in its place and the rules that read it are evaluated again; the score those
/// outcomes give goes through the whole scoring model (caps, mutually exclusive rules, the
/// mitigations' offsets, the clamp), so nothing is counted that could not happen.
extension Assessor {
    /// The missing facts that an undecided rule reads, or whose filling in could change the
    /// score, most points at stake first, then by name. `reads` is the evaluator that worked out
    /// `statuses`, which knows which missing facts each rule read.
    ///
    /// With a `limit`, only the first `limit` of that list, exactly as they head the whole list.
    /// Each fact gets two bounds before its values are tried: the points of the rules it could
    /// change, which cost nothing to add up, and the score with every rule it could change at
    /// its most adverse and at its most favourable (`bounds(of:tried:table:score:work:)`: the model is
    /// monotone, so no value goes past them). Facts are taken best first bound first; one whose
    /// second bound cannot beat the last kept fact is passed over, and the search stops once the
    /// last kept one has more points at stake than any fact left could have by its first bound
    /// (or as many and a name before theirs). A fact with one value to try, or none, gets no
    /// second bound: the value is tried directly.
    func missingFacts(facts: DossierFacts, statuses: [RuleStatus], score: Double, reads: Evaluator, limit: Int? = nil) -> [MissingFact] {
        // Local copies: a closure that used `self` would copy the whole assessor.
        let (ruleRank, factRank, points) = (ruleRankById, factRankByName, plan.points)
        // Starts from the outcomes the assessment worked out: those no value of the fact changes
        // are not worked out again.
        var work = StakeWork(evaluator: reads.untracked(), statuses: statuses, categories: plan.categoryCount)
        // Each missing fact some rule reads, with a first bound that costs no evaluation: the
        // points of the rules it could change whose evaluation read it (`false and x` never
        // reads x). A rule's outcome changing moves the score by at most its points (a cap, the
        // offsets and the clamp only ever take some of that away), and the roundings by two
        // cents at most.
        var open: [(slot: Int, bound: Double)] = []
        open.reserveCapacity(readers.count)
        for slot in readers.indices where facts.values[slot] == nil && !readers[slot].isEmpty {
            var sum = 0.0
            var anyAffected = false
            for rule in readers[slot] where isAffected(rule, statuses) {
                anyAffected = true
                if reads.read(slot: slot, forRule: rule) { sum += Swift.abs(points[rule]) }
            }
            guard anyAffected else { continue }
            open.append((slot, sum == 0 ? 0 : sum + 0.02))
        }
        func precedes(_ a: (points: Double, slot: Int), _ b: (points: Double, slot: Int)) -> Bool {
            a.points != b.points ? a.points > b.points : factRank[a.slot] < factRank[b.slot]
        }
        // Whether the kept facts already fill the list ahead of any fact whose stake is at most
        // `bound`.
        // The facts kept so far, their rules by index: named once the list is known.
        var result: [(points: Double, slot: Int, scores: ClosedRange<Double>, rules: [Int])] = []
        func full(before bound: Double, _ slot: Int) -> Bool {
            guard let limit, result.count >= limit, let last = result.last else { return limit == 0 }
            return precedes((last.points, last.slot), (bound, slot))
        }
        if limit != nil { open.sort { precedes(($0.bound, $0.slot), ($1.bound, $1.slot)) } }
        func keep(_ slot: Int, points: Double, scores: ClosedRange<Double>, rules: [Int]) {
            result.append((points, slot, scores, rules))
            if let limit {
                result.sort { precedes(($0.points, $0.slot), ($1.points, $1.slot)) }
                if result.count > limit { result.removeLast() }
            }
        }
        for (slot, first) in open {
            // Every fact left has at most this first bound.
            if full(before: first, slot) { break }
            // A context met before: the stake from the outcomes remembered, nothing evaluated.
            if let known = rememberedStake(slot: slot, facts: facts, statuses: statuses, reads: reads, work: &work) {
                let undecided = known.affected.contains { statuses[$0] == .undecided }
                guard known.bound > 0 || undecided else { continue }
                if full(before: known.bound, slot) { continue }
                let scores = scores(of: known, score: score, work: &work)
                let points = Self.rounded(max(scores.upperBound - score, score - scores.lowerBound))
                guard points > 0 || undecided else { continue }
                // It would come after the kept ones.
                if full(before: points, slot) { continue }
                keep(slot, points: points, scores: scores, rules: known.affected.filter { statuses[$0] == .undecided } + known.changedDecided)
                continue
            }
            // Built in the work's arrays, whose room stays from one fact to the next (`filter`
            // would make an array a fact, growing it one reallocation at a time).
            work.affected.removeAll(keepingCapacity: true)
            for rule in readers[slot] where isAffected(rule, statuses) { work.affected.append(rule) }
            work.tried.removeAll(keepingCapacity: true)
            for rule in work.affected where reads.read(slot: slot, forRule: rule) { work.tried.append(rule) }
            let (affected, tried) = (work.affected, work.tried)
            // The values tried, and the outcomes of the rules that read this fact alone.
            let values = tried.isEmpty ? nil : candidates.tried(forFact: slot, in: facts)
            let table = values.flatMap { values in
                usesSoleFactOutcomes
                    ? soleFactOutcomes.table(slot: slot, values: values.values, grid: values.grid, fixed: values.fixed, asOf: facts.asOf) : nil
            }
            // With one value to try or none, trying it costs less than bounding what the rules can
            // reach, which would only spare that: no bound, and every rule that read it is live.
            let direct = values.map { $0.values.count <= 1 } ?? false
            let (bounds, live) =
                direct
                ? (-Double.infinity...Double.infinity, Array(tried.indices)) : bounds(of: slot, tried: tried, table: table, score: score, work: &work)
            let bound = direct ? .infinity : Self.rounded(max(bounds.upperBound - score, score - bounds.lowerBound))
            // Nothing can be at stake and no undecided rule waits for it: not listed.
            guard bound > 0 || affected.contains(where: { statuses[$0] == .undecided }) else { continue }
            // The tighter bound: this fact cannot come before the kept ones, a later one may.
            if full(before: bound, slot) { continue }
            let candidate = StakeCandidate(
                slot: slot, affected: affected, tried: tried, live: live, bounds: bounds, bound: bound, values: values?.values ?? [], table: table)
            let (scores, changed) = stake(of: candidate, score: score, work: &work)
            let points = Self.rounded(max(scores.upperBound - score, score - scores.lowerBound))
            guard points > 0 || candidate.affected.contains(where: { statuses[$0] == .undecided }) else { continue }
            var rules = candidate.affected.filter { statuses[$0] == .undecided }
            for (position, rule) in candidate.tried.enumerated() where changed[position] && statuses[rule] != .undecided { rules.append(rule) }
            keep(slot, points: points, scores: scores, rules: rules)
        }
        result.sort { precedes(($0.points, $0.slot), ($1.points, $1.slot)) }
        return result.map { kept in
            MissingFact(
                fact: factNames[kept.slot], pointsAtStake: kept.points, scoreIfKnown: kept.scores,
                rules: kept.rules.sorted { ruleRank[$0] < ruleRank[$1] }.map { ruleSet.rules[$0].id })
        }
    }

    /// Whether filling in a missing fact the rule reads could change its outcome: it is
    /// undecided, or absence itself decided it (`revisable`).
    @inline(__always)
    func isAffected(_ rule: Int, _ statuses: [RuleStatus]) -> Bool { statuses[rule] == .undecided || revisable[rule] }

    /// The lowest and the highest score any value of the fact in `slot` can give when `tried`
    /// are the rules whose outcome it can change. Each of them can reach only some outcomes
    /// (`Evaluator.outcomes(ofRule:_:)`); the model is monotone, so no value can give more than
    /// the score with every such rule that adds points fired if it can fire and every one that
    /// takes points off not fired if it can be not fired, nor less than the reverse.
    ///
    /// Also the positions in `tried` of the rules whose outcome a value can change in a way that
    /// matters (`live`): an undecided rule that cannot fire stays out of the score whatever the
    /// value, and a fired rule that cannot be anything else stays fired, so neither is evaluated
    /// again for each value.
    private func bounds(of slot: Int, tried: [Int], table: SoleFactOutcomes.Table?, score: Double, work: inout StakeWork) -> (
        ClosedRange<Double>, live: [Int]
    ) {
        guard !tried.isEmpty else { return (score...score, []) }
        let plan = plan
        let statuses = work.statuses
        for index in definitionReaders[slot] { work.readsDefinition[index] = true }
        for rule in readers[slot] { work.readsRule[rule] = true }
        let reach = Evaluator.Reach(slot: slot, definitions: work.readsDefinition, rules: work.readsRule)
        for rule in tried {
            work.isTried[rule] = true
            if let table, table.holds(rule) {
                // The outcomes the values tried give, exactly.
                let outcomes = table.outcomes[table.row[rule]]
                (work.canFire[rule], work.canRest[rule]) = (outcomes.contains(.fired), outcomes.contains { $0 != .fired })
            } else {
                (work.canFire[rule], work.canRest[rule]) = usesReach ? work.evaluator.outcomes(ofRule: rule, reach) : (true, true)
            }
        }
        for index in definitionReaders[slot] { work.readsDefinition[index] = false }
        for rule in readers[slot] { work.readsRule[rule] = false }
        let (isTried, canFire, canRest) = (work.isTried, work.canFire, work.canRest)
        func highest(_ rule: Int) -> Bool {
            isTried[rule] ? (plan.points[rule] > 0 ? canFire[rule] : !canRest[rule]) : statuses[rule] == .fired
        }
        func lowest(_ rule: Int) -> Bool {
            isTried[rule] ? (plan.points[rule] > 0 ? !canRest[rule] : canFire[rule]) : statuses[rule] == .fired
        }
        // Where a configuration is the dossier's own, its score is the dossier's.
        let upper = tried.contains { highest($0) != (statuses[$0] == .fired) } ? plan.score(&work.subtotals, fires: highest) : score
        let lower = tried.contains { lowest($0) != (statuses[$0] == .fired) } ? plan.score(&work.subtotals, fires: lowest) : score
        for rule in tried { work.isTried[rule] = false }
        work.live.removeAll(keepingCapacity: true)
        for (position, rule) in tried.enumerated() {
            switch statuses[rule] {
            case .undecided where usesReach: if canFire[rule] { work.live.append(position) }
            case .fired where usesReach: if canRest[rule] { work.live.append(position) }
            default: work.live.append(position)
            }
        }
        return (min(lower, score)...max(upper, score), work.live)
    }

    /// The lowest and highest score the values tried for the candidate's fact give, and which of
    /// its `tried` rules some value changes.
    private func stake(of candidate: StakeCandidate, score: Double, work: inout StakeWork) -> (ClosedRange<Double>, [Bool]) {
        let plan = plan
        let statuses = work.statuses
        let (slot, tried) = (candidate.slot, candidate.tried)
        // When both bounds are the score nothing is at stake; once values have given both, no
        // other value can go further.
        let (lower, upper) = (candidate.bounds.lowerBound, candidate.bounds.upperBound)
        // When every rule the fact decides is undecided now, the rules to list are known already.
        let onlyUndecided = tried.allSatisfy { statuses[$0] == .undecided }
        let nothingToTry = tried.isEmpty || (onlyUndecided && upper == score && lower == score)
        var changed = [Bool](repeating: false, count: tried.count)
        var (low, high) = (Double.infinity, -Double.infinity)
        // The scores of the outcomes met so far, each outcome of the live rules as 2 bits.
        work.seen.removeAll(keepingCapacity: true)
        let live = candidate.live
        let keyed = live.count <= 32
        let forgotten = (definitionReaders[slot], readers[slot])
        // Rules that read this fact alone have their outcome for each value looked up.
        let table = candidate.table
        let lookedUp = table.map { table in live.allSatisfy { table.holds(tried[$0]) } } ?? false
        for (index, value) in (nothingToTry || live.isEmpty ? [] : candidate.values).enumerated() {
            if !lookedUp { work.evaluator.try(value, inFact: slot, forgetting: forgotten.0, forgotten.1) }
            var key: UInt64 = 0
            var same = true
            for position in live {
                let rule = tried[position]
                let outcome = table?.outcome(ofRule: rule, value: index) ?? work.evaluator.status(ofRule: rule).0
                work.overrides[rule] = outcome
                if outcome != statuses[rule] {
                    same = false
                    changed[position] = true
                }
                key = key << 2 | (outcome == .fired ? 1 : outcome == .notFired ? 2 : 3)
            }
            let result: Double
            if same {
                result = score
            } else if keyed, let known = work.seen.first(where: { $0.key == key }) {
                result = known.score
            } else {
                let overrides = work.overrides
                result = plan.score(&work.subtotals) { overrides[$0] == .fired }
                if keyed { work.seen.append((key, result)) }
            }
            for position in live { work.overrides[tried[position]] = statuses[tried[position]] }
            (low, high) = (min(low, result), max(high, result))
            if onlyUndecided && low == lower && high == upper { break }
        }
        work.evaluator.try(nil, inFact: nil, forgetting: forgotten.0, forgotten.1)
        return (low > high ? score...score : low...high, changed)
    }

    /// Per fact slot: the definitions that read it, directly or through other definitions and
    /// rules.
    static func definitionReaders(_ ruleSet: CompiledRuleSet) -> [[Int]] {
        var slotsOf = [Set<Int>?](repeating: nil, count: ruleSet.definitions.count)
        func slots(_ node: Node) -> Set<Int> {
            switch node {
            case .constant, .local: return []
            case .fact(let slot): return [slot]
            case .definition(let index):
                if let known = slotsOf[index] { return known }
                slotsOf[index] = []  // a cycle cannot occur in a compiled rule set
                let found = slots(ruleSet.definitions[index])
                slotsOf[index] = found
                return found
            case .fired(let index): return Set(ruleSet.rules[index].conditionFacts)
            case .field(let a, _), .not(let a), .negate(let a), .matches(let a, _), .has(let a), .missing(let a), .notApplicable(let a):
                return slots(a)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b), .member(let a, let b, _),
                .contains(let a, let b):
                return slots(a).union(slots(b))
            case .inRange(let a, let b, let c, _): return slots(a).union(slots(b)).union(slots(c))
            case .quantifier(_, _, let collection, let value, let condition, _):
                return slots(collection).union(value.map(slots) ?? []).union(condition.map(slots) ?? [])
            case .call(_, let arguments), .lookup(_, let arguments): return arguments.reduce(into: Set<Int>()) { $0.formUnion(slots($1)) }
            }
        }
        var readers = [[Int]](repeating: [], count: ruleSet.facts.count)
        for index in ruleSet.definitions.indices {
            for slot in slots(.definition(index)).sorted() { readers[slot].append(index) }
        }
        return readers
    }

    /// Per rule: whether a missing fact, once filled in, can change the rule's outcome when it
    /// is decided already (see `revisable`).
    static func revisable(_ ruleSet: CompiledRuleSet) -> [Bool] {
        ruleSet.rulesReaching(
            { node in
                switch node {
                // Decided whether or not their operand is known: filling it in can still change them.
                case .has, .missing, .notApplicable, .call(.fallback, _): true
                default: false
                }
            }, orRule: { $0.whenUnknown != nil })
    }
}

/// A missing fact whose stake is to be worked out: the rules it could change (`affected`), those
/// whose evaluation read it (`tried`), and the bounds no value of it can go past.
struct StakeCandidate {
    let slot: Int
    let affected: [Int]
    let tried: [Int]
    /// Positions in `tried` of the rules evaluated for each value (see `bounds(of:tried:table:score:work:)`).
    let live: [Int]
    let bounds: ClosedRange<Double>
    /// The most points that can be at stake on it, rounded as points at stake are.
    let bound: Double
    /// The values tried for the fact, and the outcomes of the rules that read it alone.
    let values: [Value]
    let table: SoleFactOutcomes.Table?
}

/// Scratch space for working out what is at stake, reused from one missing fact to the next.
struct StakeWork {
    /// Filled in with each value tried, one fact at a time; outcomes that do not depend on the
    /// fact are kept from one value to the next.
    var evaluator: Evaluator
    /// The dossier's outcomes, and the same with the outcomes a value gives in place.
    let statuses: [RuleStatus]
    var overrides: [RuleStatus]
    var isTried: [Bool]
    /// Per tried rule: whether some value of the fact can make it fire, or leave it not fired.
    var canFire: [Bool]
    var canRest: [Bool]
    /// The definitions and rules that read the fact whose bounds are being worked out.
    var readsDefinition: [Bool]
    var readsRule: [Bool]
    var subtotals: [Double]
    var seen: [(key: UInt64, score: Double)] = []
    /// The fact's rules (`StakeCandidate`'s `affected`, `tried` and `live`), built here one fact
    /// after another: a candidate holds them only while its stake is worked out.
    var affected: [Int] = []
    var tried: [Int] = []
    var live: [Int] = []
    /// Per fact slot: the number of its value in this dossier once worked out (`StakeMemo`).
    var numbers: [Int] = []

    init(evaluator: Evaluator, statuses: [RuleStatus], categories: Int) {
        self.evaluator = evaluator
        self.statuses = statuses
        self.overrides = statuses
        self.isTried = [Bool](repeating: false, count: statuses.count)
        self.canFire = isTried
        self.canRest = isTried
        self.readsRule = isTried
        self.readsDefinition = [Bool](repeating: false, count: evaluator.ruleSet.definitions.count)
        self.subtotals = [Double](repeating: 0, count: categories)
    }
}
