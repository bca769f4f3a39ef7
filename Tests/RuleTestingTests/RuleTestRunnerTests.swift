import DossierXML
import Foundation
import Testing

@testable import RuleLanguage
@testable import RuleTesting
@testable import Scoring
@testable import SilkDiagnostics

/// A small rule set the cases below test: three rules, three bands.
let rules = """
    ruleset "Tests" version "1"
    category c { title "C" }
    band low "Low" from 0
    band moderate "Moderate" from 20
    band high "High" from 40
    fact asOf: date at "@asOf"
    fact cost: money at "finance/totalCost"
    fact kind: enum("a", "b") at "identity/kind"
    fact started: date at "identity/dates/actualStart"
    fact parties: list at "parties/party" {
      name: text at "name"
      rating: enum("good", "poor") at "trackRecord/rating"
    }
    rule big {
      title "Big"
      category c
      points 25
      when cost > 1 billion USD
      message "It costs {cost}."
    }
    rule poor {
      title "Poor"
      category c
      points 20
      when any(p in parties where p.rating == "poor")
      message "Poor partners."
    }
    rule old {
      title "Old"
      category c
      points 5
      when age(started) > 3
      message "Started long ago."
    }
    """

func ruleSet() throws -> CompiledRuleSet {
    let output = RuleSetLoader.compile([SourceFile(path: "t.rules", text: rules)])
    #expect(!output.diagnostics.hasErrors)
    return try #require(output.ruleSet)
}

/// Runs test-file text marked with `⟦...⟧` (markers removed) against the small rule set.
func run(_ marked: String, path: String = "cases.tests", filter: String? = nil, strict: Bool = false) throws -> (RuleTestSuite.Outcome, Marked) {
    let source = Marked(marked)
    let outcome = RuleTestSuite.run(
        ruleSet: try ruleSet(), testFiles: [SourceFile(path: path, text: source.text)], filter: filter, strict: strict, loader: DossierLoader())
    return (outcome, source)
}

/// Text with spans marked by `⟦` and `⟧`: where each is (line, column) and what it holds.
struct Marked {
    let text: String
    let marks: [(line: Int, column: Int, text: String)]

    init(_ marked: String) {
        var text = ""
        var marks: [(Int, Int, String)] = []
        var (line, column) = (1, 1)
        var open: (Int, Int, String)? = nil
        for character in marked {
            if character == "⟦" {
                open = (line, column, "")
                continue
            }
            if character == "⟧", let current = open {
                marks.append(current)
                open = nil
                continue
            }
            text.append(character)
            open?.2.append(character)
            if character == "\n" {
                (line, column) = (line + 1, 1)
            } else {
                column += 1
            }
        }
        self.text = text
        self.marks = marks
    }
}

/// The diagnostics with `id`, each checked to sit on its mark, in order.
func expectAt(
    _ outcome: RuleTestSuite.Outcome, _ source: Marked, id: DiagnosticID, messages: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = outcome.diagnostics.filter { $0.id == id }
    #expect(found.map(\.message) == messages, sourceLocation: sourceLocation)
    for (diagnostic, mark) in zip(found, source.marks) {
        let location = diagnostic.span.map { $0.file.location(of: $0.start) }
        #expect(location?.line == mark.line && location?.column == mark.column, "\(diagnostic.message)", sourceLocation: sourceLocation)
        #expect(diagnostic.span?.text == mark.text, sourceLocation: sourceLocation)
    }
}

@Suite("Rule tests: expectations, pass and fail")
struct RuleTestRunnerTests {
    @Test("every kind of expectation passes when it holds")
    func passing() throws {
        let (outcome, _) = try run(
            """
            test "a big project with a poor partner, started long ago" {
              given asOf = 2026-01-01
              given cost = 2 billion USD
              given started = 2020-01-01
              given parties = [{name: "P", rating: "poor"}, {name: "Q"}]
              expect fired big
              expect fired poor
              expect fired old
              expect band high
              expect band at least moderate
              expect band at most high
              expect score 50
              expect score 40..60
              expect range 50..50
            }
            test "nothing known" {
              expect undecided big
              expect undecided poor
              expect band low
              expect range 0..50
            }
            test "a small project with good partners" {
              given cost = 10 million USD
              given parties = [{name: "P", rating: "good"}]
              expect not fired big
              expect not fired poor
              expect undecided old
            }
            """)
        #expect(outcome.diagnostics.filter { $0.severity == .error }.isEmpty, "\(DiagnosticRenderer().render(outcome.diagnostics))")
        #expect(outcome.status == .passed)
        #expect((outcome.run, outcome.failed) == (3, 0))
        #expect(outcome.summary(filter: nil).hasPrefix("3 tests, 0 failed"))
    }

