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
///
/// It walks the rule set's `ConditionProgram`, the flat form of its conditions: a node is an
/// index into `ops`.
struct Evaluator {
    typealias Op = ConditionProgram.Op
    let ruleSet: CompiledRuleSet
    let program: ConditionProgram
    /// The program's entries, held here so that reading one is an array access.
    let ops: [Op]
    private(set) var facts: DossierFacts
    private var locals: [Value?] = []
    /// Per definition: nil when not yet evaluated, `.some(value)` once it is (value may be nil).
    private var definitionCache: [Value??]
    private var ruleCache: [(RuleStatus, Bool)?]
    /// Currency pairs compared or combined with no declared rate, as "RUB/USD".
    private(set) var missingRates: Set<String> = []
    /// With `tracksMissingReads`: the slots of the missing facts read so far, and those each
    /// definition and rule read when it was worked out. Evaluation follows one path, chosen
    /// only by the values it reads, so a rule's outcome is the same whatever a missing fact it
    /// did not read turns out to be (see `Assessor.missingFacts`).
    /// One log of the missing facts' slots as they are read, a cached definition's or rule's
    /// reads copied in again each time it is used; each definition and rule knows its stretch
    /// of the log, so nothing is allocated per rule.
    private var tracksMissingReads: Bool
    private var missingReads: [Int] = []
    /// The fact `try(_:inFact:forgetting:_:)` gives a value to (-1: none), and that value.
    private var trialSlot = -1
    private var trialValue: Value? = nil
    private var definitionReads: [Range<Int>]
    private var ruleReads: [Range<Int>]

    init(ruleSet: CompiledRuleSet, facts: DossierFacts, tracksMissingReads: Bool = false) {
        self.ruleSet = ruleSet
        self.program = ruleSet.program
        self.ops = ruleSet.program.ops
        self.facts = facts
        self.definitionCache = Array(repeating: nil, count: ruleSet.definitions.count)
        self.ruleCache = Array(repeating: nil, count: ruleSet.rules.count)
        self.tracksMissingReads = tracksMissingReads
        self.definitionReads = tracksMissingReads ? Array(repeating: 0..<0, count: ruleSet.definitions.count) : []
        self.ruleReads = tracksMissingReads ? Array(repeating: 0..<0, count: ruleSet.rules.count) : []
        if tracksMissingReads { missingReads.reserveCapacity(64) }
    }

    /// The same evaluator, with every outcome and value it has worked out, that no longer logs
    /// which missing facts it reads: what working out the points at stake starts from, so that
    /// the outcomes a missing fact cannot change are not worked out again.
    func untracked() -> Evaluator {
        var copy = self
        copy.tracksMissingReads = false
        copy.missingReads = []
        copy.definitionReads = []
        copy.ruleReads = []
        return copy
    }

    /// Whether the rule read the missing fact in `slot` when it was worked out (with
    /// `tracksMissingReads`).
    func read(slot: Int, forRule index: Int) -> Bool {
        missingReads[ruleReads[index]].contains(slot)
    }

    /// Copies a stretch of the log to its end: the reads of a cached outcome used again.
    private mutating func replay(_ reads: Range<Int>) {
        guard !reads.isEmpty else { return }
        missingReads.reserveCapacity(missingReads.count + reads.count)
        for index in reads { missingReads.append(missingReads[index]) }
    }

    /// Puts `value` in the fact's slot and forgets the outcomes worked out from the old value:
    /// those of `definitions` and `rules`, every definition and rule that reads the slot
    /// (see `Assessor.missingFacts`, which asks what filling in a missing fact would change).
    mutating func set(fact slot: Int, to value: Value?, forgetting definitions: [Int], _ rules: [Int]) {
        facts.values[slot] = value
        forget(definitions, rules)
    }

    /// As `set(fact:to:forgetting:_:)` for one fact at a time: `value` is read in the slot's
    /// place (nil: the slot's own value again) without writing to `facts`, whose values the
    /// assessment shares: the first write would copy them all.
    mutating func `try`(_ value: Value?, inFact slot: Int?, forgetting definitions: [Int], _ rules: [Int]) {
        trialSlot = slot ?? -1
        trialValue = value
        forget(definitions, rules)
    }

    /// Forgets the outcomes worked out for these definitions and rules.
    private mutating func forget(_ definitions: [Int], _ rules: [Int]) {
        for index in definitions { definitionCache[index] = nil }
        for index in rules { ruleCache[index] = nil }
    }

    /// The rule's status, and whether its `unknown fire|skip` clause decided it.
    mutating func status(ofRule index: Int) -> (RuleStatus, assumed: Bool) {
        if let cached = ruleCache[index] {
            if tracksMissingReads { replay(ruleReads[index]) }
            return cached
        }
        let start = missingReads.count
        let result: (RuleStatus, Bool)
        switch truth(program.rules[index]) {
        case true?: result = (.fired, false)
        case false?: result = (.notFired, false)
        case nil:
            if let assumption = ruleSet.rules[index].whenUnknown {
                result = (assumption ? .fired : .notFired, true)
            } else {
                result = (.undecided, false)
            }
        }
        ruleCache[index] = result
        if tracksMissingReads { ruleReads[index] = start..<missingReads.count }
        return result
    }

