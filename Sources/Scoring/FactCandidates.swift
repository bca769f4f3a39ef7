public import RuleLanguage
import Synchronization

/// The values worth trying for a fact the dossier does not give: the values that can change an
/// outcome of the rule set's conditions, found from what those conditions do with the fact. The
/// method, and how far it can miss, is documented in docs/rule-language.md §8.1:
///
/// - **enumerations**: every value; **booleans**: both;
/// - **numbers, money, dates**: every constant the conditions compare the fact with, and the next
///   representable value either side of it (a day, for dates); a date compared by `age(x)` with
///   a number of years: the day that many years before the dossier's `asOf` and the days either
///   side; when the fact is reached through arithmetic or a function, or compared with another
///   value that is not a constant, also a grid: 0 and 1, 2, 5 × 10ᵏ for k from −2 to 9
///   (numbers) or from 3 to 12 (money, in the currency the conditions' money constants use
///   most), and for dates `asOf`, the days either side of it, and 1, 2, 5, 10 and 20 years
///   either side of it — unless every such use combines the fact directly with another fact the
///   dossier does not give (`quoted / benchmark` without a benchmark), which no value can decide;
/// - **text**: every constant the conditions compare it with (`==`, `in`, `contains`), every
///   plain-text alternative of a pattern it must `match`, and one value equal to none of them;
/// - **lists**: the empty list, and one-item lists: for a list of values, one for each value its
///   items are tried with; for a list of records, one for each combination of the values the
///   fields the conditions read are tried with (other fields unknown), at most
///   `maximumListItems`: past that, the field with most values keeps every other one (its
///   first and last always) until the combinations fit.
///
/// A generator made once per rule set serves every dossier; a `whatif` can ask it for any fact.
public struct FactCandidates: Sendable {
    /// The most one-item lists a list fact is tried with.
    public static let maximumListItems = 256

    enum Plan: Sendable {
        case scalar(Scalar)
        /// A list of values: one-item lists of each of the item's values.
        case values(Scalar)
        /// A list of records: per field, nil when no condition reads it.
        case records([Scalar?])
    }

    let plans: [Plan]
    private let names: [String: Int]
    /// Values worked out once: per slot, without and with the grid, when they depend on no
    /// dossier's `asOf`; nil otherwise.
    private let fixed: [(plain: [Value], grid: [Value])?]
    /// The values of facts that depend on `asOf`, by slot, day and grid, once worked out: a
    /// portfolio repeats a few dates.
    private let byDay = DayCache()

