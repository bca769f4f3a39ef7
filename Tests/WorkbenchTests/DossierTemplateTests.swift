import DossierXML
import Foundation
import RuleLanguage
import SilkDiagnostics
import Testing

@testable import Workbench

@Suite("New-dossier skeletons")
struct DossierTemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedRules() throws -> CompiledRuleSet {
        try #require(RuleSetLoader.load(directory: root.appendingPathComponent("Rules").path).ruleSet)
    }

    static func template(title: String = "…") throws -> DossierTemplate {
        DossierTemplate(id: "new-project", title: title, asOf: "2026-12-01", ruleSet: try shippedRules())
    }

    /// The skeleton with its example values written and, as an analyst would, the element its
    /// <notApplicable> item names deleted.
    static func filledIn() throws -> [UInt8] {
        var text = try template().render(filled: true)
        let start = try #require(text.range(of: "<pricing>"))
        let end = try #require(text.range(of: "</pricing>"))
        text.removeSubrange(start.lowerBound..<end.upperBound)
        return Array(text.utf8)
    }

    @Test("a skeleton whose values are written is a valid dossier")
    func filledSkeletonValidates() throws {
        let outcome = DossierLoader().load(bytes: try Self.filledIn(), path: "new-project.xml")
        if case .failure(let diagnostics) = outcome {
            Issue.record("the filled skeleton is refused: \(diagnostics.map { DiagnosticRenderer(showsSnippets: false).render($0) })")
        }
    }

    @Test("the skeleton as written is well-formed but not valid until its values are written")
    func skeletonIsNotValidAsItStands() throws {
        let text = try Self.template().render()
        guard case .failure(let diagnostics) = DossierLoader().load(bytes: Array(text.utf8), path: "new.xml") else {
            Issue.record("a skeleton full of … was accepted as a dossier")
            return
        }
        // Refused by the schema (values), not because it is not XML.
        #expect(diagnostics.allSatisfy { $0.id != .notWellFormed }, "\(diagnostics.map(\.message))")
        #expect(!text.contains("--->") && text.contains("…"))
    }

    @Test("every element the schema defines is in the skeleton, extensions aside")
    func everyElementIsThere() throws {
        let schema = String(decoding: DossierLoader.schemaText, as: UTF8.self)
        let names = Set(schema.matches(of: /<xs:element name="([A-Za-z]+)"/).map { String($0.1) })
        let text = try Self.template().render()
        #expect(names.count > 60)
        for name in names.subtracting(["extensions"]) {
            #expect(text.contains("<\(name)>") || text.contains("<\(name) "), "<\(name)> is missing from the skeleton")
        }
    }

    @Test("comments name the rules that read an element")
    func commentsNameTheReaders() throws {
        let text = try Self.template().render()
        let statusComment = try #require(text.split(separator: "\n").first { $0.contains("proposed | agreed") })
        #expect(statusComment.contains("delayed-or-stalled"))
        let stage = try #require(text.split(separator: "\n").first { $0.contains("none | memorandum | framework | binding-contract") })
        #expect(stage.contains("non-binding-agreement"))
    }

    @Test("the id, title and date are written as given, escaped")
    func givenValues() throws {
        let text = DossierTemplate(id: "a-b", title: "R&D <centre>", asOf: "2026-01-02", ruleSet: nil).render()
        #expect(text.contains("<dossier format=\"1.1\" id=\"a-b\" asOf=\"2026-01-02\">"))
        #expect(text.contains("<title>R&amp;D &lt;centre&gt;</title>"))
        #expect(!text.contains("Read by:"))
    }
}
