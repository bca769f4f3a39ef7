import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Compiles rule text that must have no errors.
private func ruleSet(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CompiledRuleSet {
    let output = RuleSetLoader.compile([SourceFile(path: "test.rules", text: text)])
    let errors = output.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map { "\($0.position) \($0.id): \($0.message)" })", sourceLocation: sourceLocation)
    return try #require(output.ruleSet, sourceLocation: sourceLocation)
}

/// A rule in category `c` (declared by `header`), with the given points and condition.
private func rule(_ id: String, _ points: Double, _ condition: String, extra: String = "", category: String = "c") -> String {
    """
    rule \(id) {
      title "\(id)"
      category \(category)
      points \(points)
      when \(condition)
      \(extra)
    }

    """
}

private let header = """
    ruleset "Evaluation"
    category c { title "C" }
    band low "Low" from 0
    band medium "Medium" from 30
    band high "High" from 60

    """

/// Facts by name, put in the catalogue's slot order; absent names are unknown.
private func assess(_ ruleSet: CompiledRuleSet, _ values: [String: Value], asOf: Day? = Day(year: 2024, month: 1, day: 1)) -> Assessment {
    let slots = ruleSet.facts.map { values[$0.name] }
    let evidence = slots.map { $0 == nil ? nil : FactEvidence(line: 1) }
    return Assessor(ruleSet: ruleSet).assess(DossierFacts(values: slots, evidence: evidence, asOf: asOf), id: "d", title: "D", file: "d.xml")
}

private func status(_ id: String, in assessment: Assessment) -> RuleStatus {
    if assessment.findings.contains(where: { $0.rule == id }) { return .fired }
    if assessment.undecided.contains(where: { $0.rule == id }) { return .undecided }
    return .notFired
}

private func usd(_ billions: Double) -> Value { .money(Interval(billions * 1e9), currency: "USD") }

struct TruthCase: Sendable, CustomTestStringConvertible {
    let a: Bool?
    let b: Bool?
    let and: RuleStatus
    let or: RuleStatus

    var testDescription: String { "a=\(a.map(String.init) ?? "unknown") b=\(b.map(String.init) ?? "unknown")" }
}

@Suite("Evaluation: three-valued logic and scoring")
struct EvaluationTests {
    static let truthRows: [TruthCase] = [
        TruthCase(a: true, b: true, and: .fired, or: .fired),
        TruthCase(a: true, b: false, and: .notFired, or: .fired),
        TruthCase(a: true, b: nil, and: .undecided, or: .fired),
        TruthCase(a: false, b: true, and: .notFired, or: .fired),
        TruthCase(a: false, b: false, and: .notFired, or: .notFired),
        TruthCase(a: false, b: nil, and: .notFired, or: .undecided),
        TruthCase(a: nil, b: true, and: .undecided, or: .fired),
        TruthCase(a: nil, b: false, and: .notFired, or: .undecided),
        TruthCase(a: nil, b: nil, and: .undecided, or: .undecided),
    ]

    @Test("and, or, not follow Kleene's three-valued logic", arguments: truthRows)
    func truthTable(_ row: TruthCase) throws {
        let set = try ruleSet(
            header + """
                fact a: boolean at "flags/a"
                fact b: boolean at "flags/b"

                """ + rule("both", 1, "a and b") + rule("either", 1, "a or b") + rule("neither", 1, "not a"))
        var values: [String: Value] = [:]
        if let a = row.a { values["a"] = .boolean(a) }
        if let b = row.b { values["b"] = .boolean(b) }
        let assessment = assess(set, values)
        #expect(status("both", in: assessment) == row.and)
        #expect(status("either", in: assessment) == row.or)
        let not: RuleStatus = row.a.map { $0 ? .notFired : .fired } ?? .undecided
        #expect(status("neither", in: assessment) == not)
    }

    @Test("a missing fact leaves an adverse rule undecided and widens the range upward")
    func missingAdverse() throws {
        let set = try ruleSet(
            header + """
                fact x: number at "figures/x"
                fact y: number at "figures/y"

                """ + rule("known", 20, "x > 1") + rule("unknown", 15, "y > 1"))
        let assessment = assess(set, ["x": .number(Interval(5))])
        #expect(status("unknown", in: assessment) == .undecided)
        #expect(assessment.score == 20)
        #expect(assessment.scoreRange == 20...35)
        #expect(assessment.missingFacts.map(\.fact) == ["y"])
        #expect(assessment.missingFacts.first?.pointsAtStake == 15)
    }

