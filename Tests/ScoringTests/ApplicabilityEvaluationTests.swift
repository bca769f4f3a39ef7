import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// How rules see a value that does not apply and an open list (docs/rule-language.md §7.1 and
/// §7.2): every operator and quantifier, each as the condition of a rule whose outcome is checked.
@Suite("Evaluation: 'not applicable' values and open lists")
struct ApplicabilityEvaluationTests {
    static let catalogue = """
        ruleset "Applicability"
        category c { title "C" }
        band low "Low" from 0
        band high "High" from 50
        fact n: number at "f/n"
        fact m: money at "f/m"
        fact t: text at "f/t"
        fact k: enum("a", "b") at "f/k"
        fact d: date at "f/d"
        fact b: boolean at "f/b"
        fact xs: list of text at "f/xs/x"
        fact rs: list at "f/rs/r" {
          kind: text at "@kind"
          amount: money at "amount"
        }
        fact u: number at "f/u"
        fact one: number at "f/one"

        """

    /// The outcome of one rule with `condition`, over the facts given (the others unknown).
    static func outcome(_ condition: String, _ values: [String: Value]) throws -> (RuleStatus, Assessment) {
        let text = catalogue + "rule r {\n  title \"r\"\n  category c\n  points 10\n  when \(condition)\n  message \"{n} {xs}\"\n}\n"
        let output = RuleSetLoader.compile([SourceFile(path: "applicability.rules", text: text)])
        let errors = output.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(condition): \(errors.map(\.message))")
        let ruleSet = try #require(output.ruleSet)
        let slots = ruleSet.facts.map { values[$0.name] }
        let facts = DossierFacts(
            values: slots, evidence: slots.map { $0 == nil ? nil : FactEvidence(line: 3) }, asOf: Day(year: 2024, month: 1, day: 1))
        let assessment = Assessor(ruleSet: ruleSet).assess(facts, id: "d", title: "D", file: "d.xml")
        let status: RuleStatus =
            assessment.findings.isEmpty ? (assessment.undecided.isEmpty ? .notFired : .undecided) : .fired
        return (status, assessment)
    }

    static let notApplicable: [String: Value] = {
        var values: [String: Value] = [:]
        for name in ["n", "m", "t", "k", "d", "b", "xs", "rs"] { values[name] = .notApplicable("no market") }
        values["one"] = .number(Interval(1))
        return values
    }()

    struct Case: Sendable, CustomTestStringConvertible {
        let condition: String
        let expected: RuleStatus
        var testDescription: String { "\(condition) → \(expected.rawValue)" }
        init(_ condition: String, _ expected: RuleStatus) {
            self.condition = condition
            self.expected = expected
        }
    }

    static let notApplicableCases: [Case] = [
        // Every comparison is false, whichever side, even beside an unknown value.
        Case("n == 1", .notFired), Case("n != 1", .notFired), Case("n < 1", .notFired), Case("n <= 1", .notFired),
        Case("n > 1", .notFired), Case("n >= 1", .notFired), Case("1 < n", .notFired), Case("n == u", .notFired),
        Case("u == n", .notFired), Case("m > 1 USD", .notFired), Case("d < 2020-01-01", .notFired), Case("b == true", .notFired),
        Case("b == false", .notFired), Case("k == \"a\"", .notFired), Case("k != \"a\"", .notFired), Case("k in [\"a\", \"b\"]", .notFired),
        Case("k not in [\"a\"]", .notFired), Case("n in 1..5", .notFired), Case("n not in 1..5", .notFired), Case("u in n..5", .notFired),
        Case("one in 0..n", .notFired), Case("t contains \"x\"", .notFired), Case("xs contains \"x\"", .notFired),
        Case("\"x\" in xs", .notFired), Case("t matches \"x\"", .notFired), Case("n + 1 > 0", .notFired),
        // Arithmetic, negation, functions and fields do not apply either, even beside an unknown value.
        Case("(n + 1) is not applicable", .fired), Case("(1 - n) is not applicable", .fired), Case("(n * 2) is not applicable", .fired),
        Case("(2 / n) is not applicable", .fired), Case("(n + u) is not applicable", .fired), Case("(u * n) is not applicable", .fired),
        Case("-n is not applicable", .fired), Case("(m / 2) is not applicable", .fired), Case("abs(n) is not applicable", .fired),
        Case("amount(m) is not applicable", .fired), Case("age(d) is not applicable", .fired),
        Case("years(d, 2020-01-01) is not applicable", .fired), Case("days(2020-01-01, d) is not applicable", .fired),
        Case("lower(t) is not applicable", .fired),
        // A quantifier sees an empty list; min and max do not apply.
        Case("any(x in xs where true)", .notFired), Case("all(x in xs where false)", .fired), Case("none(x in xs where true)", .fired),
        Case("count(x in xs) == 0", .fired), Case("count(r in rs where r.kind == \"x\") == 0", .fired),
        Case("sum(r in rs of r.amount) == 0 USD", .fired), Case("min(r in rs of r.amount) is not applicable", .fired),
        Case("max(r in rs of r.amount) is not applicable", .fired),
        // As true or false it counts as false.
        Case("b", .notFired), Case("not b", .fired), Case("b and one == 1", .notFired), Case("b or one == 1", .fired),
        Case("b or u == 1", .undecided), Case("not (n == 1)", .fired),
        // has, missing, is not applicable, fallback.
        Case("has n", .notFired), Case("missing n", .notFired), Case("n is not applicable", .fired), Case("u is not applicable", .notFired),
        Case("one is not applicable", .notFired), Case("missing u", .fired), Case("fallback(n, 1) is not applicable", .fired),
        Case("fallback(u, 1) == 1", .fired), Case("fallback(n == 1, true)", .notFired),
    ]

