import Foundation
import Testing

/// What a batch of dossier paths may hold that a user would not mean: a folder with no dossier,
/// one file given twice, two dossiers with one id. Run as a user would, for score and validate.
@Suite("Batches: empty folders, files given twice, dossier ids used twice")
struct BatchInputTests {
    static let cr929 = CLI.packageRoot.appendingPathComponent("Inputs/cr929-widebody.xml")

    @Test(
        "a folder with no .xml dossier is an error naming it (exit 1), unless --allow-empty",
        arguments: [["score"], ["score", "--format", "json"], ["validate"]])
    func emptyFolder(_ command: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty")
        let notes = folder.appendingPathComponent("notes")
        for sub in [empty, notes] { try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true) }
        try "not a dossier".write(to: notes.appendingPathComponent("readme.txt"), atomically: true, encoding: .utf8)

        let result = try CLI.run(command + [empty.path, notes.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("\(empty.path):1:1: error: no .xml dossier in this folder [no-dossiers]"), "\(result.stderr)")
        #expect(result.stderr.contains("\(notes.path):1:1: error: no .xml dossier in this folder [no-dossiers]"))
        #expect(result.stderr.contains("\(notes.path)/readme.txt:1:1: warning: skipped: not a .xml dossier [skipped-file]"))
        #expect(result.stderr.contains("= help: check the path; give --allow-empty if a folder without dossiers is expected"))

        let allowed = try CLI.run(command + ["--allow-empty", empty.path, notes.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(!allowed.stderr.contains("[no-dossiers]"))

        // A folder with no dossier beside one with dossiers: the others are still read.
        let mixed = try CLI.run(command + [empty.path, Self.cr929.path])
        #expect(mixed.status == 1)
        #expect(command[0] != "validate" || mixed.stdout.hasSuffix(" valid; 1 path gave no dossier\n"), "\(mixed.stdout)")
    }

    @Test("the same file given twice, also by two spellings or by its folder and by name, is read once, with a warning")
    func sameFileTwice() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cr929.xml")
        try FileManager.default.copyItem(at: Self.cr929, to: file)
        let spelled = folder.path + "/./cr929.xml"
        let scored = try CLI.run(["score", "--format", "json", file.path, spelled, folder.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let dossiers = try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any]
        #expect((dossiers?["dossiers"] as? [Any])?.count == 1)
        #expect(scored.stderr.contains("\(spelled):1:1: warning: the same file as '\(file.path)', given again: read once [duplicate-file]"))
        #expect(scored.stderr.contains("\(file.path):1:1: warning: the same file as '\(file.path)', given again: read once [duplicate-file]"))
        let validated = try CLI.run(["validate", file.path, spelled])
        #expect(validated.status == 0)
        #expect(validated.stdout == "\(file.path): valid, format 1\n1 of 1 dossier valid\n", "\(validated.stdout)")
        #expect(validated.stderr.contains("[duplicate-file]"))
    }

    @Test("two different files with the same dossier id: an error at the second's id, a note at the first's", arguments: ["score", "validate"])
    func sameIDTwice(_ command: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.xml")
        let second = folder.appendingPathComponent("b.xml")
        try FileManager.default.copyItem(at: Self.cr929, to: first)
        let text = try String(contentsOf: Self.cr929, encoding: .utf8)
        try text.replacingOccurrences(of: "<title source=\"essay\">CR929", with: "<title source=\"essay\">Another CR929")
            .write(to: second, atomically: true, encoding: .utf8)
        let result = try CLI.run([command, folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        let expected = """
            \(second.path):2:25: error: the dossier id 'cr929-widebody' is already the id of '\(first.path)': each dossier of a batch needs its own id [duplicate-dossier-id]
               2 | <dossier format="1" id="cr929-widebody" asOf="2020-10-01">
                 |                         ^~~~~~~~~~~~~~
            \(first.path):2:25: note: '\(first.path)' has it here
            """
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("= help: give one of them another id (this one is not scored)"))
        if command == "score" {
            #expect(result.stdout.contains("1 dossiers scored, 1 failed") || result.stdout.contains("1 dossier scored, 1 failed"), "\(result.stdout)")
        } else {
            #expect(result.stdout.contains("1 of 2 dossiers valid, 1 invalid"), "\(result.stdout)")
        }
    }
}
