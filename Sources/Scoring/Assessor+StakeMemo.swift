import RuleLanguage

/// Points at stake from what `StakeMemo` remembers: a missing fact whose context was met before
/// gets its stake without a rule evaluated, from the outcomes every value tried gave then.
extension Assessor {
    /// The memo's entry for the missing fact in `slot`: nil when this is the first dossier to
    /// ask with its context (or the memo is off); made now when it is the second.
    func rememberedStake(slot: Int, facts: DossierFacts, statuses: [RuleStatus], reads: Evaluator, work: inout StakeWork) -> StakeMemo.Entry? {
        guard usesStakeMemo else { return nil }
        if work.numbers.isEmpty { work.numbers = [Int](repeating: 0, count: facts.values.count) }
        let hash = stakeMemo.context(slot: slot, facts: facts, numbers: &work.numbers)
        switch stakeMemo.lookup(slot: slot, facts: facts, hash: hash, numbers: work.numbers) {
        case .known(let entry):
            return entry
        case .first:
            return nil
        case .again:
            let entry = stakeEntry(slot: slot, facts: facts, statuses: statuses, reads: reads, work: &work)
            stakeMemo.store(entry, slot: slot, facts: facts, hash: hash, numbers: work.numbers)
            return entry
        }
    }

    /// Every value tried for the fact, and the outcome of every rule it could change whose
    /// evaluation read it, for each value: nothing bounded or left out, so that the entry
    /// serves any dossier with the same context.
    private func stakeEntry(slot: Int, facts: DossierFacts, statuses: [RuleStatus], reads: Evaluator, work: inout StakeWork) -> StakeMemo.Entry {
        let affected = readers[slot].filter { isAffected($0, statuses) }
        let tried = affected.filter { reads.read(slot: slot, forRule: $0) }
        guard !tried.isEmpty else {
            return StakeMemo.Entry(affected: affected, tried: [], changedDecided: [], patterns: [], keepsFired: false, bound: 0)
        }
        let values = candidates.tried(forFact: slot, in: facts).values
        let own = tried.map { statuses[$0] == .fired }
        var changed = [Bool](repeating: false, count: tried.count)
        var patterns: [Bool] = []
        var keepsFired = false
        var bound = 0.0
        var pattern = own
        for value in values {
            work.evaluator.try(value, inFact: slot, forgetting: definitionReaders[slot], readers[slot])
            for (position, rule) in tried.enumerated() {
                let outcome = work.evaluator.status(ofRule: rule).0
                if outcome != statuses[rule] && statuses[rule] != .undecided { changed[position] = true }
                pattern[position] = outcome == .fired
            }
            if pattern == own {
                keepsFired = true
            } else if !stride(from: 0, to: patterns.count, by: tried.count).contains(where: { patterns[$0..<$0 + tried.count].elementsEqual(pattern) }
            ) {
                patterns.append(contentsOf: pattern)
                var swing = 0.0
                for (position, rule) in tried.enumerated() where pattern[position] != own[position] { swing += Swift.abs(plan.points[rule]) }
                bound = max(bound, swing + 0.02)
            }
        }
        work.evaluator.try(nil, inFact: nil, forgetting: definitionReaders[slot], readers[slot])
        return StakeMemo.Entry(
            affected: affected, tried: tried, changedDecided: tried.indices.filter { changed[$0] }.map { tried[$0] }, patterns: patterns,
            keepsFired: keepsFired, bound: bound)
    }

    /// The lowest and the highest score the values tried give: the dossier's own where a value
    /// leaves the same rules fired, and each other pattern through the whole scoring model.
    func scores(of entry: StakeMemo.Entry, score: Double, work: inout StakeWork) -> ClosedRange<Double> {
        var (low, high) = entry.keepsFired ? (score, score) : (Double.infinity, -Double.infinity)
        let tried = entry.tried
        for index in 0..<entry.patternCount {
            let start = index * tried.count
            for (position, rule) in tried.enumerated() { work.overrides[rule] = entry.patterns[start + position] ? .fired : .notFired }
            let overrides = work.overrides
            let result = plan.score(&work.subtotals) { overrides[$0] == .fired }
            for rule in tried { work.overrides[rule] = work.statuses[rule] }
            (low, high) = (min(low, result), max(high, result))
        }
        return low > high ? score...score : low...high
    }
}
