import SilkDiagnostics

/// Static analysis of compiled conditions: constant folding, and contradictions that make a
/// condition impossible whatever the dossier says.
enum Folding {
    /// Folds an expression made only of constants to a constant.
    static func fold(_ node: Node) -> Node {
        switch node {
        case .not(let a):
            if case .constant(let value) = fold(a) { return .constant(value?.boolean.map { .boolean(!$0) }) }
        case .and(let a, let b):
            let (x, y) = (fold(a), fold(b))
            if case .constant(let v) = x, v?.boolean == false { return .constant(.boolean(false)) }
            if case .constant(let v) = y, v?.boolean == false { return .constant(.boolean(false)) }
            if case .constant(let v) = x, case .constant(let w) = y, v?.boolean == true, w?.boolean == true { return .constant(.boolean(true)) }
        case .or(let a, let b):
            let (x, y) = (fold(a), fold(b))
            if case .constant(let v) = x, case .constant(let w) = y, v?.boolean == false, w?.boolean == false { return .constant(.boolean(false)) }
        case .compare(let op, let a, let b):
            if case .constant(let x?) = fold(a), case .constant(let y?) = fold(b) {
                return .constant(ValueOperations.compare(op, x, y, rates: .none).map(Value.boolean))
            }
        default:
            break
        }
        return node
    }

    /// A reason the conjunction can never hold, if one is found: one fact bounded from both
    /// sides with no room between, or required to equal two different values, or a count
    /// required to be negative.
    static func contradiction(in node: Node, facts: [CompiledFact]) -> String? {
        var conjuncts: [Node] = []
        func flatten(_ node: Node) {
            if case .and(let a, let b) = node {
                flatten(a)
                flatten(b)
            } else {
                conjuncts.append(node)
            }
        }
        flatten(node)
        var lower: [Int: (Double, Bool)] = [:]  // slot -> (bound, inclusive)
        var upper: [Int: (Double, Bool)] = [:]
        var equal: [Int: String] = [:]
        var currencies: [Int: String] = [:]
        for conjunct in conjuncts {
            guard case .compare(var op, var left, var right) = conjunct else { continue }
            if case .constant = left, case .fact = right {
                swap(&left, &right)
                op = mirrored(op)
            }
            if case .quantifier(.count, _, _, _, _, _) = left, case .constant(.number(let bound)?) = right {
                if (op == .less && bound.high <= 0) || (op == .lessOrEqual && bound.high < 0) || (op == .equal && bound.high < 0) {
                    return "a count is never below zero"
                }
            }
            guard case .fact(let slot) = left, case .constant(let constant?) = right else { continue }
            let name = facts[slot].name
            if case .text(let text) = constant, op == .equal {
                if let other = equal[slot], other != text { return "'\(name)' cannot equal both \"\(other)\" and \"\(text)\"" }
                equal[slot] = text
                continue
            }
            let number: Double
            switch constant {
            case .number(let value): number = value.low
            case .date(let day): number = Double(day.daysSinceEpoch)
            case .money(let value, let currency):
                // Bounds in different currencies depend on the rates: leave them to run time.
                if let known = currencies[slot], known != currency { continue }
                currencies[slot] = currency
                number = value.low
            default: continue
            }
            switch op {
            case .greater: lower[slot] = tighter(lower[slot], (number, false), isLower: true)
            case .greaterOrEqual: lower[slot] = tighter(lower[slot], (number, true), isLower: true)
            case .less: upper[slot] = tighter(upper[slot], (number, false), isLower: false)
            case .lessOrEqual: upper[slot] = tighter(upper[slot], (number, true), isLower: false)
            case .equal:
                lower[slot] = tighter(lower[slot], (number, true), isLower: true)
                upper[slot] = tighter(upper[slot], (number, true), isLower: false)
            case .notEqual: break
            }
            if let (low, lowInclusive) = lower[slot], let (high, highInclusive) = upper[slot] {
                if low > high || (low == high && !(lowInclusive && highInclusive)) {
                    return "no value of '\(name)' can be both above \(Format.number(low)) and below \(Format.number(high))"
                }
            }
        }
        return nil
    }

    private static func mirrored(_ op: ComparisonOperator) -> ComparisonOperator {
        switch op {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        case .equal, .notEqual: op
        }
    }

    private static func tighter(_ current: (Double, Bool)?, _ new: (Double, Bool), isLower: Bool) -> (Double, Bool) {
        guard let current else { return new }
        if isLower {
            if new.0 > current.0 { return new }
            if new.0 == current.0 { return (new.0, new.1 && current.1) }
            return current
        }
        if new.0 < current.0 { return new }
        if new.0 == current.0 { return (new.0, new.1 && current.1) }
        return current
    }
}