    public init(ruleSet: CompiledRuleSet) {
        let found = FactUses(ruleSet: ruleSet)
        let currency = found.currencies.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        func scalar(_ type: ValueType, _ target: FactUses.Target) -> Scalar {
            Scalar(type, uses: found.uses[target] ?? FactUses.Uses(), gridCurrency: currency)
        }
        plans = ruleSet.facts.enumerated().map { slot, fact in
            switch fact.type {
            case .list(.record(let record)):
                return .records(
                    record.fields.indices.map { index in
                        found.uses[.field(slot, index)] == nil ? nil : scalar(record.fields[index].type, .field(slot, index))
                    })
            case .list(let element):
                return .values(scalar(element, .element(slot)))
            default:
                return .scalar(scalar(fact.type, .fact(slot)))
            }
        }
        fixed = plans.map { plan in
            plan.needsAsOf ? nil : (Self.values(plan, asOf: nil, grid: false), Self.values(plan, asOf: nil, grid: true))
        }
        names = Dictionary(ruleSet.facts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every value tried for the fact in `slot`, grid included, for a dossier whose `asOf` is
    /// given (dates are tried relative to it; without it, dates that depend on it are not).
    public func values(forFact slot: Int, asOf: Day?) -> [Value] {
        values(slot, asOf: asOf, grid: true)
    }

    /// The same by the fact's name; nil for a name the rule set does not declare.
    public func values(forFact name: String, asOf: Day?) -> [Value]? {
        names[name].map { values(forFact: $0, asOf: asOf) }
    }

    /// The values tried for the fact in `slot` of these facts: the grid only where a value could
    /// decide something with the other facts as they are.
    public func values(forFact slot: Int, in facts: DossierFacts) -> [Value] {
        tried(forFact: slot, in: facts).values
    }

    /// The same, with which of the fact's lists they are (`grid`: the one with the grid) and
    /// whether they are the same for every dossier (`fixed`: they depend on no `asOf`).
    func tried(forFact slot: Int, in facts: DossierFacts) -> (values: [Value], grid: Bool, fixed: Bool) {
        var grid = true
        if case .scalar(let scalar) = plans[slot], scalar.derived {
            grid = scalar.partners.contains { $0 < 0 || facts.values[$0] != nil }
        }
        return (values(slot, asOf: facts.asOf, grid: grid), grid, fixed[slot] != nil)
    }

    /// Whether the values tried for the fact in `slot` depend on the dossier's `asOf`.
    func dependsOnAsOf(_ slot: Int) -> Bool { fixed[slot] == nil }

    /// The facts whose being given decides whether the fact in `slot` is tried with the grid
    /// (`tried(forFact:in:)`): the values tried for it depend on no other fact.
    func gridPartners(_ slot: Int) -> [Int] {
        guard case .scalar(let scalar) = plans[slot] else { return [] }
        return scalar.partners.filter { $0 >= 0 }
    }

    private func values(_ slot: Int, asOf: Day?, grid: Bool) -> [Value] {
        if let fixed = fixed[slot] { return grid ? fixed.grid : fixed.plain }
        guard let asOf else { return Self.values(plans[slot], asOf: nil, grid: grid) }
        if let known = byDay[slot, asOf, grid] { return known }
        let values = Self.values(plans[slot], asOf: asOf, grid: grid)
        byDay[slot, asOf, grid] = values
        return values
    }

    private static func values(_ plan: Plan, asOf: Day?, grid: Bool) -> [Value] {
        switch plan {
        case .scalar(let scalar):
            return scalar.values(asOf: asOf, grid: grid)
        case .values(let item):
            return [.list([])] + item.values(asOf: asOf, grid: true).map { .list([$0]) }
        case .records(let fields):
            var choices: [[Value?]] = fields.map { field in field.map { $0.values(asOf: asOf, grid: true).map(Optional.some) } ?? [nil] }
            for index in choices.indices where choices[index].isEmpty { choices[index] = [nil] }
            thin(&choices)
            // Every combination, the last field varying fastest.
            let count = choices.reduce(1) { $0 * $1.count }
            var result: [Value] = [.list([])]
            result.reserveCapacity(count + 1)
            var position = [Int](repeating: 0, count: choices.count)
            for _ in 0..<count {
                result.append(.list([.record(choices.indices.map { choices[$0][position[$0]] })]))
                var field = choices.count - 1
                while field >= 0 {
                    position[field] += 1
                    if position[field] < choices[field].count { break }
                    position[field] = 0
                    field -= 1
                }
            }
            return result
        }
    }

    /// Thins the fields' values until their combinations number at most `maximumListItems`:
    /// the field with most values (the first such) keeps every other one, its first and last
    /// always.
    static func thin(_ choices: inout [[Value?]]) {
        func combinations() -> Int { choices.reduce(1) { $0 * max(1, $1.count) } }
        while combinations() > maximumListItems {
            var widest = 0
            for index in choices.indices where choices[index].count > choices[widest].count { widest = index }
            guard choices[widest].count > 2 else { return }
            let field = choices[widest]
            var kept = stride(from: 0, to: field.count, by: 2).map { field[$0] }
            if field.count % 2 == 0 { kept.append(field[field.count - 1]) }
            choices[widest] = kept
        }
    }
}

extension FactCandidates.Plan {
    var needsAsOf: Bool {
        switch self {
        case .scalar(let scalar), .values(let scalar): scalar.needsAsOf
        case .records(let fields): fields.contains { $0?.needsAsOf == true }
        }
    }
}

/// Values by fact slot, day and grid, for at most `capacity` keys; shared by every thread
/// scoring with one generator.
final class DayCache: Sendable {
    private struct Key: Hashable {
        var slot: Int
        var day: Int
        var grid: Bool
    }

    /// When full, the cache is emptied and fills again with the days in use.
    static let capacity = 1024
    private let values = Mutex<[Key: [Value]]>([:])

    subscript(slot: Int, day: Day, grid: Bool) -> [Value]? {
        get { values.withLock { $0[Key(slot: slot, day: day.daysSinceEpoch, grid: grid)] } }
        set {
            values.withLock { table in
                if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
                table[Key(slot: slot, day: day.daysSinceEpoch, grid: grid)] = newValue
            }
        }
    }
}
