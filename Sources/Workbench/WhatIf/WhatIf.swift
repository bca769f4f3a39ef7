package import DossierXML
package import RuleLanguage
package import Scoring

/// `silkrisk whatif` on one dossier: its assessment, the goal, and the search's result.
package struct WhatIf: Sendable {
    package let assessment: Assessment
    package let ruleSet: CompiledRuleSet
    package let space: ChangeSpace
    package let start: ProbeOutcome
    package let startStatuses: [RuleStatus]
    /// The highest band (its place) the verdict may have; nil when there is nothing to lower.
    package let goal: Int?
    package let maxChanges: Int
    package let result: WhatIfSearch.Result
    /// For an undetermined dossier that no set bands at or below its band by points: the
    /// smallest sets that band it at all, whatever the band (what would band it).
    package let anyBand: WhatIfSearch.Result?
    /// The dossier's facts, for showing values.
    package let facts: DossierFacts

    /// Reads and assesses the dossier, then searches. `goalBand`, a band's id, asks for that
    /// band or lower instead of one band down (or, for an undetermined dossier, any band).
    package static func run(
        file: String, assessor: Assessor, loader: DossierLoader, maxChanges: Int, goalBand: String? = nil, alternatives: Int = 4
    ) -> Result<WhatIf, FailedDossier> {
        assessor.read(file: file, loader: loader).map { reading in
            WhatIf(reading: reading, assessor: assessor, maxChanges: maxChanges, goalBand: goalBand, alternatives: alternatives)
        }
    }

    package init(reading: DossierReading, assessor: Assessor, maxChanges: Int, goalBand: String? = nil, alternatives: Int = 4) {
        var stakes = assessor
        stakes.stakes = .all
        assessment = stakes.assess(reading)
        ruleSet = assessor.ruleSet
        facts = reading.facts
        self.maxChanges = maxChanges
        let search = WhatIfSearch(assessor: assessor, facts: reading.facts, maxChanges: maxChanges)
        space = search.space
        let probe = OutcomeProbe(assessor: assessor, facts: reading.facts)
        start = probe.outcome
        startStatuses = probe.statuses
        let goal = Self.goal(start: start, bands: assessor.ruleSet.bands, goalBand: goalBand)
        self.goal = goal
        // An undetermined dossier that no set bands at or below its band by points: the same pass
        // finds what would band it at all.
        let fallback = start.undetermined ? assessor.ruleSet.bands.count - 1 : nil
        let found = goal.map { search.run(goal: $0, fallback: fallback, alternatives: alternatives) }
        result = found?.result ?? WhatIfSearch.Result(solutions: [])
        anyBand = found?.fallback
    }

    /// One band below the verdict; for an undetermined dossier, a band no higher than the one
    /// its points and floors give now; or the band asked for. Nil when the verdict is there
    /// already.
    static func goal(start: ProbeOutcome, bands: [Band], goalBand: String?) -> Int? {
        if let goalBand, let place = bands.firstIndex(where: { $0.id == goalBand }) {
            return start.undetermined || start.scoredBand > place ? place : nil
        }
        if start.undetermined { return start.scoredBand }
        return start.scoredBand > 0 ? start.scoredBand - 1 : nil
    }
}
