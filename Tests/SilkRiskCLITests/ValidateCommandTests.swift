import Foundation
import Testing
import ToolSupport

@Suite("silkrisk validate")
struct ValidateCommandTests {
    @Test("every shipped dossier is valid")
    func inputsAreValid() throws {
        let result = try CLI.run(["validate", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dossiers valid"))
        #expect(result.stderr.isEmpty)
    }

    @Test("each valid dossier is named with the format version it follows, and the JSON report carries it (#15 item 3)")
    func formatVersions() throws {
        let result = try CLI.run(["validate", "Inputs/cr929-widebody.xml", "Inputs/armenia-smart-science-city.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                Inputs/cr929-widebody.xml: valid, format 1
                Inputs/armenia-smart-science-city.xml: valid, format 1.1
                2 of 2 dossiers valid

                """)
        let json = try CLI.run([
            "score", "--format", "json", "--detail", "full", "Inputs/cr929-widebody.xml", "Inputs/armenia-smart-science-city.xml",
        ])
        let dossiers = try CLI.dossiers(fromJSON: json.stdout)
        #expect(dossiers["cr929-widebody"]?["formatVersion"] as? String == "1")
        #expect(dossiers["armenia-smart-science-city"]?["formatVersion"] as? String == "1.1")
    }

    @Test("hostile samples are refused with file:line:column errors and exit 1, and nothing they name is read")
    func hostileSamplesAreRefused() throws {
        let folder = try CLI.temporaryDirectory()
        let secret = "silkrisk-secret-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("secret.txt")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let xxe =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE dossier [ <!ENTITY leak SYSTEM \"file://\(secretFile.path)\"> ]>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>&leak;</title></identity></dossier>\n"
        try xxe.write(to: folder.appendingPathComponent("xxe.xml"), atomically: true, encoding: .utf8)
        try Data().write(to: folder.appendingPathComponent("empty.xml"))
        let result = try CLI.run(["validate", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("xxe.xml:2:1: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("empty.xml:1:1: error:"))
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
        #expect(result.stdout.contains("0 of 2 dossiers valid"))
    }

    @Test("score, explain and validate print a dossier's problems the same way, with the source line and a caret, as check prints a rule's")
    func sameDiagnosticsEverywhere() throws {
        let folder = try CLI.temporaryDirectory()
        let cr929 = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Inputs/cr929-widebody.xml"), encoding: .utf8)
        let invalid = cr929.replacingOccurrences(of: #"<status source="essay">delayed</status>"#, with: #"<status source="essay">late</status>"#)
        try invalid.write(to: folder.appendingPathComponent("invalid.xml"), atomically: true, encoding: .utf8)
        try "<dossier format=\"1\" id=\"broken\" asOf=\"2020-01-01\">\n  <identity>\n</dossier>\n".write(
            to: folder.appendingPathComponent("broken.xml"), atomically: true, encoding: .utf8)
        try "not a dossier".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("missing.xml").path

        let validated = try CLI.run(["validate", folder.path, missing])
        let scored = try CLI.run(["score", "--format", "json", folder.path, missing])
        #expect(validated.status == 1 && scored.status == 1)
        #expect(validated.stderr == scored.stderr, "validate:\n\(validated.stderr)\nscore:\n\(scored.stderr)")
        let invalidPath = folder.appendingPathComponent("invalid.xml").path
        let expected = """
            \(folder.appendingPathComponent("notes.txt").path):1:1: warning: skipped: not a .xml dossier [skipped-file]
            \(folder.appendingPathComponent("broken.xml").path):3:11: error: Opening and ending tag mismatch: identity line 2 and dossier [not-well-formed]
               3 | </dossier>
                 |           ^
            """
        #expect(validated.stderr.hasPrefix(expected), "\(validated.stderr)")
        #expect(validated.stderr.contains("\(invalidPath):7:5: error: Element 'status'"))
        #expect(validated.stderr.contains("   7 |     <status source=\"essay\">late</status>\n     |     ^~~~~~~\n"))
        #expect(validated.stderr.hasSuffix("\(missing):1:1: error: no such file or folder [unreadable-file]\n"))

        let explained = try CLI.run(["explain", invalidPath])
        #expect(explained.status != 0)
        #expect(validated.stderr.contains(explained.stderr))
    }

    @Test("the schema command prints the dossier XSD")
    func schemaMatchesDocs() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<xs:schema"))
        #expect(result.stdout.contains("name=\"dossier\""))
    }

    /// CR929 with one line changed.
    static func cr929(replacing original: String, with replacement: String, in folder: URL, as name: String) throws -> String {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Inputs/cr929-widebody.xml"), encoding: .utf8)
        #expect(text.contains(original))
        let path = folder.appendingPathComponent(name).path
        try text.replacingOccurrences(of: original, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        "money that contradicts itself is an error at its element, in validate and score alike: an amount with a range, a min above the max",
        arguments: [
            (
                #"amount="15000000000" min="13000000000" max="20000000000""#,
                "error: <totalCost> has both amount=\"...\" and a range (min=\"...\" or max=\"...\") [ambiguous-money]"
            ),
            (#"amount="15000000000" max="20000000000""#, "[ambiguous-money]"),
            (#"min="20000000000" max="13000000000""#, "error: <totalCost> has min 20000000000 above max 13000000000 [inverted-range]"),
        ])
    func contradictoryMoney(_ attributes: String, _ says: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.cr929(
            replacing: #"<totalCost currency="USD" min="13000000000" max="20000000000" source="essay"/>"#,
            with: #"<totalCost currency="USD" \#(attributes) source="essay"/>"#, in: folder, as: "money.xml")
        let validated = try CLI.run(["validate", path])
        #expect(validated.status == 1)
        #expect(validated.stderr.contains("\(path):36:5: error: <totalCost> has ") && validated.stderr.contains(says), "\(validated.stderr)")
        #expect(validated.stdout.contains("0 of 1 dossier valid, 1 invalid"))
        let scored = try CLI.run(["score", "--format", "json", path])
        #expect(scored.status == 1)
        #expect(scored.stderr == validated.stderr, "the same problems, placed the same way")
        let report = try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any]
        let failure = (report?["failures"] as? [[String: Any]])?.first
        #expect(
            (failure?["errors"] as? [[String: Any]])?.first?["id"] as? String == (says.contains("inverted") ? "inverted-range" : "ambiguous-money"))
        #expect((report?["dossiers"] as? [Any])?.isEmpty == true, "the dossier is not scored")
    }

    @Test(
        "an enumerated value the catalogue does not list, under <extensions>, is a warning with its place and the closest value; the dossier is valid"
    )
    func valueOutsideTheCatalogue() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.cr929(
            replacing: "<extensions>", with: "<extensions>\n    <sanctionsScreening><result>potential_match</result></sanctionsScreening>",
            in: folder, as: "extension.xml")
        let result = try CLI.run(["validate", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(path):100:25: warning: 'potential_match' in <result> is not one of the values the rules know (clear, potential-match, match); it counts as unknown [unknown-value]"
            ), "\(result.stderr)")
        #expect(result.stderr.contains("= help: did you mean 'potential-match'?"))
        // A line per valid dossier with its format version, then the summary.
        #expect(result.stdout.hasSuffix("\n1 of 1 dossier valid; 1 warning\n") && result.stdout.contains(": valid, format 1\n"), "\(result.stdout)")
    }

    @Test("validate reads the catalogue of --rules: rules that cannot be used stop it with exit 2")
    func validateNeedsTheRules() throws {
        let missing = try CLI.run(["validate", "--rules", "/nonexistent/rules", "Inputs"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("[rules-not-found]"))
    }
}
