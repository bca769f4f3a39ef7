import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// The result of scoring a batch: assessments ranked (banded dossiers first, highest score
/// first; then the undetermined ones), and the dossiers that failed, in file order. Nothing is
/// dropped: every input is in one list or the other.
public struct Portfolio: Sendable {
    public var ruleSet: CompiledRuleSet
    /// Ranked (see `Ranking`): the banded dossiers, then the undetermined ones.
    public var assessments: [Assessment]
    /// The same assessments in the order the files were given.
    public var inputOrder: [Assessment]
    public var failures: [FailedDossier]

    /// `assessments` in the order the files were given.
    public init(ruleSet: CompiledRuleSet, assessments: [Assessment], failures: [FailedDossier]) {
        self.ruleSet = ruleSet
        self.inputOrder = assessments
        self.assessments = assessments.sorted { Ranking.precedes(RankKey($0), RankKey($1)) }
        self.failures = failures
    }

    /// The ranked dossiers that have a band.
    public var banded: ArraySlice<Assessment> { assessments[..<firstUndetermined] }
    /// The ranked dossiers whose evidence is too thin to band them, after the banded ones.
    public var undetermined: ArraySlice<Assessment> { assessments[firstUndetermined...] }
    private var firstUndetermined: Int { assessments.firstIndex(where: \.undetermined) ?? assessments.count }
}

/// What ranks a dossier in a portfolio, for the in-memory reports. The streamed report keeps a
/// smaller entry per dossier instead (`RankIndex`), ordered the same way.
public struct RankKey: Sendable {
    public var score: Double
    public var band: Band
    /// The upper end of the score range.
    public var upperScore: Double
    public var undetermined: Bool
    public var id: String
    public var file: String

    public init(_ assessment: Assessment) {
        self.init(
            score: assessment.score, band: assessment.band, upperScore: assessment.scoreRange.upperBound, undetermined: assessment.undetermined,
            id: assessment.id, file: assessment.file)
    }

    public init(score: Double, band: Band, upperScore: Double, undetermined: Bool, id: String, file: String) {
        self.score = score
        self.band = band
        self.upperScore = upperScore
        self.undetermined = undetermined
        self.id = id
        self.file = file
    }
}

public enum Ranking {
    /// Banded dossiers first: highest score first, then higher band (a floor can raise it).
    /// Then the undetermined ones, in a group of their own: highest upper end of the score range
    /// first (the most that could be at risk), then highest score. Ties go by id and file: a
    /// total order, so the ranking never depends on input order or timing.
    public static func precedes(_ a: RankKey, _ b: RankKey) -> Bool {
        if a.undetermined != b.undetermined { return !a.undetermined }
        if a.undetermined {
            if a.upperScore != b.upperScore { return a.upperScore > b.upperScore }
            if a.score != b.score { return a.score > b.score }
        } else {
            if a.score != b.score { return a.score > b.score }
            if a.band.from != b.band.from { return a.band.from > b.band.from }
        }
        return a.id != b.id ? a.id < b.id : a.file < b.file
    }
}
