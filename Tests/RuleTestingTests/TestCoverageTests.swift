import DossierXML
import Testing

@testable import RuleLanguage
@testable import RuleTesting
@testable import SilkDiagnostics

/// Coverage: every rule needs a case that expects it to fire and one that expects it not to.
@Suite("Rule tests: coverage")
struct TestCoverageTests {
    static let cases = """
        test "big, and a poor partner" {
          given cost = 2 billion USD
          given parties = [{name: "P", rating: "poor"}]
          expect fired big
        }
        test "small" {
          given cost = 1 million USD
          given parties = [{name: "P", rating: "good"}]
          expect not fired big
          expect not fired poor
        }
        """

    @Test("a rule short of either expectation is a warning at its id, with the cases it was seen in")
    func warnings() throws {
        let (outcome, _) = try run(Self.cases)
        #expect(outcome.status == .passed)
        let untested = outcome.diagnostics.filter { $0.id == .untestedRule }
        #expect(untested.allSatisfy { $0.severity == .warning })
        #expect(
            untested.map(\.message) == [
                "rule 'poor' has no test case that expects it to fire",
                "rule 'old' has no test case that expects it to fire, and none that expects it not to fire",
            ])
        let poor = try #require(untested.first)
        #expect(poor.position == "t.rules:\(try #require(lineNumber("rule poor"))):6")
        #expect(poor.span?.text == "poor")
        #expect(poor.notes.map(\.message) == ["it fires in 'big, and a poor partner'"])
        #expect(poor.suggestions == ["add 'expect fired poor' to a case in which it fires"])
        #expect(untested.last?.notes.isEmpty == true, "old is undecided in both cases")
        #expect(outcome.summary(filter: nil) == "2 tests, 0 failed; 2 rules not covered by both a firing and a non-firing case")
    }

    @Test("with --strict a rule not covered is an error, and the run fails")
    func strict() throws {
        let (outcome, _) = try run(Self.cases, strict: true)
        #expect(outcome.status == .failed)
        #expect(outcome.diagnostics.filter { $0.id == .untestedRule }.allSatisfy { $0.severity == .error })
        #expect(outcome.failed == 0, "no case failed: coverage fails the run")
    }

    @Test("a rule expected both ways is covered")
    func covered() throws {
        let (outcome, _) = try run(
            Self.cases + """

                test "old" {
                  given asOf = 2026-01-01
                  given started = 2010-01-01
                  given parties = [{name: "P", rating: "poor"}]
                  expect fired old
                  expect fired poor
                }
                test "new" {
                  given asOf = 2026-01-01
                  given started = 2025-01-01
                  expect not fired old
                }
                """, strict: true)
        #expect(outcome.status == .passed, "\(outcome.diagnostics.map(\.message))")
        #expect(outcome.diagnostics.isEmpty)
    }

    /// The line of the small rule set's text holding `needle`.
    func lineNumber(_ needle: String) -> Int? {
        rules.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }
}
