import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Declarations: duplicates, paths, records, enumerations, sources, cycles and unused names; bands,
/// categories and rates; and problems with the rules folder itself.
@Suite("Diagnostics of declarations and the scoring model")
struct DeclarationDiagnosticsTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

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

    @Test("a duplicate rule's body is checked as a renamed one's is: duplicate-id hides none of its errors and warnings")
    func duplicateBodyIsChecked() {
        func rules(secondID: String) -> String {
            """
            \(prelude)
            \(usingRule)
            fact kind: enum("a", "b") at "identity/kind"
            define small = finance.totalCost < 1 USD
            define small = finance.totalCoast < 1 USD
            rule twice {
              title "First"
              category finance
              points 1
              when small
              message "m"
              cite essay "q"
              advice "a"
            }
            rule \(secondID) {
              title "Second"
              category financ
              points 5
              when kind == "c"
              advice "a"
            }
            """
        }
        func described(_ diagnostics: [Diagnostic]) -> [String] {
            // The second rule's own name aside, which its messages repeat.
            diagnostics.map { "\($0.position) \($0.severity) \($0.id): \($0.message.replacingOccurrences(of: "'twine'", with: "'twice'"))" }
        }
        let duplicate = RuleSetLoader.compile([SourceFile(path: "test.rules", text: rules(secondID: "twice"))]).diagnostics
        let renamed = RuleSetLoader.compile([SourceFile(path: "test.rules", text: rules(secondID: "twine"))]).diagnostics
        // The renamed rule: an unknown category, an enumeration value that is not declared, no
        // citation and no message (2 errors, 2 warnings); the duplicate definition's body names
        // an unknown fact.
        #expect(renamed.errorCount == 4 && renamed.warningCount == 2, "\(described(renamed))")
        #expect(duplicate.errorCount == 5 && duplicate.warningCount == 2, "\(described(duplicate))")
        #expect(described(duplicate.filter { !($0.id == .duplicateId && $0.message.hasPrefix("rule")) }) == described(renamed))
        #expect(duplicate.contains { $0.id == .unknownFact && $0.message.contains("finance.totalCoast") })
        #expect(duplicate.contains { $0.id == .unknownCategory } && duplicate.contains { $0.id == .invalidEnumValue })
    }

    @Test("an enumeration value listed twice is a duplicate-enum-value warning")
    func duplicateEnumValue() {
        expectDiagnostic(
            "duplicate-enum-value", .warning, "'a' is listed twice",
            in: """
                \(prelude)
                \(usingRule)
                fact kind: enum("a", "b", ⟦"a"⟧) at "identity/kind"
                """)
    }

    @Test("a list of records with no fields is an empty-record error")
    func emptyRecord() {
        expectDiagnostic(
            "empty-record", .error, "needs at least one field",
            in: """
                \(prelude)
                \(usingRule)
                fact parties: ⟦list⟧ at "parties/party" { }
                """)
    }

    @Test("a path with an empty step is an invalid-path error")
    func invalidPath() {
        expectDiagnostic(
            "invalid-path", .error, "is not a place in a dossier",
            in: """
                \(prelude)
                \(usingRule)
                fact broken: text at ⟦"identity//title"⟧
                """)
    }

    @Test("money at an attribute is an invalid-path error, as a fact and as a record's field: it could never be read")
    func moneyAtAttribute() {
        expectDiagnostic(
            "invalid-path", .error, "money is read from an element",
            in: """
                \(prelude)
                \(usingRule)
                fact cost: money at ⟦"finance/totalCost/@amount"⟧
                """)
        expectDiagnostic(
            "invalid-path", .error, "money is read from an element",
            in: """
                \(prelude)
                \(usingRule)
                fact funding: list at "finance/funding/fundingSource" {
                  amount: money at ⟦"@amount"⟧
                }
                """)
    }

    @Test("a source file that cannot be read is a source-file-unreadable warning")
    func sourceFileUnreadable() {
        expectDiagnostic(
            "source-file-unreadable", .warning, "cannot read the source text",
            in: """
                \(prelude)
                \(usingRule)
                source other {
                  title "Other"
                  file ⟦"no-such-source-\(UUID().uuidString).txt"⟧
                }
                """)
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
                \(usingRule)
                """)
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

    @Test("a category no rule uses is an unused-category warning")
    func unusedCategory() {
        expectDiagnostic(
            "unused-category", .warning, "no rule is in category 'spare'",
            in: """
                \(prelude)
                \(usingRule)
                category ⟦spare⟧ { title "Spare" }
                """)
    }

    @Test("a cap of zero is an invalid-cap error")
    func invalidCap() {
        expectDiagnostic(
            "invalid-cap", .error, "more than 0",
            in: """
                \(prelude)
                \(usingRule)
                category spare {
                  title "Spare"
                  cap ⟦0⟧
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

    @Test("a rate between a currency and itself is an invalid-rate error")
    func invalidRate() {
        expectDiagnostic(
            "invalid-rate", .error, "two different currencies",
            in: """
                \(prelude)
                \(usingRule)
                ⟦rate 1 USD = 2 USD⟧
                """)
    }

    // MARK: Problems with the rules folder itself, reported at file:1:1.

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
