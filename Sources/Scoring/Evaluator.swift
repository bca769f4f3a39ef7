import DossierXML
import RuleLanguage
import SilkDiagnostics

/// The outcome of one rule on one dossier.
public enum RuleStatus: String, Sendable, Hashable {
    /// The condition is true: the rule's points count.
    case fired
    /// The condition is false.
    case notFired = "not-fired"
    /// The condition depends on facts the dossier does not give.
    case undecided
}

/// Evaluates compiled rules against one dossier's facts with three-valued logic: a condition
/// that depends on an unknown fact is itself unknown unless the known facts decide it
/// (`false and unknown` is false, `true or unknown` is true).
struct Evaluator {
    let ruleSet: CompiledRuleSet
    let facts: DossierFacts
    private var locals: [Value?] = []
    /// Per definition: nil when not yet evaluated, `.some(value)` once it is (value may be nil).
    private var definitionCache: [Value??]
    private var ruleCache: [(RuleStatus, Bool)?]
    /// Currency pairs compared or combined with no declared rate, as "RUB/USD".
    private(set) var missingRates: Set<String> = []

    init(ruleSet: CompiledRuleSet, facts: DossierFacts) {
        self.ruleSet = ruleSet
        self.facts = facts
        self.definitionCache = Array(repeating: nil, count: ruleSet.definitions.count)
        self.ruleCache = Array(repeating: nil, count: ruleSet.rules.count)
    }

    /// The rule's status, and whether its `unknown fire|skip` clause decided it.
    mutating func status(ofRule index: Int) -> (RuleStatus, assumed: Bool) {
        if let cached = ruleCache[index] { return cached }
        let rule = ruleSet.rules[index]
        let result: (RuleStatus, Bool)
        switch evaluate(rule.condition)?.boolean {
        case true?: result = (.fired, false)
        case false?: result = (.notFired, false)
        case nil:
            if let assumption = rule.whenUnknown {
                result = (assumption ? .fired : .notFired, true)
            } else {
                result = (.undecided, false)
            }
        }
        ruleCache[index] = result
        return result
    }

    // One switch over every kind of node, longer than most functions here on purpose: it is the
    // interpreter's hot loop, and each case is a few lines that read best side by side.
    mutating func evaluate(_ node: Node) -> Value? {
        switch node {
        case .constant(let value):
            return value
        case .fact(let slot):
            return facts.values[slot]
        case .local(let index):
            return locals[index]
        case .field(let base, let index):
            guard case .record(let fields)? = evaluate(base) else { return nil }
            return fields[index]
        case .definition(let index):
            if let cached = definitionCache[index] { return cached }
            let value = evaluate(ruleSet.definitions[index])
            definitionCache[index] = value
            return value
        case .fired(let index):
            switch status(ofRule: index).0 {
            case .fired: return .boolean(true)
            case .notFired: return .boolean(false)
            case .undecided: return nil
            }
        case .not(let operand):
            return evaluate(operand)?.boolean.map { .boolean(!$0) }
        case .and(let left, let right):
            let a = evaluate(left)?.boolean
            if a == false { return .boolean(false) }
            let b = evaluate(right)?.boolean
            if b == false { return .boolean(false) }
            if a == true && b == true { return .boolean(true) }
            return nil
        case .or(let left, let right):
            let a = evaluate(left)?.boolean
            if a == true { return .boolean(true) }
            let b = evaluate(right)?.boolean
            if b == true { return .boolean(true) }
            if a == false && b == false { return .boolean(false) }
            return nil
        case .compare(let op, let left, let right):
            guard let a = evaluate(left), let b = evaluate(right) else { return nil }
            noteMissingRate(a, b)
            return ValueOperations.compare(op, a, b, rates: ruleSet.rates).map(Value.boolean)
        case .arithmetic(let op, let left, let right):
            guard let a = evaluate(left), let b = evaluate(right) else { return nil }
            noteMissingRate(a, b)
            return ValueOperations.arithmetic(op, a, b, rates: ruleSet.rates)
        case .negate(let operand):
            switch evaluate(operand) {
            case .number(let value)?: return .number(Interval(-value.high, -value.low))
            case .money(let value, let currency)?: return .money(Interval(-value.high, -value.low), currency: currency)
            default: return nil
            }
        case .member(let value, let list):
            guard let needle = evaluate(value), case .list(let items)? = evaluate(list) else { return nil }
            return ValueOperations.anyEqual(items, needle, rates: ruleSet.rates).map(Value.boolean)
        case .inRange(let value, let low, let high):
            guard let x = evaluate(value) else { return nil }
            let aboveLow = evaluate(low).flatMap { ValueOperations.compare(.greaterOrEqual, x, $0, rates: ruleSet.rates) }
            let belowHigh = evaluate(high).flatMap { ValueOperations.compare(.lessOrEqual, x, $0, rates: ruleSet.rates) }
            if aboveLow == false || belowHigh == false { return .boolean(false) }
            if aboveLow == true && belowHigh == true { return .boolean(true) }
            return nil
        case .contains(let container, let value):
            guard let haystack = evaluate(container), let needle = evaluate(value) else { return nil }
            switch (haystack, needle) {
            case (.text(let text), .text(let part)):
                return .boolean(ValueOperations.contains(text, part))
            case (.list(let items), _):
                return ValueOperations.anyEqual(items, needle, rates: ruleSet.rates).map(Value.boolean)
            default:
                return nil
            }
        case .matches(let value, let pattern):
            guard case .text(let text)? = evaluate(value) else { return nil }
            return .boolean(pattern.matches(text))
        case .has(let operand):
            return .boolean(evaluate(operand) != nil)
        case .missing(let operand):
            return .boolean(evaluate(operand) == nil)
        case .quantifier(let kind, let local, let collection, let valueNode, let condition, let isMoney):
            guard case .list(let items)? = evaluate(collection) else { return nil }
            return quantify(kind, local: local, items: items, value: valueNode, condition: condition, isMoney: isMoney)
        case .call(let function, let arguments):
            return call(function, arguments)
        case .lookup(let table, let keys):
            return table.lookup(keys.map { evaluate($0) })
        }
    }

