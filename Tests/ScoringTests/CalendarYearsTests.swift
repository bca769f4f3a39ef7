import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// `years(a, b)` and `age(d)` count calendar years: whole anniversaries, then the way to the
/// next one as a fraction of that year (docs/rule-language.md §5.4).
@Suite("Calendar years")
struct CalendarYearsTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func years(_ from: String, _ to: String) -> Double { day(from).years(to: day(to)) }

    struct Span: Sendable, CustomTestStringConvertible {
        let from: String
        let to: String
        let years: Double
        var testDescription: String { "\(from) to \(to) is \(years)" }
    }

    @Test(
        "an anniversary is a whole number of years",
        arguments: [
            Span(from: "2017-10-01", to: "2020-10-01", years: 3),
            Span(from: "2016-06-25", to: "2019-06-25", years: 3),
            Span(from: "2019-01-01", to: "2020-01-01", years: 1),
            Span(from: "2020-01-01", to: "2021-01-01", years: 1),
            Span(from: "1999-12-31", to: "2024-12-31", years: 25),
            Span(from: "2020-03-01", to: "2020-03-01", years: 0),
            // 29 February's anniversary in a common year is 28 February.
            Span(from: "2020-02-29", to: "2021-02-28", years: 1),
            Span(from: "2020-02-29", to: "2023-02-28", years: 3),
            Span(from: "2020-02-29", to: "2024-02-29", years: 4),
            Span(from: "2019-02-28", to: "2020-02-28", years: 1),
        ])
    func anniversaries(_ span: Span) {
        #expect(Self.years(span.from, span.to) == span.years)
    }

    @Test("the day before an anniversary is less than the whole number; the fraction is the days over the year they fall in")
    func fractions() {
        #expect(Self.years("2017-10-01", "2020-09-30") < 3)
        // 2019-10-01 to 2020-10-01 has 366 days (29 February 2020 lies between).
        #expect(Self.years("2017-10-01", "2020-09-30") == 2 + 365.0 / 366)
        #expect(Self.years("2018-10-01", "2019-04-01") == 182.0 / 365)
        // From 29 February: the year from 2021-02-28 to 2022-02-28 has 365 days.
        #expect(Self.years("2020-02-29", "2021-03-01") == 1 + 1.0 / 365)
        #expect(Self.years("2020-02-29", "2021-02-27") == 364.0 / 365)
        // 2023-02-28 to 2024-02-29 is a year of 366 days.
        #expect(Self.years("2020-02-29", "2024-02-28") == 3 + 365.0 / 366)
        // From 28 February in a leap year: 2020-02-28 to 2021-02-28 has 366 days.
        #expect(Self.years("2020-02-28", "2020-02-29") == 1.0 / 366)
    }

    @Test("backwards it is the same count, negated")
    func backwards() {
        #expect(Self.years("2020-10-01", "2017-10-01") == -3)
        #expect(Self.years("2021-03-01", "2020-02-29") == -(1 + 1.0 / 365))
    }

    @Test("the count only grows: every day of six years, from an ordinary day and from a leap day")
    func monotone() {
        for start in ["2019-07-15", "2020-02-29", "2019-02-28"] {
            let from = Self.day(start)
            var previous = -1.0
            for offset in 0...(6 * 366) {
                let value = from.years(to: Day(daysSinceEpoch: from.daysSinceEpoch + offset))
                #expect(value > previous, "\(start) + \(offset) days")
                previous = value
            }
        }
    }

    static let rules = """
        ruleset "Years"
        category c { title "C" }
        band low "Low" from 0
        fact started: date at "identity/started"
        fact ended: date at "identity/ended"
        rule three-years-old { title "t" category c points 1 when age(started) >= 3 }
        rule under-three { title "t" category c points 1 when age(started) < 3 }
        rule ran-three-years { title "t" category c points 1 when years(started, ended) >= 3 }
        rule ran-two-to-three { title "t" category c points 1 when years(started, ended) in 2..3 }
        rule ran-days { title "t" category c points 1 when days(started, ended) == 1096 }

        """

    static func fired(started: String, ended: String? = nil, asOf: String) throws -> [String] {
        let output = RuleSetLoader.compile([SourceFile(path: "years.rules", text: rules)])
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let values: [String: Value] = ["started": .date(day(started))].merging(ended.map { ["ended": .date(day($0))] } ?? [:]) { a, _ in a }
        let slots = ruleSet.facts.map { values[$0.name] }
        let assessment = Assessor(ruleSet: ruleSet).assess(
            DossierFacts(values: slots, evidence: slots.map { $0 == nil ? nil : FactEvidence(line: 1) }, asOf: day(asOf)), id: "d", title: "d",
            file: "d.xml")
        return assessment.findings.map(\.rule).sorted()
    }

    @Test("age(d) >= 3 holds from the third anniversary on, not a day before")
    func ageOnTheAnniversary() throws {
        #expect(try Self.fired(started: "2017-10-01", asOf: "2020-10-01") == ["three-years-old"])
        #expect(try Self.fired(started: "2017-10-01", asOf: "2020-09-30") == ["under-three"])
        #expect(try Self.fired(started: "2016-02-29", asOf: "2019-02-28") == ["three-years-old"])
        #expect(try Self.fired(started: "2016-02-29", asOf: "2019-02-27") == ["under-three"])
    }

    @Test("years(a, b) against a threshold and a range; days(a, b) is unchanged")
    func yearsInRules() throws {
        // 2017-10-01 to 2020-10-01: exactly 3 years, 1,096 days (29 February 2020 between).
        #expect(
            try Self.fired(started: "2017-10-01", ended: "2020-10-01", asOf: "2021-01-01")
                == ["ran-days", "ran-three-years", "ran-two-to-three", "three-years-old"])
        #expect(try Self.fired(started: "2017-10-01", ended: "2020-10-02", asOf: "2021-01-01") == ["ran-three-years", "three-years-old"])
        #expect(
            try Self.fired(started: "2017-10-01", ended: "2019-10-01", asOf: "2019-10-01") == ["ran-two-to-three", "under-three"])
        #expect(try Self.fired(started: "2017-10-01", ended: "2019-09-30", asOf: "2019-10-01") == ["under-three"])
    }
}
