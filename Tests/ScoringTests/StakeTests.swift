import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Points at stake: the largest real change of the score that filling a missing fact in could
/// make (#17.3), and the candidate values that find it.
@Suite("Points at stake and the values tried for a missing fact")
struct StakeTests {
    /// The dispute-resolution rules of CR929's time: mutually exclusive on one enumeration, in a
    /// capped category that already holds points.
    static func disputes() throws -> CompiledRuleSet {
        try compiledRules(
            """
            ruleset "Disputes"
            category climate { title "Investment climate" cap 10 }
            category m { title "Mitigations" }
            \(fourBands)
            fact mechanism: enum("none", "negotiation", "domestic-court", "arbitration") at "m"
            fact neutral: boolean at "n"
            fact other: boolean at "o"

            """ + ruleText("weak-dispute-resolution", 6, "mechanism in [\"none\", \"negotiation\"]", category: "climate")
                + ruleText("domestic-courts", 6, "mechanism == \"domestic-court\"", category: "climate")
                + ruleText("not-neutral", 3, "mechanism == \"arbitration\" and neutral == false", category: "climate")
                + ruleText("already", 4, "other == true", category: "climate")
                + ruleText("neutral-arbitration", -8, "mechanism == \"arbitration\" and neutral == true", category: "m", "offsets climate"))
    }

    @Test("mutually exclusive rules and a cap: the stake is the largest real change, not the sum of the rules' points")
    func exclusiveAndCapped() throws {
        let assessment = assessing(try Self.disputes(), ["other": yes])
        #expect(assessment.score == 4)
        let mechanism = try #require(assessment.missingFacts.first { $0.fact == "mechanism" })
        // The old measure added every undecided rule's points: 6 + 6 + 3 + 8 = 23. Filling the
        // mechanism in can add at most 6: the cap of 10 holds 4 already.
        #expect(mechanism.pointsAtStake == 6)
        #expect(mechanism.scoreIfKnown == 4...10)
        #expect(mechanism.rules == ["domestic-courts", "neutral-arbitration", "not-neutral", "weak-dispute-resolution"])
    }

    @Test("each missing fact's stake equals the largest change found by trying every value of it")
    func stakesAreExactForEnumerations() throws {
        let set = try Self.disputes()
        for known in [["other": yes], ["other": no, "neutral": yes], ["neutral": no], [:]] as [[String: Value]] {
            let assessment = assessing(set, known)
            for missing in assessment.missingFacts {
                let fact = try #require(set.fact(named: missing.fact))
                let values: [Value]
                switch fact.type {
                case .enumeration(let cases): values = cases.map(Value.text)
                default: values = [yes, no]
                }
                let scores = values.map { value in assessing(set, known.merging([missing.fact: value]) { $1 }).score }
                let largest = scores.map { abs($0 - assessment.score) }.max() ?? 0
                #expect(missing.pointsAtStake == largest, "\(missing.fact) with \(known)")
                #expect(missing.scoreIfKnown == scores.min()!...scores.max()!)
            }
        }
    }

    @Test("a number compared with constants: the stake matches a sweep of values")
    func numbersAgainstASweep() throws {
        let set = try compiledRules(
            """
            ruleset "Numbers"
            category a { title "A" cap 12 }
            \(fourBands)
            fact share: number at "s"
            fact size: number at "t"

            """ + ruleText("tiny", 8, "share < 20%") + ruleText("small", 5, "share < 50% and share >= 20%") + ruleText("exact", 7, "share == 1")
                + ruleText("team", 6, "size in 3..7"))
        let assessment = assessing(set, [:])
        for missing in assessment.missingFacts {
            var scores: [Double] = []
            for step in -20...300 {
                let value = Double(step) / 100
                scores.append(assessing(set, [missing.fact: .number(Interval(value))]).score)
                scores.append(assessing(set, [missing.fact: .number(Interval(value * 10))]).score)
            }
            #expect(missing.pointsAtStake == scores.map { abs($0 - assessment.score) }.max(), "\(missing.fact)")
        }
        #expect(assessment.missingFacts.first { $0.fact == "share" }?.pointsAtStake == 8)
        #expect(assessment.missingFacts.first { $0.fact == "size" }?.pointsAtStake == 6)
    }

