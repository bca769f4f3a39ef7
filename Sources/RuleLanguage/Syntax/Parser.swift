public import SilkDiagnostics

/// Parses one rule file. It never throws: it returns the declarations it could read and a
/// diagnostic for everything it could not, recovering at the next clause or declaration so that
/// one run reports every syntax error in the file.
///
/// The parser is split by what it reads: this file holds its state and the small readers every
/// part shares; `Parser+Declarations` reads the declarations and their blocks,
/// `Parser+Expressions` conditions and values, `Parser+Messages` the `{expression}` parts of a
/// message, and `Parser+Recovery` how it finds its feet again after an error.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    /// How deep the expression being read nests (see `maximumNesting`).
    var nesting = 0
    /// The words that start a declaration, where the parser finds its feet after an error: the
    /// declaration keywords in a rule file, `test` in a test file.
    var landmarks: Set<String> = Set(DeclarationKeyword.allCases.map(\.rawValue))

    public init(file: SourceFile) {
        self.init(file: file, range: 0..<file.bytes.count)
    }

    /// Reads only `range` of the file (an interpolation inside a message), keeping the file's own
    /// offsets.
    init(file: SourceFile, range: Range<Int>) {
        self.file = file
        var lexer = Lexer(file: file, range: range)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        // Invalid characters have been reported; the parser skips them.
        self.tokens.removeAll { if case .invalid = $0.kind { return true } else { return false } }
    }

    public static func parse(_ file: SourceFile) -> RuleFileSyntax {
        var parser = Parser(file: file)
        return parser.parseFile()
    }

    // MARK: - Tokens

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(0, position - 1)] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    var atEnd: Bool {
        if case .endOfFile = current.kind { return true }
        return false
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    func span(_ token: Token) -> SourceSpan { SourceSpan(file: file, start: token.start, end: token.end) }
    func span(from start: Int) -> SourceSpan { SourceSpan(file: file, start: start, end: previous.end) }

    mutating func error(_ id: DiagnosticID, _ message: String, at span: SourceSpan, suggestions: [String] = []) {
        diagnostics.append(Diagnostic(.error, id, message, at: span, suggestions: suggestions))
    }

    mutating func expected(_ what: String) {
        error(.expectedToken, "expected \(what), found \(current.describe)", at: span(current))
    }

    mutating func consumeSymbol(_ symbol: Token.Symbol) -> Bool {
        if current.isSymbol(symbol) {
            advance()
            return true
        }
        return false
    }

    mutating func consumeWord(_ word: String) -> Bool {
        if current.isWord(word) {
            advance()
            return true
        }
        return false
    }

    mutating func expectSymbol(_ symbol: Token.Symbol) -> Bool {
        if consumeSymbol(symbol) { return true }
        expected("'\(symbol.rawValue)'")
        return false
    }

    // MARK: - Names, texts and numbers

    mutating func identifier(_ what: String) -> Located<String>? {
        if let name = current.identifier {
            let token = advance()
            return Located(name, span(token))
        }
        expected(what)
        return nil
    }

    /// One text literal, or several in a row joined by single spaces (for long texts).
    mutating func text(_ what: String) -> Located<String>? {
        guard case .string(let first) = current.kind else {
            expected(what)
            return nil
        }
        let start = advance()
        var value = first
        while case .string(let more) = current.kind {
            advance()
            value += " " + more
        }
        return Located(value, span(from: start.start))
    }

    mutating func signedNumber(_ what: String) -> Located<Double>? {
        let start = current.start
        var sign = 1.0
        if consumeSymbol(.minus) { sign = -1 } else { _ = consumeSymbol(.plus) }
        switch current.kind {
        case .number(let value), .percent(let value):
            advance()
            return Located(sign * value, span(from: start))
        default:
            expected(what)
            return nil
        }
    }
}
