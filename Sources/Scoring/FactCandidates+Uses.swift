import RuleLanguage

/// What the rule set's conditions do with each fact, each field of a list of records and each
/// item of a list of values: the constants they compare it with, and whether it is reached
/// through arithmetic (or compared with another value that is not a constant). Worked out once
/// per rule set by walking every rule's condition and every definition.
struct FactUses {
    /// A fact, a field of a list of records' items, or the items of a list of values.
    enum Target: Hashable {
        case fact(Int)
        case field(Int, Int)
        case element(Int)
    }

    struct Uses {
        var numbers: [Double] = []
        var money: [(amount: Double, currency: String)] = []
        var dates: [Day] = []
        /// `age(x) OP years`: the years it is compared with.
        var ages: [Double] = []
        var texts: [String] = []
        var patterns: [Pattern] = []
        /// Each use through arithmetic or a function, or in a comparison with a value that is
        /// not a constant: the slot of the fact it is combined with directly (`x / y`: y's), or
        /// -1. The documented grid is tried unless every such use is combined with a fact the
        /// dossier does not give: that use is unknown whatever the value.
        var partners: [Int] = []
        var derived: Bool { !partners.isEmpty }
    }

    private(set) var uses: [Target: Uses] = [:]
    /// Currencies of the money constants, by how often the conditions write them.
    private(set) var currencies: [String: Int] = [:]
    private let ruleSet: CompiledRuleSet
    private var definitionTargets: [Int: [Target]] = [:]

