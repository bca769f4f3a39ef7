import Foundation
import Testing

/// `silkrisk test`, run as a user would: the shipped rule tests pass; a failing case, a broken
/// test file and a folder without tests each give their exit status and say why.
@Suite("silkrisk test")
struct TestCommandTests {
    @Test(
        "the shipped rule tests pass, and cover every shipped rule both ways (--strict); each pack runs its own tests only",
        arguments: [("Rules", 121), ("Rules/iati", 18), ("Rules/aiddata", 14)])
    func shippedTestsPass(pack: String, cases: Int) throws {
        let result = try CLI.run(["test", "--rules", pack, "--strict"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains(": error:") && !result.stderr.contains(": warning:"), "\(result.stderr)")
        let summary = try #require(result.stdout.split(separator: "\n").last)
        // At least as many cases as the pack ships (more may be added). A sub-pack's tests run
        // against Rules/ would name facts it does not have: an error, status 2.
        let count = try #require(Int(summary.prefix { $0.isNumber }), "\(summary)")
        #expect(count >= cases && summary.hasSuffix(" tests, 0 failed"), "\(result.stdout)")
    }

    @Test("a failing case is reported at its expectation, with expected and got, and exits 1")
    func failingCase() throws {
        let rules = try CLI.copyOfShippedRules()
        defer { try? FileManager.default.removeItem(at: rules) }
        try FileManager.default.removeItem(at: rules.appendingPathComponent("tests"))
        try FileManager.default.createDirectory(at: rules.appendingPathComponent("tests"), withIntermediateDirectories: true)
        let file = rules.appendingPathComponent("tests/failing.tests")
        let inputs = CLI.packageRoot.appendingPathComponent("Inputs/cr929-widebody.xml").path
        try """
        test "CR929 is low (it is not)" {
          dossier "\(inputs)"
          expect band at most low
        }
        test "CR929 is high" {
          dossier "\(inputs)"
          expect band at least high
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["test", "--rules", rules.path, "--filter", "CR929"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(file.path):3:10: error: band — expected at most low, got high (score"), "\(result.stderr)")
        #expect(result.stderr.contains("[test-failed]"))
        #expect(result.stdout.contains("2 tests of 2 (filter 'CR929'), 1 failed"), "\(result.stdout)")
    }

    @Test("a test file with an error exits 2; so does a rules folder with no tests")
    func unusable() throws {
        let rules = try CLI.copyOfShippedRules()
        defer { try? FileManager.default.removeItem(at: rules) }
        let file = rules.appendingPathComponent("tests/broken.tests")
        try "test \"broken\" {\n  expect fired no-such-rule\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["test", "--rules", rules.path])
        #expect(broken.status == 2, "\(broken.stderr)")
        #expect(broken.stderr.contains("broken.tests:2:16: error: unknown rule 'no-such-rule' [unknown-rule]"), "\(broken.stderr)")

        try FileManager.default.removeItem(at: rules.appendingPathComponent("tests"))
        let none = try CLI.run(["test", "--rules", rules.path])
        #expect(none.status == 2, "\(none.stderr)")
        #expect(none.stderr.contains("[tests-not-found]"), "\(none.stderr)")
    }
}
