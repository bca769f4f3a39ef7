package import RuleLanguage

/// One dossier's rule outcomes, kept up to date as its facts are changed one at a time: what
/// `silkrisk whatif` searches with. Changing a fact re-evaluates only the rules that read it
/// (directly, through definitions, or through `fired(...)`); the score, the band and the verdict
/// are worked out from the outcomes by the same scoring model as an assessment's.
package struct OutcomeProbe {
    let assessor: Assessor
    private var evaluator: Evaluator
    /// Every rule's outcome with the facts as they now are.
    package private(set) var statuses: [RuleStatus]

    package init(assessor: Assessor, facts: DossierFacts) {
        self.assessor = assessor
        var evaluator = Evaluator(ruleSet: assessor.ruleSet, facts: facts)
        statuses = assessor.ruleSet.rules.indices.map { evaluator.status(ofRule: $0).0 }
        self.evaluator = evaluator
    }

    package var facts: DossierFacts { evaluator.facts }

    /// The rules whose outcome can depend on the fact in `slot`, in rule order.
    package func readers(ofFact slot: Int) -> [Int] { assessor.readers[slot] }

    /// Puts `value` in the fact's slot (nil: unknown) and re-evaluates the rules that read it.
    package mutating func set(fact slot: Int, to value: Value?) {
        evaluator.set(fact: slot, to: value, forgetting: assessor.definitionReaders[slot], assessor.readers[slot])
        for rule in assessor.readers[slot] { statuses[rule] = evaluator.status(ofRule: rule).0 }
    }

    /// The score, range, bands and verdict the current outcomes give.
    package var outcome: ProbeOutcome { Self.outcome(of: statuses, assessor: assessor) }

    static func outcome(of statuses: [RuleStatus], assessor: Assessor) -> ProbeOutcome {
        let plan = assessor.plan
        var decided = 0
        var decidedPoints = 0.0
        for (rule, status) in statuses.enumerated() where status != .undecided {
            decided += 1
            decidedPoints += Swift.abs(plan.points[rule])
        }
        let scores = Scores(plan: plan, statuses: statuses)
        let verdict = assessor.verdict(score: scores, statuses: statuses, decided: decided, decidedPoints: decidedPoints)
        func place(_ band: Band) -> Int { plan.bands.firstIndex(of: band) ?? 0 }
        return ProbeOutcome(
            score: scores.score, range: scores.range, scoredBand: place(verdict.scoredBand), bandLow: place(verdict.low),
            bandHigh: place(verdict.high), undetermined: verdict.undetermined, metrics: verdict.metrics)
    }
}

/// What a probe's outcomes give: the score and its range, the band the points and floors give
/// and the band range (as places among the rule set's bands, lowest 0), and the verdict.
package struct ProbeOutcome: Sendable, Hashable {
    package var score: Double
    package var range: ClosedRange<Double>
    package var scoredBand: Int
    package var bandLow: Int
    package var bandHigh: Int
    package var undetermined: Bool
    package var metrics: VerdictMetrics
}
