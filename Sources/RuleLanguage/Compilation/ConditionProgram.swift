/// The conditions, definitions and message values of a rule set in flat form, what the evaluator
/// walks: every node is one entry of `ops`, its operands are indices of other entries, and its
/// constants, patterns, tables, quantifiers and lookup keys are in side arrays.
///
/// `Node` is an indirect enum: taking a node's operands out of its box retains each and
/// releases it again, on every visit of every node, for every rule, every dossier and every
/// value tried for a missing fact. An `Op` holds only integers and small enums, so reading one
/// retains nothing.
package final class ConditionProgram: Sendable {
    package enum Op: Sendable {
        case constant(Int)
        case fact(Int)
        case local(Int)
        case field(Int, Int)
        case definition(Int)
        case fired(Int)
        case not(Int)
        case and(Int, Int)
        case or(Int, Int)
        case compare(ComparisonOperator, Int, Int)
        case arithmetic(ArithmeticOperator, Int, Int)
        case negate(Int)
        case member(Int, Int, negated: Bool)
        case inRange(Int, Int, Int, negated: Bool)
        case contains(Int, Int)
        case matches(Int, pattern: Int)
        case has(Int)
        case missing(Int)
        case notApplicable(Int)
        /// An entry of `quantifiers`.
        case quantifier(Int)
        /// A function of one or two arguments (the checker sees to it); `none` for a second
        /// argument not given.
        case call(Node.Function, Int, Int)
        /// A table of `tables`, and where its keys' entries are in `keys`.
        case lookup(table: Int, keys: Range<Int>)
    }

    package struct Quantifier: Sendable {
        package let kind: QuantifierKind
        package let local: Int
        package let collection: Int
        /// The `of` value and the `where` condition; `none` when the quantifier has none.
        package let value: Int
        package let condition: Int
        package let isMoney: Bool
    }

    /// The index that stands for "no operand": any negative index does (the evaluator asks
    /// `< 0`, as reading this from another module is a call).
    package static let none = -1

    package let ops: [Op]
    package let constants: [Value?]
    package let patterns: [Pattern]
    package let tables: [ReferenceTable]
    package let keys: [Int]
    package let quantifiers: [Quantifier]
    /// The entry of each rule's condition and each definition, in their order.
    package let rules: [Int]
    package let definitions: [Int]
    /// Per rule, per part of its message: the entry of a value part, `none` for a literal.
    package let messages: [[Int]]

    package init(rules: [CompiledRule], definitions: [Node]) {
        var builder = Builder()
        self.definitions = definitions.map { builder.add($0) }
        self.rules = rules.map { builder.add($0.condition) }
        self.messages = rules.map { rule in
            rule.message.map { part in
                if case .value(let node, _) = part { return builder.add(node) }
                return Self.none
            }
        }
        ops = builder.ops
        constants = builder.constants
        patterns = builder.patterns
        tables = builder.tables
        keys = builder.keys
        quantifiers = builder.quantifiers
    }

    /// Lays nodes out one entry each, operands first.
    private struct Builder {
        var ops: [Op] = []
        var constants: [Value?] = []
        var patterns: [Pattern] = []
        var tables: [ReferenceTable] = []
        var keys: [Int] = []
        var quantifiers: [Quantifier] = []

        mutating func add(_ node: Node) -> Int {
            let op: Op
            switch node {
            case .constant(let value):
                constants.append(value)
                op = .constant(constants.count - 1)
            case .fact(let slot): op = .fact(slot)
            case .local(let index): op = .local(index)
            case .field(let base, let index): op = .field(add(base), index)
            case .definition(let index): op = .definition(index)
            case .fired(let index): op = .fired(index)
            case .not(let a): op = .not(add(a))
            case .and(let a, let b): op = .and(add(a), add(b))
            case .or(let a, let b): op = .or(add(a), add(b))
            case .compare(let comparison, let a, let b): op = .compare(comparison, add(a), add(b))
            case .arithmetic(let arithmetic, let a, let b): op = .arithmetic(arithmetic, add(a), add(b))
            case .negate(let a): op = .negate(add(a))
            case .member(let a, let b, let negated): op = .member(add(a), add(b), negated: negated)
            case .inRange(let a, let b, let c, let negated): op = .inRange(add(a), add(b), add(c), negated: negated)
            case .contains(let a, let b): op = .contains(add(a), add(b))
            case .matches(let a, let pattern):
                let subject = add(a)
                patterns.append(pattern)
                op = .matches(subject, pattern: patterns.count - 1)
            case .has(let a): op = .has(add(a))
            case .missing(let a): op = .missing(add(a))
            case .notApplicable(let a): op = .notApplicable(add(a))
            case .quantifier(let kind, let local, let collection, let value, let condition, let isMoney):
                let quantifier = Quantifier(
                    kind: kind, local: local, collection: add(collection), value: value.map { add($0) } ?? ConditionProgram.none,
                    condition: condition.map { add($0) } ?? ConditionProgram.none, isMoney: isMoney)
                quantifiers.append(quantifier)
                op = .quantifier(quantifiers.count - 1)
            case .call(let function, let arguments):
                let first = arguments.first.map { add($0) } ?? ConditionProgram.none
                let second = arguments.count > 1 ? add(arguments[1]) : ConditionProgram.none
                op = .call(function, first, second)
            case .lookup(let table, let arguments):
                let entries = arguments.map { add($0) }
                let start = keys.count
                keys.append(contentsOf: entries)
                tables.append(table)
                op = .lookup(table: tables.count - 1, keys: start..<keys.count)
            }
            ops.append(op)
            return ops.count - 1
        }
    }
}