    @Test("a value that does not apply, under every operator and quantifier", arguments: notApplicableCases)
    func notApplicableOperand(_ testCase: Case) throws {
        let (status, _) = try Self.outcome(testCase.condition, Self.notApplicable)
        #expect(status == testCase.expected)
    }

    @Test("a rule decided by a value that does not apply is decided: no missing fact, no undecided points")
    func notApplicableDecides() throws {
        let (status, assessment) = try Self.outcome("n > 5 or has n", Self.notApplicable)
        #expect(status == .notFired)
        #expect(assessment.completeness == 1)
        #expect(assessment.missingFacts.isEmpty)
        #expect(assessment.scoreRange == 0...0)
    }

    @Test("a message and the evidence show a value that does not apply with its reason")
    func notApplicableShown() throws {
        let (_, assessment) = try Self.outcome("n is not applicable", Self.notApplicable)
        let finding = try #require(assessment.findings.first)
        #expect(finding.message == "not applicable (no market) not applicable (no market)")
        #expect(finding.evidence.first { $0.fact == "n" }?.value == "not applicable (no market)")
        #expect(Format.value(.notApplicable("")) == "not applicable")
    }

    static let open: [String: Value] = [
        "xs": .openList([.text("a"), .text("b")]),
        "rs": .openList([.record([.text("x"), .money(Interval(5), currency: "USD")])]),
        "one": .number(Interval(1)),
    ]

    static let openCases: [Case] = [
        Case("any(x in xs where x == \"a\")", .fired), Case("any(x in xs where x == \"z\")", .undecided),
        Case("all(x in xs where x == \"a\")", .notFired), Case("all(x in xs where x != \"z\")", .undecided),
        Case("none(x in xs where x == \"a\")", .notFired), Case("none(x in xs where x == \"z\")", .undecided),
        Case("count(x in xs) >= 2", .fired), Case("count(x in xs) >= 3", .undecided), Case("count(x in xs) == 0", .notFired),
        Case("count(x in xs) < 5", .undecided), Case("count(x in xs where x == \"a\") > 0", .fired),
        Case("count(x in xs where x == \"z\") > 0", .undecided), Case("count(x in xs) + 1 >= 3", .fired),
        Case("count(x in xs) * 0 == 0", .fired), Case("count(x in xs) - count(x in xs) >= 0", .undecided),
        Case("sum(r in rs of r.amount) >= 5 USD", .fired), Case("sum(r in rs of r.amount) > 10 USD", .undecided),
        Case("sum(r in rs of r.amount) < 1 USD", .notFired), Case("sum(r in rs of r.amount * 2) > 0 USD", .undecided),
        Case("min(r in rs of r.amount) > 0 USD", .undecided), Case("max(r in rs of r.amount) > 0 USD", .undecided),
        Case("xs contains \"a\"", .fired), Case("xs contains \"z\"", .undecided), Case("\"a\" in xs", .fired),
        Case("\"z\" in xs", .undecided), Case("\"a\" not in xs", .notFired), Case("has xs", .fired), Case("missing xs", .notFired),
    ]

    @Test("an open list decides only what its items show", arguments: openCases)
    func openList(_ testCase: Case) throws {
        let (status, _) = try Self.outcome(testCase.condition, Self.open)
        #expect(status == testCase.expected)
    }

    @Test("an open list and an open count read 'at least'")
    func openListShown() throws {
        #expect(Format.value(.openList([.text("a"), .text("b")])) == "at least: a, b")
        #expect(Format.value(.number(Interval(2, .infinity))) == "at least 2")
        #expect(Format.value(.money(Interval(5e6, .infinity), currency: "USD")) == "at least 5 million USD")
        let (_, assessment) = try Self.outcome("has xs", Self.open)
        #expect(assessment.findings.first?.evidence.first { $0.fact == "xs" }?.value == "at least: a, b")
    }
}
