import DossierXML
import Foundation
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// Files of a declared record format (the IATI pack, `Rules/iati`) go through the streamed
/// reports as dossiers do: each record scored, its part of the report set aside, the report
/// written in rank order at the end, so that memory holds a few files' records, never the
/// portfolio's. The bytes must be those of the in-memory reports, records of one file sharing
/// its position in the file list.
@Suite("The streamed reports of record files")
struct RecordStreamingTests {
    /// An activity that scores as the rules see it: a pipeline activity long past its start,
    /// tied aid, nothing published. Its title and id are filled in.
    static func activity(_ id: String) -> String {
        """
          <iati-activity last-updated-datetime="2019-06-30T10:00:00" default-currency="USD">
            <iati-identifier>\(id)</iati-identifier>
            <reporting-org ref="XM-TEST" type="40"><narrative>Test</narrative></reporting-org>
            <title><narrative>Activity \(id)</narrative></title>
            <description><narrative>d</narrative></description>
            <participating-org role="1" ref="CN-TEST"><narrative>A Chinese funder</narrative></participating-org>
            <activity-status code="\(id.hasSuffix("2") ? "2" : "1")"/>
            <activity-date iso-date="2015-01-01" type="1"/>
            <recipient-country code="AM" percentage="100"/>
            <default-tied-status code="5"/>
          </iati-activity>

        """
    }

    /// Refused by the schema: an activity status with no code.
    static let invalidActivity = """
          <iati-activity last-updated-datetime="2019-06-30T10:00:00">
            <iati-identifier>XM-INVALID</iati-identifier>
            <reporting-org ref="XM-TEST" type="40"><narrative>Test</narrative></reporting-org>
            <title><narrative>Invalid</narrative></title>
            <activity-status/>
          </iati-activity>

        """

    static func file(_ activities: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" generated-datetime=\"2020-01-01T00:00:00\">\n"
            + activities.joined() + "</iati-activities>\n"
    }

    /// Three files of records and one that does not parse: ties on score that only the ids
    /// order (within a file and across files), an invalid record between valid ones, an id
    /// given twice in one file and again in a later file (each later one refused).
    static func portfolio() throws -> (folder: URL, files: PathList) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-records-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let contents = [
            "a.xml": file([activity("XM-B-1"), activity("XM-A-2"), invalidActivity, activity("XM-A-1"), activity("XM-A-1")]),
            "b.xml": file([activity("XM-C-1"), activity("XM-B-1"), activity("XM-0-2")]),
            "c.xml": "<iati-activities version=\"2.03\">\n  <iati-activity>\n",
            "d.xml": file((1...6).map { activity("XM-D-\($0)") }),
        ]
        for (name, text) in contents { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return (folder, DossierPaths.expand([folder.path]).files)
    }

    static func engine() throws -> (Assessor, RecordLoader) {
        let output = RuleSetLoader.load(directory: ShippedPackTests.root.appendingPathComponent("Rules/iati").path)
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let loader = try #require(ruleSet.format).recordLoader().get()
        return (Assessor(ruleSet: ruleSet), loader)
    }

