import SilkDiagnostics

/// How the parser finds its feet again after an error. Keywords count as landmarks only where
/// they start a line, the way rule files are written, so that a word inside a broken expression
/// is not mistaken for the next clause or declaration.
extension Parser {
    func startsLine(_ token: Token) -> Bool {
        var index = token.start - 1
        while index >= 0 {
            let byte = file.bytes[index]
            if byte == UInt8(ascii: "\n") { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { return false }
            index -= 1
        }
        return true
    }

    /// Whether the current token is a declaration keyword (a landmark) that starts a line.
    var atDeclaration: Bool {
        isLandmark(current) && startsLine(current)
    }

    func isLandmark(_ token: Token) -> Bool {
        token.identifier.map(landmarks.contains) ?? false
    }

    /// Skips to the next token that can start a declaration, outside any braces the skipped text
    /// opens, so that a broken rule header does not make its own body look like new declarations.
    mutating func skipToDeclaration() {
        var depth = 0
        while !atEnd {
            if depth == 0, atDeclaration { return }
            if current.isSymbol(.leftBrace) { depth += 1 }
            if current.isSymbol(.rightBrace) {
                depth = max(0, depth - 1)
                if depth == 0 {
                    advance()
                    continue
                }
            }
            advance()
        }
    }

    /// Inside a block: skips to the next clause keyword that starts a line, a closing brace, or a
    /// declaration keyword that starts a line.
    mutating func skipToClause(_ clauses: [String]) {
        while !atEnd {
            if current.isSymbol(.rightBrace) { return }
            if let word = current.identifier, startsLine(current), clauses.contains(word) || isLandmark(current) {
                return
            }
            advance()
        }
    }

    /// Skips the rest of a clause or field: everything up to a name that starts a line, or a
    /// closing brace.
    mutating func skipRestOfClause() {
        while !atEnd, !(startsLine(current) && current.identifier != nil), !current.isSymbol(.rightBrace) { advance() }
    }

    /// Reads a clause keyword; reports an unknown one with a suggestion and skips its clause.
    mutating func clauseKeyword<Clause: BlockClause>(_: Clause.Type, in block: String) -> Clause? {
        let clauses = Clause.names
        if let word = current.identifier, let clause = Clause(rawValue: word) {
            advance()
            return clause
        }
        if let word = current.identifier, atDeclaration, !clauses.contains(word) {
            error(.expectedToken, "expected '}' to close the \(block) before this \(word)", at: span(current))
            return nil
        }
        var suggestions: [String] = []
        if let word = current.identifier, let close = Suggest.closest(to: word, among: clauses) {
            suggestions.append("did you mean '\(close)'?")
        }
        error(
            .unknownClause, "expected one of \(clauses.joined(separator: ", ")) in a \(block), found \(current.describe)",
            at: span(current), suggestions: suggestions)
        advance()
        skipToClause(clauses)
        return nil
    }

    /// Reads the clauses of a `{ ... }` block up to its `}`. When a declaration starts a line
    /// before the `}` (the brace is missing; `clauseKeyword` has said so), the block ends there,
    /// so that the declaration is read as one and the parser never waits on a token it will not
    /// consume.
    mutating func block<Clause: BlockClause>(_ kind: Clause.Type, in name: String, _ read: (inout Parser, Clause) -> Void) {
        while !atEnd, !current.isSymbol(.rightBrace) {
            guard let clause = clauseKeyword(kind, in: name) else {
                if let word = current.identifier, atDeclaration, !Clause.names.contains(word) {
                    return
                }
                continue
            }
            read(&self, clause)
        }
        _ = expectSymbol(.rightBrace)
    }
}
