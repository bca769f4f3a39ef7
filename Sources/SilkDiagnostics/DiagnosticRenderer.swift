/// Renders diagnostics the way compilers do, for rule files and dossiers alike:
///
///     Rules/ip.rules:12:8: error: unknown fact 'ip.protecton' [unknown-fact]
///        12 |   when ip.protecton == "none"
///           |        ^~~~~~~~~~~~
///           = help: did you mean 'ip.protection'?
///
/// A line held only in part (an excerpt of a long line) is shown with `…` where it is cut.
/// Control characters in a shown line are drawn as their Unicode control pictures: a dossier
/// is untrusted, and its bytes must not reach a terminal as escape sequences.
public struct DiagnosticRenderer: Sendable {
    public var showsSnippets: Bool

    public init(showsSnippets: Bool = true) {
        self.showsSnippets = showsSnippets
    }

    /// The first line alone, `file:line:column: severity: message [id]`: for a list of problems
    /// inside a report.
    public func summary(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.position): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.id)]"
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = [summary(diagnostic)]
        if showsSnippets, let span = diagnostic.span {
            lines += snippet(span)
        }
        for note in diagnostic.notes {
            if let span = note.span {
                let (line, column) = span.file.location(of: span.start)
                lines.append("\(span.file.path):\(line):\(column): note: \(note.message)")
                if showsSnippets { lines += snippet(span) }
            } else {
                lines.append("      = note: \(note.message)")
            }
        }
        for suggestion in diagnostic.suggestions {
            lines.append("      = help: \(suggestion)")
        }
        return lines.joined(separator: "\n")
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    private func snippet(_ span: SourceSpan) -> [String] {
        let file = span.file
        let (line, column) = file.location(of: span.start)
        let shown = file.shownLine(line)
        let text = Self.printable(shown.text)
        let (endLine, endColumn) = file.location(of: span.end)
        // Columns from the start of the text shown.
        let start = column - shown.firstColumn
        let width: Int
        if endLine == line {
            width = max(1, endColumn - column)
        } else {
            width = max(1, text.count - start)
        }
        let number = String(line)
        let gutter = String(repeating: " ", count: max(number.count, 4))
        let paddedNumber = String(repeating: " ", count: gutter.count - number.count) + number
        let caret = "^" + String(repeating: "~", count: max(0, width - 1))
        let lead = shown.cutBefore ? "…" : ""
        let indent = (shown.cutBefore ? " " : "") + String(text.prefix(start).map { $0 == "\t" ? "\t" : " " } as [Character])
        return [
            "\(paddedNumber) | \(lead)\(text)\(shown.cutAfter ? "…" : "")",
            "\(gutter) | \(indent)\(caret)",
        ]
    }

    /// The text with every control character but the tab (C0, DEL, C1) replaced by a visible
    /// stand-in of one column: U+2400 + code for C0, U+2421 for DEL, U+FFFD for C1.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(scalar)
            case 0x00..<0x20: result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: result.append("\u{2421}")
            case 0x80..<0xA0: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar.value != 0x09) || (0x7F..<0xA0).contains(scalar.value)
    }
}
