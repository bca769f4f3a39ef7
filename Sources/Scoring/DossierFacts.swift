import DossierXML
public import RuleLanguage
public import SilkDiagnostics

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

/// One dossier's facts, in the catalogue's slot order.
public struct DossierFacts: Sendable {
    public var values: [Value?]
    public var evidence: [FactEvidence?]
    /// The dossier's `asOf` date: ages are measured to it, never to the clock.
    public var asOf: Day?
    /// Values the schema could not check that do not read as their fact's type (an analyst's
    /// own element under <extensions>, a money figure with neither an amount nor a range): each
    /// counts as unknown, and is reported as a warning placed at its element.
    public var problems: [Diagnostic]

    public init(values: [Value?], evidence: [FactEvidence?], asOf: Day?, problems: [Diagnostic] = []) {
        self.values = values
        self.evidence = evidence
        self.asOf = asOf
        self.problems = problems
    }
}
