package import RuleLanguage

/// Whether changing some rules' outcomes could possibly bring a dossier into a band: the test
/// that lets `whatif` leave out, with proof, every set of changes that cannot succeed.
extension OutcomeProbe {
    /// False only when no outcome whatever of the rules `free` marks (fired, not fired or
    /// undecided, each independently), with every other rule as it now is, gives a verdict that
    /// is a band no higher than `band`: either the band the points and floors give stays above
    /// it, or the rule set's undetermined condition holds for every such outcome.
    ///
    /// Sound because the scoring model is monotone in every rule (docs/rule-language.md §8): the
    /// lowest score any outcome of the free rules can give is the score with the free adverse
    /// rules not fired and the free mitigations fired; the floors that cannot be avoided are
    /// those of fixed fired rules; and each verdict metric lies between the values its extreme
    /// configurations give (worked out below), so a condition true over those whole intervals
    /// holds for every outcome.
    package func canReach(band target: Int, free: [Bool]) -> Bool {
        let plan = assessor.plan
        let statuses = self.statuses
        var subtotals = [Double](repeating: 0, count: plan.categoryCount)
        // Configurations of the free rules: `favourable` lowers every score (adverse off,
        // mitigations on); `adverse` raises it.
        func score(counting fixed: (Int) -> Bool, favourable: Bool) -> Double {
            plan.score(&subtotals) { rule in free[rule] ? (plan.points[rule] > 0) != favourable : fixed(rule) }
        }
        var firedFloor = -1
        var anyFloor = -1
        var freeFloor = -1
        var decided = 0
        var decidedPoints = 0.0
        var freeCount = 0
        var freePoints = 0.0
        for rule in statuses.indices {
            if free[rule] {
                freeFloor = max(freeFloor, plan.floor[rule])
                freeCount += 1
                freePoints += Swift.abs(plan.points[rule])
                continue
            }
            if statuses[rule] == .fired { firedFloor = max(firedFloor, plan.floor[rule]) }
            if statuses[rule] != .notFired { anyFloor = max(anyFloor, plan.floor[rule]) }
            if statuses[rule] != .undecided {
                decided += 1
                decidedPoints += Swift.abs(plan.points[rule])
            }
        }
        let isFired: (Int) -> Bool = { statuses[$0] == .fired }
        let scoreLow = score(counting: isFired, favourable: true)
        let scoredLow = max(plan.band(for: scoreLow), firedFloor)
        guard scoredLow <= target else { return false }
        guard let condition = assessor.ruleSet.undetermined?.condition else { return true }
        // The band the points and floors give, and the band range's two ends, each between the
        // favourable and the adverse configuration.
        let scoredHigh = max(plan.band(for: score(counting: isFired, favourable: false)), firedFloor, freeFloor)
        let lowEnd: (Int) -> Bool = { statuses[$0] == .fired || (statuses[$0] == .undecided && plan.points[$0] < 0) }
        let highEnd: (Int) -> Bool = { statuses[$0] == .fired || (statuses[$0] == .undecided && plan.points[$0] > 0) }
        let lowBandMin = max(plan.band(for: score(counting: lowEnd, favourable: true)), firedFloor)
        let lowBandMax = max(plan.band(for: score(counting: lowEnd, favourable: false)), firedFloor, freeFloor)
        let highBandMin = max(plan.band(for: score(counting: highEnd, favourable: true)), anyFloor)
        let highBandMax = max(plan.band(for: score(counting: highEnd, favourable: false)), anyFloor, freeFloor)
        let reachLow: Int = Swift.max(0, scoredLow - lowBandMax, highBandMin - scoredHigh)
        let reachHigh: Int = Swift.max(reachLow, scoredHigh - lowBandMin, highBandMax - scoredLow)
        let rules = Double(statuses.count)
        let shares = (
            plan.absolutePoints > 0
                ? (
                    Assessor.rounded(decidedPoints / plan.absolutePoints, places: 4),
                    Assessor.rounded((decidedPoints + freePoints) / plan.absolutePoints, places: 4)
                )
                : (1, 1),
            rules > 0
                ? (Assessor.rounded(Double(decided) / rules, places: 4), Assessor.rounded(Double(decided + freeCount) / rules, places: 4)) : (1, 1)
        )
        let intervals: [VerdictMetric: ClosedRange<Double>] = [
            .bandReach: Double(reachLow)...Double(reachHigh), .decidedShare: shares.0.0...shares.0.1,
            .decidedRules: shares.1.0...shares.1.1,
        ]
        return condition.holds(over: intervals) != true
    }
}

extension VerdictCondition {
    /// The condition over every metric value in the intervals: true when it holds for all of
    /// them, false when for none, nil when it depends.
    package func holds(over intervals: [VerdictMetric: ClosedRange<Double>]) -> Bool? {
        switch self {
        case .compare(let metric, let op, let value):
            guard let range = intervals[metric] else { return nil }
            let (low, high) = (range.lowerBound, range.upperBound)
            switch op {
            case .less: return high < value ? true : low >= value ? false : nil
            case .lessOrEqual: return high <= value ? true : low > value ? false : nil
            case .greater: return low > value ? true : high <= value ? false : nil
            case .greaterOrEqual: return low >= value ? true : high < value ? false : nil
            case .equal: return low == value && high == value ? true : (value < low || value > high) ? false : nil
            case .notEqual: return (value < low || value > high) ? true : low == value && high == value ? false : nil
            }
        case .and(let a, let b):
            let (x, y) = (a.holds(over: intervals), b.holds(over: intervals))
            if x == false || y == false { return false }
            return x == true && y == true ? true : nil
        case .or(let a, let b):
            let (x, y) = (a.holds(over: intervals), b.holds(over: intervals))
            if x == true || y == true { return true }
            return x == false && y == false ? false : nil
        case .not(let a):
            return a.holds(over: intervals).map { !$0 }
        }
    }
}

extension OutcomeProbe {
    /// The lowest score any outcome of the rules `free` marks can give, every other rule as it
    /// now is: the free adverse rules not fired, the free mitigations fired.
    package func lowestScore(free: [Bool]) -> Double {
        let plan = assessor.plan
        var subtotals = [Double](repeating: 0, count: plan.categoryCount)
        return plan.score(&subtotals) { rule in free[rule] ? plan.points[rule] < 0 : statuses[rule] == .fired }
    }
}
