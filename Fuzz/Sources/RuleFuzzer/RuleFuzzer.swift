import DossierXML
import FuzzSupport
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// One fuzz input is a rule pack: one or more rule files separated by NUL bytes, each compiled as
/// `silkrisk check` compiles a folder (lexer, parser, checker, compiler), with the shipped essay as
/// the text a `source` names, so quotes are checked too. Bytes that are not UTF-8 are repaired
/// rather than refused, so that every input reaches the lexer.
///
/// Besides "does not crash", each run checks what the language promises:
/// - a rule set comes out exactly when no diagnostic is an error;
/// - every diagnostic is located inside the file it names, and renders;
/// - a rule set that compiles scores two shipped dossiers, and the assessments render as JSON.
@main
enum RuleFuzzer {
    static func main() { FuzzerDriver.run(fuzzRules) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let files = bytes.split(separator: 0, omittingEmptySubsequences: false).enumerated().map { index, text in
        SourceFile(path: "Rules/fuzz-\(index).rules", text: String(decoding: text, as: UTF8.self))
    }
    var compiler = RuleCompiler(readFile: RuleFuzzing.readSource)
    let output = compiler.compile(files.map(Parser.parse))

    let renderer = DiagnosticRenderer()
    for diagnostic in output.diagnostics {
        guard let span = diagnostic.span else { RuleFuzzing.fail("a diagnostic without a location: \(diagnostic.message)") }
        guard span.start >= 0, span.start <= span.end, span.end <= span.file.bytes.count else {
            RuleFuzzing.fail("a span outside its file: \(span.start)..<\(span.end) of \(span.file.bytes.count) bytes")
        }
        _ = renderer.render(diagnostic)
    }
    guard (output.ruleSet != nil) == !output.diagnostics.hasErrors else {
        RuleFuzzing.fail("a rule set came out \(output.ruleSet == nil ? "missing without" : "despite") an error")
    }
    if let ruleSet = output.ruleSet {
        let assessor = Assessor(ruleSet: ruleSet)
        var assessments: [Assessment] = []
        for file in RuleFuzzing.dossiers {
            guard case .success(let assessment) = assessor.assess(file: file, loader: DossierLoader()) else {
                RuleFuzzing.fail("a shipped dossier failed to load: \(file)")
            }
            assessments.append(assessment)
        }
        _ = JSONReport.render(Portfolio(ruleSet: ruleSet, assessments: assessments, failures: []))
    }
    return 0
}

enum RuleFuzzing {
    /// The shipped essay, the only source text the harness serves (read once, from the
    /// repository root that `Fuzz/run` runs in). Any other named file reads as missing.
    static let essayPath = "Rules/sources/digital-silk-road-essay.txt"
    static let essay: String? = {
        guard let file = fopen(essayPath, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }()

    static func readSource(_ path: String) -> String? {
        path == essayPath ? essay : nil
    }

    /// Two shipped dossiers that a compiled rule set scores.
    static let dossiers = ["Inputs/cr929-widebody.xml", "Inputs/inrtu-alibaba-cloud-venture.xml"]

    static func fail(_ reason: String) -> Never { FuzzerDriver.fail("fuzz-rules", reason) }
}
