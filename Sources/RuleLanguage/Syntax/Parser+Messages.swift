import SilkDiagnostics

/// A rule's message: literal text with `{expression}` parts that show the dossier's values.
extension Parser {
    /// Splits a message into literal text and `{expression}` parts, lexing each expression with
    /// its real position in the file. The message is read again from the file's bytes (not from
    /// the token's text) so that every part keeps its position, across adjacent literals too.
    mutating func interpolations(in message: Located<String>) -> [MessagePart] {
        var parts: [MessagePart] = []
        var literal = ""
        let bytes = file.bytes
        var index = message.span.start
        let end = message.span.end
        var inString = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if inString {
                    inString = false
                    index += 1
                    // Adjacent literals are joined by a space.
                    var probe = index
                    while probe < end, bytes[probe] != UInt8(ascii: "\"") { probe += 1 }
                    if probe < end { literal += " " }
                    index = probe
                    continue
                }
                inString = true
                index += 1
                continue
            }
            guard inString else {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): literal += "\n"
                case UInt8(ascii: "t"): literal += "\t"
                default: literal += String(UnicodeScalar(escaped))
                }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "{") {
                var close = index + 1
                while close < end, bytes[close] != UInt8(ascii: "}"), bytes[close] != UInt8(ascii: "\"") { close += 1 }
                guard close < end, bytes[close] == UInt8(ascii: "}") else {
                    error(
                        .unclosedInterpolation, "'{' in a message is not closed by '}'", at: SourceSpan(file: file, start: index, end: index + 1),
                        suggestions: ["write \\{ for a literal brace"])
                    index += 1
                    continue
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.expression(interpolation(in: (index + 1)..<close)))
                index = close + 1
                continue
            }
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            literal += String(decoding: bytes[index..<min(index + length, end)], as: UTF8.self)
            index += length
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// The expression between a message's `{` and `}`, read by a parser of its own that sees
    /// only those bytes; its diagnostics join this parser's.
    private mutating func interpolation(in range: Range<Int>) -> Expression {
        var sub = Parser(file: file, range: range)
        let expression = sub.expression()
        if !sub.atEnd {
            sub.error(.expectedToken, "expected '}' to end the interpolation, found \(sub.current.describe)", at: sub.span(sub.current))
        }
        diagnostics += sub.diagnostics
        return expression
    }
}
