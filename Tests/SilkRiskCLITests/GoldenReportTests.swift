import Foundation
import Testing

/// Golden reports: the shipped `Rules/` over `Inputs/` in every format, and `explain` of one
/// dossier, compared byte for byte with the files under `Golden/`. Any change to what a report
/// says or how it is laid out shows here first, as the first line that differs.
///
/// When a change is meant, regenerate the files on purpose and review them before committing:
///
///     SILKRISK_UPDATE_GOLDEN=1 swift test --filter Golden
///     git diff Tests/SilkRiskCLITests/Golden
///
/// The outputs do not depend on the machine: the binary runs in the package folder with
/// relative paths (so file names and the rule set's hash are the same everywhere), `NO_COLOR`
/// is set and standard output is a pipe (no colour), and ages are measured to each dossier's
/// `asOf` date, never to the clock.
@Suite("Golden reports")
struct GoldenReportTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/SilkRiskCLITests/Golden")
    static let updating = ProcessInfo.processInfo.environment["SILKRISK_UPDATE_GOLDEN"] == "1"

    struct Report: Sendable, CustomTestStringConvertible {
        var file: String
        var arguments: [String]
        var testDescription: String { "silkrisk \(arguments.joined(separator: " ")) gives Golden/\(file)" }
    }

    static let reports = [
        Report(file: "score.txt", arguments: ["score", "--format", "text", "Inputs"]),
        Report(file: "score.md", arguments: ["score", "--format", "markdown", "Inputs"]),
        Report(file: "score.json", arguments: ["score", "--format", "json", "Inputs"]),
        Report(file: "score-full.json", arguments: ["score", "--format", "json", "--detail", "full", "Inputs"]),
        Report(file: "score.jsonl", arguments: ["score", "--format", "jsonl", "Inputs"]),
        Report(file: "score.html", arguments: ["score", "--format", "html", "Inputs"]),
        Report(file: "explain-cr929-widebody.txt", arguments: ["explain", "Inputs/cr929-widebody.xml"]),
    ]

    @Test(arguments: reports)
    func reportMatchesGolden(_ report: Report) throws {
        let result = try CLI.run(report.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let actual = Array(result.stdout.utf8)
        let golden = Self.folder.appendingPathComponent(report.file)
        if Self.updating {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(actual).write(to: golden, options: .atomic)
        }
        let expected = try #require(
            FileManager.default.contents(atPath: golden.path),
            "no Golden/\(report.file): run SILKRISK_UPDATE_GOLDEN=1 swift test --filter Golden")
        if let difference = Self.firstDifference(expected: Array(expected), actual: actual) {
            Issue.record(
                """
                silkrisk \(report.arguments.joined(separator: " ")) differs from Golden/\(report.file): \(difference)
                If the change is meant: SILKRISK_UPDATE_GOLDEN=1 swift test --filter Golden, then review git diff.
                """)
        }
    }

    @Test("a mismatch names the first line that differs, with both versions of it")
    func mismatchNamesTheFirstDifferentLine() {
        let expected = Array("one\ntwo\nthree\n".utf8)
        #expect(Self.firstDifference(expected: expected, actual: expected) == nil)
        #expect(
            Self.firstDifference(expected: expected, actual: Array("one\ntwo\nthreE\n".utf8))
                == "line 3 differs\n  expected: three\n  actual:   threE")
        #expect(
            Self.firstDifference(expected: expected, actual: Array("one\ntwo\n".utf8))
                == "the output ends after line 2; line 3 is expected: three")
        #expect(
            Self.firstDifference(expected: expected, actual: Array("one\ntwo\nthree\nfour\n".utf8))
                == "line 4 is not expected (the golden file ends after line 3): four")
        #expect(
            Self.firstDifference(expected: expected, actual: Array("one\ntwo\nthree".utf8))
                == "line 3 differs\n  expected: three⏎\n  actual:   three",
            "a missing final newline is a difference too")
    }

    /// Where `actual` first departs from `expected`, line by line, or nil when they are the same
    /// bytes. Lines are shown up to 300 bytes, with `⏎` for a line's newline when only that
    /// differs.
    static func firstDifference(expected: [UInt8], actual: [UInt8]) -> String? {
        guard expected != actual else { return nil }
        let expectedLines = lines(expected)
        let actualLines = lines(actual)
        func show(_ line: ArraySlice<UInt8>) -> String { String(decoding: line.prefix(300), as: UTF8.self) }
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let number = index + 1
            guard index < actualLines.count else {
                return "the output ends after line \(index); line \(number) is expected: \(show(expectedLines[index].text))"
            }
            guard index < expectedLines.count else {
                return "line \(number) is not expected (the golden file ends after line \(index)): \(show(actualLines[index].text))"
            }
            let (a, b) = (expectedLines[index], actualLines[index])
            if a.text != b.text {
                return "line \(number) differs\n  expected: \(show(a.text))\n  actual:   \(show(b.text))"
            }
            if a.ended != b.ended {
                return "line \(number) differs\n  expected: \(show(a.text))\(a.ended ? "⏎" : "")\n  actual:   \(show(b.text))\(b.ended ? "⏎" : "")"
            }
        }
        return "the bytes differ"
    }

    /// The lines of a file, each with whether a newline ends it (all but perhaps the last).
    static func lines(_ bytes: [UInt8]) -> [(text: ArraySlice<UInt8>, ended: Bool)] {
        let newline = UInt8(ascii: "\n")
        var pieces = bytes.split(separator: newline, omittingEmptySubsequences: false)
        // What follows a final newline (or an empty file) is no line.
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.indices.map { (pieces[$0], $0 < pieces.count - 1 || bytes.last == newline) }
    }
}
