import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Names that resolve to nothing (with the closest name suggested), and names that hide others.
@Suite("Diagnostics of names")
struct NameDiagnosticsTests {
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

    @Test("an item named like a fact is a shadowed-name warning")
    func shadowedName() {
        expectDiagnostic(
            "shadowed-name", .warning, "hides a fact or definition",
            in: """
                \(prelude)
                fact parties: list at "parties/party" { name: text at "name" }
                rule r {
                  title "R"
                  category finance
                  points 1
                  when any(⟦country⟧ in parties where country.name == "x")
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """)
    }
}
