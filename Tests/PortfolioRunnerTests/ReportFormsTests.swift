import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// The compact and full JSON documents and their JSON Lines forms: streamed as they are rendered
/// in memory, and saying the same thing about every dossier.
@Suite("The report's forms: compact and full, document and JSON Lines")
struct ReportFormsTests {
    static func inputs() -> PathList { DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files }

    /// Streams `files` in `form` at `detail` into memory.
    static func stream(
        _ files: PathList, _ assessor: Assessor, form: StreamingJSONReport.Form, detail: JSONReport.Detail, chunkSize: Int = 5, threshold: Int = 1000
    ) throws -> (String, StreamingJSONReport.Summary) {
        var bytes: [UInt8] = []
        let summary = try StreamingJSONReport.write(
            files: files, scorer: BatchScorer(assessor: assessor, chunkSize: chunkSize), form: form, detail: detail, flushingAbove: threshold
        ) {
            bytes += $0
            return nil
        }
        return (String(decoding: bytes, as: UTF8.self), summary)
    }

    static func object(_ text: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("the streamed compact document equals the in-memory one, byte for byte, whatever the chunk and piece sizes")
    func compactStreamEqualsRender() throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let files = PathList(Array(Self.inputs()) + ["/nonexistent/x.xml"])
        let expected = JSONReport.render(assessor.assess(files: files), detail: .compact)
        for (chunkSize, threshold) in [(5, 1), (256, 1 << 20)] {
            let (streamed, summary) = try Self.stream(files, assessor, form: .document, detail: .compact, chunkSize: chunkSize, threshold: threshold)
            #expect(streamed == expected, "chunks of \(chunkSize), pieces above \(threshold) bytes")
            #expect(summary.scored == 22 && summary.failed == 1)
        }
        let document = try Self.object(expected)
        #expect(document["schema"] as? String == "silkrisk-report/3" && document["detail"] as? String == "compact")
        #expect((document["ranking"] as? [String])?.count == 22, "the compact ranking is the dossiers' ids, best first")
    }

