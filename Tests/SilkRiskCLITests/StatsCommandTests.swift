import Foundation
import Testing

@Suite("silkrisk stats, run as a user would")
struct StatsCommandTests {
    @Test("the shipped pack over Inputs: verdicts, rules with counts and flags, categories, pairs; the same bytes twice")
    func shippedPack() throws {
        let result = try CLI.run(["stats", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "22 dossiers scored, 0 failed", "Undetermined", "ip-core-unprotected", "never fired: ", "Categories", "cap bit (avg cut)",
            "Rules that fire together most (top 20)", "no-project-office + non-binding-agreement",
        ] {
            #expect(result.stdout.contains(expected), "missing: \(expected)")
        }
        #expect(try CLI.run(["stats", "Inputs"]).stdout == result.stdout)
    }

    @Test("JSON to a file, Markdown to standard output")
    func formats() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("stats.json").path
        let json = try CLI.run(["stats", "--output", report, "Inputs"])
        #expect(json.status == 0 && json.stdout.contains("wrote \(report): 22 dossiers scored, 0 failed"), "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        #expect(object?["scored"] as? Int == 22)
        let rules = object?["rules"] as? [String: [String: Any]] ?? [:]
        #expect(rules.count == 58)
        for (id, rule) in rules {
            let sum = (rule["fired"] as? Int ?? 0) + (rule["notFired"] as? Int ?? 0) + (rule["undecided"] as? Int ?? 0)
            #expect(sum == 22, "\(id)")
        }
        let markdown = try CLI.run(["stats", "--format", "markdown", "Inputs"])
        #expect(markdown.status == 0 && markdown.stdout.contains("| rule | fired |"))
    }

    @Test("html is refused (exit 64); a broken dossier is reported and the rest counted (exit 1)")
    func statuses() throws {
        #expect(try CLI.run(["stats", "--format", "html", "Inputs"]).status == 64)
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<dossier".write(to: folder.appendingPathComponent("broken.xml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["stats", folder.path, "Inputs/cr929-widebody.xml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 dossier scored, 1 failed") && result.stderr.contains("broken.xml"))
    }

    @Test("a dossier with an earlier one's id is not counted, as score does not score it: a failure placed at its id")
    func duplicateIDs() throws {
        let folder = try CLI.temporaryDirectory()
        let copy = folder.appendingPathComponent("copy.xml")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Inputs/cr929-widebody.xml"), to: copy)
        let stats = try CLI.run(["stats", "--format", "json", "Inputs/cr929-widebody.xml", copy.path])
        #expect(stats.status == 1)
        #expect(stats.stderr.contains("copy.xml:2:") && stats.stderr.contains("[duplicate-dossier-id]"), "\(stats.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(document["scored"] as? Int == 1, "\(document.keys.sorted())")
        let score = try CLI.run(["score", "Inputs/cr929-widebody.xml", copy.path])
        #expect(score.stdout.contains("1 dossier scored, 1 failed") || score.stderr.contains("1 dossier scored, 1 failed"))
    }
}
