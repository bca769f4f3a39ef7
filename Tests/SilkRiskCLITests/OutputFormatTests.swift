import Foundation
import Testing

/// `score --output FILE` writes the format the file's extension names unless `--format` says
/// otherwise; a contradiction, or an extension that names no format, is a usage error.
@Suite("The report's format follows --output's extension")
struct OutputFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var format: String?
        /// How the written report starts.
        var starts: String
        var testDescription: String { "--output \(name)" + (format.map { " --format \($0)" } ?? "") }
    }

    @Test(
        arguments: [
            Case(name: "r.json", starts: "{\n  \"categories\""),
            Case(name: "r.JSON", starts: "{\n  \"categories\""),
            Case(name: "r.html", starts: "<!DOCTYPE html>"),
            Case(name: "r.htm", starts: "<!DOCTYPE html>"),
            Case(name: "r.md", starts: "# "),
            Case(name: "r.markdown", starts: "# "),
            Case(name: "r.txt", starts: "Digital Silk Road obstacles"),
            Case(name: "r.text", starts: "Digital Silk Road obstacles"),
            Case(name: "report", starts: "Digital Silk Road obstacles"),
            Case(name: "report", format: "json", starts: "{\n  \"categories\""),
            Case(name: "r.out", format: "markdown", starts: "# "),
            Case(name: "r.json", format: "json", starts: "{\n  \"categories\""),
            Case(name: "r.jsonl", starts: "{\"header\": {\"categories\""),
            Case(name: "r.JSONL", format: "jsonl", starts: "{\"header\": {\"categories\""),
        ])
    func formatFromExtension(_ testCase: Case) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent(testCase.name).path
        let result = try CLI.run(["score", "--output", output] + (testCase.format.map { ["--format", $0] } ?? []) + ["Inputs/cr929-widebody.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasPrefix(testCase.starts), "\(written.prefix(80))")
        if testCase.starts.hasPrefix("{\"header\"") {
            // JSON Lines: every line a JSON object.
            let lines = written.split(separator: "\n")
            #expect(lines.count == 2 && lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        } else if testCase.starts.hasPrefix("{") {
            #expect((try? JSONSerialization.jsonObject(with: Data(written.utf8))) != nil)
        }
    }

    @Test(
        "a --format that contradicts the extension, or an extension that names no format, is a usage error (64) naming what is accepted",
        arguments: [
            (["--output", "r.json", "--format", "text"], "--format text contradicts --output 'r.json', whose extension names json"),
            (["--output", "r.html", "--format", "markdown"], "--format markdown contradicts --output 'r.html', whose extension names html"),
            (
                ["--output", "r.pdf"],
                "cannot tell the report format from the extension of --output 'r.pdf'; give --format, or use one of .txt, .text, .md, .markdown, .json, .jsonl, .html, .htm"
            ),
        ])
    func contradictions(_ arguments: [String], _ says: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["score"] + arguments + ["Inputs/cr929-widebody.xml"], in: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(says), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written")
    }

    @Test(
        "--output - is standard output: the same report as with no --output, no file named '-', and no summary line in the report",
        arguments: [
            ["score", "--format", "json", "Inputs"], ["score", "--format", "jsonl", "Inputs"], ["score", "Inputs/cr929-widebody.xml"],
            ["stats", "--format", "json", "Inputs"], ["diff", "--base-rules", "Rules", "--format", "markdown", "Inputs/cr929-widebody.xml"],
            ["new", "--id", "dash-test"],
        ])
    func dashIsStandardOutput(_ arguments: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = CLI.packageRoot.path
        let absolute = arguments.map { $0.hasPrefix("Inputs") || $0 == "Rules" ? "\(root)/\($0)" : $0 }
        let rules = arguments[0] == "new" ? [] : ["--rules", "\(root)/Rules"]
        let expected = try CLI.run(absolute + rules, in: folder)
        let dashed = try CLI.run(absolute + rules + ["--output", "-"], in: folder)
        #expect(expected.status == 0 && dashed.status == 0, "\(dashed.stderr)")
        #expect(!expected.stdout.isEmpty)
        #expect(dashed.stdout == expected.stdout)
        #expect(dashed.stderr == expected.stderr)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written to a file")
    }
}
