import SilkDiagnostics
import Testing

/// The one renderer, for files held whole and for the excerpts a dossier's diagnostics keep.
@Suite("Rendering diagnostics")
struct RendererTests {
    /// A span from the first occurrence of `needle` in `file`.
    func span(of needle: String, in file: SourceFile) throws -> SourceSpan {
        let range = try #require(file.text.utf8.firstRange(of: needle.utf8))
        let start = file.text.utf8.distance(from: file.text.utf8.startIndex, to: range.lowerBound)
        return SourceSpan(file: file, start: start, end: start + needle.utf8.count)
    }

    @Test("an error is one line in the compiler form, then its source line, a caret under the span, and its help")
    func compilerForm() throws {
        let file = SourceFile(path: "Rules/ip.rules", text: "rule ip {\n  when ip.protecton == \"none\"\n}\n")
        let diagnostic = Diagnostic(
            .error, .unknownFact, "unknown fact 'ip.protecton'", at: try span(of: "ip.protecton", in: file),
            suggestions: ["did you mean 'ip.protection'?"])
        #expect(
            DiagnosticRenderer().render(diagnostic) == """
                Rules/ip.rules:2:8: error: unknown fact 'ip.protecton' [unknown-fact]
                   2 |   when ip.protecton == "none"
                     |        ^~~~~~~~~~~~
                      = help: did you mean 'ip.protection'?
                """)
        #expect(DiagnosticRenderer(showsSnippets: false).render(diagnostic).split(separator: "\n").count == 2)
    }

    @Test("an excerpt renders exactly as the whole file does when its line is short")
    func excerptOfShortLine() throws {
        let file = SourceFile(path: "d.xml", bytes: Array("<dossier>\n  <identity>\n    <status>late</status>\n".utf8))
        let span = try span(of: "<status", in: file)
        let whole = Diagnostic(.error, .schemaInvalid, "not a status", at: span)
        let excerpted = Diagnostic(.error, .schemaInvalid, "not a status", at: span.excerpted)
        #expect(excerpted.span?.file.isWhole == false)
        #expect(excerpted.span?.file.bytes == Array("    <status>late</status>".utf8))
        #expect(excerpted.position == "d.xml:3:5")
        #expect(excerpted.span?.text == "<status")
        #expect(DiagnosticRenderer().render(excerpted) == DiagnosticRenderer().render(whole))
    }

    @Test("a long line is cut around the span, marked where it is cut, and the caret stays under the span")
    func excerptOfLongLine() throws {
        let before = String(repeating: "<a>é</a>", count: 60)
        let after = String(repeating: "<b/>", count: 100)
        let file = SourceFile(path: "one-line.xml", text: "<dossier>" + before + "<bad x='1'/>" + after + "</dossier>")
        let span = try span(of: "<bad", in: file)
        let diagnostic = Diagnostic(.error, .schemaInvalid, "not expected", at: span.excerpted)
        let excerpt = try #require(diagnostic.span?.file)
        #expect(excerpt.bytes.count < 200)
        // The column counts characters from the start of the whole line.
        #expect(diagnostic.position == "one-line.xml:1:\(1 + "<dossier>".count + before.count)")
        let lines = DiagnosticRenderer().render(diagnostic).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("   1 | …"))
        #expect(lines[1].hasSuffix("…"))
        let caretColumn = try #require(lines[2].firstIndex(of: "^")).utf16Offset(in: lines[2])
        let spanColumn = try #require(lines[1].firstRange(of: "<bad")).lowerBound.utf16Offset(in: lines[1])
        #expect(caretColumn == spanColumn)
        #expect(lines[2].hasSuffix("^~~~"))
    }

    @Test("control characters in a shown line are drawn as control pictures, never sent to the terminal")
    func controlCharacters() throws {
        let file = SourceFile(path: "evil.xml", bytes: Array("<a>\u{1B}[31mred\u{7}</a>\n".utf8))
        let span = try span(of: "red", in: file)
        let rendered = DiagnosticRenderer().render(Diagnostic(.error, .notWellFormed, "bad character", at: span.excerpted))
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(rendered.contains("<a>\u{241B}[31mred\u{2407}</a>"))
        // One picture per character: the caret stays under the span.
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines[2].firstIndex(of: "^")?.utf16Offset(in: lines[2]) == lines[1].firstRange(of: "red")?.lowerBound.utf16Offset(in: lines[1]))
    }

    @Test("a file given as bytes that are not UTF-8 keeps its byte offsets and shows the repaired text")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("<a>".utf8) + [0xFF, 0xFE] + Array("<b/></a>".utf8)
        let file = SourceFile(path: "latin.xml", bytes: bytes)
        let diagnostic = Diagnostic(.error, .notWellFormed, "not UTF-8", at: SourceSpan(file: file, start: 3, end: 4).excerpted)
        #expect(diagnostic.span?.start == 3)
        #expect(diagnostic.position == "latin.xml:1:4")
        #expect(DiagnosticRenderer().render(diagnostic).contains("<a>\u{FFFD}\u{FFFD}<b/></a>"))
    }

    @Test("a long line of bytes that are not UTF-8 is cut where it falls, around the span, whatever the span's place")
    func longLineOfContinuationBytes() throws {
        // 0xA6 is a UTF-8 continuation byte: the cuts used to walk back through the whole run and
        // past each other (found by Fuzz/run dossier: a range with its ends swapped, a crash).
        let bytes = [UInt8](repeating: 0xA6, count: 600) + Array("<a/>".utf8) + [UInt8](repeating: 0xA6, count: 300)
        let file = SourceFile(path: "run.xml", bytes: bytes)
        for start in [0, 1, 79, 80, 81, 300, 599, 600, 700, 903] {
            let span = SourceSpan(file: file, start: start, end: min(start + 2, bytes.count))
            let excerpt = span.excerpted.file
            #expect(excerpt.bytes.count <= 2 * 80 + 2, "span at \(start)")
            let diagnostic = Diagnostic(.error, .notWellFormed, "not UTF-8", at: span.excerpted)
            #expect(diagnostic.position == "run.xml:1:\(start + 1)", "span at \(start)")
            let rendered = DiagnosticRenderer().render(diagnostic)
            #expect(rendered.contains("\u{FFFD}"), "span at \(start)")
        }
    }

    @Test("a problem with a whole file is placed at line 1, column 1, with no snippet")
    func wholeFile() {
        let diagnostic = Diagnostic(.warning, .skippedFile, "skipped: not a .xml dossier", file: "Inputs/notes.txt")
        #expect(diagnostic.path == "Inputs/notes.txt")
        #expect(diagnostic.lineAndColumn?.line == 1 && diagnostic.lineAndColumn?.column == 1)
        #expect(DiagnosticRenderer().render(diagnostic) == "Inputs/notes.txt:1:1: warning: skipped: not a .xml dossier [skipped-file]")
    }
}
