import DossierXML
import FuzzSupport
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// One fuzz input is one file of a record format: IATI activities, read with the pack that
/// declares the format (`Rules/iati`). It is put in an in-memory file and read by path, exactly
/// as `silkrisk score --rules Rules/iati` reads a file: the format's byte cap, the encoding
/// check and markup pre-scan, libxml2's parse with the safe options, the root check, the records
/// one by one (each validated on its own against the IATI 2.03 schema where its version is one
/// the schema covers), the query walk and fact extraction of each, its assessment, and the
/// reports of those assessments.
///
/// Besides "does not crash", each run checks what the record loader promises:
/// - a file refused whole has at least one problem; so has each record refused;
/// - every problem is placed in the file, at a line and column of 1 or more, and renders;
/// - a refused record is named `file#n`, with `n` its place among the file's records;
/// - the streamed JSON report of the file equals the in-memory one, byte for byte.
@main
enum RecordFuzzer {
    static func main() { FuzzerDriver.run(fuzzRecords) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = RecordFuzzing.file
    file.replaceContents(with: UnsafeBufferPointer(start: data, count: size))
    let (assessor, records) = (RecordFuzzing.engine.assessor, RecordFuzzing.engine.records)

    let results = assessor.assessRecords(file: file.path, loader: records)
    let renderer = DiagnosticRenderer(showsSnippets: false)
    var scored: [Assessment] = []
    var failures: [FailedDossier] = []
    for (index, result) in results.enumerated() {
        switch result {
        case .success(let assessment):
            guard assessment.record?.index == index + 1 else {
                RecordFuzzing.fail("record \(index + 1) numbered \(String(describing: assessment.record))")
            }
            scored.append(assessment)
        case .failure(let failure):
            // A file refused whole is the one result; a record refused is named by its place.
            guard failure.file == file.path || failure.file == "\(file.path)#\(index + 1)" else {
                RecordFuzzing.fail("a refusal named '\(failure.file)' for result \(index + 1)")
            }
            RecordFuzzing.expectPlaced(failure.diagnostics, in: file.path, renderer: renderer)
            failures.append(failure)
        }
    }
    for assessment in scored {
        for problem in assessment.dataProblems { _ = renderer.render(problem) }
    }

    // The streamed report (as `score` writes it) is the in-memory one, byte for byte.
    let portfolio = assessor.assess(files: [file.path], records: records)
    let expected = Array(JSONReport.render(portfolio, detail: .full).utf8)
    let report = RecordFuzzing.report
    report.empty()
    do {
        _ = try StreamingJSONReport.write(
            files: PathList([file.path]), scorer: BatchScorer(assessor: assessor, records: records), detail: .full, to: report.descriptor)
    } catch {
        RecordFuzzing.fail("the streamed report could not be written: \(error.message)")
    }
    guard report.contents() == expected else { RecordFuzzing.fail("the streamed report differs from the in-memory one") }
    _ = TextReport(colour: false).portfolio(portfolio)
    _ = HTMLReport.render(portfolio)
    _ = MarkdownReport.render(portfolio)
    return 0
}

enum RecordFuzzing {
    /// The IATI pack and its format's loader, made once (from the repository root that
    /// `Fuzz/run` runs in).
    static let engine: (assessor: Assessor, records: RecordLoader) = {
        guard let ruleSet = RuleSetLoader.load(directory: "Rules/iati").ruleSet, let format = ruleSet.format else {
            fail("the IATI pack in Rules/iati does not compile, or declares no format")
        }
        guard case .success(let records) = format.recordLoader() else { fail("the IATI schema cannot be used") }
        var assessor = Assessor(ruleSet: ruleSet)
        // The full JSON report shows every missing fact: the search for them runs too.
        assessor.stakes = .all
        return (assessor, records)
    }()

    nonisolated(unsafe) static let file = MemoryFile(name: "records")
    /// Where the streamed report is written.
    nonisolated(unsafe) static let report = MemoryFile(name: "records-report")

    static func fail(_ reason: String) -> Never { FuzzerDriver.fail("fuzz-records", reason) }

    static func expectPlaced(_ problems: [Diagnostic], in path: String, renderer: DiagnosticRenderer) {
        FuzzerDriver.expectPlaced(problems, in: path, harness: "fuzz-records", renderer: renderer)
    }
}
