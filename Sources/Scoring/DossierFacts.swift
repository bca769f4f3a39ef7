import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// Where a fact's value came from in the dossier: the evidence a report cites.
public struct FactEvidence: Sendable, Hashable {
    /// 1-based line of the element the value was read from (for a list: its container).
    public var line: Int
    /// "assumption" or "estimate" when the dossier marks the value so; nil when reported.
    public var basis: String?
    /// Ids of the dossier's sources the value cites.
    public var sources: [String]

    public init(line: Int, basis: String? = nil, sources: [String] = []) {
        self.line = line
        self.basis = basis
        self.sources = sources
    }
}

/// A problem with a value in a dossier that the schema could not catch (an analyst's own
/// element under <extensions> that does not read as its declared type, a money figure with
/// neither an amount nor a range). The value counts as unknown; the problem is reported.
public struct DataProblem: Sendable, Hashable {
    public var line: Int
    public var message: String
}

/// One dossier's facts, in the catalogue's slot order.
public struct DossierFacts: Sendable {
    public var values: [Value?]
    public var evidence: [FactEvidence?]
    /// The dossier's `asOf` date: ages are measured to it, never to the clock.
    public var asOf: Day?
    public var problems: [DataProblem]

    public init(values: [Value?], evidence: [FactEvidence?], asOf: Day?, problems: [DataProblem] = []) {
        self.values = values
        self.evidence = evidence
        self.asOf = asOf
        self.problems = problems
    }
}
