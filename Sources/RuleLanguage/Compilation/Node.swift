import SilkDiagnostics
import Synchronization

/// The compiled form of an expression: every name is resolved to a slot, so evaluating a rule
/// for a dossier never looks at text or paths again.
package indirect enum Node: Sendable {
    case constant(Value?)
    case fact(Int)
    case local(Int)
    case field(Node, Int)
    case definition(Int)
    case fired(Int)
    case not(Node)
    case and(Node, Node)
    case or(Node, Node)
    case compare(ComparisonOperator, Node, Node)
    case arithmetic(ArithmeticOperator, Node, Node)
    case negate(Node)
    /// `x in list`, or with `negated`, `x not in list`.
    case member(Node, Node, negated: Bool)
    /// `x in low..high`, or with `negated`, `x not in low..high`.
    case inRange(Node, Node, Node, negated: Bool)
    case contains(Node, Node)
    case matches(Node, Pattern)
    case has(Node)
    case missing(Node)
    /// `x is not applicable`
    case notApplicable(Node)
    case quantifier(QuantifierKind, local: Int, collection: Node, value: Node?, condition: Node?, isMoney: Bool)
    case call(Function, [Node])
    /// `lookup(table, key, ...)`: the table's value for the keys, unknown when none.
    case lookup(ReferenceTable, [Node])

    package enum Function: String, Sendable, CaseIterable {
        case years, days, age, lower, abs, amount, fallback
        /// `money(amount, currency)`: an amount and a currency code as money (records that give the
        /// two apart, as IATI's `<value currency="...">` does).
        case money
    }
}

/// A compiled regular expression. `Regex` is not `Sendable`, so one compiled rule set shared by
/// every worker keeps a small pool of compiled copies: each match borrows one for itself alone.
/// Matching with `Regex` costs tens of microseconds, and a portfolio repeats the same few texts
/// (technology domains, sectors) over and over, so outcomes are remembered, up to a bound.
package final class Pattern: @unchecked Sendable {
    package let source: String
    private let lock = Mutex(())
    // Guarded by `lock`.
    private var pool: [Regex<AnyRegexOutput>] = []
    private var outcomes: [String: Bool] = [:]
    /// Texts whose outcome is remembered, and the longest remembered; beyond these, texts are
    /// matched every time (so a hostile portfolio cannot make the memory grow past ~1 MiB).
    static let rememberedTexts = 4096
    static let longestRemembered = 256

    package init(source: String) {
        self.source = source
    }

    package func matches(_ text: String) -> Bool {
        var borrowed: Regex<AnyRegexOutput>? = nil
        var known: Bool? = nil
        lock.withLock { _ in
            known = outcomes[text]
            if known == nil { borrowed = pool.popLast() }
        }
        if let known { return known }
        if borrowed == nil { borrowed = try? Regex(source) }
        guard let regex = borrowed else { return false }
        let found = (try? regex.firstMatch(in: text)) != nil
        lock.withLock { _ in
            pool.append(regex)
            if outcomes.count < Self.rememberedTexts, text.utf8.count <= Self.longestRemembered { outcomes[text] = found }
        }
        return found
    }
}