    /// The value of part `position` of rule `rule`'s message (a value part).
    mutating func evaluate(message rule: Int, part position: Int) -> Value? {
        evaluate(program.messages[rule][position])
    }

    // One switch over every kind of node, longer than most functions here on purpose: it is the
    // interpreter's hot loop, and each case is a few lines that read best side by side.
    mutating func evaluate(_ node: Int) -> Value? {
        switch ops[node] {
        case .constant(let index):
            return program.constants[index]
        case .fact(let slot):
            let value = slot == trialSlot ? trialValue : facts.values[slot]
            if tracksMissingReads && value == nil { missingReads.append(slot) }
            return value
        case .local(let index):
            return locals[index]
        case .field(let base, let index):
            // An item's field (`a.kind` in `any(a in ... where a.kind == ...)`), read where the
            // item is bound rather than from a copy of it.
            if case .local(let local) = ops[base], case .record(let fields)? = locals[local] { return fields[index] }
            let record = evaluate(base)
            if case .record(let fields)? = record { return fields[index] }
            return Self.notApplicable(record)
        case .definition(let index):
            if let cached = definitionCache[index] {
                if tracksMissingReads { replay(definitionReads[index]) }
                return cached
            }
            let start = missingReads.count
            let value = evaluate(program.definitions[index])
            definitionCache[index] = value
            if tracksMissingReads { definitionReads[index] = start..<missingReads.count }
            return value
        case .fired, .not, .and, .or, .compare, .has, .missing, .notApplicable:
            // Conditions: worked out as true, false or unknown (`truth`).
            return truth(node).map(Value.boolean)
        case .arithmetic(let op, let left, let right):
            guard let a = evaluate(left) else { return isConstant(right) ? nil : Self.notApplicable(evaluate(right)) }
            guard let b = evaluate(right) else { return Self.notApplicable(a) }
            noteMissingRate(a, b)
            return ValueOperations.arithmetic(op, a, b, rates: ruleSet.rates)
        case .negate(let operand):
            let value = evaluate(operand)
            switch value {
            case .number(let value)?: return .number(Interval(-value.high, -value.low))
            case .money(let value, let currency)?: return .money(Interval(-value.high, -value.low), currency: currency)
            default: return Self.notApplicable(value)
            }
        case .member(let value, let list, let negated):
            guard let needle = evaluate(value) else { return falseIfNotApplicable(list) }
            let found: Bool?
            switch evaluate(list) {
            case .list(let items)?: found = ValueOperations.anyEqual(items, needle, rates: ruleSet.rates)
            // An open list holds at least its items: one that matches decides, none does not.
            case .openList(let items)?: found = ValueOperations.anyEqual(items, needle, rates: ruleSet.rates) == true ? true : nil
            case .notApplicable?: return .boolean(false)
            default: return nil
            }
            if needle.isNotApplicable { return .boolean(false) }
            return (negated ? found.map { !$0 } : found).map(Value.boolean)
        case .inRange(let value, let low, let high, let negated):
            guard let x = evaluate(value) else { return falseIfNotApplicable(low) ?? falseIfNotApplicable(high) }
            let lowValue = evaluate(low)
            let highValue = evaluate(high)
            if x.isNotApplicable || lowValue?.isNotApplicable == true || highValue?.isNotApplicable == true { return .boolean(false) }
            let aboveLow = lowValue.flatMap { ValueOperations.compare(.greaterOrEqual, x, $0, rates: ruleSet.rates) }
            let belowHigh = highValue.flatMap { ValueOperations.compare(.lessOrEqual, x, $0, rates: ruleSet.rates) }
            if aboveLow == false || belowHigh == false { return .boolean(negated) }
            if aboveLow == true && belowHigh == true { return .boolean(!negated) }
            return nil
        case .contains(let container, let value):
            guard let haystack = evaluate(container) else { return falseIfNotApplicable(value) }
            guard let needle = evaluate(value) else { return haystack.isNotApplicable ? .boolean(false) : nil }
            switch (haystack, needle) {
            case (.text(let text), .text(let part)):
                return .boolean(ValueOperations.contains(text, part))
            case (.list(let items), _):
                return ValueOperations.anyEqual(items, needle, rates: ruleSet.rates).map(Value.boolean)
            case (.openList(let items), _):
                return ValueOperations.anyEqual(items, needle, rates: ruleSet.rates) == true ? .boolean(true) : nil
            default:
                return haystack.isNotApplicable || needle.isNotApplicable ? .boolean(false) : nil
            }
        case .matches(let value, let pattern):
            let subject = evaluate(value)
            guard case .text(let text)? = subject else { return subject?.isNotApplicable == true ? .boolean(false) : nil }
            return .boolean(program.patterns[pattern].matches(text))
        case .quantifier(let index):
            let quantifier = program.quantifiers[index]
            switch evaluate(quantifier.collection) {
            case .list(let items)?:
                return quantify(quantifier, items: items)
            case nil:
                return nil
            case let other?:
                return quantify(quantifier, over: other)
            }
        case .call(let function, let first, let second):
            return call(function, first, second)
        case .lookup(let table, let keys):
            var values: [Value?] = []
            values.reserveCapacity(keys.count)
            for key in keys { values.append(evaluate(program.keys[key])) }
            return program.tables[table].lookup(values)
        }
    }

