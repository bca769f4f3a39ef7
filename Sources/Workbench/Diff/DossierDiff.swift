package import RuleLanguage
package import Scoring

/// What a rule did for one dossier under one rule set.
package enum RuleOutcome: UInt8, Sendable, Hashable {
    /// The rule set has no rule of that id.
    case absent
    case notFired
    case undecided
    case fired

    package var label: String {
        switch self {
        case .absent: "absent"
        case .notFired: "not fired"
        case .undecided: "undecided"
        case .fired: "fired"
        }
    }

    /// The id JSON reports use: `absent`, `not-fired`, `undecided`, `fired`.
    package var id: String {
        switch self {
        case .notFired: "not-fired"
        default: label
        }
    }
}

/// One dossier's result under one rule set, as much of it as a diff shows.
package struct VerdictSide: Sendable, Hashable {
    package var score: Double
    /// The verdict: a band, or the undetermined verdict's.
    package var band: Band
    /// The band the points and floors give, undetermined or not.
    package var scoredBand: Band
    /// `scoredBand`'s place among its rule set's bands, lowest 0.
    package var place: Int
    package var undetermined: Bool
    package var bandReach: Int
    package var decidedShare: Double
    package var range: ClosedRange<Double>
    /// Fired rules whose floor raised the band: "rule → band label", "decisive" marked.
    package var floors: [String]

    package init(_ assessment: Assessment, bands: [Band]) {
        score = assessment.score
        band = assessment.band
        scoredBand = assessment.scoredBand
        place = bands.firstIndex(of: assessment.scoredBand) ?? 0
        undetermined = assessment.undetermined
        bandReach = assessment.bandReach
        decidedShare = assessment.decidedShare
        range = assessment.scoreRange
        floors = assessment.floors.map { ($0.decisive ? "decisive " : "") + "\($0.rule) → at least \($0.band.label)" }
    }

    package init(
        score: Double, band: Band, scoredBand: Band, place: Int, undetermined: Bool, bandReach: Int, decidedShare: Double,
        range: ClosedRange<Double>, floors: [String]
    ) {
        self.score = score
        self.band = band
        self.scoredBand = scoredBand
        self.place = place
        self.undetermined = undetermined
        self.bandReach = bandReach
        self.decidedShare = decidedShare
        self.range = range
        self.floors = floors
    }
}

/// A share of a dossier's score: what one rule added (its points when it fired) or took off (a
/// mitigation's offsets), what a category's cap cut, or what the clamp to 0–100 did. A dossier's
/// contributions add up to its score exactly, so their changes add up to the score's change.
package struct Contribution: Sendable, Hashable {
    package enum Kind: UInt8, Sendable, Hashable, Comparable {
        case rule, cap, clamp

        package var id: String {
            switch self {
            case .rule: "rule"
            case .cap: "cap"
            case .clamp: "clamp"
            }
        }

        package static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    package var kind: Kind
    /// The rule's id, the capped category's id, or empty for the clamp.
    package var id: String
    package var before: Double
    package var after: Double
    /// For a rule: its outcome under each rule set.
    package var outcomeBefore: RuleOutcome = .absent
    package var outcomeAfter: RuleOutcome = .absent

    package var change: Double { after - before }
    /// Who is responsible, as summaries group them.
    package var key: Key { Key(kind: kind, id: id) }

    package struct Key: Sendable, Hashable {
        package var kind: Kind
        package var id: String
    }
}

/// One dossier's result under the base rules and the new ones, and the change attributed to
/// every rule, cap and the clamp.
package struct DossierDiff: Sendable {
    package var id: String
    package var title: String
    package var file: String
    package var before: VerdictSide
    package var after: VerdictSide
    /// Every contribution that changed, and every rule whose outcome changed: largest change
    /// first, then rules, caps, the clamp, then id.
    package var contributions: [Contribution]

    package var scoreChange: Double { after.score - before.score }
    /// Whether the verdict (the band, or undetermined) changed.
    package var verdictChanged: Bool { before.band.id != after.band.id }
    /// How far the band the points and floors give moved: up (riskier) positive.
    package var placeChange: Int { after.place - before.place }
    /// Bands moved, counting a verdict that changed only between undetermined and banded as one.
    package var bandSteps: Int { max(abs(placeChange), verdictChanged ? 1 : 0) }
    /// The score, the verdict or the band by points and floors moved.
    package var moved: Bool { scoreChange != 0 || verdictChanged || before.scoredBand.id != after.scoredBand.id }

    package init(id: String, title: String, file: String, before: VerdictSide, after: VerdictSide, contributions: [Contribution]) {
        self.id = id
        self.title = title
        self.file = file
        self.before = before
        self.after = after
        self.contributions = contributions
    }

    /// Compares the assessments of one dossier made with `base` and `new`.
    package init(before a: Assessment, base: CompiledRuleSet, after b: Assessment, new: CompiledRuleSet) {
        self.init(
            id: b.id, title: b.title, file: b.file, before: VerdictSide(a, bands: base.bands), after: VerdictSide(b, bands: new.bands),
            contributions: Self.attribute(before: a, base: base, after: b, new: new))
    }

    /// The contributions that changed. Per rule: its points when it fired and adds points, or
    /// what it took off (negative) when it fired and mitigates; per category, what its cap cut
    /// (negative); and the clamp, the score less the sum of the categories' net subtotals. Each
    /// side's contributions add up to its score (docs/workbench.md says why), so the changes
    /// add up to the change of the score.
    static func attribute(before a: Assessment, base: CompiledRuleSet, after b: Assessment, new: CompiledRuleSet) -> [Contribution] {
        let old = shares(a, base)
        let now = shares(b, new)
        var result: [Contribution] = []
        for id in Set(old.rules.keys).union(now.rules.keys) {
            let x = old.rules[id] ?? (.absent, 0)
            let y = now.rules[id] ?? (.absent, 0)
            guard x != y else { continue }
            result.append(Contribution(kind: .rule, id: id, before: x.1, after: y.1, outcomeBefore: x.0, outcomeAfter: y.0))
        }
        for id in Set(old.caps.keys).union(now.caps.keys) {
            let (x, y) = (old.caps[id] ?? 0, now.caps[id] ?? 0)
            if x != y { result.append(Contribution(kind: .cap, id: id, before: x, after: y)) }
        }
        if old.clamp != now.clamp { result.append(Contribution(kind: .clamp, id: "", before: old.clamp, after: now.clamp)) }
        result.sort { x, y in
            let (p, q) = (abs(x.change), abs(y.change))
            if p != q { return p > q }
            return x.kind != y.kind ? x.kind < y.kind : x.id < y.id
        }
        return result
    }

    /// Each rule's outcome and contribution, each category's cap cut, and the clamp, of one
    /// assessment.
    static func shares(_ a: Assessment, _ ruleSet: CompiledRuleSet) -> (rules: [String: (RuleOutcome, Double)], caps: [String: Double], clamp: Double)
    {
        var rules: [String: (RuleOutcome, Double)] = [:]
        rules.reserveCapacity(ruleSet.rules.count)
        for rule in ruleSet.rules { rules[rule.id] = (.notFired, 0) }
        for finding in a.undecided { rules[finding.rule] = (.undecided, 0) }
        for finding in a.findings {
            let share = finding.points > 0 ? finding.points : finding.offsetEffects.reduce(0) { $0 + $1.points }
            rules[finding.rule] = (.fired, share)
        }
        var caps: [String: Double] = [:]
        var net = 0.0
        for category in a.categories {
            caps[category.id] = category.counted - category.raw
            net += category.net
        }
        return (rules, caps, a.score - net)
    }
}
