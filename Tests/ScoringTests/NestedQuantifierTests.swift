import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Quantifiers inside the `where` of other quantifiers. Each outer quantifier's result must be its
/// own: an inner `count`, `sum`, `any`, ... must not change what an outer `sum` of nothing is
/// (zero money for money, the number 0 for numbers), as docs/rule-language.md §5.3 promises.
@Suite("Evaluation: nested quantifiers")
struct NestedQuantifierTests {
    /// Inner conditions that are false for every item (so the outer selection is empty), one per
    /// quantifier kind and value kind.
    static let falseInner: [String] = [
        "count(d in domains) > 1000",
        "sum(x in funds of x.amount) < 0 USD",
        "sum(x in funds of x.share) > 1000",
        #"any(d in domains where d == "none")"#,
        #"all(d in domains where d == "none")"#,
        #"none(d in domains where d != "none")"#,
        "min(x in funds of x.share) > 1000",
        "max(x in funds of x.amount) > 1000000 USD",
    ]

    /// The same kinds, true for every item (so the outer selection is every item).
    static let trueInner: [String] = [
        "count(d in domains) >= 2",
        "sum(x in funds of x.amount) > 1 USD",
        "sum(x in funds of x.share) == 100",
        #"any(d in domains where d == "aviation")"#,
        #"all(d in domains where d != "none")"#,
        #"none(d in domains where d == "none")"#,
        "min(x in funds of x.share) == 40",
        "max(x in funds of x.amount) == 600 USD",
    ]

    private static let header = """
        ruleset "Nested"
        category c { title "C" }
        band low "Low" from 0
        band high "High" from 50
        fact domains: list of text at "technology/domain"
        fact funds: list at "finance/funding" {
          amount: money at "amount"
          share: number at "share"
        }

        """

    private static func rules(_ outer: [(String, String)]) -> String {
        header
            + outer.map { id, condition in
                """
                rule \(id) {
                  title "\(id)"
                  category c
                  points 1
                  when \(condition)
                }

                """
            }.joined()
    }

    private static func assess(_ text: String) throws -> Assessment {
        let output = RuleSetLoader.compile([SourceFile(path: "nested.rules", text: text)])
        let errors = output.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.position) \($0.id): \($0.message)" })")
        let set = try #require(output.ruleSet)
        let usd = { (amount: Double) in Value.money(Interval(amount), currency: "USD") }
        let values: [String: Value] = [
            "domains": .list([.text("aviation"), .text("materials")]),
            "funds": .list([.record([usd(400), .number(Interval(40))]), .record([usd(600), .number(Interval(60))])]),
        ]
        let slots = set.facts.map { values[$0.name] }
        let evidence = slots.map { $0 == nil ? nil : FactEvidence(line: 1) }
        return Assessor(ruleSet: set).assess(DossierFacts(values: slots, evidence: evidence, asOf: nil), id: "d", title: "D", file: "d.xml")
    }

    private static func status(_ id: String, in assessment: Assessment) -> RuleStatus {
        if assessment.findings.contains(where: { $0.rule == id }) { return .fired }
        if assessment.undecided.contains(where: { $0.rule == id }) { return .undecided }
        return .notFired
    }

    @Test("every outer quantifier is decided as its own when the inner one selects nothing", arguments: falseInner)
    func innerSelectsNothing(_ inner: String) throws {
        let assessment = try Self.assess(
            Self.rules([
                ("moneySumIsZeroMoney", "sum(f in funds of f.amount where \(inner)) < 1 USD"),
                ("moneySumIsNotPositive", "sum(f in funds of f.amount where \(inner)) > 1 USD"),
                ("numberSumIsZero", "sum(f in funds of f.share where \(inner)) == 0"),
                ("countIsZero", "count(f in funds where \(inner)) == 0"),
                ("anyIsFalse", "any(f in funds where \(inner))"),
                ("allIsFalse", "all(f in funds where \(inner))"),
                ("noneIsTrue", "none(f in funds where \(inner))"),
                ("minOfNothingIsUnknown", "min(f in funds of f.share where \(inner)) > 0"),
            ]))
        #expect(Self.status("moneySumIsZeroMoney", in: assessment) == .fired)
        #expect(Self.status("moneySumIsNotPositive", in: assessment) == .notFired)
        #expect(Self.status("numberSumIsZero", in: assessment) == .fired)
        #expect(Self.status("countIsZero", in: assessment) == .fired)
        #expect(Self.status("anyIsFalse", in: assessment) == .notFired)
        #expect(Self.status("allIsFalse", in: assessment) == .notFired)
        #expect(Self.status("noneIsTrue", in: assessment) == .fired)
        #expect(Self.status("minOfNothingIsUnknown", in: assessment) == .undecided)
    }

    @Test("every outer quantifier counts every item when the inner one holds for each", arguments: trueInner)
    func innerSelectsEverything(_ inner: String) throws {
        let assessment = try Self.assess(
            Self.rules([
                ("moneySum", "sum(f in funds of f.amount where \(inner)) == 1000 USD"),
                ("numberSum", "sum(f in funds of f.share where \(inner)) == 100"),
                ("count", "count(f in funds where \(inner)) == 2"),
                ("any", "any(f in funds where \(inner))"),
                ("all", "all(f in funds where \(inner))"),
                ("none", "none(f in funds where \(inner))"),
                ("max", "max(f in funds of f.share where \(inner)) == 60"),
            ]))
        #expect(Self.status("moneySum", in: assessment) == .fired)
        #expect(Self.status("numberSum", in: assessment) == .fired)
        #expect(Self.status("count", in: assessment) == .fired)
        #expect(Self.status("any", in: assessment) == .fired)
        #expect(Self.status("all", in: assessment) == .fired)
        #expect(Self.status("none", in: assessment) == .notFired)
        #expect(Self.status("max", in: assessment) == .fired)
    }

    @Test("a quantifier in the `of` of a sum is its own too")
    func innerInValue() throws {
        let assessment = try Self.assess(
            Self.rules([
                ("sumOfCounts", "sum(f in funds of count(d in domains where d == \"none\")) == 0"),
                ("moneyAfterInnerCount", "sum(f in funds of f.amount where count(d in domains where d == \"none\") > 0) < 1 USD"),
            ]))
        #expect(Self.status("sumOfCounts", in: assessment) == .fired)
        #expect(Self.status("moneyAfterInnerCount", in: assessment) == .fired)
    }
}
