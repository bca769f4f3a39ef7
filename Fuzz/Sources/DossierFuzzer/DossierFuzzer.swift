import DossierXML
import FuzzSupport
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// One fuzz input is one dossier file. It is put in an in-memory file and read by path,
/// exactly as `silkrisk validate` and `silkrisk score` read a dossier: the byte cap, the encoding
/// check and markup pre-scan, libxml2's parse with the safe options, the root check, schema
/// validation, then either the whole element tree (`validate`) or the query walk, fact extraction
/// and assessment with the shipped rules (`score`), and the reports of that assessment.
///
/// Besides "does not crash", each run checks what the loader promises:
/// - `validate` and `score` agree: a dossier one refuses, the other refuses too;
/// - the streaming reader accepts only dossiers the tree path accepts, and reads them alike;
/// - a refusal has at least one problem, each with a line of 1 or more and a column of 0 or more;
/// - every problem renders as a located diagnostic.
@main
enum DossierFuzzer {
    static func main() { FuzzerDriver.run(fuzzDossier) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDossier(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = DossierFuzzing.file
    file.replaceContents(with: UnsafeBufferPointer(start: data, count: size))

    let loader = DossierLoader()
    let loaded = loader.load(path: file.path)
    let assessed = DossierFuzzing.assessor.assess(file: file.path, loader: loader)

    // The streaming reader vouches only for what the tree path accepts, and reads it alike.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let query = DossierFuzzing.assessor.extractor.query
    if case .success(let streamed)? = loader.read(bytes: bytes, path: file.path, query: query, route: .streamedOnly) {
        guard case .success(let tree)? = loader.read(bytes: bytes, path: file.path, query: query, route: .tree) else {
            DossierFuzzing.fail("the streaming reader accepts what the tree path refuses")
        }
        guard tree.result.readingsDescription == streamed.result.readingsDescription else {
            DossierFuzzing.fail("the streaming reader reads otherwise than the tree path")
        }
    }

    switch (loaded, assessed) {
    case (.loaded, .success(let assessment)):
        let portfolio = Portfolio(ruleSet: DossierFuzzing.assessor.ruleSet, assessments: [assessment], failures: [])
        _ = JSONReport.render(portfolio)
        _ = TextReport(colour: false).explain(assessment)
        _ = HTMLReport.render(portfolio)
        _ = MarkdownReport.render(portfolio)
    case (.failure(let problems), .failure(let failed)):
        guard !problems.isEmpty, !failed.diagnostics.isEmpty else { DossierFuzzing.fail("a refusal without a problem") }
        let renderer = DiagnosticRenderer(showsSnippets: false)
        for problem in problems {
            guard let (line, column) = problem.lineAndColumn, line >= 1, column >= 1, problem.path == file.path else {
                DossierFuzzing.fail("a problem not placed in the dossier: \(problem.position): \(problem.message)")
            }
            _ = renderer.render(problem)
        }
        for diagnostic in failed.diagnostics { _ = renderer.render(diagnostic) }
    case (.loaded, .failure(let failed)):
        DossierFuzzing.fail("validate accepts what score refuses: \(failed.diagnostics.map(\.message))")
    case (.failure(let problems), .success):
        DossierFuzzing.fail("score accepts what validate refuses: \(problems.map(\.message))")
    }
    return 0
}

enum DossierFuzzing {
    /// The shipped rules, compiled once (from the repository root that `Fuzz/run` runs in).
    static let assessor: Assessor = {
        guard let ruleSet = RuleSetLoader.load(directory: "Rules").ruleSet else { fail("the shipped rules in Rules/ do not compile") }
        return Assessor(ruleSet: ruleSet)
    }()

    nonisolated(unsafe) static let file = MemoryFile()

    static func fail(_ reason: String) -> Never { FuzzerDriver.fail("fuzz-dossier", reason) }
}

/// An unnamed file in shared memory (/dev/shm, a tmpfs), reached by the path `/proc/self/fd/N`,
/// so that each input is read through the same open/fstat/read path as a dossier on disk,
/// without touching the disk.
final class MemoryFile {
    let descriptor: Int32
    let path: String

    init() {
        let name = "/dev/shm/silkrisk-fuzz-dossier-\(getpid()).xml"
        descriptor = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { fatalError("\(name): \(String(cString: strerror(errno)))") }
        unlink(name)
        path = "/proc/self/fd/\(descriptor)"
    }

    func replaceContents(with bytes: UnsafeBufferPointer<UInt8>) {
        guard ftruncate(descriptor, 0) == 0 else { fatalError("ftruncate: \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(written))
            guard count > 0 else { fatalError("pwrite: \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}
