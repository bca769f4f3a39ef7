import DossierXML
import Foundation
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// `Assessor.stakes = .first(n)`, what the compact report asks for, works out only the facts
/// that can head the list: the list it gives must be exactly the first `n` of the whole list.
@Suite("Points at stake worked out best first")
struct StakeLimitTests {
    /// Every shipped dossier, as it is and thinned: facts taken out at random (seeded), so that
    /// many undecided rules, ties and empty stakes occur.
    static func factSets(_ assessor: Assessor) throws -> [(name: String, facts: DossierFacts)] {
        let files = DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files
        #expect(files.count >= 20)
        var random = DossierMutator.Random(seed: 14)
        var sets: [(String, DossierFacts)] = []
        for file in files {
            let read = try DossierLoader().read(path: file, query: assessor.extractor.query).get()
            let facts = assessor.extractor.extract(read)
            sets.append((file, facts))
            for variant in 0..<6 {
                var thinned = facts
                // From a few facts taken out to most of them.
                let keep = [0.9, 0.75, 0.6, 0.45, 0.3, 0.15][variant]
                for slot in thinned.values.indices where Double(random.below(1000)) / 1000 >= keep {
                    thinned.values[slot] = nil
                    thinned.evidence[slot] = nil
                }
                sets.append(("\(file) thinned \(variant)", thinned))
            }
        }
        return sets
    }

