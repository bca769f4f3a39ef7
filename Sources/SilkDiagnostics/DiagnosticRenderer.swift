/// Renders diagnostics the way compilers do:
///
///     Rules/ip.rules:12:8: error: unknown fact 'ip.protecton' [unknown-fact]
///        12 |   when ip.protecton == "none"
///           |        ^~~~~~~~~~~~
///           = help: did you mean 'ip.protection'?
public struct DiagnosticRenderer: Sendable {
    public var showsSnippets: Bool

    public init(showsSnippets: Bool = true) {
        self.showsSnippets = showsSnippets
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = ["\(diagnostic.position): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.id)]"]
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
        let text = file.lineText(line)
        let (endLine, endColumn) = file.location(of: span.end)
        let width: Int
        if endLine == line {
            width = max(1, endColumn - column)
        } else {
            width = max(1, text.count - column + 1)
        }
        let number = String(line)
        let gutter = String(repeating: " ", count: max(number.count, 4))
        let paddedNumber = String(repeating: " ", count: gutter.count - number.count) + number
        let caret = "^" + String(repeating: "~", count: max(0, width - 1))
        let indent = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        return [
            "\(paddedNumber) | \(text)",
            "\(gutter) | \(indent)\(caret)",
        ]
    }
}
