import DossierXML
import Testing
import ToolSupport

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Mitigations offset only the categories they name, never below zero, in a fixed order; the
/// score stays monotone in every rule, so the score range's corners are its extremes.
@Suite("Mitigations offset only what they mitigate")
struct OffsetTests {
    static let header = """
        ruleset "Offsets"
        category a { title "A" }
        category b { title "B" }
        category capped { title "Capped" cap 20 }
        category m { title "Mitigations" }
        \(fourBands)
        fact x: boolean at "x"

        """

    static func assess(_ rules: String) throws -> Assessment {
        assessing(try compiledRules(header + rules), ["x": yes])
    }

    static func effects(_ assessment: Assessment, _ rule: String) -> [OffsetEffect]? {
        assessment.findings.first { $0.rule == rule }?.offsetEffects
    }

    @Test("a mitigation takes its points off the category it offsets, not off the others (#18.2)")
    func onlyItsCategory() throws {
        let a = try Self.assess(
            ruleText("leak", 10, "x == true") + ruleText("closed-market", 10, "x == true", category: "b")
                + ruleText("arbitration", -8, "x == true", category: "m", "offsets a"))
        #expect(a.score == 12)
        #expect(Self.effects(a, "arbitration") == [OffsetEffect(category: "a", points: -8)])
        let categories = Dictionary(uniqueKeysWithValues: a.categories.map { ($0.id, $0) })
        #expect(categories["a"]?.counted == 10)
        #expect(categories["a"]?.offset == 8)
        #expect(categories["a"]?.net == 2)
        #expect(categories["b"]?.net == 10)
        #expect(categories["m"]?.raw == 0, "a mitigation's points are not its own category's")
        #expect(a.total == a.categories.reduce(0) { $0 + $1.net })
    }

    @Test("a category is never offset below zero; what is left over is reported")
    func neverBelowZero() throws {
        let a = try Self.assess(
            ruleText("leak", 5, "x == true") + ruleText("other", 9, "x == true", category: "b")
                + ruleText("arbitration", -8, "x == true", category: "m", "offsets a"))
        #expect(a.score == 9)
        let finding = try #require(a.findings.first { $0.rule == "arbitration" })
        #expect(finding.offsetEffects == [OffsetEffect(category: "a", points: -5)])
        #expect(finding.unusedOffset == 3)
    }

    @Test("a mitigation whose categories hold nothing offsets nothing")
    func offsetsNothing() throws {
        let a = try Self.assess(
            ruleText("leak", 5, "x == false") + ruleText("other", 9, "x == true", category: "b")
                + ruleText("arbitration", -8, "x == true", category: "m", "offsets a"))
        #expect(a.score == 9)
        #expect(Self.effects(a, "arbitration") == [])
    }

    @Test("the counted subtotal is capped first, then offset")
    func capThenOffset() throws {
        let a = try Self.assess(
            ruleText("one", 15, "x == true", category: "capped") + ruleText("two", 15, "x == true", category: "capped")
                + ruleText("relief", -8, "x == true", category: "m", "offsets capped"))
        let capped = try #require(a.categories.first { $0.id == "capped" })
        #expect(capped.raw == 30)
        #expect(capped.counted == 20)
        #expect(capped.net == 12)
        #expect(a.score == 12)
    }

    @Test("mitigations apply most points first, each to its categories in the order declared")
    func allocationOrder() throws {
        let a = try Self.assess(
            ruleText("in-a", 6, "x == true") + ruleText("in-b", 6, "x == true", category: "b")
                + ruleText("small", -4, "x == true", category: "m", "offsets a")
                + ruleText("large", -8, "x == true", category: "m", "offsets a, b"))
        // large first: 6 off a, 2 off b; then small finds a empty.
        #expect(Self.effects(a, "large") == [OffsetEffect(category: "a", points: -6), OffsetEffect(category: "b", points: -2)])
        #expect(Self.effects(a, "small") == [])
        #expect(a.score == 4)
    }

    @Test("mitigations with equal points apply in id order")
    func tiesByID() throws {
        let a = try Self.assess(
            ruleText("in-a", 4, "x == true") + ruleText("b-relief", -4, "x == true", category: "m", "offsets a")
                + ruleText("a-relief", -4, "x == true", category: "m", "offsets a"))
        #expect(Self.effects(a, "a-relief") == [OffsetEffect(category: "a", points: -4)])
        #expect(Self.effects(a, "b-relief") == [])
    }

    /// A small random rule set over boolean facts `f0`…: each rule fires exactly when its fact
    /// is true, so any combination of outcomes can be made.
    static func randomRuleSet(_ random: inout SplitMix) throws -> (CompiledRuleSet, [String]) {
        var text = """
            ruleset "Random"
            category a { title "A" cap \(random.int(5...30)) }
            category b { title "B" }
            category c { title "C" cap \(random.int(5...30)) }
            category m { title "M" }
            \(fourBands)

            """
        let count = random.int(4...8)
        var names: [String] = []
        for index in 0..<count {
            names.append("f\(index)")
            text += "fact f\(index): boolean at \"f\(index)\"\n"
            // The first three add to a, b and c, so that every category can be offset.
            let adverse = index < 3 || random.int(0...2) > 0
            if adverse {
                let category = index < 3 ? ["a", "b", "c"][index] : ["a", "b", "c"][random.int(0...2)]
                text += ruleText("r\(index)", Double(random.int(1...25)), "f\(index) == true", category: category)
            } else {
                let offsets = [["a"], ["b"], ["a", "c"], ["c", "b", "a"]][random.int(0...3)].joined(separator: ", ")
                text += ruleText("r\(index)", -Double(random.int(1...20)), "f\(index) == true", category: "m", "offsets \(offsets)")
            }
        }
        return (try compiledRules(text), names)
    }

    @Test("the score range's ends are the lowest and highest scores any outcome of the undecided rules gives")
    func rangeIsExact() throws {
        var random = SplitMix(seed: 18)
        for _ in 0..<25 {
            let (set, names) = try Self.randomRuleSet(&random)
            // Some facts known, the others undecided.
            var known: [String: Value] = [:]
            for name in names where random.int(0...2) == 0 { known[name] = .boolean(random.int(0...1) == 1) }
            let open = names.filter { known[$0] == nil }
            let range = assessing(set, known).scoreRange
            var scores: [Double] = []
            for mask in 0..<(1 << open.count) {
                var values = known
                for (bit, name) in open.enumerated() { values[name] = .boolean(mask & (1 << bit) != 0) }
                scores.append(assessing(set, values).score)
            }
            #expect(
                range == scores.min()!...scores.max()!, "\(set.rules.map { "\($0.id) \($0.points) \($0.category) \($0.offsets)" }) known \(known)")
        }
    }

    @Test("an adverse rule firing never lowers the score; a mitigation firing never raises it")
    func monotone() throws {
        var random = SplitMix(seed: 2)
        for _ in 0..<25 {
            let (set, names) = try Self.randomRuleSet(&random)
            var values: [String: Value] = [:]
            for name in names { values[name] = .boolean(random.int(0...1) == 1) }
            for (index, rule) in set.rules.enumerated() {
                var off = values
                var on = values
                off[names[index]] = no
                on[names[index]] = yes
                let (without, with) = (assessing(set, off).score, assessing(set, on).score)
                if rule.points > 0 {
                    #expect(with >= without, "\(rule.id) lowers the score")
                } else {
                    #expect(with <= without, "\(rule.id) raises the score")
                }
            }
        }
    }
}

/// Seeded, so that a failing case can be replayed.
typealias SplitMix = SeededGenerator
