import Foundation
import PortfolioRunner
import RuleLanguage
import Scoring
import Testing

@testable import Workbench

@Suite("Portfolio statistics")
struct StatsTests {
    /// Every assignment of the base diff fixture's five facts: 243 dossiers, counted one by one
    /// here (the oracle) and by `PortfolioStats`.
    static func portfolio() throws -> (CompiledRuleSet, [Assessment]) {
        let ruleSet = try DiffTests.base()
        let assessor = Assessor(ruleSet: ruleSet)
        let assessments = Fixture.assignments(DiffTests.facts).enumerated().map { index, values in
            assessor.assess(Fixture.facts(ruleSet, values), id: "d\(index)", title: "d", file: "d\(index).xml")
        }
        return (ruleSet, assessments)
    }

    static func gathered(_ ruleSet: CompiledRuleSet, _ assessments: [Assessment]) -> PortfolioStats {
        var stats = PortfolioStats(ruleSet: ruleSet)
        for a in assessments { stats.add(PortfolioStats.record(a, ruleSet: ruleSet)) }
        return stats
    }

    @Test("fired, not fired and undecided are counted per rule and add up to the dossiers")
    func outcomes() throws {
        let (ruleSet, assessments) = try Self.portfolio()
        let stats = Self.gathered(ruleSet, assessments)
        #expect(stats.scored == 243)
        for (index, rule) in ruleSet.rules.enumerated() {
            let fired = assessments.filter { $0.findings.contains { $0.rule == rule.id } }.count
            let undecided = assessments.filter { $0.undecided.contains { $0.rule == rule.id } }.count
            #expect(stats.rules[index].fired == fired, "\(rule.id)")
            #expect(stats.rules[index].undecided == undecided, "\(rule.id)")
            #expect(stats.notFired(index) == 243 - fired - undecided)
        }
        // r1 reads a alone: true in a third of the assignments, unknown in a third.
        #expect(stats.rules[0].fired == 81 && stats.rules[0].undecided == 81)
    }

    @Test("the points rules gave add up to the categories' net points, which add up to the totals before the clamp")
    func pointsAddUp() throws {
        let (ruleSet, assessments) = try Self.portfolio()
        let stats = Self.gathered(ruleSet, assessments)
        let net = assessments.reduce(0) { $0 + $1.categories.reduce(0) { $0 + $1.net } }
        #expect(abs(stats.adversePoints - net) < 1e-6)
        #expect(abs(stats.categories.reduce(0) { $0 + $1.net } - net) < 1e-6)
        let offsets = assessments.reduce(0) { $0 + $1.categories.reduce(0) { $0 + $1.offset } }
        #expect(abs(stats.mitigatedPoints - offsets) < 1e-6 && offsets > 0)
        // The shares of each kind add up to 1.
        let adverse = ruleSet.rules.indices.filter { ruleSet.rules[$0].points > 0 }.reduce(0) { $0 + StatsReport.share(stats, $1) }
        #expect(abs(adverse - 1) < 1e-9)
    }

    @Test("a cap bites where its rules add more than it, by the points it cuts")
    func caps() throws {
        let (ruleSet, assessments) = try Self.portfolio()
        let stats = Self.gathered(ruleSet, assessments)
        let x = try #require(ruleSet.categories.firstIndex { $0.id == "x" })
        // r1 (8) and r2 (7) both fire only when a and b are true: 15 against a cap of 10.
        let bit = assessments.filter { $0.categories[x].raw > 10 }
        #expect(stats.categories[x].capBit == bit.count && bit.count == 27)
        #expect(stats.categories[x].capCut == Double(bit.count) * 5)
    }

    @Test("pairs that fire together: counts, lift and Jaccard index as a brute-force count gives them")
    func pairs() throws {
        let (ruleSet, assessments) = try Self.portfolio()
        let stats = Self.gathered(ruleSet, assessments)
        let fired = assessments.map { Set($0.findings.map(\.rule)) }
        let pairs = stats.topPairs(100)
        #expect(!pairs.isEmpty)
        for pair in pairs {
            let (a, b) = (ruleSet.rules[pair.first].id, ruleSet.rules[pair.second].id)
            #expect(a < b)
            let both = fired.filter { $0.contains(a) && $0.contains(b) }.count
            let (x, y) = (fired.filter { $0.contains(a) }.count, fired.filter { $0.contains(b) }.count)
            #expect(pair.count == both, "\(a) + \(b)")
            #expect(abs(pair.lift - Double(both) * 243 / Double(x * y)) < 1e-12)
            #expect(abs(pair.jaccard - Double(both) / Double(x + y - both)) < 1e-12)
        }
        // Every pair that fires together at least once is there (fewer than 100 exist).
        let all = ruleSet.rules.indices.flatMap { a in ruleSet.rules.indices.filter { $0 > a }.map { (a, $0) } }.filter { a, b in
            fired.contains { $0.contains(ruleSet.rules[a].id) && $0.contains(ruleSet.rules[b].id) }
        }
        #expect(pairs.count == all.count)
        #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.count > $1.count || ($0.count == $1.count && $0.lift >= $1.lift) })
    }

    @Test("flags: a rule that never fires, one that always does, one never decided; and the verdicts with undetermined")
    func flagsAndVerdicts() throws {
        let ruleSet = try Fixture.compile(
            """
            fact a: boolean at "extensions/a"
            fact b: boolean at "extensions/b"
            category x { title "X" }
            band low "Low" from 0
            band high "High" from 5
            undetermined "Undetermined" when decidedRules < 50%
            \(Fixture.rule("never", "x", 1, "a == true and a == false"))
            \(Fixture.rule("always", "x", 1, "true or a == true"))
            \(Fixture.rule("unknowable", "x", 9, "b == true"))
            """)
        let assessor = Assessor(ruleSet: ruleSet)
        let assessments = [Value.boolean(true), .boolean(false), nil].map { value in
            assessor.assess(Fixture.facts(ruleSet, ["a": value]), id: "d", title: "d", file: "d.xml")
        }
        let stats = Self.gathered(ruleSet, assessments)
        let ids = ruleSet.rules.map(\.id)
        #expect(stats.neverFired.map { ids[$0] }.sorted() == ["never", "unknowable"])
        #expect(stats.alwaysFired.map { ids[$0] } == ["always"])
        #expect(stats.neverDecided.map { ids[$0] } == ["unknowable"])
        // 'never' is undecided when a is unknown: decided 2 of 3 rules, or 1 of 3.
        #expect(stats.bands == [2, 0] && stats.undetermined == 1 && stats.undeterminedByBand == [1, 0])
        let (sink, text) = ReportSink.collecting()
        StatsReport.write(stats, format: .json, to: sink)
        try sink.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text().utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "silkrisk-stats/1")
        let always = (object["rules"] as? [String: Any])?["always"] as? [String: Any]
        #expect(always?["flags"] as? [String] == ["always-fired"])
        #expect((object["verdicts"] as? [String: Any])?["undetermined"] as? Int == 1)
    }
}
