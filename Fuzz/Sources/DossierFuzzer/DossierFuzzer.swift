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
/// - `validate` (`Assessor.check`: read, schema, and the facts as the catalogue reads them) and
///   `score` agree: a dossier one refuses, the other refuses too;
/// - the loader's whole-tree read refuses only what `validate` refuses (`validate` refuses more:
///   a value that contradicts itself, such as a money range with min above max);
/// - the streaming reader accepts only dossiers the tree path accepts, and reads them alike;
/// - a refusal has at least one problem, each placed in the dossier at a line and column of 1
///   or more, and every problem renders as a located diagnostic.
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
    let checked = DossierFuzzing.assessor.check(file: file.path, loader: loader)
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

    let renderer = DiagnosticRenderer(showsSnippets: false)
    if case .failure(let problems) = loaded {
        guard case .failure = checked else { DossierFuzzing.fail("the loader refuses what validate accepts: \(problems.map(\.message))") }
        DossierFuzzing.expectPlaced(problems, in: file.path, renderer: renderer)
    }
    switch (checked, assessed) {
    case (.success, .success(let assessment)):
        let portfolio = Portfolio(ruleSet: DossierFuzzing.assessor.ruleSet, assessments: [assessment], failures: [])
        _ = JSONReport.render(portfolio)
        _ = TextReport(colour: false).explain(assessment)
        _ = HTMLReport.render(portfolio)
        _ = MarkdownReport.render(portfolio)
    case (.failure(let refused), .failure(let failed)):
        DossierFuzzing.expectPlaced(refused.diagnostics, in: file.path, renderer: renderer)
        DossierFuzzing.expectPlaced(failed.diagnostics, in: file.path, renderer: renderer)
    case (.success, .failure(let failed)):
        DossierFuzzing.fail("validate accepts what score refuses: \(failed.diagnostics.map(\.message))")
    case (.failure(let refused), .success):
        DossierFuzzing.fail("score accepts what validate refuses: \(refused.diagnostics.map(\.message))")
    }
    return 0
}

enum DossierFuzzing {
    /// The shipped rules, compiled once (from the repository root that `Fuzz/run` runs in).
    static let assessor: Assessor = {
        guard let ruleSet = RuleSetLoader.load(directory: "Rules").ruleSet else { fail("the shipped rules in Rules/ do not compile") }
        return Assessor(ruleSet: ruleSet)
    }()

    nonisolated(unsafe) static let file = MemoryFile(name: "dossier")

    static func fail(_ reason: String) -> Never { FuzzerDriver.fail("fuzz-dossier", reason) }

    static func expectPlaced(_ problems: [Diagnostic], in path: String, renderer: DiagnosticRenderer) {
        FuzzerDriver.expectPlaced(problems, in: path, harness: "fuzz-dossier", renderer: renderer)
    }
}
