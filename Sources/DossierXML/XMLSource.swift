public import SilkDiagnostics

/// A document's bytes, for placing diagnostics in it. libxml2 and the reader speak of lines,
/// columns and elements; a diagnostic holds a span of bytes, and only the excerpt of its line
/// that the renderer shows (`SourceSpan.excerpted`), so that a batch of failed dossiers keeps a
/// few hundred bytes of each. Made only for a document with something to report: it indexes
/// the document's lines.
public struct XMLSource: Sendable {
    let file: SourceFile

    public init(path: String, bytes: [UInt8]) {
        file = SourceFile(path: path, bytes: bytes)
    }

    public var path: String { file.path }

    /// A diagnostic at the start tag of the element `name` (as written) on a 1-based line.
    public func diagnostic(
        _ severity: Diagnostic.Severity, _ id: DiagnosticID, _ message: String, element name: String, line: Int, suggestions: [String] = []
    ) -> Diagnostic {
        diagnostic(severity, id, message, at: .element(name, line: line), suggestions: suggestions)
    }

    /// Problems as error diagnostics. A source is made only when one of them points into the text.
    static func diagnostics(for problems: [XMLProblem], in bytes: [UInt8], path: String) -> [Diagnostic] {
        if problems.allSatisfy({ if case .file = $0.place { true } else { false } }) {
            return problems.map { Diagnostic(.error, $0.id, $0.message, file: path, suggestions: $0.suggestions) }
        }
        let source = XMLSource(path: path, bytes: bytes)
        return problems.map { problem in
            var diagnostic = source.diagnostic(.error, problem.id, problem.message, at: problem.place, suggestions: problem.suggestions)
            diagnostic.notes = problem.notes.map { Diagnostic.Note($0.message, at: source.span(of: $0.place)?.excerpted) }
            return diagnostic
        }
    }

    func diagnostic(
        _ severity: Diagnostic.Severity, _ id: DiagnosticID, _ message: String, at place: XMLProblem.Place, suggestions: [String]
    ) -> Diagnostic {
        if let span = span(of: place) {
            return Diagnostic(severity, id, message, at: span.excerpted, suggestions: suggestions)
        }
        var diagnostic = Diagnostic(severity, id, message, file: path, suggestions: suggestions)
        // A line the file does not have (libxml2 reports some errors past the end): kept as given.
        switch place {
        case .lineAndColumn(let line, let column):
            diagnostic = Diagnostic(severity, id, message, path: path, line: max(line, 1), column: max(column, 1))
            diagnostic.suggestions = suggestions
        case .element(_, let line), .attributeValue(_, let line, _, _):
            diagnostic = Diagnostic(severity, id, message, path: path, line: max(line, 1), column: 1)
            diagnostic.suggestions = suggestions
        case .file, .tag, .bytes:
            break
        }
        return diagnostic
    }

    /// The bytes a place stands for; nil for the whole file, or a line the file does not have.
    func span(of place: XMLProblem.Place) -> SourceSpan? {
        switch place {
        case .file:
            return nil
        case .lineAndColumn(let line, let column):
            guard line >= 1, line <= file.lineCount else { return nil }
            let end = file.endOffset(ofLine: line)
            var offset = file.offset(ofLine: line)
            // libxml2 counts a column in Unicode scalars: step over whole UTF-8 sequences.
            for _ in 1..<max(column, 1) where offset < end { offset = nextCharacter(after: offset, before: end) }
            return SourceSpan(file: file, start: offset, end: nextCharacter(after: offset, before: end))
        case .element(let name, let line):
            guard line >= 1, line <= file.lineCount else { return nil }
            guard let tag = startTag(of: name, onLine: line) else {
                let start = file.offset(ofLine: line)
                return SourceSpan(file: file, start: start, end: start)
            }
            return SourceSpan(file: file, start: tag, end: tag + 1 + name.utf8.count)
        case .attributeValue(let element, let line, let attribute, let value):
            guard let tag = line >= 1 && line <= file.lineCount ? startTag(of: element, onLine: line) : nil,
                let range = name(value, inAttribute: attribute, ofTagAt: tag)
            else { return span(of: .element(element, line: line)) }
            return SourceSpan(file: file, start: range.lowerBound, end: range.upperBound)
        case .tag(let offset):
            var end = offset + 1
            while let byte = file.byte(at: end), !Self.endsName(byte) { end += 1 }
            return SourceSpan(file: file, start: offset, end: end)
        case .bytes(let range):
            return SourceSpan(file: file, start: range.lowerBound, end: range.upperBound)
        }
    }

