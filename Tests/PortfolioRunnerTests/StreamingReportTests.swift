import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// The streamed JSON report keeps only a compact rank index per dossier and writes its ranking a
/// piece at a time; its bytes must still be those of the in-memory report.
@Suite("The streamed report's compact ranking")
struct StreamingReportTests {
    static let low = Band(id: "low", label: "Low", from: 0)
    static let high = Band(id: "high", label: "High", from: 40)
    /// Another band starting where `high` does: the ranking compares bands by where they start.
    static let alsoHigh = Band(id: "also-high", label: "Also high", from: 40)
    static let undetermined = Band(id: "undetermined", label: "Undetermined", from: -1)

    /// Ids that order differently as bytes and as strings, or are equal as strings only.
    static let awkwardIDs = [
        "caf\u{E9}", "cafe\u{301}",  // é precomposed and decomposed: equal as strings
        "e\u{301}", "e\u{2000}",  // as bytes CC 81 < E2 80 80; as strings é (U+E9) > U+2000's e
        "e", "ea", "ez", "\u{C5}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m", "Zeta", "zeta", "z", "a\u{0}", "a", "a\tb", "",
        "synthetic-10", "synthetic-9", "synthetic-100",
    ]

    /// Ranked keys as rows that keep the id's and the file's bytes (strings would hide the
    /// difference between a precomposed and a decomposed é).
    static func rows(_ keys: [RankKey]) -> [String] {
        func bytes(_ text: String) -> String { text.utf8.map { $0 < 0x80 && $0 >= 0x20 ? String(UnicodeScalar($0)) : "<\($0)>" }.joined() }
        return keys.map { key in "\(key.score) \(key.upperScore) \(key.band.id) \(bytes(key.id)) \(bytes(key.file))" }
    }

    @Test(
        "the index ranks as Ranking.precedes does: undetermined after banded, ties on score, range and band, ids equal only as strings, ids ordered otherwise as bytes"
    )
    func indexOrderEqualsPrecedes() {
        // Files equal as strings too (precomposed and decomposed), so that some keys tie on everything.
        let fileNames = ["b.xml", "a.xml", "caf\u{E9}.xml", "cafe\u{301}.xml", "a.xml"]
        var files: [String] = []
        var keys: [RankKey] = []
        var index = RankIndex()
        var random = SystemRandomNumberGenerator()
        for position in 0..<600 {
            let file = fileNames[position % fileNames.count] + "/\(position % 7)"
            files.append(file)
            // Every tenth position is a dossier that failed: no entry, an empty id.
            if position % 10 == 9 { continue }
            let score = [10, 10, 10, 25.5, 40][Int.random(in: 0..<5, using: &random)]
            let upper = score + [0, 0, 20, 60][Int.random(in: 0..<4, using: &random)]
            let band = [Self.low, Self.high, Self.alsoHigh, Self.undetermined][Int.random(in: 0..<4, using: &random)]
            let id = Self.awkwardIDs[Int.random(in: 0..<Self.awkwardIDs.count, using: &random)]
            let undetermined = band == Self.undetermined
            keys.append(RankKey(score: score, band: band, upperScore: upper, undetermined: undetermined, id: id, file: file))
            index.append(position: position, .init(score: score, upperScore: upper, band: band, undetermined: undetermined, id: id))
        }
        index.sort(files: PathList(files))
        let ranked = index.entries.map { entry in
            index.withID(entry) { id in
                RankKey(
                    score: entry.score, band: index.bands[Int(entry.band)], upperScore: entry.upperScore, undetermined: entry.undetermined,
                    id: String(decoding: id, as: UTF8.self), file: files[Int(entry.position)])
            }
        }
        let expectedOrder = keys.sorted(by: Ranking.precedes)
        let (actual, expected) = (Self.rows(ranked), Self.rows(expectedOrder))
        let firstUndetermined = expectedOrder.firstIndex { $0.undetermined } ?? expectedOrder.count
        let allUndeterminedAfter = expectedOrder[firstUndetermined...].allSatisfy { $0.undetermined }
        #expect(allUndeterminedAfter, "the undetermined stand after every banded dossier")
        #expect(firstUndetermined > 0 && firstUndetermined < expectedOrder.count)
        #expect(actual.count == expected.count)
        let first = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(
            first == nil,
            "first difference at rank \((first ?? 0) + 1): \(first.map { actual[$0] } ?? ""), expected \(first.map { expected[$0] } ?? "")")
        #expect(index.count == 540)
    }

    @Test("equal as strings, different as bytes: the ids tie and the file decides, as with strings")
    func canonicallyEqualIDs() {
        var index = RankIndex()
        let files: PathList = ["b.xml", "a.xml", "c.xml"]
        for (position, id) in ["cafe\u{301}", "caf\u{E9}", "cafe"].enumerated() {
            index.append(position: position, .init(score: 5, upperScore: 5, band: Self.low, undetermined: false, id: id))
        }
        index.sort(files: files)
        // "cafe" < "café" whatever the bytes; the two cafés are one id, so a.xml comes first
        // (as bytes, the decomposed one would: "e" is below the first byte of "é").
        #expect(index.entries.map(\.position) == [2, 1, 0])
    }