    /// The node as true, false or unknown: what `evaluate(node)?.boolean` gives, worked out
    /// without making a `Value` for the logic's own results (conditions are mostly `and`, `or`,
    /// `not` and `has` of comparisons, and every `Value` made is destroyed through the runtime).
    /// Reads the same facts in the same order as `evaluate`.
    mutating func truth(_ node: Int) -> Bool? {
        switch ops[node] {
        case .not(let operand):
            return truth(operand).map { !$0 }
        case .and(let left, let right):
            let a = truth(left)
            if a == false { return false }
            let b = truth(right)
            if b == false { return false }
            return a == true && b == true ? true : nil
        case .or(let left, let right):
            let a = truth(left)
            if a == true { return true }
            let b = truth(right)
            if b == true { return true }
            return a == false && b == false ? false : nil
        case .fired(let index):
            switch status(ofRule: index).0 {
            case .fired: return true
            case .notFired: return false
            case .undecided: return nil
            }
        case .compare(let op, let left, let right):
            // A value that does not apply makes the comparison false even beside an unknown one.
            guard let a = evaluate(left) else { return falseIfNotApplicable(right)?.boolean }
            guard let b = evaluate(right) else { return a.isNotApplicable ? false : nil }
            noteMissingRate(a, b)
            return ValueOperations.compare(op, a, b, rates: ruleSet.rates)
        case .has(let operand):
            // Given: neither unknown nor said not to apply.
            switch evaluate(operand) {
            case nil, .notApplicable?: return false
            default: return true
            }
        case .missing(let operand):
            return evaluate(operand) == nil
        case .notApplicable(let operand):
            return evaluate(operand)?.isNotApplicable == true
        default:
            return evaluate(node)?.boolean
        }
    }

    /// The value itself when it does not apply; otherwise unknown.
    @inline(__always) static func notApplicable(_ value: Value?) -> Value? {
        value?.isNotApplicable == true ? value : nil
    }

    @inline(__always) private func isConstant(_ node: Int) -> Bool {
        if case .constant = ops[node] { return true }
        return false
    }

    /// For a comparison whose other side is unknown: false when this side does not apply,
    /// otherwise unknown. A constant (most right-hand sides) is never "not applicable", and is
    /// not looked at.
    private mutating func falseIfNotApplicable(_ node: Int) -> Value? {
        if isConstant(node) { return nil }
        return evaluate(node)?.isNotApplicable == true ? .boolean(false) : nil
    }

    mutating func bind(_ local: Int, _ value: Value?) {
        while locals.count <= local { locals.append(nil) }
        locals[local] = value
    }

    /// Every function takes one or two arguments (the checker sees to it); they are worked out
    /// into two locals, not an array, as this runs for every call in every condition.
    private mutating func call(_ function: Node.Function, _ firstNode: Int, _ secondNode: Int) -> Value? {
        if function == .fallback {
            return evaluate(firstNode) ?? evaluate(secondNode)
        }
        let first = firstNode < 0 ? nil : evaluate(firstNode)
        let second = secondNode < 0 ? nil : evaluate(secondNode)
        if let result = apply(function, first, second) { return result }
        // A function of a value that does not apply does not apply either.
        if first?.isNotApplicable == true { return first }
        if second?.isNotApplicable == true { return second }
        return nil
    }

    private func apply(_ function: Node.Function, _ first: Value?, _ second: Value?) -> Value? {
        switch function {
        case .years, .days:
            guard case .date(let from)? = first, case .date(let to)? = second else { return nil }
            let days = Double(to.daysSinceEpoch - from.daysSinceEpoch)
            return .number(Interval(function == .years ? from.years(to: to) : days))
        case .age:
            guard case .date(let from)? = first, let asOf = facts.asOf else { return nil }
            return .number(Interval(from.years(to: asOf)))
        case .lower:
            guard case .text(let text)? = first else { return nil }
            return .text(text.lowercased())
        case .abs:
            guard case .number(let value)? = first else { return nil }
            if value.low >= 0 { return .number(value) }
            if value.high <= 0 { return .number(Interval(-value.high, -value.low)) }
            return .number(Interval(0, max(-value.low, value.high)))
        case .amount:
            guard case .money(let value, _)? = first else { return nil }
            return .number(value)
        case .money:
            // A currency is three capital letters (ISO 4217); anything else leaves the money unknown.
            guard case .number(let value)? = first, case .text(let code)? = second, code.utf8.count == 3,
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
