import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Rule text with the expected spans marked by `⟦` and `⟧`, markers removed.
struct MarkedSource {
    struct Mark {
        let line: Int
        let column: Int
        let text: String
    }

    let text: String
    let marks: [Mark]

    init(_ marked: String) {
        var text = ""
        var marks: [Mark] = []
        var line = 1
        var column = 1
        var open: (line: Int, column: Int, text: String)? = nil
        for character in marked {
            if character == "⟦" {
                open = (line, column, "")
                continue
            }
            if character == "⟧", let current = open {
                marks.append(Mark(line: current.line, column: current.column, text: current.text))
                open = nil
                continue
            }
            text.append(character)
            open?.text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.marks = marks
    }

    var mark: Mark { marks[0] }
}

func compile(_ source: MarkedSource, path: String = "test.rules") -> RuleCompiler.Output {
    RuleSetLoader.compile([SourceFile(path: path, text: source.text)])
}

func location(_ diagnostic: Diagnostic) -> (line: Int, column: Int, text: String)? {
    guard let span = diagnostic.span else { return nil }
    let (line, column) = span.file.location(of: span.start)
    return (line, column, span.text)
}

/// Compiles the marked source and returns the single diagnostic with `id`, after checking its
/// severity, that it sits exactly on the (first) marked span, and that its message contains `message`.
@discardableResult
func expectDiagnostic(
    _ id: String, _ severity: Diagnostic.Severity, _ message: String, in marked: String, mark: Int = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let source = MarkedSource(marked)
    let output = compile(source)
    let matching = output.diagnostics.filter { $0.id.rawValue == id }
    guard let diagnostic = matching.first else {
        Issue.record("no \(id) among: \(output.diagnostics.map { "\($0.position) \($0.id): \($0.message)" })", sourceLocation: sourceLocation)
        return nil
    }
    #expect(matching.count == 1, "expected one \(id), got \(matching.map(\.message))", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
    #expect(diagnostic.message.contains(message), "message: \(diagnostic.message)", sourceLocation: sourceLocation)
    let expected = source.marks[mark]
    let actual = location(diagnostic)
    #expect(actual?.line == expected.line, sourceLocation: sourceLocation)
    #expect(actual?.column == expected.column, sourceLocation: sourceLocation)
    #expect(actual?.text == expected.text, sourceLocation: sourceLocation)
    #expect(diagnostic.position == "test.rules:\(expected.line):\(expected.column)", sourceLocation: sourceLocation)
    if severity == .error { #expect(output.ruleSet == nil, sourceLocation: sourceLocation) }
    return diagnostic
}

/// Everything a rule set needs besides the rule under test: a name, a source, facts, a
/// category and bands. Six lines.
let prelude = """
    ruleset "Test" version "1.0.0"
    source essay { title "Essay" }
    fact finance.totalCost: money at "finance/totalCost"
    fact country: text at "identity/country"
    category finance { title "Finance" }
    band low "Low" from 0
    """

@Suite("Rule language diagnostics")
struct LanguageDiagnosticsTests {
    @Test("a clean minimal rule set compiles with no diagnostics")
    func cleanRuleSet() {
        let output = compile(
            MarkedSource(
                """
                \(prelude)
                band high "High" from 50
                rule costly {
                  title "Costly"
                  category finance
                  points 10
                  when finance.totalCost > 10 billion USD and country == "Kenya"
                  message "The project costs {finance.totalCost}."
                  cite essay "a quote"
                  advice "Phase the project."
                }
                """))
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
        #expect(output.ruleSet?.rules.map(\.id) == ["costly"])
        #expect(output.ruleSet?.facts.map(\.name) == ["finance.totalCost", "country"])
    }

    // MARK: Syntax

    @Test("a missing '{' after a rule id is an expected-token error at the next token")
    func expectedToken() {
        expectDiagnostic(
            "expected-token", .error, "expected '{', found 'title'",
            in: """
                \(prelude)
                rule r ⟦title⟧ "R"
                """)
    }

    @Test("a misspelt clause is an unknown-clause error suggesting the right one")
    func unknownClause() {
        let diagnostic = expectDiagnostic(
            "unknown-clause", .error, "in a rule, found 'mesage'",
            in: """
                \(prelude)
                rule r {
                  title "R"
                  ⟦mesage⟧ "hello"
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'message'?"])
    }

    @Test("several syntax errors in one file are all reported")
    func recovery() {
        let source = MarkedSource(
            """
            \(prelude)
            rule a {
              ⟦titel⟧ "A"
              points 5
            }
            rule b {
              title "B"
              points ⟦ten⟧
            }
            category other {
              ⟦capp⟧ 5
            }
            """)
        let output = compile(source)
        let errors = output.diagnostics.filter { $0.severity == .error && ["unknown-clause", "expected-token"].contains($0.id.rawValue) }
        #expect(errors.map(\.id.rawValue) == ["unknown-clause", "expected-token", "unknown-clause"])
        #expect(errors.count == source.marks.count)
        for (diagnostic, mark) in zip(errors, source.marks) {
            let actual = location(diagnostic)
            #expect(actual?.line == mark.line)
            #expect(actual?.column == mark.column)
            #expect(actual?.text == mark.text)
        }
        #expect(errors.last?.suggestions == ["did you mean 'cap'?"])
        #expect(errors[1].message == "expected the rule's points, such as 10 or -5, found 'ten'")
    }

    @Test("a text literal not closed on its line is unterminated-text")
    func unterminatedText() {
        expectDiagnostic(
            "unterminated-text", .error, "text literal is not closed on its line",
            in: """
                \(prelude)
                rule r {
                  title ⟦"Open⟧
                }
                """)
    }

    @Test("a stray '&' is an unexpected-character error suggesting 'and'")
    func unexpectedCharacter() {
        let diagnostic = expectDiagnostic(
            "unexpected-character", .error, "unexpected character '&'",
            in: """
                \(prelude)
                rule r {
                  when country == "Kenya" ⟦&⟧ finance.totalCost > 1 USD
                }
                """)
        #expect(diagnostic?.suggestions == ["write 'and'"])
    }

    @Test("a date that does not exist is invalid-date")
    func invalidDate() {
        expectDiagnostic(
            "invalid-date", .error, "'2021-02-30' is not a calendar date",
            in: """
                \(prelude)
                fact signed: date at "dates/signed"
                rule r {
                  when signed > ⟦2021-02-30⟧
                }
                """)
    }

    // MARK: Names

    @Test("a misspelt dotted fact is unknown-fact with did-you-mean")
    func unknownFact() {
        let diagnostic = expectDiagnostic(
            "unknown-fact", .error, "unknown fact 'finance.totalCots'",
            in: """
                \(prelude)
                rule r {
                  when ⟦finance.totalCots⟧ > 1 billion USD
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'finance.totalCost'?"])
    }

    @Test("an undeclared plain name is unknown-name")
    func unknownName() {
        expectDiagnostic(
            "unknown-name", .error, "unknown fact or definition 'flag'",
            in: """
                \(prelude)
                rule r {
                  when ⟦flag⟧
                }
                """)
    }

    @Test("a misspelt record field is unknown-field with did-you-mean")
    func unknownField() {
        let diagnostic = expectDiagnostic(
            "unknown-field", .error, "'p' has no field 'knd'",
            in: """
                \(prelude)
                fact parties: list at "parties/party" {
                  kind: text at "kind"
                }
                rule r {
                  when any(p in parties where p.⟦knd⟧ == "fund")
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'kind'?"])
    }

    @Test("a misspelt category is unknown-category with did-you-mean")
    func unknownCategory() {
        let diagnostic = expectDiagnostic(
            "unknown-category", .error, "unknown category 'finanse'",
            in: """
                \(prelude)
                rule r {
                  title "R"
                  category ⟦finanse⟧
                  points 1
                  when country == "Kenya"
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'finance'?"])
    }

    @Test("citing an undeclared source is unknown-source")
    func unknownSource() {
        let diagnostic = expectDiagnostic(
            "unknown-source", .error, "unknown source 'esay'",
            in: """
                \(prelude)
                rule r {
                  cite ⟦esay⟧ "a quote"
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'essay'?"])
    }

    @Test("a floor naming no band is unknown-band")
    func unknownBand() {
        expectDiagnostic(
            "unknown-band", .error, "unknown band 'critical'",
            in: """
                \(prelude)
                rule r {
                  floor ⟦critical⟧
                }
                """)
    }

    @Test("fired() of an undeclared rule is unknown-rule")
    func unknownRule() {
        expectDiagnostic(
            "unknown-rule", .error, "unknown rule 'nosuch'",
            in: """
                \(prelude)
                rule r {
                  when fired(⟦nosuch⟧)
                }
                """)
    }

    @Test("a misspelt function is unknown-function with did-you-mean")
    func unknownFunction() {
        let diagnostic = expectDiagnostic(
            "unknown-function", .error, "unknown function 'agee'",
            in: """
                \(prelude)
                fact founded: date at "identity/founded"
                rule r {
                  when ⟦agee⟧(founded) > 3
                }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'age'?"])
    }

    // MARK: Types

    @Test("a value outside an enum is invalid-enum-value with did-you-mean")
    func invalidEnumValue() {
        let diagnostic = expectDiagnostic(
            "invalid-enum-value", .error, #""ful" is not one of the allowed values: "none", "partial", "full""#,
            in: """
                \(prelude)
                fact ip.protection: enum("none", "partial", "full") at "ip/protection"
                rule r {
                  when ip.protection == ⟦"ful"⟧
                }
                """)
        #expect(diagnostic?.suggestions == [#"did you mean "full"?"#])
    }

    @Test("comparing text with a number is type-mismatch over the whole comparison")
    func typeMismatchTextNumber() {
        expectDiagnostic(
            "type-mismatch", .error, "cannot compare a text with a number",
            in: """
                \(prelude)
                rule r {
                  when ⟦country == 5⟧
                }
                """)
    }

    @Test("comparing money with a bare number is type-mismatch")
    func typeMismatchMoneyNumber() {
        expectDiagnostic(
            "type-mismatch", .error, "cannot compare a money with a number",
            in: """
                \(prelude)
                rule r {
                  when ⟦finance.totalCost > 5⟧
                }
                """)
    }

    // MARK: Structure

    @Test("a rule id declared twice is duplicate-id with a note at the first declaration")
    func duplicateId() {
        let source = MarkedSource(
            """
            \(prelude)
            rule ⟦twice⟧ { title "A" }
            rule ⟦twice⟧ { title "B" }
            """)
        let output = compile(source)
        let duplicates = output.diagnostics.filter { $0.id.rawValue == "duplicate-id" }
        #expect(duplicates.count == 1)
        guard let diagnostic = duplicates.first else { return }
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "rule 'twice' is declared more than once")
        let second = source.marks[1]
        #expect(location(diagnostic)?.line == second.line)
        #expect(location(diagnostic)?.column == second.column)
        #expect(diagnostic.notes.count == 1)
        let note = diagnostic.notes.first
        #expect(note?.message == "first declared here")
        let first = source.marks[0]
        let noteLocation = note?.span.map { $0.file.location(of: $0.start) }
        #expect(noteLocation?.line == first.line)
        #expect(noteLocation?.column == first.column)
        #expect(note?.span?.text == "twice")
    }

    @Test("two definitions using each other are a reference-cycle")
    func definitionCycle() {
        let source = """
            \(prelude)
            define a = ⟦b⟧ + 1
            define b = ⟦a⟧ + 1
            """
        let diagnostic = expectDiagnostic(
            "reference-cycle", .error, "reference cycle: definition 'a' → definition 'b' → definition 'a'", in: source, mark: 1)
        let marks = MarkedSource(source).marks
        #expect(diagnostic?.notes.map(\.message) == ["definition 'b' is used here"])
        let noteLocation = diagnostic?.notes.first?.span.map { $0.file.location(of: $0.start) }
        #expect(noteLocation?.line == marks[0].line)
        #expect(noteLocation?.column == marks[0].column)
    }

    @Test("two rules firing on each other are a reference-cycle")
    func ruleCycle() {
        expectDiagnostic(
            "reference-cycle", .error, "reference cycle: rule 'r1' → rule 'r2' → rule 'r1'",
            in: """
                \(prelude)
                rule r1 {
                  when fired(r2)
                }
                rule r2 {
                  when fired(⟦r1⟧)
                }
                """)
    }

    @Test("a definition no rule uses is an unused-definition warning")
    func unusedDefinition() {
        expectDiagnostic(
            "unused-definition", .warning, "definition 'spare' is never used",
            in: """
                \(prelude)
                define ⟦spare⟧ = 1
                """)
    }

    @Test("a constant false condition is never-true")
    func neverTrueConstant() {
        expectDiagnostic(
            "never-true", .warning, "this condition can never be true",
            in: """
                \(prelude)
                rule r {
                  when ⟦false⟧
                }
                """)
    }

    @Test("bounds on one fact that leave no room are never-true")
    func neverTrueContradiction() {
        expectDiagnostic(
            "never-true", .warning, "no value of 'x' can be both above 5 and below 3",
            in: """
                \(prelude)
                fact x: number at "figures/x"
                rule r {
                  when ⟦x > 5 and x < 3⟧
                }
                """)
    }

    @Test("an empty range 10..5 is never-true")
    func neverTrueEmptyRange() {
        expectDiagnostic(
            "never-true", .warning, "the range is empty: its start is above its end",
            in: """
                \(prelude)
                fact x: number at "figures/x"
                rule r {
                  when x in ⟦10..5⟧
                }
                """)
    }

    @Test("a malformed regular expression is invalid-pattern")
    func invalidPattern() {
        expectDiagnostic(
            "invalid-pattern", .error, "'(unclosed' is not a valid pattern",
            in: """
                \(prelude)
                rule r {
                  when country matches ⟦"(unclosed"⟧
                }
                """)
    }

    @Test("a rule without points is missing-clause at its id")
    func missingClause() {
        expectDiagnostic(
            "missing-clause", .error, "rule 'r' has no 'points'",
            in: """
                \(prelude)
                rule ⟦r⟧ {
                  title "R"
                  category finance
                  when country == "Kenya"
                }
                """)
    }

    @Test("rules with no bands are missing-bands at the start of the file")
    func missingBands() {
        expectDiagnostic(
            "missing-bands", .error, "no score bands are declared",
            in: """
                ⟦⟧ruleset "Test"
                category finance { title "Finance" }
                rule r {
                  title "R"
                  category finance
                  points 1
                  when true
                }
                """)
    }

    @Test("a lowest band not starting from 0 is invalid-band")
    func invalidBand() {
        expectDiagnostic(
            "invalid-band", .error, "the lowest band must start from 0, not 10",
            in: """
                ruleset "Test"
                band low "Low" from ⟦10⟧
                band high "High" from 50
                """)
    }

    @Test("a quote not in the source's text file is quote-not-found")
    func quoteNotFound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-quote-\(UUID().uuidString).txt").path
        try "The road is long,\n   and   winding.".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectDiagnostic(
            "quote-not-found", .warning, "the quote is not found verbatim in source 'text'",
            in: """
                \(prelude)
                source text { title "Text" file "\(path)" }
                rule found {
                  cite text "The road is long, and winding."
                }
                rule r {
                  cite text ⟦"The road is short"⟧
                }
                """)
    }

    @Test("an unclosed '{' in a message is unclosed-interpolation")
    func unclosedInterpolation() {
        let diagnostic = expectDiagnostic(
            "unclosed-interpolation", .error, "'{' in a message is not closed by '}'",
            in: """
                \(prelude)
                rule r {
                  message "Cost ⟦{⟧finance.totalCost is high"
                }
                """)
        #expect(diagnostic?.suggestions == [#"write \{ for a literal brace"#])
    }

    @Test("calling age() with no date is wrong-arguments")
    func wrongArguments() {
        expectDiagnostic(
            "wrong-arguments", .error, "age(date) takes one date",
            in: """
                \(prelude)
                rule r {
                  when ⟦age()⟧ > 3
                }
                """)
    }

    // MARK: Rendering

    @Test("the renderer shows position, source line, carets and help")
    func rendering() throws {
        let output = compile(
            MarkedSource(
                """
                fact finance.totalCost: money at "finance/totalCost"
                rule r {
                  when finance.totalCots > 1 billion USD
                }
                """))
        let diagnostic = try #require(output.diagnostics.first { $0.id.rawValue == "unknown-fact" })
        let expected = """
            test.rules:3:8: error: unknown fact 'finance.totalCots' [unknown-fact]
               3 |   when finance.totalCots > 1 billion USD
                 |        ^~~~~~~~~~~~~~~~~
                  = help: did you mean 'finance.totalCost'?
            """
        #expect(DiagnosticRenderer().render(diagnostic) == expected)
    }
}
