public import DossierXML
public import SilkDiagnostics

extension Assessor {
    /// A dossier `validate` accepts: its id, and the warnings about values the engine reads as
    /// unknown.
    public struct CheckedDossier: Sendable {
        public var id: String
        /// The format version the dossier says it follows (its `format` attribute).
        public var formatVersion: String?
        public var warnings: [Diagnostic]
    }

    /// Checks the dossier at `file` as scoring would, without scoring it: read, checked against
    /// the schema, and its facts read with the rule set's catalogue. A failure has every error
    /// (and warning) found; a success the warnings alone.
    public func check(file: String, loader: DossierLoader) -> Result<CheckedDossier, FailedDossier> {
        switch loader.read(path: file, query: extractor.query) {
        case .success(let read):
            let problems = extractor.extract(read).problems
            if problems.hasErrors { return .failure(FailedDossier(file: file, diagnostics: problems)) }
            let identity = extractor.identity(of: read.result)
            return .success(CheckedDossier(id: identity.id ?? file, formatVersion: identity.format, warnings: problems))
        case .failure(let failure):
            return .failure(FailedDossier(file: file, diagnostics: failure.diagnostics))
        }
    }
}