    @Test("a compact entry says what the full one does: verdict, range, shares, findings with points and located evidence, undecided rules")
    func compactAgreesWithFull() throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let portfolio = assessor.assess(files: Self.inputs())
        let compact = try Self.object(JSONReport.render(portfolio, detail: .compact))
        let full = try Self.object(JSONReport.render(portfolio, detail: .full))
        let compactDossiers = try #require(compact["dossiers"] as? [[String: Any]])
        let fullDossiers = try #require(full["dossiers"] as? [[String: Any]])
        #expect(compactDossiers.count == 22 && fullDossiers.count == 22)
        var undetermined = 0
        for (c, f) in zip(compactDossiers, fullDossiers) {
            let id = f["id"] as? String ?? "?"
            #expect(c["id"] as? String == id)
            for key in ["band", "file", "title", "score", "completeness", "decidedShare"] {
                #expect((c[key] as? NSObject) == (f[key] as? NSObject), "\(id): \(key)")
            }
            #expect((c["scoreRange"] as? NSDictionary) == (f["scoreRange"] as? NSDictionary), "\(id)")
            if c["band"] as? String == "undetermined" { undetermined += 1 }
            let fullFindings = f["findings"] as? [[String: Any]] ?? []
            let compactFindings = c["findings"] as? [[String: Any]] ?? []
            #expect(compactFindings.map { $0["rule"] as? String } == fullFindings.map { $0["rule"] as? String }, "\(id)")
            for (cf, ff) in zip(compactFindings, fullFindings) {
                #expect(cf["points"] as? Double == ff["points"] as? Double)
                #expect((cf["offsets"] as? NSArray) == (ff["offsets"] as? NSArray), "\(id): offsets")
                // The located evidence, without list items, basis or sources.
                let located = (ff["evidence"] as? [[String: Any]] ?? []).filter { $0["line"] != nil }.map {
                    ["fact": $0["fact"]!, "line": $0["line"]!, "value": $0["value"]!] as NSDictionary
                }
                #expect((cf["evidence"] as? [NSDictionary]) == located, "\(id): \(cf["rule"] ?? "")")
            }
            let undecided = (f["undecided"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(c["undecided"] as? [String] == undecided, "\(id)")
            let missing = (f["missingFacts"] as? [[String: Any]] ?? []).prefix(JSONReport.collectFirstCount).map {
                ["fact": $0["fact"]!, "pointsAtStake": $0["pointsAtStake"]!] as NSDictionary
            }
            #expect((c["collectFirst"] as? [NSDictionary]) == Array(missing), "\(id)")
        }
        #expect(undetermined > 0, "the Inputs hold undetermined dossiers, and the compact entry says so")
        let ranking = (full["ranking"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(compact["ranking"] as? [String] == ranking)
    }

    @Test("a compact entry is one line, under 3 KB a dossier on average over Inputs, none above 6 KB")
    func compactEntriesAreSmall() throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let writer = JSONReport.CompactWriter(ruleSet: assessor.ruleSet)
        let full = JSONReport.FragmentWriter(ruleSet: assessor.ruleSet)
        var compactBytes = 0
        var fullBytes = 0
        let assessments = assessor.assess(files: Self.inputs()).inputOrder
        for assessment in assessments {
            let line = writer.sink(assessment).string
            #expect(!line.contains("\n"))
            #expect(line.utf8.count < 6144, "\(assessment.id): \(line.utf8.count) bytes")
            compactBytes += line.utf8.count
            fullBytes += full.fragment(assessment).count
        }
        #expect(compactBytes / assessments.count < 3072, "\(compactBytes / assessments.count) bytes a dossier")
        #expect(compactBytes * 5 < fullBytes, "compact \(compactBytes) bytes, full \(fullBytes)")
    }

    @Test(
        "a compact entry is the same whether or not the assessment rendered its messages and hashed its dossier, which it then leaves empty; its findings show the same evidence"
    )
    func compactEntriesNeedNoMessages() throws {
        var rendering = Assessor(ruleSet: try ShippedPackTests.load())
        rendering.stakes = JSONReport.Detail.compact.stakes
        var silent = rendering
        silent.rendersMessages = JSONReport.Detail.compact.showsMessages
        silent.hashesDossiers = JSONReport.Detail.compact.showsDossierHash
        #expect(!silent.rendersMessages && JSONReport.Detail.full.showsMessages)
        #expect(!silent.hashesDossiers && JSONReport.Detail.full.showsDossierHash)
        let writer = JSONReport.CompactWriter(ruleSet: rendering.ruleSet)
        let rendered = rendering.assess(files: Self.inputs()).inputOrder
        let unrendered = silent.assess(files: Self.inputs()).inputOrder
        #expect(rendered.count == 22 && unrendered.count == 22)
        var shownValues = 0
        for (with, without) in zip(rendered, unrendered) {
            #expect(writer.sink(with).string == writer.sink(without).string, "\(with.id)")
            #expect(with.findings.allSatisfy { !$0.message.isEmpty }, "\(with.id)")
            #expect(without.findings.allSatisfy { $0.message.isEmpty }, "\(without.id)")
            #expect(with.stamp.dossierHash.count == 64 && without.stamp.dossierHash.isEmpty, "\(with.id)")
            // Undecided rules say what they wait for either way.
            #expect(without.undecided.map(\.message) == with.undecided.map(\.message), "\(with.id)")
            // The values findings show are formatted when asked for, the same as those formatted
            // while the messages were rendered.
            #expect(without.findings.map(\.evidence) == with.findings.map(\.evidence), "\(with.id)")
            shownValues += without.findings.reduce(0) { $0 + $1.evidence.count }
        }
        #expect(shownValues > 50, "findings with evidence to compare")
    }

    @Test(
        "JSON Lines: the header, then one line per dossier in input order, a failure where it was met, missing paths last",
        arguments: JSONReport.Detail.allCases)
    func jsonLines(_ detail: JSONReport.Detail) throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-lines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.xml").path
        try Data("<dossier format=\"1\" id=\"broken\">\n".utf8).write(to: URL(fileURLWithPath: broken))
        var paths = Array(Self.inputs())
        paths.insert(broken, at: 3)
        let files = PathList(paths + ["/nonexistent/x.xml"])
        let (streamed, summary) = try Self.stream(files, assessor, form: .lines, detail: detail)
        #expect(summary.scored == 22 && summary.failed == 2)
        let lines = streamed.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 24 + 1 && lines.last == "", "every line ends with a line break")
        let header = try #require(try Self.object(lines[0])["header"] as? [String: Any])
        #expect(header["schema"] as? String == "silkrisk-report/3" && header["detail"] as? String == detail.rawValue)
        #expect((header["rules"] as? [String: Any])?.count == assessor.ruleSet.rules.count)
        let document = try Self.object(JSONReport.render(assessor.assess(files: files), detail: detail))
        var entries = (document["dossiers"] as? [[String: Any]] ?? []).makeIterator()
        for (index, line) in lines.dropFirst().dropLast().enumerated() {
            let object = try Self.object(line)
            if index == 3 || index == 23 {
                let failure = try #require(object["failure"] as? [String: Any], "line \(index + 2)")
                #expect(failure["file"] as? String == (index == 3 ? broken : "/nonexistent/x.xml"))
                continue
            }
            let entry = try #require(object["assessment"] as? NSDictionary, "line \(index + 2)")
            #expect(entry == entries.next().map { $0 as NSDictionary }, "line \(index + 2): the document's entry, in input order")
        }
        let rendered = JSONLinesReport.render(assessor.assess(files: files), detail: detail)
        let assessments = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("{\"assessment\"") } }
        #expect(assessments(rendered) == assessments(streamed), "in memory, the same assessment lines")
    }

    @Test("a compact writer made for another rule set writes the same bytes the long way")
    func compactWriterFallsBack() throws {
        let ruleSet = try ShippedPackTests.load()
        let portfolio = Assessor(ruleSet: ruleSet).assess(files: Self.inputs())
        let other = try ShippedPackTests.otherRuleSet()
        let right = JSONReport.CompactWriter(ruleSet: ruleSet)
        let wrong = JSONReport.CompactWriter(ruleSet: other)
        for assessment in portfolio.inputOrder {
            #expect(wrong.sink(assessment).bytes == right.sink(assessment).bytes, "\(assessment.id)")
        }
    }
}