    @Test("every kind of expectation fails with what, expected and got, at its own place, all in one run")
    func failing() throws {
        let (outcome, source) = try run(
            """
            test "a big project" {
              given cost = 2 billion USD
              expect ⟦not fired big⟧
              expect ⟦fired poor⟧
              expect ⟦undecided big⟧
              expect ⟦band low⟧
              expect ⟦band at least high⟧
              expect ⟦band at most low⟧
              expect ⟦score 10⟧
              expect ⟦score 0..20⟧
              expect ⟦range 25..25⟧
            }
            test "passes" {
              expect band low
            }
            """)
        expectAt(
            outcome, source, id: .testFailed,
            messages: [
                "rule 'big' — expected not fired, got fired",
                "rule 'poor' — expected fired, got undecided",
                "rule 'big' — expected undecided, got fired",
                "band — expected low, got moderate (score 25, range 25..50)",
                "band — expected at least high, got moderate (score 25, range 25..50)",
                "band — expected at most low, got moderate (score 25, range 25..50)",
                "score — expected 10, got 25",
                "score — expected 0..20, got 25",
                "score range — expected 25..25, got 25..50",
            ])
        let first = try #require(outcome.diagnostics.first)
        #expect(first.notes.first?.message == "in test 'a big project'")
        #expect(first.notes.first?.span?.text == "\"a big project\"")
        #expect(first.notes.last?.message == "its message: It costs 2 billion USD.")
        #expect(outcome.diagnostics.dropFirst().first?.notes.last?.message == "Not decided: the dossier does not give parties.")
        #expect(outcome.status == .failed)
        #expect(outcome.summary(filter: nil).hasPrefix("2 tests, 1 failed"))
        #expect(
            DiagnosticRenderer().render(first).hasPrefix(
                """
                cases.tests:3:10: error: rule 'big' — expected not fired, got fired [test-failed]
                   3 |   expect not fired big
                     |          ^~~~~~~~~~~~~
                cases.tests:1:6: note: in test 'a big project'
                """))
    }

    @Test("bands are compared by their order in the rule set, whatever their ids")
    func bandOrder() throws {
        let (outcome, _) = try run(
            """
            test "moderate is above low and below high" {
              given cost = 2 billion USD
              expect band at least low
              expect band at most high
              expect band at least moderate
              expect band at most moderate
            }
            """)
        #expect(outcome.status == .passed, "\(outcome.diagnostics.map(\.message))")
    }

    @Test("--filter runs only the tests whose name contains the text, ignoring case, and reports no coverage")
    func filter() throws {
        let (outcome, _) = try run(
            """
            test "Big one" {
              given cost = 2 billion USD
              expect fired big
            }
            test "small one" {
              expect fired big
            }
            """, filter: "BIG")
        #expect(outcome.status == .passed)
        #expect((outcome.run, outcome.total) == (1, 2))
        #expect(!outcome.diagnostics.contains { $0.id == .untestedRule })
        #expect(outcome.summary(filter: "BIG") == "1 test of 2 (filter 'BIG'), 0 failed")
        let (none, _) = try run("test \"x\" {\n  expect band low\n}\n", filter: "nothing")
        #expect(none.status == .unusable)
        #expect(none.diagnostics.map(\.message) == ["no test's name contains 'nothing'"])
    }
}

@Suite("Rule tests: dossiers")
struct RuleTestDossierTests {
    static let dossier = """
        <?xml version="1.0" encoding="UTF-8"?>
        <dossier format="1" id="big" asOf="2026-01-01">
          <identity>
            <title>A big project</title>
          </identity>
          <finance>
            <totalCost currency="USD" amount="2000000000"/>
          </finance>
        </dossier>
        """

