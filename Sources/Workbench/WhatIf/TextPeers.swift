import RuleLanguage
import Scoring

/// Texts the conditions compare with other texts that are not constants: an IP registration's
/// country with a party's (`j.country == p.country`). A value that could make such a comparison
/// true is one the dossier gives the other side, so `whatif` tries those too.
struct TextPeers {
    /// A fact (`field` nil) or a field of a list of records' items.
    struct Target: Hashable {
        var slot: Int
        var field: Int?
    }

    private var peers: [Target: Set<Target>] = [:]

    init(ruleSet: CompiledRuleSet) {
        var seenDefinitions: Set<Int> = []
        func target(_ node: Node, _ bound: [Int: Int]) -> Target? {
            switch node {
            case .fact(let slot): return Target(slot: slot, field: nil)
            case .field(.local(let local), let field): return bound[local].map { Target(slot: $0, field: field) }
            case .call(.lower, let arguments): return arguments.first.flatMap { target($0, bound) }
            case .definition(let index): return target(ruleSet.definitions[index], [:])
            default: return nil
            }
        }
        func list(_ node: Node) -> Int? {
            switch node {
            case .fact(let slot): return slot
            case .definition(let index): return list(ruleSet.definitions[index])
            default: return nil
            }
        }
        func walk(_ node: Node, _ bound: [Int: Int]) {
            switch node {
            case .compare(let op, let a, let b):
                if op == .equal || op == .notEqual, let x = target(a, bound), let y = target(b, bound), x != y {
                    peers[x, default: []].insert(y)
                    peers[y, default: []].insert(x)
                }
                walk(a, bound)
                walk(b, bound)
            case .definition(let index):
                if seenDefinitions.insert(index).inserted { walk(ruleSet.definitions[index], [:]) }
            case .quantifier(_, let local, let collection, let value, let condition, _):
                var inner = bound
                if let slot = list(collection) { inner[local] = slot }
                walk(collection, bound)
                if let value { walk(value, inner) }
                if let condition { walk(condition, inner) }
            case .not(let a), .negate(let a), .has(let a), .missing(let a), .notApplicable(let a), .matches(let a, _), .field(let a, _):
                walk(a, bound)
            case .and(let a, let b), .or(let a, let b), .arithmetic(_, let a, let b), .member(let a, let b, _), .contains(let a, let b):
                walk(a, bound)
                walk(b, bound)
            case .inRange(let a, let b, let c, _):
                walk(a, bound)
                walk(b, bound)
                walk(c, bound)
            case .call(_, let arguments), .lookup(_, let arguments):
                for argument in arguments { walk(argument, bound) }
            case .constant, .fact, .local, .fired:
                break
            }
        }
        for rule in ruleSet.rules { walk(rule.condition, [:]) }
    }

    /// The texts the dossier gives the targets `target` is compared with, in the order met,
    /// each once.
    func texts(for target: Target, in facts: DossierFacts) -> [String] {
        var found: [String] = []
        for peer in (peers[target] ?? []).sorted(by: { ($0.slot, $0.field ?? -1) < ($1.slot, $1.field ?? -1) }) {
            var values: [Value?] = []
            switch (facts.values[peer.slot], peer.field) {
            case (let value, nil): values = [value]
            case (.list(let items)?, let field?), (.openList(let items)?, let field?):
                values = items.map { item in
                    guard case .record(let fields)? = item, field < fields.count else { return nil }
                    return fields[field]
                }
            default: break
            }
            for case .text(let text)? in values where !found.contains(text) { found.append(text) }
        }
        return found
    }
}
