import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// The remaining diagnostics, each pinned to its position and message like the others.
@Suite("Rule language diagnostics, continued")
struct MoreDiagnosticsTests {
    /// A rule that uses the prelude's category, so that it is not reported unused.
    static let usingRule = """
        rule uses-finance {
          title "Uses finance"
          category finance
          points 1
          when finance.totalCost > 1 USD
          message "m"
          cite essay "q"
          advice "a"
        }
        """

    @Test("an enumeration value listed twice is a duplicate-enum-value warning")
    func duplicateEnumValue() {
        expectDiagnostic(
            "duplicate-enum-value", .warning, "'a' is listed twice",
            in: """
                \(prelude)
                \(Self.usingRule)
                fact kind: enum("a", "b", ⟦"a"⟧) at "identity/kind"
                """)
    }

    @Test("a list of records with no fields is an empty-record error")
    func emptyRecord() {
        expectDiagnostic(
            "empty-record", .error, "needs at least one field",
            in: """
                \(prelude)
                \(Self.usingRule)
                fact parties: ⟦list⟧ at "parties/party" { }
                """)
    }

    @Test("text where a declaration should start is expected-declaration, with a suggestion")
    func expectedDeclaration() {
        let diagnostic = expectDiagnostic(
            "expected-declaration", .error, "expected a declaration",
            in: """
                \(prelude)
                \(Self.usingRule)
                ⟦rul⟧ spare { }
                """)
        #expect(diagnostic?.suggestions == ["did you mean 'rule'?"])
    }

    @Test("a cap of zero is an invalid-cap error")
    func invalidCap() {
        expectDiagnostic(
            "invalid-cap", .error, "more than 0",
            in: """
                \(prelude)
                \(Self.usingRule)
                category spare {
                  title "Spare"
                  cap ⟦0⟧
                }
                """)
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

    @Test("a path with an empty step is an invalid-path error")
    func invalidPath() {
        expectDiagnostic(
            "invalid-path", .error, "is not a place in a dossier",
            in: """
                \(prelude)
                \(Self.usingRule)
                fact broken: text at ⟦"identity//title"⟧
                """)
    }

    @Test("a rate between a currency and itself is an invalid-rate error")
    func invalidRate() {
        expectDiagnostic(
            "invalid-rate", .error, "two different currencies",
            in: """
                \(prelude)
                \(Self.usingRule)
                ⟦rate 1 USD = 2 USD⟧
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

    @Test("rule files that never name the rule set get a missing-ruleset-name warning at the start")
    func missingRulesetName() {
        expectDiagnostic(
            "missing-ruleset-name", .warning, "no file names the rule set",
            in: """
                ⟦⟧source essay { title "Essay" }
                fact finance.totalCost: money at "finance/totalCost"
                category finance { title "Finance" }
                band low "Low" from 0
                \(Self.usingRule)
                """)
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

    @Test("a source file that cannot be read is a source-file-unreadable warning")
    func sourceFileUnreadable() {
        expectDiagnostic(
            "source-file-unreadable", .warning, "cannot read the source text",
            in: """
                \(prelude)
                \(Self.usingRule)
                source other {
                  title "Other"
                  file ⟦"no-such-source-\(UUID().uuidString).txt"⟧
                }
                """)
    }

    @Test("an expression nested more than 100 levels is a too-deep error at the 101st level")
    func tooDeep() {
        let opening = String(repeating: "(", count: 100)
        let closing = String(repeating: ")", count: 101)
        expectDiagnostic(
            "too-deep", .error, "nest more than 100 levels",
            in: """
                \(prelude)
                \(Self.usingRule)
                define deep = \(opening)⟦(⟧1 > 0\(closing)
                """)
    }

    @Test("an unknown type is an unknown-type error, suggesting the close or equivalent type")
    func unknownType() {
        let typo = expectDiagnostic(
            "unknown-type", .error, "unknown type 'numbr'",
            in: """
                \(prelude)
                \(Self.usingRule)
                fact count: ⟦numbr⟧ at "people/teamSize"
                """)
        #expect(typo?.suggestions == ["did you mean 'number'?"])
        let alias = expectDiagnostic(
            "unknown-type", .error, "unknown type 'string'",
            in: """
                \(prelude)
                \(Self.usingRule)
                fact name: ⟦string⟧ at "identity/title"
                """)
        #expect(alias?.suggestions == ["did you mean 'text'?"])
    }

    @Test("a category no rule uses is an unused-category warning")
    func unusedCategory() {
        expectDiagnostic(
            "unused-category", .warning, "no rule is in category 'spare'",
            in: """
                \(prelude)
                \(Self.usingRule)
                category ⟦spare⟧ { title "Spare" }
                """)
    }

    // MARK: Problems with the rules folder itself, reported at file:1:1.

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a folder with no rule files is rules-not-found")
    func rulesNotFound() throws {
        let folder = try Self.folder()
        let output = RuleSetLoader.load(directory: folder.path)
        #expect(output.ruleSet == nil)
        #expect(output.diagnostics.map(\.id.rawValue) == ["rules-not-found"])
        #expect(output.diagnostics.first?.position == "\(folder.path):1:1")
        let missing = RuleSetLoader.load(directory: folder.path + "/nowhere")
        #expect(missing.diagnostics.map(\.id.rawValue) == ["rules-not-found"])
    }

    @Test("a rule file that is not UTF-8 is invalid-encoding, and one that cannot be read is unreadable-file")
    func unreadableAndInvalidEncoding() throws {
        let folder = try Self.folder()
        try Data([0x72, 0x75, 0x6C, 0x65, 0x20, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("latin.rules"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder.rules"), withIntermediateDirectories: true)
        let output = RuleSetLoader.load(directory: folder.path)
        #expect(output.ruleSet == nil)
        let positions = Dictionary(
            uniqueKeysWithValues: output.diagnostics.filter { $0.id.rawValue != "rules-not-found" }.map { ($0.id.rawValue, $0.position) })
        #expect(positions["invalid-encoding"] == "\(folder.path)/latin.rules:1:1")
        #expect(positions["unreadable-file"] == "\(folder.path)/folder.rules:1:1")
    }
}
