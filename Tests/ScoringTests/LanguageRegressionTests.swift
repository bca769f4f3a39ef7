import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Problems found while writing the shipped pack, pinned so they stay fixed.
@Suite("Language regressions")
struct LanguageRegressionTests {
    static let header = """
        ruleset "R"
        category c { title "C" }
        band low "Low" from 0
        rate 1 USD = 90 RUB
        rate 1 USD = 7 CNY
        fact cost: money at "finance/totalCost"
        fact funding: list at "finance/funding/fundingSource" {
          name: text at "name"
          amount: money at "amount"
        }

        """

    static func compile(_ text: String) -> RuleCompiler.Output {
        RuleSetLoader.compile([SourceFile(path: "r.rules", text: header + text)])
    }

    static func rule(_ condition: String, id: String = "r") -> String {
        "rule \(id) {\n  title \"t\"\n  category c\n  points 5\n  when \(condition)\n  message \"m\"\n  advice \"a\"\n}\n"
    }

    @Test("bounds in different currencies are not a contradiction")
    func currencyBoundsAreNotNeverTrue() {
        let output = Self.compile(Self.rule("cost > 10 billion RUB and cost < 1 billion USD"))
        #expect(!output.diagnostics.contains { $0.id == .neverTrue })
        let same = Self.compile(Self.rule("cost > 10 billion USD and cost < 1 billion USD"))
        #expect(same.diagnostics.contains { $0.id == .neverTrue })
    }

    @Test("the sum of money over an empty list is zero money, so a comparison with money is decided")
    func emptyMoneySum() throws {
        let ruleSet = try #require(Self.compile(Self.rule("sum(f in funding of f.amount) < 1 million USD")).ruleSet)
        let slots = ruleSet.facts.map { $0.name == "funding" ? Value.list([]) : nil }
        let assessment = Assessor(ruleSet: ruleSet).assess(
            DossierFacts(values: slots, evidence: slots.map { _ in nil }, asOf: nil), id: "d", title: "d", file: "d.xml")
        #expect(assessment.findings.map(\.rule) == ["r"])
    }

    @Test("rates chain through a third currency, and a missing rate is reported, not silent")
    func ratesChainAndMissingRatesAreNoted() throws {
        let ruleSet = try #require(Self.compile(Self.rule("cost > 1 million RUB", id: "cny") + Self.rule("cost > 1 USD", id: "kgs")).ruleSet)
        func assess(_ value: Value) -> Assessment {
            let slots = ruleSet.facts.map { $0.name == "cost" ? value : nil }
            return Assessor(ruleSet: ruleSet).assess(
                DossierFacts(values: slots, evidence: slots.map { _ in FactEvidence(line: 1) }, asOf: nil), id: "d", title: "d", file: "d.xml")
        }
        // 1 CNY = 90 / 7 RUB, so 100,000 CNY is about 1.29 million RUB.
        let chained = assess(.money(Interval(100_000), currency: "CNY"))
        #expect(chained.findings.map(\.rule).contains("cny"))
        #expect(chained.notes.isEmpty)
        let unknown = assess(.money(Interval(5_000), currency: "KGS"))
        #expect(unknown.undecided.map(\.rule).sorted() == ["cny", "kgs"])
        #expect(unknown.notes.contains { $0.contains("KGS/RUB") || $0.contains("KGS/USD") })
    }

    @Test("facts shown only in a message are not listed as missing facts at stake")
    func messageFactsAreNotAtStake() throws {
        let text = """
            fact flag: boolean at "x/flag"
            fact other: text at "x/other"
            rule r {
              title "t"
              category c
              points 5
              when flag == true
              message "other is {other}"
              advice "a"
            }

            """
        let ruleSet = try #require(Self.compile(text).ruleSet)
        let slots = ruleSet.facts.map { _ -> Value? in nil }
        let assessment = Assessor(ruleSet: ruleSet).assess(
            DossierFacts(values: slots, evidence: slots.map { _ in nil }, asOf: nil), id: "d", title: "d", file: "d.xml")
        #expect(assessment.missingFacts.map(\.fact) == ["flag"])
    }

    @Test("a broken rule header does not turn the rule's body into spurious errors")
    func brokenHeaderRecovery() {
        let output = Self.compile("rule 5g-bad {\n  title \"t\"\n  category c\n  points 5\n  when true\n}\n")
        let errors = output.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(errors.first?.position == "r.rules:11:6")
    }

    @Test("a source, category or rule block missing its '}' ends at the next declaration, with one error and no hang")
    func unclosedBlocksEnd() {
        for opening in ["source other {\n  title \"Other\"", "category spare {\n  title \"Spare\"", "rule early {\n  title \"Early\""] {
            let output = Self.compile(opening + "\n" + Self.rule("cost > 1 USD", id: "late"))
            let braces = output.diagnostics.filter { $0.id == .expectedToken && $0.message.contains("expected '}'") }
            #expect(braces.count == 1, "\(opening): \(output.diagnostics.map(\.message))")
            #expect(braces.first?.position == "r.rules:13:1", "\(opening)")
        }
    }
}

/// Division is correctly rounded: each end of the interval is divided, never multiplied by a
/// reciprocal, so a quotient that is exactly a boundary compares as that boundary.
@Suite("Division at boundaries")
struct DivisionTests {
    @Test(
        "a quotient equal to the boundary is not above it",
        arguments: [(3.0, 10.0, 0.3), (273.0, 91.0, 3.0), (1.0, 3.0, 1.0 / 3.0), (49.0, 7.0, 7.0)])
    func quotientAtTheBoundary(dividend: Double, divisor: Double, boundary: Double) throws {
        let divided: Interval? = Interval(dividend) / Interval(divisor)
        let quotient = try #require(divided)
        #expect(quotient.low == boundary && quotient.high == boundary)
    }

    @Test("3 / 10 > 0.3 and 273 / 91 > 3 do not fire; >= does")
    func boundaryComparisonsInRules() throws {
        let text =
            LanguageRegressionTests.rule("3 / 10 > 0.3", id: "a") + LanguageRegressionTests.rule("273 / 91 > 3", id: "b")
            + LanguageRegressionTests.rule("3 / 10 >= 0.3", id: "c") + LanguageRegressionTests.rule("273 / 91 <= 3", id: "d")
        let output = LanguageRegressionTests.compile(text)
        let ruleSet = try #require(output.ruleSet)
        let slots = ruleSet.facts.map { _ in Value?.none }
        let assessment = Assessor(ruleSet: ruleSet).assess(
            DossierFacts(values: slots, evidence: slots.map { _ in nil }, asOf: nil), id: "d", title: "d", file: "d.xml")
        #expect(assessment.findings.map(\.rule).sorted() == ["c", "d"])
    }

    @Test("a range divided by a range keeps every quotient inside it")
    func rangeQuotient() throws {
        let divided: Interval? = Interval(-6, 3) / Interval(2, 4)
        let quotient = try #require(divided)
        #expect(quotient.low == -3 && quotient.high == 1.5)
        let byZero: Interval? = Interval(1) / Interval(-1, 1)
        #expect(byZero == nil)
    }
}
