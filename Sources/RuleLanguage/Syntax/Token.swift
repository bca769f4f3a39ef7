import SilkDiagnostics

/// A lexical token of the rule language. Offsets are UTF-8 byte offsets into the source.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier(String)
        case number(Double)
        /// A number followed by `%`: the value is already divided by 100.
        case percent(Double)
        case date(Day)
        /// The contents between the quotes, escapes resolved (`\{` and `\}` are kept escaped for
        /// the message parser, which turns them into literal braces).
        case string(String)
        case symbol(Symbol)
        case endOfFile
        case invalid(String)
    }

    /// The punctuation and operator symbols, named for how they look (what they mean is up to
    /// the parser). `allCases` lists the longer before the shorter they begin with, so that the
    /// lexer, taking the first that matches, reads `<=` as one symbol and not as `<` and `=`.
    public enum Symbol: String, Sendable, Hashable, CaseIterable {
        case equalEqual = "==", bangEqual = "!=", lessEqual = "<=", greaterEqual = ">=", dotDot = ".."
        case less = "<", greater = ">", equal = "=", plus = "+", minus = "-", star = "*", slash = "/"
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
        case comma = ",", colon = ":", dot = ".", percent = "%"
    }

    public var kind: Kind
    public var start: Int
    public var end: Int

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    func isSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let found) = kind { return found == symbol }
        return false
    }

    func isWord(_ word: String) -> Bool {
        if case .identifier(let name) = kind { return name == word }
        return false
    }

    /// The declaration this token starts, when it is one of the declaration keywords.
    var declarationKeyword: DeclarationKeyword? {
        identifier.flatMap(DeclarationKeyword.init(rawValue:))
    }

    /// Whether this token is the operator `op` as written in a rule file.
    func spells(_ op: BinaryOperator) -> Bool {
        switch op {
        case .comparison(let comparison): isSymbol(comparison.symbol)
        case .arithmetic(let arithmetic): isSymbol(arithmetic.symbol)
        case .and, .or, .in, .contains, .matches: isWord(op.spelling)
        // Two words, read by the parser itself.
        case .notIn: false
        }
    }

    var describe: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .number, .percent: "a number"
        case .date: "a date"
        case .string: "a text literal"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .endOfFile: "the end of the file"
        case .invalid(let text): "'\(text)'"
        }
    }
}