    @Test("a dossier is read beside the test file, scored as score does, and a given overrides one of its facts")
    func dossierCase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.dossier.write(to: folder.appendingPathComponent("big.xml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("tests/cases.tests").path
        let (outcome, source) = try run(
            """
            test "the dossier as it is" {
              dossier "../big.xml"
              expect fired big
              expect undecided poor
            }
            test "the dossier with its cost overridden" {
              dossier "../big.xml"
              given cost = 5 million USD
              expect not fired big
            }
            test "the dossier with its cost taken away" {
              dossier "../big.xml"
              given cost = unknown
              expect undecided big
            }
            test "a dossier that is not there" {
              dossier ⟦"../missing.xml"⟧
              expect fired big
            }
            """, path: path)
        expectAt(
            outcome, source, id: .testFailed, messages: ["dossier — expected it to be read and scored, got 1 problem (listed above)"])
        #expect(outcome.diagnostics.first?.id == .unreadableFile)
        #expect(outcome.diagnostics.first?.path == folder.appendingPathComponent("missing.xml").path)
        #expect((outcome.run, outcome.failed) == (4, 1))
    }

    @Test("a dossier path is resolved against the test file's folder, '..' worked out")
    func resolve() {
        #expect(TestCompiler.resolve("../../Inputs/a.xml", besideFile: "Rules/tests/x.tests") == "Inputs/a.xml")
        #expect(TestCompiler.resolve("a.xml", besideFile: "x.tests") == "a.xml")
        #expect(TestCompiler.resolve("/abs/a.xml", besideFile: "Rules/tests/x.tests") == "/abs/a.xml")
        #expect(TestCompiler.resolve("../../../a.xml", besideFile: "Rules/tests/x.tests") == "../a.xml")
    }
}

@Suite("Rule tests: the undetermined verdict")
struct UndeterminedExpectationTests {
    /// The small rule set with an undetermined verdict: a dossier whose range reaches two bands
    /// away, or that decides less than half the points, is not banded.
    static func run(_ cases: String) throws -> RuleTestSuite.Outcome {
        let text = rules + "\nundetermined \"Undetermined\" when bandReach >= 2 or decidedShare < 50%\n"
        let output = RuleSetLoader.compile([SourceFile(path: "t.rules", text: text)])
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        return RuleTestSuite.run(
            ruleSet: ruleSet, testFiles: [SourceFile(path: "u.tests", text: cases)], filter: nil, strict: false, loader: DossierLoader())
    }

    @Test("'band undetermined' and 'or undetermined' hold for a dossier too thin to band, and never for a banded one")
    func undeterminedExpectations() throws {
        let thin = try Self.run(
            """
            test "nothing known" {
              given kind = "a"
              expect band undetermined
              expect band at most moderate or undetermined
              expect band at least high or undetermined
            }
            """)
        #expect(thin.status == .passed, "\(thin.diagnostics.map(\.message))")
        let banded = try Self.run(
            """
            test "everything known" {
              given cost = 2 billion USD
              given parties = [{name: "p", rating: "good"}]
              given started = 2020-01-01
              given asOf = 2021-01-01
              expect band moderate
              expect band at most moderate or undetermined
              expect band undetermined
              expect band at most low
            }
            """)
        #expect(banded.status == .failed)
        #expect(
            banded.diagnostics.filter { $0.id == .testFailed }.map(\.message) == [
                "band — expected undetermined, got moderate (score 25, range 25..25)",
                "band — expected at most low, got moderate (score 25, range 25..25)",
            ])
    }

    @Test("an undetermined dossier fails a plain band expectation, and 'undetermined' has no order")
    func undeterminedHasNoOrder() throws {
        let outcome = try Self.run(
            """
            test "nothing known" {
              given kind = "a"
              expect band at most high
            }
            """)
        #expect(outcome.status == .failed)
        let misuse = try Self.run(
            """
            test "misuse" {
              given kind = "a"
              expect band at most undetermined
            }
            """)
        #expect(misuse.diagnostics.contains { $0.id == .unknownBand && $0.message.contains("not a band of an order") })
    }
}
