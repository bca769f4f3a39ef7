import RuleLanguage

/// The scoring model of a rule set, worked out once so that scoring a dossier looks nothing up
/// by name (docs/rule-language.md §8):
///
/// 1. each adverse category's **counted** subtotal is its fired adverse points, limited by its cap;
/// 2. fired mitigations then take their points off the categories they offset, never below zero:
///    mitigations one after another, most points first and then by id; within a mitigation, its
///    categories in the order it declares them, each giving up as much as the mitigation has left;
/// 3. the score is the sum of what remains (the **net** subtotals), clamped to 0–100.
///
/// The score is monotone in every rule: an adverse rule firing never lowers it, a mitigation
/// firing never raises it (each mitigation's step maps larger subtotals to larger ones, and takes
/// off at most what it is given more). So the score range's ends are exact: every undecided
/// adverse rule not fired and every undecided mitigation fired at the low end, the reverse at
/// the high end.
///
/// A class: it is captured by the closures that score each configuration, several times per
/// missing fact, and a reference is copied with one retain where the arrays took one each.
final class ScoringPlan: Sendable {
    /// The bands, lowest first; never empty (a rule set without bands has one, "none", from 0).
    let bands: [Band]
    let categoryCount: Int
    let caps: [Double?]
    /// Per rule: its category's index.
    let category: [Int]
    let points: [Double]
    /// Rules with positive points, in rule order.
    let adverse: [Int]
    /// Rules with negative points, in the order they are applied: most points off first, then id.
    let mitigations: [Int]
    /// Per rule: the indices of the categories it offsets, in declared order (mitigations only).
    let offsets: [[Int]]
    /// Per rule: the index of the band a fired rule lifts the dossier to at least — its `floor`,
    /// or the decisive floor for a decisive rule, whichever is higher; -1 for none.
    let floor: [Int]
    /// Sum of every rule's absolute points.
    let absolutePoints: Double

    init(ruleSet: CompiledRuleSet) {
        bands = ruleSet.bands.isEmpty ? [Band(id: "none", label: "None", from: 0)] : ruleSet.bands
        categoryCount = ruleSet.categories.count
        caps = ruleSet.categories.map(\.cap)
        let categoryIndex = Dictionary(ruleSet.categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let bandIndex = Dictionary(bands.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rules = ruleSet.rules
        category = rules.map { categoryIndex[$0.category] ?? 0 }
        points = rules.map(\.points)
        adverse = rules.indices.filter { rules[$0].points > 0 }
        mitigations = rules.indices.filter { rules[$0].points < 0 }.sorted { a, b in
            rules[a].points != rules[b].points ? rules[a].points < rules[b].points : rules[a].id < rules[b].id
        }
        offsets = rules.map { rule in rule.offsets.compactMap { categoryIndex[$0] } }
        let decisive = ruleSet.decisiveFloor.flatMap { bandIndex[$0] } ?? -1
        floor = rules.map { rule in
            max(rule.floor.flatMap { bandIndex[$0] } ?? -1, rule.decisive ? decisive : -1)
        }
        absolutePoints = rules.reduce(0) { $0 + Swift.abs($1.points) }
    }

    /// The band a score falls in.
    func band(for score: Double) -> Int {
        bands.lastIndex { $0.from <= score } ?? 0
    }

    /// The net subtotals, per category, of the rules `fires` says fired: counted subtotals
    /// first, then the mitigations applied in order. `subtotals` is scratch space of
    /// `categoryCount` entries, left holding the net subtotals; `offset` is told what each
    /// mitigation took off which category. Returns the total, before the clamp.
    func total(
        _ subtotals: inout [Double], fires: (Int) -> Bool, offset: ((_ rule: Int, _ category: Int, _ points: Double) -> Void)? = nil
    ) -> Double {
        for index in 0..<categoryCount { subtotals[index] = 0 }
        for rule in adverse where fires(rule) { subtotals[category[rule]] += points[rule] }
        for index in 0..<categoryCount {
            if let cap = caps[index], subtotals[index] > cap { subtotals[index] = cap }
        }
        for rule in mitigations where fires(rule) {
            var budget = -points[rule]
            for target in offsets[rule] where budget > 0 && subtotals[target] > 0 {
                let taken = min(budget, subtotals[target])
                subtotals[target] -= taken
                budget -= taken
                offset?(rule, target, taken)
            }
        }
        var total = 0.0
        for index in 0..<categoryCount { total += subtotals[index] }
        return total
    }

    /// The score of the rules `fires` says fired: the total clamped to 0–100, to two decimals.
    func score(_ subtotals: inout [Double], fires: (Int) -> Bool) -> Double {
        Self.rounded(Self.clamped(total(&subtotals, fires: fires)))
    }

    static func clamped(_ value: Double) -> Double { min(100, max(0, value)) }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }
}
