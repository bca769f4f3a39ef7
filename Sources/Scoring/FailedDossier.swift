public import DossierXML
import RuleLanguage
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

extension Diagnostic {
    /// A dossier problem as a diagnostic.
    public init(problem: XMLProblem, file: String) {
        self.init(.error, problem.kind.id, problem.message, path: file, line: max(problem.line, 1), column: max(problem.column, 1))
    }
}