    @Test("points at stake are added largest first, so fractional sums and their ties come out as written")
    func missingFactSums() throws {
        let set = try ruleSet(
            header + """
                fact zeta: number at "figures/zeta"
                fact alpha: number at "figures/alpha"

                """ + rule("a", 0.1, "zeta > 1") + rule("b", 0.2, "zeta > 2") + rule("c", 0.3, "zeta > 3") + rule("d", 0.6, "alpha > 1"))
        let assessment = assess(set, [:])
        // 0.3 + 0.2 + 0.1 is 0.6 exactly as doubles go; 0.1 + 0.2 + 0.3 would be 0.6000000000000001.
        #expect(assessment.missingFacts.map(\.fact) == ["alpha", "zeta"], "a tie at 0.6 goes by name")
        #expect(assessment.missingFacts.map(\.pointsAtStake) == [0.6, 0.6])
        #expect(assessment.missingFacts.last?.rules == ["a", "b", "c"])
    }

    @Test("a missing fact on a mitigating rule widens the range downward")
    func missingMitigating() throws {
        let set = try ruleSet(
            header + """
                fact x: number at "figures/x"
                fact y: number at "figures/y"

                """ + rule("known", 20, "x > 1") + rule("relief", -5, "y > 1", extra: "offsets c"))
        let assessment = assess(set, ["x": .number(Interval(5))])
        #expect(status("relief", in: assessment) == .undecided)
        #expect(assessment.score == 20)
        #expect(assessment.scoreRange == 15...20)
    }

    @Test("'unknown fire' and 'unknown skip' decide an undecidable rule")
    func unknownClause() throws {
        let set = try ruleSet(
            header + """
                fact y: number at "figures/y"

                """ + rule("pessimist", 10, "y > 1", extra: "unknown fire") + rule("optimist", 7, "y > 1", extra: "unknown skip"))
        let assessment = assess(set, [:])
        #expect(status("pessimist", in: assessment) == .fired)
        #expect(assessment.findings.first { $0.rule == "pessimist" }?.assumed == true)
        #expect(status("optimist", in: assessment) == .notFired)
        #expect(assessment.undecided.isEmpty)
        #expect(assessment.score == 10)
        #expect(assessment.scoreRange == 10...10)
        #expect(assessment.completeness == 1)
    }

    @Test("'has' and 'missing' are always decided", arguments: [true, false])
    func hasAndMissing(present: Bool) throws {
        let set = try ruleSet(
            header + """
                fact y: number at "figures/y"

                """ + rule("given", 1, "has y") + rule("absent", 1, "missing y"))
        let assessment = assess(set, present ? ["y": .number(Interval(3))] : [:])
        #expect(status("given", in: assessment) == (present ? .fired : .notFired))
        #expect(status("absent", in: assessment) == (present ? .notFired : .fired))
        #expect(assessment.completeness == 1)
    }

    @Test("a money range is compared point by point: true, undecided or false")
    func moneyRange() throws {
        let set = try ruleSet(
            header + """
                fact cost: money at "finance/cost"

                """ + rule("above10", 1, "cost > 10 billion USD") + rule("above15", 1, "cost > 15 billion USD")
                + rule("above25", 1, "cost > 25 billion USD"))
        let assessment = assess(set, ["cost": .money(Interval(13e9, 20e9), currency: "USD")])
        #expect(status("above10", in: assessment) == .fired)
        #expect(status("above15", in: assessment) == .undecided)
        #expect(status("above25", in: assessment) == .notFired)
    }

    @Test("amounts in different currencies are compared through a declared rate")
    func exchangeRate() throws {
        let set = try ruleSet(
            header + """
                rate 1 USD = 7 CNY
                fact price: money at "finance/price"

                """ + rule("above9", 1, "price > 9 USD") + rule("above11", 1, "price > 11 USD"))
        let assessment = assess(set, ["price": .money(Interval(70), currency: "CNY")])
        #expect(status("above9", in: assessment) == .fired)
        #expect(status("above11", in: assessment) == .notFired)
    }

