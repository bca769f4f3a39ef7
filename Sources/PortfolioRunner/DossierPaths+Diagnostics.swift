public import Scoring
public import SilkDiagnostics

extension DossierPaths {
    /// A path given that does not exist: a dossier that could not be scored.
    public static func missing(_ path: String) -> FailedDossier {
        FailedDossier(file: path, diagnostics: [Diagnostic(.error, .unreadableFile, "no such file or folder", file: path)])
    }

    /// A file in a folder that is not a dossier: skipped, and said so.
    public static func skipped(_ path: String) -> Diagnostic {
        Diagnostic(.warning, .skippedFile, "skipped: not a .xml dossier", file: path)
    }
}
