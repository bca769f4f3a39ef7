import RuleLanguage

/// One dossier's subtotals, score and score range under a rule set's scoring model.
struct Scores {
    /// Per category: fired adverse points; the same limited by the cap; what is left after the
    /// mitigations.
    var raw: [Double]
    var counted: [Double]
    var net: [Double]
    /// What each fired mitigation took off which category, in the order applied.
    var effects: [(rule: Int, category: Int, points: Double)] = []
    /// Sum of the net subtotals, before the clamp.
    var total: Double
    var score: Double
    var range: ClosedRange<Double>

    init(plan: ScoringPlan, statuses: [RuleStatus]) {
        var raw = [Double](repeating: 0, count: plan.categoryCount)
        for rule in plan.adverse where statuses[rule] == .fired { raw[plan.category[rule]] += plan.points[rule] }
        self.raw = raw
        counted = raw.indices.map { index in plan.caps[index].map { min(raw[index], $0) } ?? raw[index] }
        net = raw
        var effects: [(rule: Int, category: Int, points: Double)] = []
        total = plan.total(&net, fires: { statuses[$0] == .fired }, offset: { effects.append(($0, $1, $2)) })
        self.effects = effects
        score = ScoringPlan.rounded(ScoringPlan.clamped(total))
        // The corners: the model is monotone in every rule (see ScoringPlan).
        var scratch = raw
        let low = plan.score(&scratch) { statuses[$0] == .fired || (statuses[$0] == .undecided && plan.points[$0] < 0) }
        let high = plan.score(&scratch) { statuses[$0] == .fired || (statuses[$0] == .undecided && plan.points[$0] > 0) }
        range = low...high
    }
}

/// The band a dossier is given, the band range, the verdict metrics, and whether the dossier is
/// undetermined.
struct Verdict {
    var band: Band
    var scoredBand: Band
    var bandByPoints: Band
    var floors: [AppliedFloor]
    var low: Band
    var high: Band
    var undetermined: Bool
    var metrics: VerdictMetrics
}

extension Assessor {
    /// Bands by points, raised by the floors of fired rules (a decisive rule's floor is the
    /// decisive floor, or its own if higher); the band range, whose low end only fired rules'
    /// floors raise and whose high end undecided rules' floors raise too; the metrics; and the
    /// verdict, undetermined when the rule set's condition holds.
    func verdict(score: Scores, statuses: [RuleStatus], decided: Int, decidedPoints: Double) -> Verdict {
        let rules = ruleSet.rules
        let byPoints = plan.band(for: score.score)
        var firedFloor = -1
        var anyFloor = -1
        var floors: [AppliedFloor] = []
        for (index, status) in statuses.enumerated() where status != .notFired {
            let floor = plan.floor[index]
            guard floor >= 0 else { continue }
            anyFloor = max(anyFloor, floor)
            guard status == .fired else { continue }
            firedFloor = max(firedFloor, floor)
            if floor > byPoints { floors.append(AppliedFloor(rule: rules[index].id, band: plan.bands[floor], decisive: rules[index].decisive)) }
        }
        let scored = max(byPoints, firedFloor)
        let low = max(plan.band(for: score.range.lowerBound), firedFloor)
        let high = max(plan.band(for: score.range.upperBound), anyFloor)
        let metrics = VerdictMetrics(
            bandReach: max(scored - low, high - scored),
            decidedShare: plan.absolutePoints > 0 ? Self.rounded(decidedPoints / plan.absolutePoints, places: 4) : 1,
            decidedRules: rules.isEmpty ? 1 : Self.rounded(Double(decided) / Double(rules.count), places: 4))
        let undetermined = ruleSet.undetermined?.condition.holds(for: metrics) ?? false
        return Verdict(
            band: undetermined ? ruleSet.undetermined!.band : plan.bands[scored], scoredBand: plan.bands[scored],
            bandByPoints: plan.bands[byPoints], floors: floors, low: plan.bands[low], high: plan.bands[high], undetermined: undetermined,
            metrics: metrics)
    }
}
