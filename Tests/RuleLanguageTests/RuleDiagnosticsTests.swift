import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Rules: their clauses and citations, the types in their conditions, conditions that can never be
/// true, and how a diagnostic is rendered.
@Suite("Diagnostics of rules, conditions and messages")
struct RuleDiagnosticsTests {
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

    @Test("a rule without citation, message or advice gets a warning for each, at its id")
    func missingCitationMessageAdvice() {
        let marked = """
            \(prelude)
            rule ⟦bare⟧ {
              title "Bare"
              category finance
              points 5
              when finance.totalCost > 1 USD
            }
            """
        expectDiagnostic("missing-citation", .warning, "cites no source", in: marked)
        expectDiagnostic("missing-message", .warning, "has no explanation message", in: marked)
        expectDiagnostic("missing-advice", .warning, "gives no mitigation advice", in: marked)
    }

    @Test("a quote not in the source's text file is a quote-not-found error, with the closest passage of the source as the fix")
    func quoteNotFound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-quote-\(UUID().uuidString).txt").path
        try "Before it all. The road is long,\n   and   winding. After “it”, nothing.".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let misquoted = expectDiagnostic(
            "quote-not-found", .error, "the quote is not found verbatim in source 'text'",
            in: """
                \(prelude)
                source text { title "Text" file "\(path)" }
                rule found {
                  cite text "The road is long, and winding."
                }
                rule r {
                  cite text ⟦"the road is lng and winding"⟧
                }
                """)
        #expect(misquoted?.suggestions == [#"the closest passage of the source is "The road is long, and winding"; quote it exactly"#])
        let invented = expectDiagnostic(
            "quote-not-found", .error, "the quote is not found verbatim in source 'text'",
            in: """
                \(prelude)
                source text { title "Text" file "\(path)" }
                rule r {
                  cite text ⟦"Something else entirely was said here"⟧
                }
                """)
        #expect(invented?.suggestions == ["copy the words exactly as the source gives them"])
    }

    @Test("the closest passage is found across line breaks and curly quotes, widened to whole words")
    func closestPassage() {
        let text = Array(RuleCompiler.normalised("The Chinese were “bent on\n snooping on Russian experts”, he said.").utf8)
        func closest(_ quote: String) -> String? { ClosestPassage.find(Array(RuleCompiler.normalised(quote).utf8), in: text) }
        #expect(closest("bent on snoping on Russian experts") == "bent on snooping on Russian experts")
        #expect(closest("on snooping on Russ") == "on snooping on Russian")
        #expect(closest("were \"bent on snooping") == "were \"bent on snooping")
        #expect(closest("nothing like it at all in this text") == nil)
    }

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
