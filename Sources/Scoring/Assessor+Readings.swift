public import DossierXML
public import RuleLanguage

/// A dossier read and its facts extracted, not yet assessed: what two rule sets with the same
/// catalogue can both assess from one reading (`silkrisk diff` reads each dossier once).
public struct DossierReading: Sendable {
    public var facts: DossierFacts
    public var id: String
    public var title: String
    public var status: String?
    public var file: String
    /// SHA-256 of the dossier file's bytes (empty when the assessor does not hash dossiers).
    public var dossierHash: String
}

extension Assessor {
    /// Reads, checks and extracts the dossier at `file` exactly as `assess(file:loader:)` does
    /// before assessing it.
    public func read(file: String, loader: DossierLoader) -> Result<DossierReading, FailedDossier> {
        switch loader.read(path: file, query: extractor.query) {
        case .success(let read):
            let identity = extractor.identity(of: read.result)
            let id = identity.id ?? file
            return .success(
                DossierReading(
                    facts: extractor.extract(read), id: id, title: identity.title ?? id, status: identity.status, file: file,
                    dossierHash: dossierHash(read.bytes)))
        case .failure(let failure):
            return .failure(FailedDossier(file: file, diagnostics: failure.diagnostics))
        }
    }

    /// Assesses a reading: the same assessment `assess(file:loader:)` makes of the file. The
    /// reading's facts must come from a rule set whose facts read the dossier alike
    /// (`CompiledFact.readsAlike`), in the same order.
    public func assess(_ reading: DossierReading) -> Assessment {
        assess(reading.facts, id: reading.id, title: reading.title, status: reading.status, file: reading.file, dossierHash: reading.dossierHash)
    }

    /// Whether facts extracted for `other` can be assessed with this assessor's rule set: the
    /// two catalogues read every dossier alike, fact for fact.
    public func sharesCatalogue(with other: CompiledRuleSet) -> Bool {
        let mine = ruleSet.facts
        return mine.count == other.facts.count && zip(mine, other.facts).allSatisfy { $0.readsAlike($1) }
    }
}
