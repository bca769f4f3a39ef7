import RuleLanguage

/// Which outcomes a rule can reach when one missing fact is filled in with any value at all,
/// everything else as it is: what bounds the points at stake on the fact before its values are
/// tried (see `Assessor.missingFacts`).
///
/// The condition is walked once in an abstract three-valued logic: a part that does not read
/// the fact is evaluated as it is; the fact itself can be anything; `and`, `or` and `not` combine
/// the sets of truth values their operands can take; any other part that reads the fact can
/// give any truth value. Every value the fact can be given gives an outcome in the set, so a
/// rule whose set has no "true" cannot fire however the fact is filled in (`x and y` with `y`
/// unknown, say), which the monotone bound alone counts as firing.
extension Evaluator {
    /// Truth values a condition can take: true, false, unknown.
    struct Truths: OptionSet {
        let rawValue: UInt8
        static let yes = Truths(rawValue: 1)
        static let no = Truths(rawValue: 2)
        static let unknown = Truths(rawValue: 4)
        static let any: Truths = [.yes, .no, .unknown]

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init(_ truth: Bool?) {
            switch truth {
            case true?: self = .yes
            case false?: self = .no
            case nil: self = .unknown
            }
        }
    }

    /// The fact being filled in, and which definitions and rules read it (directly or not).
    struct Reach {
        let slot: Int
        let definitions: [Bool]
        let rules: [Bool]
    }

    /// The outcomes rule `index` can reach when `reach.slot`, unknown now, is given any value.
    mutating func outcomes(ofRule index: Int, _ reach: Reach) -> (fired: Bool, notFired: Bool) {
        guard reach.rules[index] else {
            let status = status(ofRule: index).0
            return (status == .fired, status != .fired)
        }
        let condition = program.rules[index]
        var truths = truths(condition, reach) ?? Truths(truth(condition))
        if truths.contains(.unknown), let assumption = ruleSet.rules[index].whenUnknown {
            truths.remove(.unknown)
            truths.insert(assumption ? .yes : .no)
        }
        // Undecided counts as not fired in the score.
        return (truths.contains(.yes), !truths.subtracting(.yes).isEmpty)
    }

    /// The truth values the node can take when the fact is given any value; nil when the node
    /// does not read the fact (it has its value now, whatever the fact turns out to be). Each
    /// node is visited once: a part that does not read the fact is evaluated only where `and`
    /// or `or` combines it with one that does.
    private mutating func truths(_ node: Int, _ reach: Reach) -> Truths? {
        switch ops[node] {
        case .constant, .local:
            return nil
        case .fact(let slot):
            return slot == reach.slot ? .any : nil
        case .not(let operand):
            guard let a = truths(operand, reach) else { return nil }
            var result: Truths = []
            if a.contains(.yes) { result.insert(.no) }
            if a.contains(.no) { result.insert(.yes) }
            if a.contains(.unknown) { result.insert(.unknown) }
            return result
        case .and(let left, let right):
            return junction(left, right, reach, deciding: .no)
        case .or(let left, let right):
            return junction(left, right, reach, deciding: .yes)
        case .definition(let index):
            guard reach.definitions[index] else { return nil }
            return truths(program.definitions[index], reach) ?? Truths(truth(node))
        case .fired(let index):
            guard reach.rules[index] else { return nil }
            let (fired, notFired) = outcomes(ofRule: index, reach)
            var result: Truths = []
            if fired { result.insert(.yes) }
            // Not fired, or undecided: which of the two is not kept.
            if notFired { result.formUnion([.no, .unknown]) }
            return result
        case .has(let operand), .missing(let operand), .notApplicable(let operand):
            // Always true or false, never unknown.
            return truths(operand, reach) == nil ? nil : [.yes, .no]
        default:
            return reads(node, reach) ? .any : nil
        }
    }

    /// `and` (where false decides) or `or` (where true decides): the deciding value when either
    /// side can take it, the other when both can, unknown when neither side decides and one can
    /// be unknown. Each side's truth values taken apart from the other's: a superset of what the
    /// two can take together.
    private mutating func junction(_ left: Int, _ right: Int, _ reach: Reach, deciding: Truths) -> Truths? {
        let (x, y) = (truths(left, reach), truths(right, reach))
        if x == nil && y == nil { return nil }
        let a = x ?? Truths(truth(left))
        let b = y ?? Truths(truth(right))
        let other: Truths = deciding == .no ? .yes : .no
        var result: Truths = []
        if a.contains(deciding) || b.contains(deciding) { result.insert(deciding) }
        if a.contains(other) && b.contains(other) { result.insert(other) }
        if !a.subtracting(deciding).isEmpty && !b.subtracting(deciding).isEmpty && (a.contains(.unknown) || b.contains(.unknown)) {
            result.insert(.unknown)
        }
        return result
    }

    /// Whether evaluating the node reads the fact (directly, through definitions or rules).
    private func reads(_ node: Int, _ reach: Reach) -> Bool {
        switch ops[node] {
        case .constant, .local: return false
        case .fact(let slot): return slot == reach.slot
        case .definition(let index): return reach.definitions[index]
        case .fired(let index): return reach.rules[index]
        case .field(let a, _), .not(let a), .negate(let a), .matches(let a, _), .has(let a), .missing(let a), .notApplicable(let a):
            return reads(a, reach)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b), .member(let a, let b, _),
            .contains(let a, let b):
            return reads(a, reach) || reads(b, reach)
        case .inRange(let a, let b, let c, _): return reads(a, reach) || reads(b, reach) || reads(c, reach)
        case .quantifier(let index):
            let quantifier = program.quantifiers[index]
            return reads(quantifier.collection, reach) || (quantifier.value >= 0 && reads(quantifier.value, reach))
                || (quantifier.condition >= 0 && reads(quantifier.condition, reach))
        case .call(_, let first, let second):
            return (first >= 0 && reads(first, reach)) || (second >= 0 && reads(second, reach))
        case .lookup(_, let keys): return keys.contains { reads(program.keys[$0], reach) }
        }
    }
}
