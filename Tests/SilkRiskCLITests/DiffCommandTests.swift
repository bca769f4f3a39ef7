import Foundation
import Testing

@Suite("silkrisk diff, run as a user would")
struct DiffCommandTests {
    /// A copy of the shipped rules with one rule's points raised.
    static func editedRules(points: String = "points 9") throws -> URL {
        let rules = try CLI.copyOfShippedRules()
        let file = rules.appendingPathComponent("agreements-and-delivery.rules")
        var text = try String(contentsOf: file, encoding: .utf8)
        let start = try #require(text.range(of: "rule no-project-office"))
        let old = try #require(text.range(of: "points 4", range: start.upperBound..<text.endIndex))
        text.replaceSubrange(old, with: points)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return rules
    }

    @Test("the same rules on both sides: nothing moved, exit 0")
    func nothingMoved() throws {
        let result = try CLI.run(["diff", "--base-rules", "Rules", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("22 dossiers compared, 0 moved"))
        #expect(result.stdout.contains("none: the two rule sets read and score alike"))
        #expect(result.stdout.contains("Each dossier was read once"))
    }

    @Test("an edited rule: the dossiers it moves, the rule named with its points, the summary; JSON written to a file")
    func editedRule() throws {
        let rules = try Self.editedRules()
        defer { try? FileManager.default.removeItem(at: rules) }
        let text = try CLI.run(["diff", "--base-rules", "Rules", "--rules", rules.path, "Inputs"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("rule changed      no-project-office: points 4 → 9"))
        #expect(text.stdout.contains("rule no-project-office") && text.stdout.contains("fired → fired, 4 → 9"))
        #expect(text.stdout.contains("armenia-smart-science-city") && text.stdout.contains("1 band up"))
        #expect(text.stdout.contains("1 changed verdict: 1 up a band or more, 0 down"))

        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("diff.json").path
        let json = try CLI.run(["diff", "--base-rules", "Rules", "--rules", rules.path, "--format", "json", "--output", report, "Inputs"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("wrote \(report): 22 dossiers compared, 5 moved, 0 failed"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let dossiers = object?["dossiers"] as? [[String: Any]] ?? []
        #expect(dossiers.first?["id"] as? String == "armenia-smart-science-city")
        #expect((object?["summary"] as? [String: Any])?["up"] as? Int == 1)
        for format in ["markdown", "html"] {
            let other = try CLI.run(["diff", "--base-rules", "Rules", "--rules", rules.path, "--format", format, "Inputs"])
            #expect(other.status == 0 && other.stdout.contains("no-project-office"), "\(format): \(other.stderr)")
        }
    }

    @Test("a dossier that cannot be read is reported and the rest compared: exit 1")
    func badDossier() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<dossier".write(to: folder.appendingPathComponent("broken.xml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["diff", "--base-rules", "Rules", folder.path, "Inputs/cr929-widebody.xml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 dossier compared"))
        #expect(result.stderr.contains("broken.xml"))
    }

    @Test("base rules with errors: exit 2 and no dossier read; no --base-rules: exit 64")
    func unusableRulesAndUsage() throws {
        let rules = try Self.editedRules(points: "points four")
        defer { try? FileManager.default.removeItem(at: rules) }
        let broken = try CLI.run(["diff", "--base-rules", rules.path, "Inputs"])
        #expect(broken.status == 2, "\(broken.stderr)")
        #expect(broken.stderr.contains("run 'silkrisk check --rules \(rules.path)'") && broken.stdout.isEmpty)
        #expect(try CLI.run(["diff", "Inputs"]).status == 64)
        #expect(try CLI.run(["diff", "--base-rules", "Rules", "--format", "pdf"]).status == 64)
    }
}
