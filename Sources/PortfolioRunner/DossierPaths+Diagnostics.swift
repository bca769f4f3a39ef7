public import DossierXML
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

    /// A folder given that holds no dossier: an error unless empty folders are allowed, so that
    /// a run pointed at the wrong folder does not pass for a clean one.
    public static func noDossiers(_ folder: String) -> FailedDossier {
        FailedDossier(
            file: folder,
            diagnostics: [
                Diagnostic(
                    .error, .noDossiers, "no .xml dossier in this folder", file: folder,
                    suggestions: ["check the path; give --allow-empty if a folder without dossiers is expected"])
            ])
    }

    /// A file given again (by a folder and by name, or two spellings of one path): read once.
    public static func duplicate(_ path: String, of first: String) -> Diagnostic {
        Diagnostic(.warning, .duplicateFile, "the same file as '\(first)', given again: read once", file: path)
    }

    /// A dossier whose id an earlier one of the batch already has: an error at its `id`, with a
    /// note at the first one's (both files are read again, only to place the two).
    public static func duplicateID(_ id: String, file: String, first: String, loader: DossierLoader) -> FailedDossier {
        let message = "the dossier id '\(id)' is already the id of '\(first)': each dossier of a batch needs its own id"
        let note = Diagnostic.Note("'\(first)' has it here", at: loader.rootAttribute("id", value: id, inFileAt: first))
        let help = ["give one of them another id (this one is not scored)"]
        var diagnostic: Diagnostic
        if let span = loader.rootAttribute("id", value: id, inFileAt: file) {
            diagnostic = Diagnostic(.error, .duplicateDossierID, message, at: span, notes: [note], suggestions: help)
        } else {
            diagnostic = Diagnostic(.error, .duplicateDossierID, message, file: file, suggestions: help)
            diagnostic.notes = [note]
        }
        return FailedDossier(file: file, diagnostics: [diagnostic])
    }

    /// A record whose id an earlier record of the batch already has (in its own file or an
    /// earlier one): an error at the record's start tag, with a note at the first one's (both
    /// files are read again, only to place the two). The failure is the record's, `file#n`.
    public static func duplicateID(
        _ id: String, file: String, record: RecordPlace, first: String, firstLine: Int?, records: RecordLoader
    ) -> FailedDossier {
        let name = records.format.record
        let earlier = firstLine.map { "the <\(name)> on line \($0) of '\(first)'" } ?? "a <\(name)> of '\(first)'"
        let message = "the id '\(id)' is already the id of \(earlier): each record of a batch needs its own id"
        let note = Diagnostic.Note("the first <\(name)> with it", at: firstLine.flatMap { records.recordStartTag(inFileAt: first, line: $0) })
        let help = ["give one of them another id (this one is not scored)"]
        var diagnostic: Diagnostic
        if let span = records.recordStartTag(inFileAt: file, line: record.line) {
            diagnostic = Diagnostic(.error, .duplicateDossierID, message, at: span, notes: [note], suggestions: help)
        } else {
            diagnostic = Diagnostic(.error, .duplicateDossierID, message, path: file, line: record.line, column: 1)
            diagnostic.notes = [note]
            diagnostic.suggestions = help
        }
        return FailedDossier(file: "\(file)#\(record.index)", diagnostics: [diagnostic])
    }
}
