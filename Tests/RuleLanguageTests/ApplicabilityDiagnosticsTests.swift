import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// The catalogue's `notApplicable` and `open lists under` declarations, and `x is not applicable`
/// and `not in` in conditions: what compiles, and each mistake located.
@Suite("Diagnostics of 'notApplicable', 'open lists under' and 'is not applicable'")
struct ApplicabilityDiagnosticsTests {
    static let integrity = """
        fact integrity.checked: boolean at "integrity/@checked"
        fact integrity.allegations: list at "integrity/allegation" {
          kind: text at "@kind"
        }
        """

    @Test("the shipped form compiles: the items' place and path, and one open section")
    func compiles() throws {
        let source = MarkedSource(
            """
            \(prelude)
            \(Self.integrity)
            notApplicable at "notApplicable/item" path "@path"
            open lists under "integrity" when integrity.checked == false
            \(usingRule)
            """)
        let output = compile(source)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.message))")
        let ruleSet = try #require(output.ruleSet)
        #expect(ruleSet.notApplicable == NotApplicableItems(items: FactPath("notApplicable/item")!, path: FactPath("@path")!))
        let slots = try #require(ruleSet.openLists.first).slots
        #expect(slots.map { ruleSet.facts[$0].name } == ["integrity.allegations"])
        #expect(ruleSet.openLists.first?.values == [.boolean(false)])
        #expect(ruleSet.openLists.first?.negated == false)
    }

    @Test("'in' and 'not in' a list of values are conditions an open section accepts")
    func membershipCondition() throws {
        let source = MarkedSource(
            """
            \(prelude)
            fact integrity.status: text at "integrity/@status"
            fact integrity.intermediaries: list of text at "integrity/intermediary"
            open lists under "integrity" when integrity.status not in ["complete", "audited"]
            \(usingRule)
            """)
        let ruleSet = try #require(compile(source).ruleSet)
        #expect(ruleSet.openLists.first?.values == [.text("complete"), .text("audited")])
        #expect(ruleSet.openLists.first?.negated == true)
    }

    @Test("notApplicable declared twice is duplicate-id with a note at the first")
    func notApplicableTwice() {
        let diagnostic = expectDiagnostic(
            "duplicate-id", .error, "what does not apply is declared more than once",
            in: """
                \(prelude)
                notApplicable at "notApplicable/item" path "@path"
                ⟦notApplicable at "notApplicable/entry" path "@path"⟧
                \(usingRule)
                """)
        #expect(diagnostic?.notes.first?.message == "first declared here")
    }

    @Test("notApplicable needs an element path for its items", arguments: ["@path", "", "a//b"])
    func notApplicableItemsPath(path: String) {
        expectDiagnostic(
            "invalid-path", .error, "is not the place of repeated elements",
            in: """
                \(prelude)
                notApplicable at ⟦"\(path)"⟧ path "@path"
                \(usingRule)
                """)
    }

    @Test("notApplicable without 'path' is expected-token at what stands there")
    func notApplicableSyntax() {
        expectDiagnostic(
            "expected-token", .error, "expected 'path'",
            in: """
                \(prelude)
                notApplicable at "notApplicable/item" ⟦by⟧ "@path"
                \(usingRule)
                """)
    }

    @Test("an open section with no list fact under it is invalid-open-lists at the section")
    func openSectionWithoutLists() {
        expectDiagnostic(
            "invalid-open-lists", .error, "no list fact is declared under 'integrty'",
            in: """
                \(prelude)
                \(Self.integrity)
                open lists under ⟦"integrty"⟧ when integrity.checked == false
                \(usingRule)
                """)
    }

    @Test(
        "an open section's condition compares one single fact with a value",
        arguments: [
            "integrity.checked == false and integrity.checked != true", "integrity.checked", "count(a in integrity.allegations) == 0",
            "integrity.checked == integrity.checked",
        ])
    func openCondition(condition: String) {
        expectDiagnostic(
            "invalid-open-lists", .error, "the condition must",
            in: """
                \(prelude)
                \(Self.integrity)
                open lists under "integrity" when ⟦\(condition)⟧
                \(usingRule)
                """)
    }

    @Test("an open section's condition is type-checked like any other")
    func openConditionTypes() {
        expectDiagnostic(
            "unknown-fact", .error, "unknown fact 'integrity.chekced'",
            in: """
                \(prelude)
                \(Self.integrity)
                open lists under "integrity" when ⟦integrity.chekced⟧ == false
                \(usingRule)
                """)
    }

    @Test("'x is not applicable' is a condition; 'is applicable' is not, and says what to write")
    func isNotApplicable() {
        let compiled = compile(
            MarkedSource(
                """
                \(prelude)
                rule r {
                  title "r"
                  category finance
                  points 1
                  when finance.totalCost is not applicable or country not in ["RU", "CN"]
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """))
        #expect(compiled.diagnostics.isEmpty, "\(compiled.diagnostics.map(\.message))")
        let diagnostic = expectDiagnostic(
            "expected-token", .error, "'is applicable' is not a test",
            in: """
                \(prelude)
                rule r {
                  title "r"
                  category finance
                  points 1
                  when finance.totalCost is ⟦applicable⟧
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """)
        #expect(diagnostic?.suggestions.first?.contains("is not applicable") == true)
        expectDiagnostic(
            "expected-token", .error, "expected 'not applicable' after 'is'",
            in: """
                \(prelude)
                rule r {
                  title "r"
                  category finance
                  points 1
                  when finance.totalCost is ⟦missing⟧
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """)
    }
}
