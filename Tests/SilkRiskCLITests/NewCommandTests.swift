import Foundation
import Testing

@Suite("silkrisk new, run as a user would")
struct NewCommandTests {
    @Test("writes the skeleton to a file, refuses to replace it without --force, and validate then names what is left to fill")
    func writesAndProtectsTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("caspian-pilot.xml").path

        let first = try CLI.run(["new", "--id", "caspian-pilot", "--title", "Caspian pilot", "--as-of", "2026-12-01", "--output", file])
        #expect(first.status == 0, "\(first.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("<dossier format=\"1.1\" id=\"caspian-pilot\" asOf=\"2026-12-01\">"))
        #expect(text.contains("Read by: "))

        let again = try CLI.run(["new", "--id", "caspian-pilot", "--output", file])
        #expect(again.status == 1 && again.stderr.contains("exists; use --force"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        #expect(try CLI.run(["new", "--id", "other", "--output", file, "--force"]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("id=\"other\""))

        // Unfilled, it is refused with located problems, not as broken XML.
        let validation = try CLI.run(["validate", file])
        #expect(validation.status == 1)
        #expect(validation.stderr.contains("caspian-pilot.xml:") && !validation.stderr.contains("not-well-formed"))
    }

    @Test("a bad id or date is a usage error", arguments: [["--id", "Bad Id"], ["--as-of", "2026-02-30"]])
    func usageErrors(arguments: [String]) throws {
        let result = try CLI.run(["new"] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }
}