    @Test("a fact whose absence itself decides a rule is at stake too")
    func absenceDecides() throws {
        let set = try compiledRules(
            """
            ruleset "Absence"
            category a { title "A" }
            \(fourBands)
            fact protection: list of text at "ip/jurisdiction"
            fact core: boolean at "core"

            """ + ruleText("not-recorded", 4, "core == true and missing protection")
                + ruleText("skipped", 3, "protection contains \"CN\"", "unknown skip"))
        let assessment = assessing(set, ["core": yes])
        #expect(assessment.score == 4)
        let protection = try #require(assessment.missingFacts.first { $0.fact == "protection" })
        #expect(protection.pointsAtStake == 4, "recording any protection clears the 4 points; a CN entry adds 3")
        #expect(protection.scoreIfKnown == 0...3)
        #expect(protection.rules == ["not-recorded", "skipped"])
    }

    @Test("facts that only wait and can change nothing are listed with nothing at stake, after the others")
    func nothingAtStake() throws {
        let set = try compiledRules(
            """
            ruleset "Nothing"
            category a { title "A" cap 5 }
            \(fourBands)
            fact x: boolean at "x"
            fact y: boolean at "y"

            """ + ruleText("full", 5, "x == true") + ruleText("more", 3, "y == true"))
        let assessment = assessing(set, ["x": yes])
        #expect(assessment.missingFacts.map(\.fact) == ["y"])
        #expect(assessment.missingFacts.first?.pointsAtStake == 0, "the cap is full")
    }

    @Test("an assessor told not to work out stakes gives the same assessment without its missing facts")
    func stakesOff() throws {
        let set = try Self.disputes()
        let slots = set.facts.map { ["other": yes][$0.name] }
        let facts = DossierFacts(values: slots, evidence: slots.map { $0 == nil ? nil : FactEvidence(line: 1) }, asOf: nil)
        var assessor = Assessor(ruleSet: set)
        let with = assessor.assess(facts, id: "d", title: "D", file: "d.xml")
        assessor.stakes = .none
        let without = assessor.assess(facts, id: "d", title: "D", file: "d.xml")
        #expect(!with.missingFacts.isEmpty && without.missingFacts.isEmpty)
        #expect(with.score == without.score && with.scoreRange == without.scoreRange && with.band == without.band)
        #expect(with.undecided.map(\.rule) == without.undecided.map(\.rule))
    }

    // MARK: - The values tried

    static func candidates(_ facts: String, _ conditions: [String]) throws -> (FactCandidates, CompiledRuleSet) {
        var text = "ruleset \"C\"\ncategory a { title \"A\" }\nband low \"Low\" from 0\nrate 1 USD = 90 RUB\n\(facts)\n"
        for (index, condition) in conditions.enumerated() { text += ruleText("r\(index)", 1, condition) }
        let set = try compiledRules(text)
        return (FactCandidates(ruleSet: set), set)
    }