    /// The line of each record's start tag in the file at `path`.
    static func recordLines(_ path: String) throws -> [Int] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.indices.filter { lines[$0].hasPrefix("  <iati-activity ") || lines[$0] == "  <iati-activity>" }.map { $0 + 1 }
    }

    /// 3 + 2 + 6 records scored; failed: the invalid record, the second XM-A-1, XM-B-1 again in
    /// b.xml, and c.xml.
    static let scored = 11
    static let failed = 4

    @Test("JSON, compact and full, streams the in-memory report's bytes, records of a file ranked among the others")
    func jsonEqualsInMemory() throws {
        let (folder, files) = try Self.portfolio()
        defer { try? FileManager.default.removeItem(at: folder) }
        var (assessor, records) = try Self.engine()
        for detail in [JSONReport.Detail.compact, .full] {
            assessor.stakes = detail.stakes
            assessor.rendersMessages = detail.showsMessages
            assessor.hashesDossiers = detail.showsDossierHash
            let portfolio = assessor.assess(files: files, records: records)
            #expect(portfolio.assessments.count == Self.scored && portfolio.failures.count == Self.failed)
            let expected = Array(JSONReport.render(portfolio, detail: detail).utf8)
            for threshold in [1, 1 << 20] {
                var streamed: [UInt8] = []
                let summary = try StreamingJSONReport.write(
                    files: files, scorer: BatchScorer(assessor: assessor, records: records), detail: detail, flushingAbove: threshold
                ) {
                    streamed += $0
                    return nil
                }
                #expect(summary.scored == Self.scored && summary.failed == Self.failed)
                #expect(
                    StreamingReportTests.difference(streamed, expected) == nil,
                    "\(detail), pieces above \(threshold): \(StreamingReportTests.difference(streamed, expected) ?? "")")
                // Each refusal is the record's own (`file#n`), placed at its start tag, with a note
                // at the first record with the id.
                let duplicates = summary.failures.filter { $0.diagnostics.first?.id == .duplicateDossierID }
                let a = folder.appendingPathComponent("a.xml").path
                let b = folder.appendingPathComponent("b.xml").path
                let places = duplicates.map { failure in
                    [
                        failure.file, failure.diagnostics[0].position,
                        failure.diagnostics[0].notes.first?.span.map { "\($0.file.path):\($0.file.location(of: $0.start).line)" } ?? "",
                    ]
                }
                let line = try Self.recordLines(a)
                #expect(
                    places == [
                        ["\(a)#5", "\(a):\(line[4]):3", "\(a):\(line[3])"],
                        ["\(b)#2", "\(b):\(try Self.recordLines(b)[1]):3", "\(a):\(line[0])"],
                    ], "\(places)")
            }
        }
    }

    @Test("text, Markdown and HTML stream the in-memory reports' bytes")
    func rankedEqualsInMemory() throws {
        let (folder, files) = try Self.portfolio()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (assessor, records) = try Self.engine()
        let portfolio = assessor.assess(files: files, records: records)
        let cases: [(String, StreamingRankedReport.Format, String)] = [
            ("text", .text(colour: false), TextReport(colour: false).portfolio(portfolio)),
            ("markdown", .markdown, MarkdownReport.render(portfolio)),
            ("html", .html(), HTMLReport.render(portfolio)),
            ("html, top 3", .html(top: 3), HTMLReport.render(portfolio, top: 3)),
        ]
        for (name, format, expected) in cases {
            for threshold in [1, 1 << 20] {
                var bytes: [UInt8] = []
                let summary = try StreamingRankedReport.write(
                    files: files, scorer: BatchScorer(assessor: assessor, records: records), format: format, flushingAbove: threshold
                ) {
                    bytes += $0
                    return nil
                }
                #expect(summary.scored == Self.scored && summary.failed == Self.failed)
                let streamed = String(decoding: bytes, as: UTF8.self)
                #expect(
                    RankedStreamingTests.difference(streamed, expected) == nil,
                    "\(name), pieces above \(threshold): \(RankedStreamingTests.difference(streamed, expected) ?? "")")
            }
        }
    }

    @Test("a record file with no record is a failure at its root, streamed or in memory, unless empty files are allowed")
    func fileWithoutRecords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-records-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("empty.xml")
        try Data(Self.file([]).utf8).write(to: file)
        let (assessor, records) = try Self.engine()
        let refused = assessor.assess(files: [file.path], records: records)
        #expect(refused.assessments.isEmpty && refused.failures.map(\.file) == [file.path])
        #expect(refused.failures.first?.diagnostics.map(\.id) == [.noRecords])
        #expect(refused.failures.first?.diagnostics.first?.position.hasPrefix("\(file.path):2:1") == true)
        #expect(assessor.assess(files: [file.path], records: records, allowsEmptyRecordFiles: true).failures.isEmpty)
        var scorer = BatchScorer(assessor: assessor, records: records)
        for allowed in [false, true] {
            scorer.allowsEmptyRecordFiles = allowed
            var bytes: [UInt8] = []
            let summary = try StreamingJSONReport.write(files: PathList([file.path]), scorer: scorer, flushingAbove: 1 << 20) {
                bytes += $0
                return nil
            }
            #expect(summary.scored == 0 && summary.failed == (allowed ? 0 : 1), "allowed: \(allowed)")
        }
    }

    @Test("JSON Lines: a line per record in file order, each failure where it was met")
    func jsonLinesInFileOrder() throws {
        let (folder, files) = try Self.portfolio()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (assessor, records) = try Self.engine()
        var bytes: [UInt8] = []
        _ = try StreamingJSONReport.write(files: files, scorer: BatchScorer(assessor: assessor, records: records), form: .lines, flushingAbove: 1) {
            bytes += $0
            return nil
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst()
        let described: [String] = try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let assessment = object["assessment"] as? [String: Any] { return try #require(assessment["id"] as? String) }
            let failure = try #require(object["failure"] as? [String: Any])
            let file = try #require(failure["file"] as? String)
            return "failed " + (file.split(separator: "/").last.map(String.init) ?? file)
        }
        #expect(
            described == [
                "XM-B-1", "XM-A-2", "failed a.xml#3", "XM-A-1", "failed a.xml#5", "XM-C-1", "failed b.xml#2", "XM-0-2", "failed c.xml",
                "XM-D-1", "XM-D-2", "XM-D-3", "XM-D-4", "XM-D-5", "XM-D-6",
            ], "\(described)")
    }
}
