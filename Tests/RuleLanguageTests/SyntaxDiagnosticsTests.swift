import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Diagnostics the lexer and parser give: each pinned to its position and message, and recovery
/// that reports every error in one run.
@Suite("Diagnostics of the lexer and parser")
struct SyntaxDiagnosticsTests {
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

    @Test("text where a declaration should start is expected-declaration, with a suggestion")
    func expectedDeclaration() {
        let diagnostic = expectDiagnostic(
            "expected-declaration", .error, "expected a declaration",
            in: """
                \(prelude)
                \(usingRule)
                ⟦rul⟧ spare { }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'rule'?"])
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

    @Test("an unknown escape in text is an invalid-escape error")
    func invalidEscape() {
        expectDiagnostic(
            "invalid-escape", .error, "unknown escape",
            in: """
                \(prelude)
                rule r {
                  title "a ⟦\\q⟧ b"
                  category finance
                  points 1
                  when finance.totalCost > 1 USD
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """)
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

    @Test("an unknown type is an unknown-type error, suggesting the close or equivalent type")
    func unknownType() {
        let typo = expectDiagnostic(
            "unknown-type", .error, "unknown type 'numbr'",
            in: """
                \(prelude)
                \(usingRule)
                fact count: ⟦numbr⟧ at "people/teamSize"
                """)
        #expect(typo?.suggestions == ["did you mean 'number'?"])
        let alias = expectDiagnostic(
            "unknown-type", .error, "unknown type 'string'",
            in: """
                \(prelude)
                \(usingRule)
                fact name: ⟦string⟧ at "identity/title"
                """)
        #expect(alias?.suggestions == ["did you mean 'text'?"])
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

    @Test("an expression nested more than 100 levels is a too-deep error at the 101st level")
    func tooDeep() {
        let opening = String(repeating: "(", count: 100)
        let closing = String(repeating: ")", count: 101)
        expectDiagnostic(
            "too-deep", .error, "nest more than 100 levels",
            in: """
                \(prelude)
                \(usingRule)
                define deep = \(opening)⟦(⟧1 > 0\(closing)
                """)
    }
}