    /// Expects `tested` to give every fact set the missing facts `reference` gives, asked for
    /// each of `stakes`; `round` names the pass in a failure.
    static func expectSameStakes(
        _ tested: Assessor, as reference: Assessor, over sets: [(name: String, facts: DossierFacts)], stakes: [Stakes] = [.all], round: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, facts) in sets {
            for stakes in stakes {
                var (tested, reference) = (tested, reference)
                (tested.stakes, reference.stakes) = (stakes, stakes)
                let expected = reference.assess(facts, id: "d", title: "D", file: name).missingFacts
                #expect(
                    tested.assess(facts, id: "d", title: "D", file: name).missingFacts == expected, "\(name), \(stakes), round \(round)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the first n missing facts are the whole list's first n, points, ranges and rules alike, for n from 0 to 6")
    func firstNIsThePrefix() throws {
        let ruleSet = try ShippedPackTests.load()
        var all = Assessor(ruleSet: ruleSet)
        all.stakes = .all
        var pruned = false
        for (name, facts) in try Self.factSets(all) {
            let whole = all.assess(facts, id: "d", title: "D", file: name).missingFacts
            for n in 0...6 {
                var first = all
                first.stakes = .first(n)
                let limited = first.assess(facts, id: "d", title: "D", file: name).missingFacts
                #expect(limited == Array(whole.prefix(n)), "\(name), first \(n)")
                if whole.count > n + 2 { pruned = true }
            }
        }
        #expect(pruned, "some dossier has more missing facts than the limit")
    }

    @Test("what each rule can reach changes no stake: every missing fact as when every value is tried on every rule that read it")
    func reachChangesNothing() throws {
        let ruleSet = try ShippedPackTests.load()
        let reach = Assessor(ruleSet: ruleSet)
        var plain = reach
        plain.usesReach = false
        plain.usesSoleFactOutcomes = false
        var listed = 0
        for (name, facts) in try Self.factSets(reach) {
            let expected = plain.assess(facts, id: "d", title: "D", file: name).missingFacts
            #expect(reach.assess(facts, id: "d", title: "D", file: name).missingFacts == expected, "\(name)")
            listed += expected.filter { $0.pointsAtStake > 0 }.count
        }
        #expect(listed > 100, "many facts with something at stake")
    }

    /// Tables are made the second time a dossier asks for the same values, so every fact set is
    /// assessed twice over: the second round looks up what the first evaluated.
    @Test("outcomes looked up for the rules that read one fact change no stake, as asked for again and again")
    func soleFactOutcomesChangeNothing() throws {
        let ruleSet = try ShippedPackTests.load()
        let tables = Assessor(ruleSet: ruleSet)
        var evaluated = Assessor(ruleSet: ruleSet)
        evaluated.usesSoleFactOutcomes = false
        let sets = try Self.factSets(tables)
        for round in 0..<3 { Self.expectSameStakes(tables, as: evaluated, over: sets, round: round) }
        // The shipped pack's list of allegations (its rules measure age(a.date)) and its
        // enumerations have tables, one per `asOf` where a rule asks for it.
        #expect(tables.soleFactOutcomes.tableCount >= 10)
        #expect(evaluated.soleFactOutcomes.tableCount == 0)
    }

    /// An entry is made the second time a fact's context is met, so in the first round every
    /// entry used was made from another dossier (another thinning of the same file, mostly),
    /// and the later rounds use them again for the dossiers they were made from.
    @Test("stakes remembered by each fact's context change nothing, all of them or the first three, in dossiers that share a context")
    func rememberedStakesChangeNothing() throws {
        let ruleSet = try ShippedPackTests.load()
        let remembering = Assessor(ruleSet: ruleSet)
        var evaluating = Assessor(ruleSet: ruleSet)
        evaluating.usesStakeMemo = false
        let sets = try Self.factSets(remembering)
        for round in 0..<3 {
            Self.expectSameStakes(remembering, as: evaluating, over: sets, stakes: [.all, .first(JSONReport.collectFirstCount)], round: round)
            if round == 0 {
                #expect(remembering.stakeMemo.hitCount > 100, "contexts shared between dossiers")
            }
        }
        #expect(remembering.stakeMemo.entryCount > 100)
        #expect(evaluating.stakeMemo.entryCount == 0)
    }

    @Test("the memo numbers a value from the second time it is met, exactly (0 is not -0, text by its bytes), and keeps none too large")
    func numbering() throws {
        let ruleSet = try ShippedPackTests.load()
        let memo = Assessor(ruleSet: ruleSet).stakeMemo
        let slot = try #require(ruleSet.facts.firstIndex { $0.name == "integrity.allegations" })
        func number(_ value: Value?) -> Int {
            var values = [Value?](repeating: nil, count: ruleSet.facts.count)
            values[slot] = value
            return memo.number(slot: slot, facts: DossierFacts(values: values, evidence: Array(repeating: nil, count: values.count), asOf: nil))
        }
        func numbers(_ value: Value) -> [Int] { (0..<3).map { _ in number(value) } }
        let small = numbers(.list([.record([.text("espionage"), .date(Day(daysSinceEpoch: 18_000))])]))
        #expect(small[0] != small[1] && small[1] == small[2], "kept from its second time: \(small)")
        // Values the evaluator tells apart are numbered apart.
        let zero = numbers(.list([.number(Interval(0))]))
        let negativeZero = numbers(.list([.number(Interval(-0.0))]))
        #expect(zero[2] != negativeZero[2])
        let composed = numbers(.list([.text("\u{E9}")]))
        let decomposed = numbers(.list([.text("e\u{301}")]))
        #expect(composed[2] != decomposed[2])
        // Too large to keep: a number of its own each time.
        let large = numbers(.list(Array(repeating: .text("x"), count: StakeMemo.largestKept)))
        #expect(Set(large).count == 3)
    }

    @Test("the compact JSON entry is the same whether every stake is worked out or the first three")
    func compactEntryUnchanged() throws {
        let ruleSet = try ShippedPackTests.load()
        let all = Assessor(ruleSet: ruleSet)
        var three = all
        three.stakes = JSONReport.Detail.compact.stakes
        #expect(three.stakes == .first(JSONReport.collectFirstCount))
        let writer = JSONReport.CompactWriter(ruleSet: ruleSet)
        for (name, facts) in try Self.factSets(all) {
            let whole = writer.sink(all.assess(facts, id: "d", title: "D", file: name)).bytes
            let first = writer.sink(three.assess(facts, id: "d", title: "D", file: name)).bytes
            #expect(whole == first, "\(name)")
        }
    }
}
