import Foundation
import Testing
import ToolSupport

@testable import RuleLanguage
@testable import SilkDiagnostics

/// The checker must survive anything an analyst's editor can produce: a damaged rule file gives
/// diagnostics, never a crash or a hang.
@Suite("Rule checker robustness")
struct ParserRobustnessTests {
    /// Seeded: the same damage on every run.
    typealias Generator = SeededGenerator

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedFiles() throws -> [SourceFile] {
        let folder = root.appendingPathComponent("Rules")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".rules") }.sorted().map { name in
            SourceFile(path: "Rules/" + name, text: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
    }

    @Test("randomly damaged copies of the shipped rules give positioned diagnostics, never a crash", arguments: 0..<8)
    func damagedRulesAreDiagnosed(seed: Int) throws {
        var random = Generator(seed: UInt64(seed) &* 7919 &+ 17)
        let pieces = [
            "{", "}", "(", ")", "\"", "and", "or", "not", "..", "==", "=", "-", "{x}", "#", "\n", "rule", "when", "1e", "2021-13-40", "€", "[", "]",
            ",", ":", "@",
        ]
        for file in try Self.shippedFiles() {
            var characters = Array(file.text)
            for _ in 0..<12 {
                let position = Int(random.next() % UInt64(max(characters.count, 1)))
                switch random.next() % 3 {
                case 0:
                    characters.insert(contentsOf: Array(pieces[Int(random.next() % UInt64(pieces.count))]), at: position)
                case 1:
                    let end = min(characters.count, position + Int(random.next() % 12))
                    characters.removeSubrange(position..<end)
                default:
                    let end = min(characters.count, position + Int(random.next() % 40))
                    characters.insert(contentsOf: characters[position..<end], at: min(characters.count, end + 3))
                }
            }
            let damaged = SourceFile(path: file.path, text: String(characters))
            let others = try Self.shippedFiles().filter { $0.path != file.path }
            let output = RuleSetLoader.compile(others + [damaged])
            for diagnostic in output.diagnostics {
                #expect(diagnostic.position.hasPrefix("Rules/"), "\(diagnostic.position)")
                #expect(!diagnostic.message.isEmpty)
                _ = DiagnosticRenderer().render(diagnostic)
            }
            if output.ruleSet == nil { #expect(output.diagnostics.hasErrors) }
        }
    }

    @Test("text that is not rules at all is rejected with errors, not accepted or crashed on")
    func garbageIsRejected() {
        for text in [
            "}", "{{{{", "rule", "rule {", "fact x: list at \"a\" {", "define = =", "\"unterminated", "band x", "rate 1 = 2",
            String(repeating: "(", count: 500), "define x = " + String(repeating: "(", count: 100_000) + "1",
            "define y = " + String(repeating: "not ", count: 100_000) + "true", "define z = " + String(repeating: "- ", count: 100_000) + "1",
            "define w = " + Array(repeating: "true", count: 100_000).joined(separator: " and "),
        ] {
            let output = RuleSetLoader.compile([SourceFile(path: "g.rules", text: text)])
            #expect(output.diagnostics.hasErrors, "\(text.prefix(20)) gave no error")
        }
    }
}
