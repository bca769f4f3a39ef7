public import SilkDiagnostics

/// A dossier that could not be scored, with every problem found in it.
public struct FailedDossier: Sendable {
    public var file: String
    public var diagnostics: [Diagnostic]

    public init(file: String, diagnostics: [Diagnostic]) {
        self.file = file
        self.diagnostics = diagnostics
    }
}

extension FailedDossier: Error {}
