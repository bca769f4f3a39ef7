import Foundation
import Testing

/// The exit statuses README.md documents, the same in every command: 0 all went well; 1 problems
/// in the input (or the report could not be written); 2 the rules cannot be used for scoring;
/// 64 the command line is wrong. Each case runs the built binary as a user would.
@Suite("Exit statuses mean the same in every command")
struct ExitStatusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        /// A piece the error output must contain; when empty, a successful run must print no error.
        var says: String = ""

        var testDescription: String { "silkrisk \(arguments.joined(separator: " ")) exits \(status)" }
    }

    /// `{rules}` stands for a rules folder with an error, `{dossier}` for a malformed dossier,
    /// `{missing}` for a path that does not exist, `{unwritable}` for a path whose folder is a file.
    static let cases: [Case] = [
        Case(arguments: ["check", "--rules", "Rules"], status: 0),
        Case(arguments: ["validate", "Inputs/cr929-widebody.xml"], status: 0),
        Case(arguments: ["score", "--max-bytes", "1048576", "Inputs/cr929-widebody.xml"], status: 0),
        Case(arguments: ["explain", "Inputs/cr929-widebody.xml"], status: 0),
        Case(arguments: ["schema"], status: 0),

        Case(arguments: ["check", "--rules", "{rules}"], status: 1, says: "bad.rules:3:10: error:"),
        Case(arguments: ["check", "--rules", "{missing}"], status: 1, says: "[rules-not-found]"),
        Case(arguments: ["validate", "{dossier}", "Inputs/cr929-widebody.xml"], status: 1, says: "broken.xml:3:"),
        Case(arguments: ["validate", "{missing}"], status: 1, says: "[unreadable-file]"),
        Case(arguments: ["score", "{dossier}", "Inputs/cr929-widebody.xml"], status: 1, says: "broken.xml:3:"),
        Case(arguments: ["score", "--format", "json", "{dossier}", "Inputs/cr929-widebody.xml"], status: 1, says: "broken.xml:3:"),
        Case(arguments: ["score", "--max-bytes", "100", "Inputs/cr929-widebody.xml"], status: 1, says: "[file-too-large]"),
        Case(arguments: ["explain", "{dossier}"], status: 1, says: "broken.xml:3:"),
        Case(arguments: ["explain", "{missing}"], status: 1, says: "[unreadable-file]"),
        Case(arguments: ["score", "--output", "{unwritable}", "Inputs/cr929-widebody.xml"], status: 1, says: "cannot write"),
        Case(arguments: ["score", "--format", "json", "--output", "{unwritable}", "Inputs/cr929-widebody.xml"], status: 1, says: "cannot write"),

        Case(arguments: ["score", "--rules", "{rules}", "Inputs"], status: 2, says: "run 'silkrisk check --rules"),
        Case(arguments: ["score", "--rules", "{missing}", "Inputs"], status: 2, says: "[rules-not-found]"),
        Case(arguments: ["explain", "--rules", "{rules}", "Inputs/cr929-widebody.xml"], status: 2, says: "bad.rules:3:10: error:"),
        Case(arguments: ["validate", "--rules", "{rules}", "Inputs/cr929-widebody.xml"], status: 2, says: "bad.rules:3:10: error:"),

        Case(arguments: ["score", "--max-bytes=-7", "Inputs"], status: 64, says: "--max-bytes must be a positive number of bytes, not -7"),
        Case(arguments: ["score", "--max-bytes=0", "Inputs"], status: 64, says: "--max-bytes must be a positive number of bytes, not 0"),
        Case(arguments: ["score", "--max-bytes", "many", "Inputs"], status: 64, says: "--max-bytes"),
        Case(arguments: ["explain", "--max-bytes", "0", "Inputs/cr929-widebody.xml"], status: 64, says: "--max-bytes must be a positive"),
        Case(arguments: ["validate", "--max-bytes=-7", "Inputs"], status: 64, says: "--max-bytes must be a positive"),
        Case(arguments: ["score", "--format", "pdf", "Inputs"], status: 64, says: "'pdf' is invalid for '--format"),
        Case(arguments: ["score", "--format", "text", "--output", "r.html", "Inputs"], status: 64, says: "contradicts --output 'r.html'"),
        Case(arguments: ["score", "--output", "r.pdf", "Inputs"], status: 64, says: "cannot tell the report format"),
        // A format the command does not write: refused, not written as text under its name.
        Case(
            arguments: ["diff", "--base-rules", "Rules", "--format", "jsonl", "Inputs"], status: 64,
            says: "silkrisk diff writes text, markdown, json or html, not jsonl"),
        Case(arguments: ["stats", "--output", "r.jsonl", "Inputs"], status: 64, says: "silkrisk stats writes text, markdown or json, not jsonl"),
        Case(arguments: ["stats", "--format", "html", "Inputs"], status: 64, says: "silkrisk stats writes text, markdown or json, not html"),
        Case(
            arguments: ["whatif", "--format", "jsonl", "Inputs/cr929-widebody.xml"], status: 64,
            says: "silkrisk whatif writes text, markdown or json, not jsonl"),
        Case(
            arguments: ["score", "--detail", "full", "--format", "html", "Inputs"], status: 64,
            says: "--detail full applies to the json and jsonl reports, not html"),
        Case(arguments: ["check", "--strictly"], status: 64, says: "Unknown option '--strictly'"),
        Case(arguments: ["explain"], status: 64, says: "Missing expected argument"),
        Case(arguments: ["rank", "Inputs"], status: 64, says: "unexpected arguments: 'rank'"),
        Case(arguments: ["schema", "extra"], status: 64, says: "Unexpected argument 'extra'"),
    ]

    @Test(arguments: cases)
    func exitStatus(_ testCase: Case) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try "rule x {\n  title \"t\"\n  points ten\n}\n".write(to: rules.appendingPathComponent("bad.rules"), atomically: true, encoding: .utf8)
        let dossier = folder.appendingPathComponent("broken.xml")
        try "<dossier format=\"1\" id=\"broken\" asOf=\"2020-01-01\">\n  <identity>\n</dossier>\n".write(
            to: dossier, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("a-file")
        try "".write(to: file, atomically: true, encoding: .utf8)
        let places = [
            "{rules}": rules.path, "{dossier}": dossier.path, "{missing}": folder.appendingPathComponent("missing").path,
            "{unwritable}": file.appendingPathComponent("report").path,
        ]
        let arguments = testCase.arguments.map { places[$0] ?? $0 }

        let result = try CLI.run(arguments)
        #expect(result.status == testCase.status, "\(result.stderr)")
        if testCase.says.isEmpty {
            #expect(testCase.status != 0 || result.stderr.isEmpty, "\(result.stderr)")
        } else {
            #expect(result.stderr.contains(testCase.says), "\(result.stderr)")
        }
        if testCase.status == 64 {
            #expect(result.stderr.contains("Usage: silkrisk"), "a usage error shows the usage: \(result.stderr)")
        }
    }

    @Test("every command's help states its exit statuses", arguments: ["score", "explain", "check", "test", "validate"])
    func helpStatesExitStatuses(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Exit status: 0 when"), "\(help)")
        #expect(help.contains("; 1 when"), "\(help)")
        #expect(help.contains("64 when the command line is wrong"), "\(help)")
        #expect(help.contains("; 2 when the rules cannot be used") == ["score", "explain", "validate"].contains(command), "\(help)")
    }
}