    @Test("a fact's memo context holds the facts its readers' conditions read, and those that decide whether its grid is tried")
    func memoContext() throws {
        // `share` is read by no condition, yet makes `gdp` decide whether `cost` is tried with
        // the grid: two dossiers that differ only in `gdp` must not share what `cost` puts at stake.
        let (candidates, set) = try Self.candidates(
            "fact cost: money at \"c\"\nfact gdp: money at \"g\"\nfact team: number at \"t\"\nfact other: boolean at \"o\"\n"
                + "define share = cost / gdp",
            ["cost >= 10 million USD and team < 10", "other == true"])
        func slot(_ name: String) throws -> Int { try #require(set.facts.firstIndex { $0.name == name }) }
        let memo = Assessor(ruleSet: set).stakeMemo
        #expect(candidates.gridPartners(try slot("cost")) == [try slot("gdp")])
        #expect(memo.context[try slot("cost")] == [try slot("gdp"), try slot("team")].sorted())
        #expect(memo.context[try slot("team")] == [try slot("cost")])
        #expect(memo.context[try slot("other")] == [])
    }

    @Test("enumerations give every value, booleans both")
    func enumerationsAndBooleans() throws {
        let (candidates, _) = try Self.candidates(
            "fact e: enum(\"x\", \"y\", \"z\") at \"e\"\nfact b: boolean at \"b\"", ["e == \"x\" and b == true"])
        #expect(candidates.values(forFact: "e", asOf: nil) == [.text("x"), .text("y"), .text("z")])
        #expect(candidates.values(forFact: "b", asOf: nil) == [yes, no])
    }

    @Test("a number gives each constant it is compared with and the next value either side; arithmetic adds the grid")
    func numbers() throws {
        let (candidates, _) = try Self.candidates(
            "fact n: number at \"n\"\nfact p: number at \"p\"\nfact q: number at \"q\"", ["n >= 3", "p / q > 20"])
        #expect(candidates.values(forFact: "n", asOf: nil) == [(3.0).nextDown, 3, (3.0).nextUp].map { .number(Interval($0)) })
        let grid = try #require(candidates.values(forFact: "p", asOf: nil))
        #expect(grid.count == 1 + 3 * 12)
        for value in [0, 0.01, 0.02, 0.05, 1, 20, 5e9] { #expect(grid.contains(.number(Interval(value))), "\(value)") }
    }

    @Test("money gives its constants in their currency, and the grid in the conditions' currency when reached by arithmetic")
    func money() throws {
        let (candidates, _) = try Self.candidates(
            "fact cost: money at \"c\"\nfact gdp: money at \"g\"", ["cost >= 10 million USD", "cost / gdp > 25%"])
        let values = try #require(candidates.values(forFact: "cost", asOf: nil))
        let ten = 1e7
        #expect(Array(values.prefix(3)) == [ten.nextDown, ten, ten.nextUp].map { .money(Interval($0), currency: "USD") })
        #expect(values.contains(.money(Interval(5e12), currency: "USD")))
        #expect(candidates.values(forFact: "gdp", asOf: nil)?.contains(.money(Interval(1e3), currency: "USD")) == true)
    }

    @Test("a date compared by age() gives the days around that many years before asOf; a date compared with another gives the grid")
    func dates() throws {
        let (candidates, _) = try Self.candidates(
            "fact asOf: date at \"@asOf\"\nfact announced: date at \"a\"\nfact planned: date at \"p\"", ["age(announced) >= 3", "planned < asOf"])
        let asOf = try #require(Day(year: 2020, month: 10, day: 1))
        let announced = try #require(candidates.values(forFact: "announced", asOf: asOf))
        let back = asOf.daysSinceEpoch - 1096
        #expect(announced == [back - 1, back, back + 1].map { .date(Day(daysSinceEpoch: $0)) })
        let planned = try #require(candidates.values(forFact: "planned", asOf: asOf))
        #expect(planned.contains(.date(asOf)))
        #expect(planned.contains(.date(Day(daysSinceEpoch: asOf.daysSinceEpoch + 1))))
        #expect(planned.count == 13)
    }

    @Test("text gives its constants, the plain alternatives of its patterns, and one value equal to none")
    func text() throws {
        let (candidates, _) = try Self.candidates(
            "fact t: text at \"t\"\nfact domains: list of text at \"d\"",
            ["t == \"aerospace\"", "any(d in domains where d contains \"5G\" or d matches \"(?i)blockchain|smart city|[0-9]+\")"])
        #expect(candidates.values(forFact: "t", asOf: nil) == [.text("aerospace"), .text("(other)")])
        let domains = try #require(candidates.values(forFact: "domains", asOf: nil))
        #expect(
            domains == [.list([]), .list([.text("5G")]), .list([.text("blockchain")]), .list([.text("smart city")]), .list([.text("(other)")])])
    }

    @Test("a list of records gives the empty list and one-item lists over the fields the conditions read, at most 256")
    func records() throws {
        let (candidates, _) = try Self.candidates(
            """
            fact parties: list at "parties/party" {
              name: text at "name"
              rating: enum("none", "good", "mixed", "poor") at "rating"
              completed: number at "completed"
              abandoned: number at "abandoned"
              joint: number at "joint"
            }
            """, ["any(p in parties where p.rating == \"good\" and p.completed >= 3)", "any(p in parties where p.abandoned * 2 >= p.joint)"])
        let values = try #require(candidates.values(forFact: "parties", asOf: nil))
        #expect(values.first == .list([]))
        #expect(values.count <= FactCandidates.maximumListItems + 1)
        #expect(values.count > 64)
        guard case .list(let items) = values[1], case .record(let fields) = items[0] else {
            Issue.record("not a one-item list of records: \(values[1])")
            return
        }
        #expect(fields.count == 5)
        #expect(fields[0] == nil, "a field no condition reads stays unknown")
        let ratings = Set(
            values.dropFirst().compactMap { value -> Value? in
                guard case .list(let items) = value, case .record(let fields) = items[0] else { return nil }
                return fields[1]
            })
        #expect(ratings.count == 4, "every rating is tried")
    }
}