    private mutating func bind(_ local: Int, _ value: Value?) {
        while locals.count <= local { locals.append(nil) }
        locals[local] = value
    }

    /// `isMoney` says what `sum` of an empty selection is: 0, or no money (in no currency: zero is
    /// zero in any). It is the node's own, not state: a quantifier nested in the `where` or `of` of
    /// another must not change what the outer one sums to.
    private mutating func quantify(
        _ kind: QuantifierKind, local: Int, items: [Value?], value: Node?, condition: Node?, isMoney: Bool
    ) -> Value? {
        var trues = 0
        var unknowns = 0
        var selected: [Value?] = []
        for item in items {
            bind(local, item)
            let test: Bool? = condition.map { evaluate($0)?.boolean } ?? true
            switch test {
            case true?:
                trues += 1
                if let value { selected.append(evaluate(value)) }
            case nil:
                unknowns += 1
            default:
                break
            }
        }
        switch kind {
        case .any:
            return trues > 0 ? .boolean(true) : unknowns > 0 ? nil : .boolean(false)
        case .none:
            return trues > 0 ? .boolean(false) : unknowns > 0 ? nil : .boolean(true)
        case .all:
            let falses = items.count - trues - unknowns
            return falses > 0 ? .boolean(false) : unknowns > 0 ? nil : .boolean(true)
        case .count:
            return .number(Interval(Double(trues), Double(trues + unknowns)))
        case .sum, .min, .max:
            guard unknowns == 0 else { return nil }
            var result: Value? = nil
            for item in selected {
                guard let item else { return nil }
                guard let current = result else {
                    result = item
                    continue
                }
                switch kind {
                case .sum:
                    result = ValueOperations.arithmetic(.add, current, item, rates: ruleSet.rates)
                    if result == nil { return nil }
                case .min:
                    guard let less = ValueOperations.compare(.less, item, current, rates: ruleSet.rates) else { return nil }
                    if less { result = item }
                default:
                    guard let greater = ValueOperations.compare(.greater, item, current, rates: ruleSet.rates) else { return nil }
                    if greater { result = item }
                }
            }
            if result == nil, kind == .sum { return isMoney ? .money(Interval(0), currency: "") : .number(Interval(0)) }
            return result
        }
    }

    private mutating func call(_ function: Node.Function, _ arguments: [Node]) -> Value? {
        if function == .fallback {
            return evaluate(arguments[0]) ?? evaluate(arguments[1])
        }
        let values = arguments.map { evaluate($0) }
        switch function {
        case .years, .days:
            guard case .date(let from)? = values[0], case .date(let to)? = values[1] else { return nil }
            let days = Double(to.daysSinceEpoch - from.daysSinceEpoch)
            return .number(Interval(function == .years ? from.years(to: to) : days))
        case .age:
            guard case .date(let from)? = values[0], let asOf = facts.asOf else { return nil }
            return .number(Interval(from.years(to: asOf)))
        case .lower:
            guard case .text(let text)? = values[0] else { return nil }
            return .text(text.lowercased())
        case .abs:
            guard case .number(let value)? = values[0] else { return nil }
            if value.low >= 0 { return .number(value) }
            if value.high <= 0 { return .number(Interval(-value.high, -value.low)) }
            return .number(Interval(0, max(-value.low, value.high)))
        case .amount:
            guard case .money(let value, _)? = values[0] else { return nil }
            return .number(value)
        case .money:
            // A currency is three capital letters (ISO 4217); anything else leaves the money unknown.
            guard case .number(let value)? = values[0], case .text(let code)? = values[1], code.utf8.count == 3,
                code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
            else { return nil }
            return .money(value, currency: code)
        case .fallback:
            return nil
        }
    }

    private mutating func noteMissingRate(_ a: Value, _ b: Value) {
        guard case .money(_, let x) = a, case .money(_, let y) = b, ruleSet.rates.factor(from: y, to: x) == nil else { return }
        missingRates.insert([x, y].sorted().joined(separator: "/"))
    }
}
