import SilkDiagnostics

/// Splits rule-file text into tokens. It never fails: an unexpected character becomes an
/// `invalid` token and a diagnostic, and lexing goes on.
struct Lexer {
    let file: SourceFile
    private let bytes: [UInt8]
    private var index: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) {
        self.init(file: file, range: 0..<file.bytes.count)
    }

    /// Lexes only `range` of the file (an interpolation inside a text literal), keeping the
    /// file's own offsets.
    init(file: SourceFile, range: Range<Int>) {
        self.file = file
        self.bytes = Array(file.bytes[0..<range.upperBound])
        self.index = range.lowerBound
    }

    /// Every symbol with its bytes, longest first (the order of `Token.Symbol.allCases`).
    private static let symbols: [(Token.Symbol, [UInt8])] = Token.Symbol.allCases.map { ($0, Array($0.rawValue.utf8)) }

    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if case .endOfFile = token.kind { break }
        }
        return tokens
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan { SourceSpan(file: file, start: start, end: end) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func next() -> Token {
        skipTrivia()
        guard index < bytes.count else { return Token(kind: .endOfFile, start: bytes.count, end: bytes.count) }
        let start = index
        let byte = bytes[index]
        if Self.isLetter(byte) { return identifier(from: start) }
        if Self.isDigit(byte) { return number(from: start) }
        if byte == UInt8(ascii: "\"") { return string(from: start) }
        for (symbol, symbolBytes) in Self.symbols {
            if index + symbolBytes.count <= bytes.count, bytes[index..<index + symbolBytes.count].elementsEqual(symbolBytes) {
                index += symbolBytes.count
                return Token(kind: .symbol(symbol), start: start, end: index)
            }
        }
        // One whole character, however many bytes it takes.
        index += 1
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        var suggestions: [String] = []
        if text == "“" || text == "”" { suggestions.append("use straight quotes \" around text") }
        if text == "&" { suggestions.append("write 'and'") }
        if text == "|" { suggestions.append("write 'or'") }
        if text == "!" { suggestions.append("write 'not', or '!=' for 'not equal'") }
        diagnostics.append(
            Diagnostic(.error, .unexpectedCharacter, "unexpected character '\(text)'", at: span(start, index), suggestions: suggestions))
        return Token(kind: .invalid(text), start: start, end: index)
    }

    private mutating func skipTrivia() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else {
                return
            }
        }
    }

    /// Identifiers may contain single hyphens between letters or digits (`ip-leakage`), so a
    /// subtraction needs spaces around its minus sign.
    private mutating func identifier(from start: Int) -> Token {
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isLetter(byte) || Self.isDigit(byte) {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count,
                Self.isLetter(bytes[index + 1]) || Self.isDigit(bytes[index + 1])
            {
                index += 1
            } else {
                break
            }
        }
        return Token(kind: .identifier(String(decoding: bytes[start..<index], as: UTF8.self)), start: start, end: index)
    }

    private mutating func number(from start: Int) -> Token {
        // A date: exactly dddd-dd-dd.
        if start + 10 <= bytes.count {
            let candidate = bytes[start..<start + 10]
            let shape = candidate.enumerated().allSatisfy { offset, byte in
                offset == 4 || offset == 7 ? byte == UInt8(ascii: "-") : Self.isDigit(byte)
            }
            let followedByNameCharacter =
                start + 10 < bytes.count && (Self.isLetter(bytes[start + 10]) || Self.isDigit(bytes[start + 10]))
            if shape && !followedByNameCharacter {
                index = start + 10
                let text = String(decoding: candidate, as: UTF8.self)
                if let day = Day(iso: text) {
                    return Token(kind: .date(day), start: start, end: index)
                }
                diagnostics.append(Diagnostic(.error, .invalidDate, "'\(text)' is not a calendar date", at: span(start, index)))
                return Token(kind: .invalid(text), start: start, end: index)
            }
        }
        while index < bytes.count, Self.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), Self.isDigit(bytes[index + 1]) {
            index += 1
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var probe = index + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") { probe += 1 }
            if probe < bytes.count, Self.isDigit(bytes[probe]) {
                index = probe
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self).replacingOccurrences("_", "")
        let value = Double(text) ?? 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "%") {
            index += 1
            return Token(kind: .percent(value / 100), start: start, end: index)
        }
        return Token(kind: .number(value), start: start, end: index)
    }

    private mutating func string(from start: Int) -> Token {
        index += 1
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return Token(kind: .string(String(decoding: value, as: UTF8.self)), start: start, end: index)
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    value.append(escaped)
                case UInt8(ascii: "{"), UInt8(ascii: "}"):
                    // Kept escaped: interpolation parsing turns "\{" into a literal brace.
                    value.append(UInt8(ascii: "\\"))
                    value.append(escaped)
                default:
                    diagnostics.append(
                        Diagnostic(
                            .error, .invalidEscape, "unknown escape '\\\(Character(UnicodeScalar(escaped)))' in text",
                            at: span(index, index + 2), suggestions: ["write \\\\ for a backslash"]))
                }
                index += 2
                continue
            }
            value.append(byte)
            index += 1
        }
        diagnostics.append(
            Diagnostic(
                .error, .unterminatedText, "text literal is not closed on its line", at: span(start, index),
                suggestions: ["add a closing \" ; a long text may continue as another \"...\" on the next line"]))
        return Token(kind: .string(String(decoding: value, as: UTF8.self)), start: start, end: index)
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
