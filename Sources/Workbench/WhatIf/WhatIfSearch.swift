import RuleLanguage
package import Scoring

/// The smallest set of changes to a dossier's changeable facts that brings its verdict to a
/// band no higher than the goal, found exactly within a bound: every set of up to `maxChanges`
/// changes over the positions and values of the `ChangeSpace` is either tried or proved unable
/// to succeed (`OutcomeProbe.canReach`). Sets are tried by size, smallest first; all the
/// successful sets of the first size that has any are ranked (`WhatIfSolution.precedes`).
package struct WhatIfSearch {
    package let assessor: Assessor
    package let facts: DossierFacts
    package let space: ChangeSpace
    package let maxChanges: Int

    package init(assessor: Assessor, facts: DossierFacts, maxChanges: Int) {
        self.assessor = assessor
        self.facts = facts
        self.maxChanges = maxChanges
        let probe = OutcomeProbe(assessor: assessor, facts: facts)
        space = ChangeSpace(ruleSet: assessor.ruleSet, facts: facts, candidates: assessor.candidates, readers: probe.readers(ofFact:))
    }

    /// What the search found, and how much it looked at.
    package struct Result: Sendable {
        package var solutions: [WhatIfSolution]
        /// Sets of changes whose outcome was worked out, and branches left out by the bound.
        package var tried = 0
        package var pruned = 0
        /// The size of the sets it had tried in full when it stopped.
        package var sizeSearched = 0
    }

    /// Searches for sets that bring the verdict to a band whose place is `goal` or lower.
    /// `alternatives` is how many solutions to keep besides the best: the best of each other set
    /// of positions of the same size. With `fallback` (a higher band), the same pass also finds
    /// the smallest sets that reach that band, returned when none reaches the goal: the bound
    /// then prunes with the fallback until the fallback has its sets, and with the goal after.
    package func run(goal: Int, fallback: Int? = nil, alternatives: Int = 4) -> (result: Result, fallback: Result?) {
        var run = Run(search: self, goal: goal, fallback: fallback.flatMap { $0 > goal ? $0 : nil })
        var result = Result(solutions: [])
        var fallbackResult: Result? = nil
        let names = assessor.ruleSet.facts.map(\.name)
        func ranked(_ found: [[Int]: WhatIfSolution], keep: Int) -> [WhatIfSolution] {
            Array(found.values.sorted { $0.precedes($1, in: space, names: names) }.prefix(keep + 1))
        }
        for size in 1...max(1, maxChanges) {
            run.found = [:]
            run.foundFallback = [:]
            run.descend(from: 0, remaining: size)
            result.sizeSearched = size
            if run.fallback != nil && !run.foundFallback.isEmpty {
                fallbackResult = Result(solutions: ranked(run.foundFallback, keep: 0), tried: run.tried, pruned: run.pruned, sizeSearched: size)
                run.fallback = nil
            }
            if !run.found.isEmpty {
                result.solutions = ranked(run.found, keep: alternatives)
                break
            }
        }
        result.tried = run.tried
        result.pruned = run.pruned
        return (result, result.solutions.isEmpty ? fallbackResult : nil)
    }

    /// The state of one search: the probe with the chosen changes made, and what was found.
    private struct Run {
        let search: WhatIfSearch
        let goal: Int
        /// A higher band whose sets are sought too, until found; the bound prunes with it then.
        var fallback: Int?
        var probe: OutcomeProbe
        var chosen: [(position: Int, value: Int)] = []
        /// The best set found for each set of positions (sorted position indices), for the goal
        /// and for the fallback.
        var found: [[Int]: WhatIfSolution] = [:]
        var foundFallback: [[Int]: WhatIfSolution] = [:]
        var tried = 0
        var pruned = 0
        /// Positions in the order tried: those that can move the score most first, so that the
        /// bound on what the remaining ones can do cuts early.
        let order: [Int]
        /// Per place in `order`: the rules the position's fact decides, and those of every
        /// position from there on.
        let readers: [[Bool]]
        let suffix: [[Bool]]
        let names: [String]

        /// The band the bound prunes with.
        var bound: Int { fallback ?? goal }

        init(search: WhatIfSearch, goal: Int, fallback: Int?) {
            self.search = search
            self.goal = goal
            self.fallback = fallback
            probe = OutcomeProbe(assessor: search.assessor, facts: search.facts)
            names = search.assessor.ruleSet.facts.map(\.name)
            let ruleCount = search.assessor.ruleSet.rules.count
            let positions = search.space.positions
            let probe = self.probe
            let masks: [[Bool]] = positions.map { position in
                var mask = [Bool](repeating: false, count: ruleCount)
                for rule in probe.readers(ofFact: position.slot) { mask[rule] = true }
                return mask
            }
            let power = masks.map { probe.lowestScore(free: $0) }
            order = positions.indices.sorted { power[$0] != power[$1] ? power[$0] < power[$1] : $0 < $1 }
            readers = order.map { masks[$0] }
            var suffix = [[Bool]](repeating: [Bool](repeating: false, count: ruleCount), count: order.count + 1)
            for place in stride(from: order.count - 1, through: 0, by: -1) {
                suffix[place] = zip(suffix[place + 1], readers[place]).map { $0 || $1 }
            }
            self.suffix = suffix
        }

        /// Chooses `remaining` more positions from `order[start...]`, the rules of those chosen
        /// so far being `free`. A set of positions is given values only once the rules all of
        /// them read, freed together, could reach the goal from the dossier as it is: no value
        /// of theirs can change any other rule.
        mutating func descend(from start: Int, remaining: Int, places: [Int] = [], free: [Bool]? = nil) {
            let free = free ?? [Bool](repeating: false, count: search.assessor.ruleSet.rules.count)
            guard remaining > 0 else {
                assign(places, level: 0)
                return
            }
            for place in start..<order.count {
                // Only the rules of the positions from here on can still change.
                guard probe.canReach(band: bound, free: Self.union(free, suffix[place])) else {
                    pruned += 1
                    return
                }
                let position = order[place]
                if places.contains(where: { search.space.conflict(order[$0], position) }) { continue }
                let chosen = Self.union(free, readers[place])
                let reachable = remaining == 1 ? chosen : Self.union(chosen, suffix[place + 1])
                guard probe.canReach(band: bound, free: reachable) else {
                    pruned += 1
                    continue
                }
                descend(from: place + 1, remaining: remaining - 1, places: places + [place], free: chosen)
            }
        }

        /// Gives the positions at `places[level...]` each of their values in turn, the earlier
        /// ones' values made; leaves out the rest once the rules the remaining positions read
        /// cannot reach the goal from the state the earlier values made.
        private mutating func assign(_ places: [Int], level: Int) {
            guard level < places.count else {
                record()
                return
            }
            if level > 0 {
                let free = places[level...].reduce(into: [Bool](repeating: false, count: readers[0].count)) { free, place in
                    free = Self.union(free, readers[place])
                }
                guard probe.canReach(band: bound, free: free) else {
                    pruned += 1
                    return
                }
            }
            let position = order[places[level]]
            let slot = search.space.positions[position].slot
            for value in search.space.positions[position].values.indices {
                chosen.append((position, value))
                apply(slot)
                assign(places, level: level + 1)
                chosen.removeLast()
                apply(slot)
            }
        }

        private static func union(_ a: [Bool], _ b: [Bool]) -> [Bool] {
            var result = a
            for index in b.indices where b[index] { result[index] = true }
            return result
        }

        /// Puts into the probe the value of `slot` the chosen changes give it.
        private mutating func apply(_ slot: Int) {
            let original = search.facts.values[slot]
            let changes = chosen.filter { search.space.positions[$0.position].slot == slot }
            probe.set(fact: slot, to: changes.isEmpty ? original : search.space.value(of: slot, original: original, changes: changes))
        }

        private mutating func record() {
            tried += 1
            let outcome = probe.outcome
            guard !outcome.undetermined, outcome.scoredBand <= bound else { return }
            let solution = WhatIfSolution(changes: chosen.sorted { $0.position < $1.position }, outcome: outcome, statuses: probe.statuses)
            let key = solution.changes.map(\.position)
            if outcome.scoredBand <= goal, found[key].map({ $0.precedes(solution, in: search.space, names: names) }) != true {
                found[key] = solution
            }
            if fallback != nil, foundFallback[key].map({ $0.precedes(solution, in: search.space, names: names) }) != true {
                foundFallback[key] = solution
            }
        }
    }
}