    init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        for definition in ruleSet.definitions { walk(definition, [:]) }
        for rule in ruleSet.rules { walk(rule.condition, [:]) }
    }

    /// `bound` maps a quantifier's item to the list fact it runs over.
    private mutating func walk(_ node: Node, _ bound: [Int: Int]) {
        switch node {
        case .constant, .fact, .local, .field, .definition, .fired:
            break
        case .not(let a), .has(let a), .missing(let a), .notApplicable(let a):
            walk(a, bound)
        case .negate(let a):
            markDerived(a, bound, partner: -1)
            walk(a, bound)
        case .and(let a, let b), .or(let a, let b):
            walk(a, bound)
            walk(b, bound)
        case .compare(_, let a, let b):
            compare(a, b, bound)
            walk(a, bound)
            walk(b, bound)
        case .arithmetic(_, let a, let b):
            markDerived(a, bound, partner: directSlot(b))
            markDerived(b, bound, partner: directSlot(a))
            walk(a, bound)
            walk(b, bound)
        case .member(let value, let list, _):
            if case .constant(.list(let items)?) = list {
                for item in items { if let item { add(item, to: value, bound) } }
            } else {
                markDerived(value, bound, partner: -1)
            }
            walk(value, bound)
            walk(list, bound)
        case .inRange(let value, let low, let high, _):
            compare(value, low, bound)
            compare(value, high, bound)
            walk(value, bound)
            walk(low, bound)
            walk(high, bound)
        case .contains(let container, let value):
            if case .constant(let constant?) = value {
                add(constant, to: container, bound)
            } else {
                markDerived(value, bound, partner: -1)
            }
            walk(container, bound)
            walk(value, bound)
        case .matches(let value, let pattern):
            for target in targets(value, bound) { uses[target, default: Uses()].patterns.append(pattern) }
            walk(value, bound)
        case .quantifier(let kind, let local, let collection, let value, let condition, _):
            var inner = bound
            if case .fact(let slot) = collection { inner[local] = slot }
            if let value, kind == .sum || kind == .min || kind == .max { markDerived(value, inner, partner: -1) }
            walk(collection, bound)
            if let value { walk(value, inner) }
            if let condition { walk(condition, inner) }
        case .call(let function, let arguments):
            switch function {
            case .years, .days, .abs, .amount, .money:
                for argument in arguments { markDerived(argument, bound, partner: -1) }
            case .age, .lower, .fallback:
                break
            }
            for argument in arguments { walk(argument, bound) }
        case .lookup(_, let keys):
            // A table's keys: what matters is whether the table has a row for them.
            for key in keys {
                markDerived(key, bound, partner: -1)
                walk(key, bound)
            }
        }
    }

    /// `a OP b`: a constant on one side is a value to try for the other; `age(x)` compared with
    /// a number of years gives the dates that many years before `asOf`; two values neither of
    /// which is a constant are both derived.
    private mutating func compare(_ a: Node, _ b: Node, _ bound: [Int: Int]) {
        switch (a, b) {
        case (.call(.age, let arguments), .constant(.number(let years)?)), (.constant(.number(let years)?), .call(.age, let arguments)):
            for target in targets(arguments[0], bound) { uses[target, default: Uses()].ages.append(years.low) }
        case (_, .constant(let value?)):
            add(value, to: a, bound)
        case (.constant(let value?), _):
            add(value, to: b, bound)
        default:
            markDerived(a, bound, partner: directSlot(b))
            markDerived(b, bound, partner: directSlot(a))
        }
    }

    /// The slot of the fact a node reads directly (itself, or a definition that is just it);
    /// -1 for anything else.
    private func directSlot(_ node: Node) -> Int {
        switch node {
        case .fact(let slot):
            if case .list = ruleSet.facts[slot].type { return -1 }
            return slot
        case .definition(let index): return directSlot(ruleSet.definitions[index])
        default: return -1
        }
    }

    private mutating func add(_ value: Value, to node: Node, _ bound: [Int: Int]) {
        for target in targets(node, bound) {
            switch value {
            case .number(let interval): uses[target, default: Uses()].numbers += [interval.low, interval.high]
            case .money(let interval, let currency):
                uses[target, default: Uses()].money += [(interval.low, currency), (interval.high, currency)]
                currencies[currency, default: 0] += 1
            case .date(let day): uses[target, default: Uses()].dates.append(day)
            case .text(let text): uses[target, default: Uses()].texts.append(text)
            case .boolean, .list, .openList, .record, .notApplicable: break
            }
        }
    }

    /// Every target `node` reaches through arithmetic, functions and definitions is derived,
    /// in a use combined with `partner`: whatever `node` holds, the use is unknown when the
    /// partner is (nested arithmetic inside the use is recorded again when it is walked).
    private mutating func markDerived(_ node: Node, _ bound: [Int: Int], partner: Int) {
        switch node {
        case .arithmetic(_, let a, let b):
            markDerived(a, bound, partner: partner)
            markDerived(b, bound, partner: partner)
        case .negate(let a):
            markDerived(a, bound, partner: partner)
        case .call(_, let arguments), .lookup(_, let arguments):
            for argument in arguments { markDerived(argument, bound, partner: partner) }
        case .definition(let index):
            markDerived(ruleSet.definitions[index], [:], partner: partner)
        default:
            for target in targets(node, bound) where !uses[target, default: Uses()].partners.contains(partner) {
                uses[target, default: Uses()].partners.append(partner)
            }
        }
    }

    /// The facts, fields or items a value stands for: itself, or through `lower`, `fallback`
    /// and definitions that are one of those.
    private mutating func targets(_ node: Node, _ bound: [Int: Int]) -> [Target] {
        switch node {
        case .fact(let slot):
            if case .list = ruleSet.facts[slot].type { return [.element(slot)] }
            return [.fact(slot)]
        case .local(let local):
            return bound[local].map { [.element($0)] } ?? []
        case .field(.local(let local), let field):
            return bound[local].map { [.field($0, field)] } ?? []
        case .call(.lower, let arguments), .call(.fallback, let arguments):
            return arguments.flatMap { targets($0, bound) }
        case .definition(let index):
            if let known = definitionTargets[index] { return known }
            definitionTargets[index] = []
            let found = targets(ruleSet.definitions[index], [:])
            definitionTargets[index] = found
            return found
        default:
            return []
        }
    }
}
