import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// The scoring model's verdicts as `check` sees them: the `undetermined` declaration and its
/// metrics, the `decisive floor`, rules marked `decisive`, and what mitigations `offsets`.
@Suite("Diagnostics of the verdicts: undetermined, decisive, offsets")
struct VerdictDiagnosticsTests {
    /// Four bands, so that a range can reach three bands away.
    static let bands = """
        band moderate "Moderate" from 20
        band high "High" from 40
        band critical "Critical" from 65
        """

    /// The prelude without its undetermined declaration, four bands, a rule, and `extra`.
    static func rules(_ extra: String) -> String {
        let prelude = prelude.split(separator: "\n").filter { !$0.hasPrefix("undetermined") }.joined(separator: "\n")
        return "\(prelude)\n\(bands)\n\(usingRule)\n\(extra)"
    }

    @Test("a sound undetermined declaration and decisive floor compile, and reach the compiled rule set")
    func soundDeclarations() throws {
        let output = compile(
            MarkedSource(
                Self.rules(
                    """
                    undetermined "Too thin" when bandReach >= 2 or decidedShare < 30% and not (decidedRules >= 50%)
                    decisive floor moderate
                    rule grave {
                      title "Grave"
                      category finance
                      points 12
                      when finance.totalCost > 10 billion USD
                      message "m"
                      cite essay "q"
                      advice "a"
                      decisive
                    }
                    rule relief {
                      title "Relief"
                      category finance
                      points -4
                      when finance.totalCost < 1 million USD
                      offsets finance
                      message "m"
                      cite essay "q"
                    }
                    """)))
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map { "\($0.position) \($0.id): \($0.message)" })")
        let ruleSet = try #require(output.ruleSet)
        let verdict = try #require(ruleSet.undetermined)
        #expect(verdict.label == "Too thin")
        #expect(verdict.text == "bandReach >= 2 or decidedShare < 30% and not (decidedRules >= 50%)")
        #expect(verdict.band.id == "undetermined")
        #expect(verdict.condition.holds(for: VerdictMetrics(bandReach: 2, decidedShare: 1, decidedRules: 1)))
        #expect(verdict.condition.holds(for: VerdictMetrics(bandReach: 0, decidedShare: 0.2, decidedRules: 0.4)))
        #expect(!verdict.condition.holds(for: VerdictMetrics(bandReach: 1, decidedShare: 0.2, decidedRules: 0.6)))
        #expect(!verdict.condition.holds(for: VerdictMetrics(bandReach: 1, decidedShare: 0.3, decidedRules: 0.4)), "30% is not below 30%")
        #expect(ruleSet.decisiveFloor == "moderate")
        #expect(ruleSet.rules.first { $0.id == "grave" }?.decisive == true)
        #expect(ruleSet.rules.first { $0.id == "relief" }?.offsets == ["finance"])
    }

    @Test("a rule set with bands and no undetermined declaration is warned about, at its first band")
    func missingUndetermined() {
        expectDiagnostic(
            "missing-undetermined", .warning, "no 'undetermined' verdict is declared",
            in: """
                ruleset "Test" version "1.0.0"
                source essay { title "Essay" }
                fact finance.totalCost: money at "finance/totalCost"
                category finance { title "Finance" }
                band ⟦low⟧ "Low" from 0
                \(usingRule)
                """)
    }

    @Test("an unknown metric is an error on the name, with the closest metric")
    func unknownMetric() throws {
        let diagnostic = expectDiagnostic(
            "unknown-metric", .error, "unknown metric 'bandRech'",
            in: Self.rules("undetermined \"U\" when ⟦bandRech⟧ >= 2"))
        #expect(diagnostic?.suggestions == ["did you mean 'bandReach'?"])
    }

    @Test("a share compared with a plain number is a unit error that suggests the percentage")
    func shareNeedsPercent() throws {
        let diagnostic = expectDiagnostic(
            "type-mismatch", .error, "'decidedShare' is a share: write it as a percentage",
            in: Self.rules("undetermined \"U\" when bandReach >= 2 or decidedShare < ⟦30⟧"))
        #expect(diagnostic?.suggestions == ["write 30%"])
    }

    @Test("bandReach compared with a percentage is a unit error")
    func reachIsACount() {
        expectDiagnostic(
            "type-mismatch", .error, "'bandReach' counts bands, not a percentage",
            in: Self.rules("undetermined \"U\" when bandReach >= ⟦50%⟧"))
    }

    @Test("a metric compared with text is a type error")
    func metricWithText() {
        expectDiagnostic(
            "type-mismatch", .error, "is compared with a number",
            in: Self.rules("undetermined \"U\" when bandReach >= 2 or decidedShare == ⟦\"low\"⟧"))
    }

    @Test("a condition that would band a dossier whose range reaches two bands away is an error with a fix-it")
    func tooNarrow() throws {
        let diagnostic = expectDiagnostic(
            "undetermined-too-narrow", .error, "reaches 2 bands from its band",
            in: Self.rules("undetermined \"U\" when ⟦decidedShare < 30%⟧"))
        #expect(diagnostic?.suggestions == ["write: when bandReach >= 2 or (decidedShare < 30%)"])
    }

    @Test(
        "the condition must hold whenever bandReach is 2 or more, whatever the shares",
        arguments: [
            ("bandReach >= 2 or decidedShare < 30%", true),
            ("bandReach > 1", true),
            ("bandReach >= 1 and decidedRules <= 100%", true),
            ("2 <= bandReach", true),
            ("not (bandReach < 2) or decidedRules < 10%", true),
            ("bandReach >= 3 or decidedShare < 30%", false),
            ("bandReach >= 2 and decidedShare < 50%", false),
            ("bandReach == 2", false),
            ("bandReach > 1.5 or decidedShare < 100%", true),
        ])
    func impliedByReachTwo(condition: String, accepted: Bool) {
        let output = compile(MarkedSource(Self.rules("undetermined \"U\" when \(condition)")))
        let narrow = output.diagnostics.filter { $0.id == .undeterminedTooNarrow }
        #expect(narrow.isEmpty == accepted, "\(condition): \(narrow.map(\.message))")
        #expect((output.ruleSet?.undetermined != nil) == accepted)
    }

    @Test("the undetermined verdict is declared once; the second declaration points at the first")
    func duplicateUndetermined() {
        let diagnostic = expectDiagnostic(
            "duplicate-id", .error, "the undetermined verdict is declared more than once",
            in: Self.rules("undetermined \"U\" when bandReach >= 2\n⟦undetermined⟧ \"V\" when bandReach >= 1"))
        #expect(diagnostic?.notes.count == 1)
    }

    @Test("'undetermined' cannot be a band's id")
    func reservedBandID() {
        expectDiagnostic(
            "invalid-band", .error, "'undetermined' is what an undetermined dossier is given",
            in: Self.rules("band ⟦undetermined⟧ \"U\" from 90"))
    }

    @Test("an undetermined declaration without 'when' is a syntax error, and the next declaration is still read")
    func undeterminedWithoutWhen() {
        let source = MarkedSource(Self.rules("undetermined \"U\" ⟦bandReach⟧ >= 2\nband extreme \"Extreme\" from 95"))
        let output = compile(source)
        let expected = output.diagnostics.filter { $0.id == .expectedToken }
        #expect(expected.count == 1)
        #expect(expected.first?.message.contains("expected 'when'") == true)
        #expect(location(expected[0])?.line == source.mark.line)
        // The band after it is read: no other error.
        #expect(output.diagnostics.filter { $0.severity == .error }.count == 1)
    }

    @Test("a decisive rule with no points or negative points is an error on 'decisive'")
    func decisiveNeedsPoints() {
        expectDiagnostic(
            "invalid-decisive", .error, "rule 'weightless' is decisive but has 0 points",
            in: Self.rules(
                """
                decisive floor moderate
                rule weightless {
                  title "W"
                  category finance
                  points 0
                  when finance.totalCost > 1 USD
                  ⟦decisive⟧
                }
                """))
    }

    @Test("a decisive rule with no decisive floor declared is an error that shows the declaration")
    func decisiveNeedsFloor() throws {
        let diagnostic = expectDiagnostic(
            "missing-decisive-floor", .error, "rule 'grave' is decisive, but no file declares the band",
            in: Self.rules(
                """
                rule grave {
                  title "G"
                  category finance
                  points 12
                  when finance.totalCost > 1 USD
                  ⟦decisive⟧
                }
                """))
        #expect(diagnostic?.suggestions == ["declare it next to the bands, such as: decisive floor moderate"])
    }

    @Test("the decisive floor must be a band")
    func decisiveFloorBand() throws {
        let diagnostic = expectDiagnostic("unknown-band", .error, "unknown band 'moderat'", in: Self.rules("decisive floor ⟦moderat⟧"))
        #expect(diagnostic?.suggestions == ["did you mean 'moderate'?"])
    }

    static func mitigation(_ offsets: String) -> String {
        """
        rule relief {
          title "R"
          category finance
          points -4
          when finance.totalCost < 1 USD
          \(offsets)
        }
        """
    }

    @Test("a rule with negative points must say what it offsets")
    func mitigationNeedsOffsets() throws {
        let diagnostic = expectDiagnostic(
            "missing-offsets", .error, "rule 'relief' subtracts points but does not say which categories it offsets",
            in: Self.rules(
                """
                rule ⟦relief⟧ {
                  title "R"
                  category finance
                  points -4
                  when finance.totalCost < 1 USD
                }
                """))
        #expect(diagnostic?.suggestions == ["add a line such as: offsets finance"])
    }

    @Test("offsets naming an unknown category suggests the closest one")
    func offsetsUnknownCategory() throws {
        let diagnostic = expectDiagnostic(
            "unknown-category", .error, "unknown category 'financ'", in: Self.rules(Self.mitigation("offsets ⟦financ⟧")))
        #expect(diagnostic?.suggestions == ["did you mean 'finance'?"])
    }

    @Test("offsets naming a category that holds only mitigations is an error")
    func offsetsMitigationsOnly() {
        expectDiagnostic(
            "invalid-offsets", .error, "category 'reliefs' has only mitigations",
            in: Self.rules(
                """
                category reliefs { title "Reliefs" }
                rule other-relief {
                  title "O"
                  category reliefs
                  points -2
                  when finance.totalCost < 2 USD
                  offsets finance
                }
                \(Self.mitigation("offsets finance, ⟦reliefs⟧"))
                """))
    }

    @Test("an adverse rule cannot offset anything")
    func adverseOffsets() {
        expectDiagnostic(
            "invalid-offsets", .error, "only a mitigation (a rule with negative points) offsets categories",
            in: Self.rules(
                """
                rule adverse {
                  title "A"
                  category finance
                  points 3
                  when finance.totalCost > 2 USD
                  ⟦offsets⟧ finance
                }
                """))
    }

    @Test("a category named twice in offsets is an error on the second")
    func offsetsTwice() {
        expectDiagnostic("invalid-offsets", .error, "'finance' is named twice", in: Self.rules(Self.mitigation("offsets finance, ⟦finance⟧")))
    }

    @Test("every diagnostic id of rule files is documented in docs/rule-language.md, the verdicts' included")
    func idsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/rule-language.md"), encoding: .utf8)
        // Rule-file ids come before the first dossier id in the declaration order.
        let ruleFileIDs = DiagnosticID.allCases.prefix { $0 != .emptyFile }
        #expect(ruleFileIDs.contains(.undeterminedTooNarrow) && ruleFileIDs.contains(.invalidOffsets))
        for id in ruleFileIDs {
            #expect(docs.contains("| `\(id.rawValue)` |"), "\(id) has no row in §10")
        }
    }
}