    /// The offset after the character at `offset` (a whole UTF-8 sequence), at most `end`.
    private func nextCharacter(after offset: Int, before end: Int) -> Int {
        guard offset < end else { return end }
        var next = offset + 1
        while next < end, let byte = file.byte(at: next), byte & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// The offset of the start tag `<name` of an element libxml2 places on a 1-based line: the
    /// first on that line, or else the last on the closest line before it. libxml2 gives an
    /// element the line its start tag ends on, which is a later one when its attributes run
    /// over several lines.
    func startTag(of name: String, onLine line: Int) -> Int? {
        if let first = startTags(of: name, onLine: line, first: true).first { return first }
        for earlier in stride(from: line - 1, through: max(1, line - 100), by: -1) {
            if let last = startTags(of: name, onLine: earlier, first: false).last { return last }
        }
        return nil
    }

    /// The offsets of the start tags `<name` on a line: the first only, or all of them.
    private func startTags(of name: String, onLine line: Int, first: Bool) -> [Int] {
        let start = file.offset(ofLine: line)
        let end = file.endOffset(ofLine: line)
        let needle = Array(name.utf8)
        var found: [Int] = []
        file.bytes(in: start..<end).withUnsafeBufferPointer { bytes in
            var index = 0
            while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
                index = open + 1
                let after = index + needle.count
                guard after <= bytes.count, bytes[index..<after].elementsEqual(needle), after == bytes.count || Self.endsName(bytes[after])
                else { continue }
                found.append(start + open)
                if first { return }
            }
        }
        return found
    }

    /// The bytes of `name`, one of the white-space-separated names in the value of `attribute`,
    /// in the start tag at `tag`.
    private func name(_ name: String, inAttribute attribute: String, ofTagAt tag: Int) -> Range<Int>? {
        let attributeBytes = Array(attribute.utf8)
        let nameBytes = Array(name.utf8)
        var index = tag + 1
        while let byte = file.byte(at: index), byte != UInt8(ascii: ">") {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                // A value of another attribute: skip it whole.
                index += 1
                while let inside = file.byte(at: index), inside != byte { index += 1 }
                index += 1
                continue
            }
            guard Self.isSpace(byte), file.bytes(in: index + 1..<index + 1 + attributeBytes.count).elementsEqual(attributeBytes) else {
                index += 1
                continue
            }
            var cursor = index + 1 + attributeBytes.count
            while let next = file.byte(at: cursor), Self.isSpace(next) { cursor += 1 }
            guard file.byte(at: cursor) == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            cursor += 1
            while let next = file.byte(at: cursor), Self.isSpace(next) { cursor += 1 }
            guard let quote = file.byte(at: cursor), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            // The names in the value.
            var start = cursor + 1
            var position = start
            while let current = file.byte(at: position) {
                if current == quote || Self.isSpace(current) {
                    if file.bytes(in: start..<position).elementsEqual(nameBytes) { return start..<position }
                    if current == quote { return nil }
                    start = position + 1
                }
                position += 1
            }
            return nil
        }
        return nil
    }

    /// The span of `value` in the root element's attribute `name` (its excerpt), or of the
    /// root's start tag when the value is not in it; nil when there is no start tag.
    func rootAttribute(_ name: String, value: String) -> SourceSpan? {
        guard let tag = Self.rootStartTag(in: file.bytes) else { return nil }
        var end = tag + 1
        while let byte = file.byte(at: end), !Self.endsName(byte) { end += 1 }
        let element = String(decoding: file.bytes(in: (tag + 1)..<end), as: UTF8.self)
        let line = file.location(of: tag).line
        // At the root's start tag when the value cannot be found in it.
        return span(of: .attributeValue(element: element, line: line, attribute: name, value: value))?.excerpted
    }

    /// The offset of the root element's `<`: the first start tag after the prolog's comments,
    /// processing instructions and declarations.
    static func rootStartTag(in source: [UInt8]) -> Int? {
        var index = 0
        while let markup = firstMarkup(in: source, from: index) {
            guard hasPrefix("<!", in: source, at: markup) else { return markup }
            index = end(of: ">", in: source, from: markup)
        }
        return nil
    }

    /// The offset of the `<!DOCTYPE` that opens the document type declaration: the first one
    /// in the prolog outside comments and processing instructions, which may mention the word
    /// themselves. Nil when there is none before the first element.
    static func doctypeOffset(in source: [UInt8]) -> Int? {
        guard let markup = firstMarkup(in: source, from: 0), hasPrefix("<!DOCTYPE", in: source, at: markup) else { return nil }
        return markup
    }

    /// The offset of the first `<`, from `start` on, that opens neither a comment nor a
    /// processing instruction (both are skipped whole); nil when there is none.
    private static func firstMarkup(in source: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < source.count {
            guard source[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if hasPrefix("<!--", in: source, at: index) {
                index = end(of: "-->", in: source, from: index)
            } else if hasPrefix("<?", in: source, at: index) {
                index = end(of: "?>", in: source, from: index)
            } else {
                return index
            }
        }
        return nil
    }

    /// Whether `text` stands in `source` at `position`.
    private static func hasPrefix(_ text: StaticString, in source: [UInt8], at position: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= source.count else { return false }
        for offset in 0..<count where source[position + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// The offset just past the first `terminator` from `start` on (past the end when there is
    /// none).
    private static func end(of terminator: StaticString, in source: [UInt8], from start: Int) -> Int {
        var index = start
        while index < source.count, !hasPrefix(terminator, in: source, at: index) { index += 1 }
        return index + terminator.utf8CodeUnitCount
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether a byte cannot be part of an XML name (ASCII punctuation and white space, apart
    /// from `-`, `_`, `.` and `:`).
    private static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return false
        default:
            return byte < 0x80
        }
    }
}
