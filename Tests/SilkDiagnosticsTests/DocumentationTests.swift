import Foundation
import SilkDiagnostics
import Testing

/// Every id a diagnostic can carry is documented for the people who meet it: rule files in the
/// language reference, dossiers and the files around them in the format guide.
@Suite("Diagnostic ids are documented")
struct DocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The ids in the first column of the tables of one section of a document.
    static func documentedIDs(in document: String, section: String, endingAt next: String) throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(document), encoding: .utf8)
        let start = try #require(text.range(of: "\n" + section + "\n"), "\(document) has no section '\(section)'")
        let end = text.range(of: "\n" + next, range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        return text[start.upperBound..<end].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            let cell = line.dropFirst(3)
            return cell.firstIndex(of: "`").map { String(cell[..<$0]) }
        }
    }

    static func allDocumentedIDs() throws -> [String] {
        try documentedIDs(in: "docs/rule-language.md", section: "## 10. Every diagnostic", endingAt: "## 11.")
            + documentedIDs(in: "docs/dossier-format.md", section: "## 11. Error messages", endingAt: "## 12.")
    }

    @Test("every DiagnosticID has a row in a reference table", arguments: DiagnosticID.allCases)
    func idIsDocumented(id: DiagnosticID) throws {
        #expect(try Self.allDocumentedIDs().contains(id.rawValue), "no row for '\(id)' in docs/rule-language.md §10 or docs/dossier-format.md §11")
    }

    @Test("every id in the reference tables is one SilkRisk reports")
    func noStaleRows() throws {
        let documented = try Self.allDocumentedIDs()
        #expect(!documented.isEmpty)
        let known = Set(DiagnosticID.allCases.map(\.rawValue))
        #expect(documented.filter { !known.contains($0) } == [])
    }
}
