import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// The text, Markdown and HTML reports are streamed in rank order from one scoring pass, their
/// pieces spooled to disk; the bytes must be those of the in-memory reports.
@Suite("The streamed ranked reports")
struct RankedStreamingTests {
    /// Inputs, a file that is not a dossier, a path that does not exist and a second copy of a
    /// dossier (same id: refused), so that failures of every kind sit among the scored.
    static func portfolio() throws -> (files: PathList, cleanup: () -> Void) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-ranked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let broken = folder.appendingPathComponent("broken.xml")
        try Data("<dossier format=\"1\" id=\"broken\">\n".utf8).write(to: broken)
        let copy = folder.appendingPathComponent("copy.xml")
        let inputs = ShippedPackTests.root.appendingPathComponent("Inputs")
        try FileManager.default.copyItem(at: inputs.appendingPathComponent("cr929-widebody.xml"), to: copy)
        var files = Array(DossierPaths.expand([inputs.path]).files)
        files.insert(broken.path, at: 4)
        files.insert(copy.path, at: 9)
        files.append("/nonexistent/x.xml")
        return (PathList(files), { try? FileManager.default.removeItem(at: folder) })
    }

    static func stream(_ files: PathList, _ assessor: Assessor, _ format: StreamingRankedReport.Format, chunkSize: Int, threshold: Int) throws
        -> String
    {
        var bytes: [UInt8] = []
        let summary = try StreamingRankedReport.write(
            files: files, scorer: BatchScorer(assessor: assessor, chunkSize: chunkSize), format: format, flushingAbove: threshold
        ) {
            bytes += $0
            return nil
        }
        #expect(summary.scored == 22 && summary.failed == 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func difference(_ actual: String, _ expected: String) -> String? {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        guard let line = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return a.count == e.count ? nil : "\(a.count) lines, expected \(e.count)"
        }
        return "line \(line + 1): \(a[line].prefix(300)) — expected \(e[line].prefix(300))"
    }

    @Test("text, Markdown and HTML stream the in-memory reports' bytes, whatever the chunk and piece sizes")
    func streamedEqualsInMemory() throws {
        let (files, cleanup) = try Self.portfolio()
        defer { cleanup() }
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let portfolio = assessor.assess(files: files)
        #expect(portfolio.failures.count == 3)
        let cases: [(String, StreamingRankedReport.Format, String)] = [
            ("text", .text(colour: false), TextReport(colour: false).portfolio(portfolio)),
            ("text in colour", .text(colour: true), TextReport(colour: true).portfolio(portfolio)),
            ("markdown", .markdown, MarkdownReport.render(portfolio)),
            ("html", .html(), HTMLReport.render(portfolio)),
            ("html, top 5", .html(top: 5), HTMLReport.render(portfolio, top: 5)),
            ("html, top 0", .html(top: 0), HTMLReport.render(portfolio, top: 0)),
        ]
        for (name, format, expected) in cases {
            for (chunkSize, threshold) in [(3, 1), (256, 1 << 20)] {
                let streamed = try Self.stream(files, assessor, format, chunkSize: chunkSize, threshold: threshold)
                #expect(Self.difference(streamed, expected) == nil, "\(name), chunks of \(chunkSize): \(Self.difference(streamed, expected) ?? "")")
            }
        }
    }

    @Test("the HTML page shows the top in full and every other dossier collapsed, in rank order, its findings naming the rules")
    func htmlBeyondTheTop() throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let portfolio = assessor.assess(files: DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files)
        let html = HTMLReport.render(portfolio, top: 5)
        #expect(html.contains("The top 5 of 22 dossiers"))
        #expect(html.contains("<h2>Risk by category — the top 5</h2>"))
        #expect(html.components(separatedBy: "<section class=\"dossier\"").count - 1 == 5)
        #expect(html.components(separatedBy: "<details id=").count - 1 == 17)
        // The collapsed ones follow the ranking: rank 6 is the sixth assessment.
        let sixth = portfolio.assessments[5]
        #expect(html.contains("<details id=\"\(HTMLReport.escape(sixth.id))\"><summary>#6 · <strong>\(Format.number(sixth.score))</strong>"))
        let fired = try #require(portfolio.assessments.dropFirst(5).flatMap(\.findings).first)
        #expect(html.contains("\n\(Wording.signed(fired.points)) \(fired.rule)"), "a finding's line: its points and rule id")
        #expect(html.contains("<p id=\"rule-\(fired.rule)\">"), "every rule a collapsed finding names is on the page")
        #expect(!HTMLReport.render(portfolio).contains("<details"), "22 dossiers are all shown in full")
    }
}
