import DossierXML
import Testing

@testable import RuleLanguage
@testable import RuleTesting
@testable import SilkDiagnostics

/// Test files are read by the rule language's parser and checked against the rule set: every
/// problem located, with an id and, where a name is close to one that exists, a suggestion; and
/// a file with errors runs no test.
@Suite("Rule tests: problems in test files")
struct TestFileDiagnosticsTests {
    @Test("syntax errors are located, every one in one run, and recovery goes on at the next clause or test")
    func syntaxErrors() throws {
        let (outcome, source) = try run(
            """
            test "first" {
              ⟦expekt⟧ fired big
              given cost ⟦==⟧ 2 billion USD
              expect ⟦fird⟧ big
            }
            ⟦tests⟧ "second" {
              expect band low
            }
            test "third" {
              given cost = 2 billion USD
              expect band at ⟦above⟧ low
            }
            """)
        #expect(outcome.status == .unusable)
        #expect(outcome.run == 0)
        try #require(outcome.diagnostics.count == 5, "\(outcome.diagnostics.map(\.message))")
        let located = outcome.diagnostics.map { diagnostic -> String in
            let location = diagnostic.span.map { $0.file.location(of: $0.start) }
            return "\(location?.line ?? 0):\(location?.column ?? 0) \(diagnostic.id)"
        }
        #expect(
            located
                == source.marks.map { "\($0.line):\($0.column)" }.enumerated().map { index, place in
                    place + " " + ["unknown-clause", "expected-token", "expected-token", "expected-declaration", "expected-token"][index]
                })
        #expect(outcome.diagnostics[0].suggestions == ["did you mean 'expect'?"])
        #expect(outcome.diagnostics[1].message == "'==' compares; a given sets")
        #expect(outcome.diagnostics[2].suggestions == ["did you mean 'fired'?"])
        #expect(outcome.diagnostics[3].suggestions == ["did you mean 'test'?"])
        #expect(outcome.diagnostics[4].message == "expected 'least' or 'most' after 'band at', found 'above'")
    }

    @Test("names that do not exist are errors with the closest name; an unknown band lists the declared ones")
    func unknownNames() throws {
        let (outcome, source) = try run(
            """
            test "names" {
              given ⟦csst⟧ = 2 billion USD
              expect fired ⟦bigg⟧
              expect band ⟦critical⟧
            }
            """)
        try #require(outcome.diagnostics.map(\.id) == [.unknownFact, .unknownRule, .unknownBand])
        expectAt(outcome, source, id: .unknownFact, messages: ["unknown fact 'csst'"])
        #expect(outcome.diagnostics[0].suggestions == ["did you mean 'cost'?"])
        #expect(outcome.diagnostics[1].suggestions == ["did you mean 'big'?"])
        #expect(outcome.diagnostics[2].message == "unknown band 'critical'")
        #expect(outcome.diagnostics[2].suggestions == ["the bands are, from lowest: low, moderate, high"])
        #expect(outcome.status == .unusable)
    }

    @Test("a given value must be of its fact's type: types, enumeration values, record fields")
    func givenTypes() throws {
        let (outcome, source) = try run(
            """
            test "types" {
              given cost = ⟦2 billion⟧
              given kind = ⟦"c"⟧
              given started = ⟦"2020"⟧
              given parties = [{⟦nme⟧: "P"}]
              given asOf = ⟦12⟧
            }
            """)
        try #require(
            outcome.diagnostics.map(\.id) == [.missingClause, .typeMismatch, .invalidEnumValue, .typeMismatch, .unknownField, .typeMismatch])
        let located = outcome.diagnostics.dropFirst().map { $0.span?.text }
        #expect(located == source.marks.map(\.text))
        #expect(outcome.diagnostics[1].message == "'cost' is a money, but this is a number")
        #expect(outcome.diagnostics[1].suggestions == ["write it as an amount and a currency, such as 3.8 billion USD"])
        #expect(outcome.diagnostics[2].message == "\"c\" is not one of the allowed values: \"a\", \"b\"")
        #expect(outcome.diagnostics[4].message == "'parties[1]' has no field 'nme'")
        #expect(outcome.diagnostics[4].suggestions == ["did you mean 'name'?"])
        #expect(outcome.diagnostics[0].message == "test 'types' expects nothing")
    }

    @Test("what a given can say besides a literal: ranges, lists, open lists, not applicable, unknown")
    func givenForms() throws {
        let set = try ruleSet()
        var compiler = TestCompiler(ruleSet: set)
        let file = SourceFile(
            path: "forms.tests",
            text: """
                test "forms" {
                  given cost = 1 billion USD..2 billion USD
                  given kind = not applicable "no kind"
                  given parties = at least [{name: "P", rating: "poor"}]
                  given started = unknown
                  expect band low
                }
                """)
        let output = compiler.compile([Parser.parseTests(file)])
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
        let values = try #require(output.cases.first).givens.map(\.value)
        #expect(
            values == [
                .money(Interval(1e9, 2e9), currency: "USD"), .notApplicable("no kind"),
                .openList([.record([.text("P"), .text("poor")])]), nil,
            ])
    }

    @Test("mistakes a given can make besides its type are located too")
    func givenMistakes() throws {
        let (outcome, source) = try run(
            """
            test "a" {
              given parties = [{name: ⟦not applicable⟧}]
              expect band low
            }
            test "b" {
              given parties = ⟦at least []⟧
              expect band low
            }
            test "c" {
              given cost = ⟦2 billion USD..1 billion USD⟧
              given ⟦cost⟧ = 1 USD
              expect band low
            }
            test ⟦"a"⟧ {
              expect band low
            }
            """)
        try #require(outcome.diagnostics.map(\.id) == [.typeMismatch, .typeMismatch, .typeMismatch, .duplicateId, .duplicateId])
        #expect(outcome.diagnostics.map { $0.span?.text } == source.marks.map(\.text))
        #expect(
            outcome.diagnostics.map(\.message) == [
                "only a whole fact can be not applicable, not 'parties[1].name'", "'at least []' says nothing about the list",
                "the range's start is above its end", "'cost' is given more than once", "test 'a' is declared more than once",
            ])
        #expect(outcome.diagnostics[3].notes.first?.message == "first given here")
    }

    @Test("a file with an error runs nothing; the runner's exit-status outcome is 'unusable'")
    func errorsStopTheRun() throws {
        let (outcome, _) = try run(
            """
            test "fine" {
              expect band low
            }
            test "broken" {
              expect band nowhere
            }
            """)
        #expect(outcome.status == .unusable)
        #expect(outcome.run == 0)
    }
}
