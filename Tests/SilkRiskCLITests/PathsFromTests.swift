import Foundation
import Testing

/// `--paths-from`: dossier paths read from a file or standard input, for lists longer than a
/// command line takes comfortably.
@Suite("Paths from a list: --paths-from FILE and -")
struct PathsFromTests {
    static let named = ["Inputs/cr929-widebody.xml", "Inputs/aliexpress-russia.xml", "Inputs/digital-yuan-sreb-settlement.xml"]

    @Test("the paths a list names are scored as if given as arguments, from a file or standard input, blank lines and CRs left out")
    func listEqualsArguments() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try CLI.run(["score", "--format", "json"] + Self.named)
        #expect(expected.status == 0, "\(expected.stderr)")
        let list = folder.appendingPathComponent("list.txt")
        // Two from the file, with a blank line and a Windows line end; one as an argument.
        let listed = "\(CLI.packageRoot.path)/\(Self.named[1])\r\n\n\(CLI.packageRoot.path)/\(Self.named[2])\n"
        try listed.write(to: list, atomically: true, encoding: .utf8)
        let fromFile = try CLI.run(["score", "--format", "json", "--paths-from", list.path, Self.named[0]])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fromInput = try CLI.run(["score", "--format", "json", "--paths-from", "-", Self.named[0]], input: Data(listed.utf8))
        #expect(fromInput.status == 0, "\(fromInput.stderr)")
        for result in [fromFile, fromInput] {
            let dossiers = try CLI.dossiers(fromJSON: result.stdout)
            #expect(Set(dossiers.keys) == Set(try CLI.dossiers(fromJSON: expected.stdout).keys) && dossiers.count == 3)
        }
        // Only the list, no argument: not Inputs/ as a whole.
        let onlyList = try CLI.run(["validate", "--paths-from", list.path])
        #expect(onlyList.status == 0 && onlyList.stdout.contains("2 of 2 dossiers valid"), "\(onlyList.stdout)")
    }

    @Test(
        "a list that cannot be read, or names no path, is a failure naming it (exit 1); with --watch, a usage error",
        arguments: [
            (["score", "--paths-from", "no-such-list.txt"], 1, "no-such-list.txt:1:1: error: cannot read the list of paths: no such file"),
            (["validate", "--paths-from", "Inputs"], 1, "Inputs:1:1: error: cannot read the list of paths: it is a folder"),
            (["score", "--paths-from", "-"], 1, "<standard input>:1:1: error: the list names no path"),
            (["score", "--watch", "--paths-from", "-"], 64, "--paths-from cannot be watched"),
        ])
    func unreadableLists(_ arguments: [String], _ status: Int32, _ says: String) throws {
        let result = try CLI.run(arguments, input: Data())
        #expect(result.status == status, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(says), "\(result.stdout)\n\(result.stderr)")
    }
}