    static let listRules =
        header + """
            fact parties: list at "parties/party" {
              kind: text at "kind"
              share: number at "share"
            }

            """ + rule("twoFunds", 1, #"count(p in parties where p.kind == "fund") >= 2"#)
        + rule("majority", 1, "sum(p in parties of p.share) > 50")
        + rule("anyState", 1, #"any(p in parties where p.kind == "state")"#)
        + rule("allLarge", 1, "all(p in parties where p.share > 10)")
        + rule("noState", 1, #"none(p in parties where p.kind == "state")"#)

    private func party(_ kind: String, _ share: Double) -> Value { .record([.text(kind), .number(Interval(share))]) }

    @Test("quantifiers over a list of records")
    func quantifiers() throws {
        let set = try ruleSet(Self.listRules)
        let assessment = assess(set, ["parties": .list([party("fund", 30), party("fund", 25), party("state", 5)])])
        #expect(status("twoFunds", in: assessment) == .fired)
        #expect(status("majority", in: assessment) == .fired)
        #expect(status("anyState", in: assessment) == .fired)
        #expect(status("allLarge", in: assessment) == .notFired)
        #expect(status("noState", in: assessment) == .notFired)
    }

    @Test("an empty list is known: count and sum are 0, any false, all and none true")
    func emptyList() throws {
        let set = try ruleSet(Self.listRules)
        let assessment = assess(set, ["parties": .list([])])
        #expect(status("twoFunds", in: assessment) == .notFired)
        #expect(status("majority", in: assessment) == .notFired)
        #expect(status("anyState", in: assessment) == .notFired)
        #expect(status("allLarge", in: assessment) == .fired)
        #expect(status("noState", in: assessment) == .fired)
        #expect(assessment.completeness == 1)
    }

    @Test("an absent list is unknown: every quantifier is undecided")
    func absentList() throws {
        let set = try ruleSet(Self.listRules)
        let assessment = assess(set, [:])
        #expect(assessment.undecided.map(\.rule).sorted() == ["allLarge", "anyState", "majority", "noState", "twoFunds"])
        #expect(assessment.completeness == 0)
    }

    @Test("age() is measured to the dossier's asOf date, not the clock")
    func ageToAsOf() throws {
        let set = try ruleSet(
            header + """
                fact founded: date at "identity/founded"

                """ + rule("old", 1, "age(founded) >= 10"))
        let founded: [String: Value] = ["founded": .date(Day(year: 2010, month: 1, day: 1)!)]
        #expect(status("old", in: assess(set, founded, asOf: Day(year: 2020, month: 6, day: 1))) == .fired)
        #expect(status("old", in: assess(set, founded, asOf: Day(year: 2015, month: 1, day: 1))) == .notFired)
        #expect(status("old", in: assess(set, founded, asOf: nil)) == .undecided)
    }

    @Test("a category cap limits the counted subtotal; subtotals and clamp add up to the score")
    func categoryCap() throws {
        let set = try ruleSet(
            """
            ruleset "Caps"
            category capped { title "Capped" cap 15 }
            category open { title "Open" }
            band low "Low" from 0
            fact x: number at "figures/x"

            """ + rule("a", 10, "x > 0", category: "capped") + rule("b", 10, "x > 0", category: "capped")
                + rule("c", 5, "x > 0", category: "open"))
        let assessment = assess(set, ["x": .number(Interval(1))])
        let capped = try #require(assessment.categories.first { $0.id == "capped" })
        #expect(capped.raw == 20)
        #expect(capped.cap == 15)
        #expect(capped.counted == 15)
        #expect(assessment.score == 20)
        #expect(assessment.categories.reduce(0) { $0 + $1.counted } + assessment.clampAdjustment == assessment.score)
    }

    @Test("the clamp to 100 is reported as a clamp adjustment")
    func clamp() throws {
        let set = try ruleSet(
            header + """
                category d { title "D" }
                fact x: number at "figures/x"

                """ + rule("a", 80, "x > 0") + rule("b", 50, "x > 0", category: "d"))
        let assessment = assess(set, ["x": .number(Interval(1))])
        #expect(assessment.total == 130)
        #expect(assessment.score == 100)
        #expect(assessment.clampAdjustment == -30)
        #expect(assessment.categories.reduce(0) { $0 + $1.counted } + assessment.clampAdjustment == assessment.score)
    }

    @Test("a fired rule's floor raises the band above what the points give")
    func floorRaisesBand() throws {
        let set = try ruleSet(
            header + """
                fact x: number at "figures/x"

                """ + rule("grave", 5, "x > 0", extra: "floor high"))
        let assessment = assess(set, ["x": .number(Interval(1))])
        #expect(assessment.score == 5)
        #expect(assessment.bandByPoints.id == "low")
        #expect(assessment.band.id == "high")
        #expect(assessment.floorsApplied == ["grave"])
    }

    @Test("fired() of an undecided rule is unknown, and completeness counts decided rules")
    func firedOfUndecided() throws {
        let set = try ruleSet(
            header + """
                fact x: number at "figures/x"
                fact y: number at "figures/y"

                """ + rule("base", 10, "y > 1") + rule("follows", 5, "fired(base)") + rule("opposes", 5, "not fired(base)")
                + rule("decided", 5, "x > 1"))
        let assessment = assess(set, ["x": .number(Interval(3))])
        #expect(status("base", in: assessment) == .undecided)
        #expect(status("follows", in: assessment) == .undecided)
        #expect(status("opposes", in: assessment) == .undecided)
        #expect(status("decided", in: assessment) == .fired)
        #expect(assessment.completeness == 0.25)

        let known = assess(set, ["x": .number(Interval(3)), "y": .number(Interval(3))])
        #expect(status("follows", in: known) == .fired)
        #expect(status("opposes", in: known) == .notFired)
        #expect(known.completeness == 1)
    }
}