    /// A portfolio of 5 × 22 dossiers with many ties: every shipped dossier copied under names
    /// that sort apart, and under one name precomposed and decomposed (equal as strings), plus a
    /// file that does not parse.
    static func tiedPortfolio() throws -> (folder: String, files: PathList) {
        let inputs = ShippedPackTests.root.appendingPathComponent("Inputs").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-ties-\(UUID().uuidString)").path
        let manager = FileManager.default
        for sub in ["a", "b"] { try manager.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true) }
        for name in try manager.contentsOfDirectory(atPath: inputs) where name.hasSuffix(".xml") {
            let text = try String(contentsOfFile: "\(inputs)/\(name)", encoding: .utf8)
            let id = try #require(text.firstMatch(of: #/ id="([^"]+)"/#)).output.1
            // Each copy scores the same under an id of its own, but for the two café files, which
            // share one: the later of them is refused.
            for (copy, suffix) in [("a/\(name)", "a"), ("b/\(name)", "b"), ("caf\u{E9}-\(name)", "c"), ("cafe\u{301}-\(name)", "c"), (name, "")] {
                let renamed = text.replacingOccurrences(of: " id=\"\(id)\"", with: " id=\"\(id)\(suffix.isEmpty ? "" : "-" + suffix)\"")
                try renamed.write(toFile: "\(folder)/\(copy)", atomically: true, encoding: .utf8)
            }
        }
        #expect(manager.createFile(atPath: "\(folder)/broken.xml", contents: Data("<dossier".utf8)))
        let files = DossierPaths.expand([folder]).files
        #expect(files.count == 5 * 22 + 1)
        return (folder, files)
    }

    /// Where two reports first differ, with some text around it; nil when they are the same.
    /// (Comparing them whole would print two megabytes on failure.)
    static func difference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
        guard actual != expected else { return nil }
        let offset = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actual.count, expected.count)
        func around(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, offset - 120)..<min(bytes.count, offset + 120)], as: UTF8.self) }
        return "at byte \(offset) of \(expected.count): \(around(actual)) instead of \(around(expected))"
    }

    @Test("many dossiers and ties: the streamed bytes equal the in-memory report, whatever the chunk and piece sizes")
    func streamedEqualsInMemoryWithTies() throws {
        let (folder, files) = try Self.tiedPortfolio()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        // Reversed, so that ties on score and id are not already in file order.
        let all = PathList(files.reversed() + ["/nonexistent/x.xml"])
        let expected = Array(JSONReport.render(assessor.assess(files: all)).utf8)
        #expect(expected.count > 1 << 20, "more than one piece of the largest size")
        for (chunkSize, threshold) in [(7, 1), (256, 1000), (3, 1 << 20)] {
            var streamed: [UInt8] = []
            var pieces = 0
            let summary = try StreamingJSONReport.write(
                files: all, scorer: BatchScorer(assessor: assessor, chunkSize: chunkSize), flushingAbove: threshold
            ) {
                streamed += $0
                pieces += 1
                return nil
            }
            #expect(Self.difference(streamed, expected) == nil, "chunks of \(chunkSize), pieces above \(threshold) bytes")
            #expect(summary.scored == 4 * 22 && summary.failed == 22 + 2)
            #expect(summary.failures.filter { $0.diagnostics.first?.id == .duplicateDossierID }.count == 22)
            if threshold == 1 { #expect(pieces > 4 * 22 * 2, "the ranking is written a row at a time too") }
        }
    }

    @Test("a write that fails in the middle of the ranking is reported, and nothing is written after it")
    func failureInTheRanking() throws {
        let files = DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let expected = Array(JSONReport.render(assessor.assess(files: files)).utf8)
        var written: [UInt8] = []
        var rankingPieces = 0
        var callsAfterFailure = 0
        var failed = false
        #expect(throws: ReportWriteError.self) {
            try StreamingJSONReport.write(files: files, scorer: BatchScorer(assessor: assessor), flushingAbove: 100) { piece in
                if failed {
                    callsAfterFailure += 1
                    return nil
                }
                if String(decoding: written, as: UTF8.self).contains("\"ranking\": [") {
                    rankingPieces += 1
                    if rankingPieces == 3 {
                        failed = true
                        return ReportWriteError(message: "disk full")
                    }
                }
                written += piece
                return nil
            }
        }
        #expect(failed && callsAfterFailure == 0)
        #expect(written.count < expected.count && Array(expected.prefix(written.count)) == written, "what was written is the report's beginning")
        #expect(String(decoding: written, as: UTF8.self).contains("\"rank\": 2"), "the failure came after rows of the ranking had been written")
    }

    @Test("a slice of a file list is scored from its own first file, positions counted from 0")
    func sliceOfFiles() throws {
        let files = Array(DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files)
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        var positions: [Int] = []
        BatchScorer(assessor: assessor, chunkSize: 4).run(files: files[5...]) {
            $0.file
        } consume: { position, item in
            if case .scored(let file) = item, file == files[5 + position] { positions.append(position) }
        }
        #expect(positions == Array(0..<(files.count - 5)))
    }

    @Test("a descriptor that cannot be written is reported with the system's reason")
    func unwritableDescriptor() throws {
        let files = DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let error = #expect(throws: ReportWriteError.self) {
            try StreamingJSONReport.write(files: files, scorer: BatchScorer(assessor: Assessor(ruleSet: try ShippedPackTests.load())), to: descriptor)
        }
        #expect(error?.message == String(cString: strerror(ENOSPC)))
    }
}