/// A set of changes that reaches the goal, and what it gives.
package struct WhatIfSolution: Sendable {
    /// Positions of the change space and the index of the value each takes, by position.
    package var changes: [(position: Int, value: Int)]
    package var outcome: ProbeOutcome
    package var statuses: [RuleStatus]

    /// The order solutions are given in: fewer changes; then the lower score; then the facts
    /// changed, by name (and item and field); then values closer to the dossier's (numbers,
    /// money and dates); then the order the values are tried in.
    package func precedes(_ other: WhatIfSolution, in space: ChangeSpace, names: [String]) -> Bool {
        if changes.count != other.changes.count { return changes.count < other.changes.count }
        if outcome.score != other.outcome.score { return outcome.score < other.outcome.score }
        func where_(_ change: (position: Int, value: Int)) -> (String, Int, Int, Int) {
            let position = space.positions[change.position]
            switch position.target {
            case .fact: return (names[position.slot], -1, -1, 0)
            case .field(let item, let field): return (names[position.slot], item, field ?? -1, 0)
            case .addItem: return (names[position.slot], Int.max, -1, 1)
            case .removeItem(let item): return (names[position.slot], item, -1, 2)
            }
        }
        let (a, b) = (changes.map(where_), other.changes.map(where_))
        for (x, y) in zip(a, b) where x != y { return x < y }
        let (p, q) = (changes.map { space.distance($0) }, other.changes.map { space.distance($0) })
        for (x, y) in zip(p, q) where x != y { return x < y }
        for (x, y) in zip(changes, other.changes) where x.value != y.value { return x.value < y.value }
        return false
    }
}

extension ChangeSpace {
    /// How far a change moves a number, money or a date from the dossier's value: relatively
    /// for numbers and money, in days for dates; 0 for other values and unknown ones.
    func distance(_ change: (position: Int, value: Int)) -> Double {
        let position = positions[change.position]
        switch (position.current, position.values[change.value]) {
        case (.number(let a)?, .number(let b)), (.money(let a, _)?, .money(let b, _)):
            return Swift.abs(b.middle - a.middle) / Swift.max(Swift.abs(a.middle), 1e-9)
        case (.date(let a)?, .date(let b)):
            return Double(Swift.abs(b.daysSinceEpoch - a.daysSinceEpoch))
        default:
            return 0
        }
    }
}
