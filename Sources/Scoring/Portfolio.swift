import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// The result of scoring a batch: assessments ranked (highest score first, then by id), and the
/// dossiers that failed, in file order. Nothing is dropped: every input is in one list or the other.
public struct Portfolio: Sendable {
    public var ruleSet: CompiledRuleSet
    /// Ranked: highest score first, then higher band, then id and file.
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
}

/// What ranks a dossier in a portfolio, for the in-memory reports. The streamed report keeps a
/// smaller entry per dossier instead (`RankIndex`), ordered the same way.
public struct RankKey: Sendable {
    public var score: Double
    public var band: Band
    public var id: String
    public var file: String

    public init(_ assessment: Assessment) {
        self.init(score: assessment.score, band: assessment.band, id: assessment.id, file: assessment.file)
    }

    init(score: Double, band: Band, id: String, file: String) {
        self.score = score
        self.band = band
        self.id = id
        self.file = file
    }
}

public enum Ranking {
    /// Highest score first, then higher band (a floor can raise it), then id and file: a total
    /// order, so the ranking never depends on input order or timing.
    public static func precedes(_ a: RankKey, _ b: RankKey) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.band.from != b.band.from { return a.band.from > b.band.from }
        return a.id != b.id ? a.id < b.id : a.file < b.file
    }
}
