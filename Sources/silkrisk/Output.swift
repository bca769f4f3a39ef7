import ArgumentParser
import DossierXML
import FoundationEssentials
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a line to standard error (descriptor 2, unbuffered, so order with stdout is kept
/// per stream).
func printError(_ text: String) {
    var line = text
    line.append("\n")
    _ = line.withCString { pointer in write(2, pointer, strlen(pointer)) }
}

/// Writes a report to `path` in one piece: into a temporary file beside it, renamed into place,
/// so that a reader never sees half a report. The folder is made when it does not exist.
func write(_ text: String, to path: String) throws {
    try makeFolder(for: path)
    // FileManager writes `.atomic`ally: a temporary file, renamed.
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        printError("silkrisk: cannot write '\(path)'")
        throw ExitStatus.inputProblems
    }
}

/// Streams a report to `path` through a descriptor the same way: into a new temporary file
/// beside it, renamed over `path` only once `body` has written all of it; on failure the
/// temporary file is removed and whatever was at `path` stays.
func streamReplacing<Result>(_ path: String, _ body: (Int32) throws(ReportWriteError) -> Result) throws -> Result {
    try makeFolder(for: path)
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var temporary = ""
    var descriptor: Int32 = -1
    for attempt in 0..<100 where descriptor < 0 {
        temporary = "\(folder).\(name).\(getpid())-\(attempt).tmp"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0 && errno != EEXIST { break }
    }
    guard descriptor >= 0 else {
        printError("silkrisk: cannot write '\(path)': \(String(cString: strerror(errno)))")
        throw ExitStatus.inputProblems
    }
    let result: Result
    do {
        result = try body(descriptor)
    } catch {
        close(descriptor)
        unlink(temporary)
        printError("silkrisk: cannot write the report: \(error.message)")
        throw ExitStatus.inputProblems
    }
    guard close(descriptor) == 0, rename(temporary, path) == 0 else {
        printError("silkrisk: cannot write '\(path)': \(String(cString: strerror(errno)))")
        unlink(temporary)
        throw ExitStatus.inputProblems
    }
    return result
}

/// Makes the folder `path` is to be written in, when it has one and it does not exist.
private func makeFolder(for path: String) throws {
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    guard !folder.isEmpty else { return }
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
        printError("silkrisk: cannot write '\(path)': cannot make the folder '\(folder)'")
        throw ExitStatus.inputProblems
    }
}

/// Writes diagnostics to standard error the one way every command does: compiler-style, with the
/// source line and a caret where there is one (rule files and dossiers alike).
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    let renderer = DiagnosticRenderer()
    for diagnostic in diagnostics { printError(renderer.render(diagnostic)) }
}
