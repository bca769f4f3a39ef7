import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// What the reports say, in every format: nothing that text and JSON carry is left out of
/// Markdown and HTML, counts read as English, the ranking keeps undetermined dossiers apart,
/// colours can be read, and every JSON field is documented.
@Suite("What every report format says")
struct ReportContentTests {
    static let rules = """
        ruleset "Report content" version "2.0"
        source essay { title "The essay" }
        category a { title "Category A" }
        category m { title "Mitigations" }
        band low "Low" from 0
        band moderate "Moderate" from 20
        band high "High" from 40
        band critical "Critical" from 65
        decisive floor moderate
        undetermined "Undetermined" when bandReach >= 2
        fact x: boolean at "x"
        fact y: boolean at "y"
        fact cost: money at "c"
        rule grave {
          title "A grave obstacle"
          category a
          points 10
          when x == true
          message "Grave, as the dossier says."
          cite essay "the first quote"
          cite essay "the second quote"
          advice "Fix the grave thing."
          decisive
        }
        rule pending {
          title "A pending obstacle"
          category a
          points 70
          when y == true
          message "Pending."
          cite essay "a quote"
          advice "Find out."
        }
        rule costly {
          title "Costly"
          category a
          points 3
          when cost > 1000 USD
          message "Costs {cost}."
          cite essay "a quote"
          advice "Spend less."
        }
        rule relief {
          title "A relief"
          category m
          points -4
          when x == true
          offsets a
          message "Relieved."
          cite essay "a quote"
        }
        rule idle-relief {
          title "A relief with nothing to relieve"
          category m
          points -2
          when y == false
          offsets a
          message "Relieved of nothing."
          cite essay "a quote"
        }

        """

    static func portfolio(_ values: [[String: Value]]) throws -> Portfolio {
        let output = RuleSetLoader.compile([SourceFile(path: "content.rules", text: rules)])
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let assessor = Assessor(ruleSet: ruleSet)
        let assessments = values.enumerated().map { index, named in
            let slots = ruleSet.facts.map { named[$0.name] }
            let facts = DossierFacts(
                values: slots, evidence: slots.map { $0 == nil ? nil : FactEvidence(line: 3) }, asOf: Day(year: 2024, month: 1, day: 1),
                problems: [Diagnostic(.warning, .invalidMoney, "'lots' in <totalCost> is not an amount", path: "d\(index).xml", line: 7, column: 5)])
            return assessor.assess(facts, id: "d\(index)", title: "Dossier \(index)", file: "d\(index).xml")
        }
        return Portfolio(ruleSet: ruleSet, assessments: assessments, failures: [])
    }

    /// One dossier that is banded only by its decisive floor, with a mitigation, a money figure
    /// in a currency with no rate, and a missing fact.
    static let thin: [String: Value] = ["x": .boolean(true), "cost": .money(Interval(5000), currency: "XYZ")]

    @Test(
        "Markdown and HTML carry everything text and JSON carry: data problems, notes, undecided rules and what each waits for, offsets, floors, every quote"
    )
    func nothingLeftOut() throws {
        let portfolio = try Self.portfolio([Self.thin])
        let a = try #require(portfolio.assessments.first)
        #expect(a.undetermined, "6 (Moderate by the decisive floor) could be 79 (Critical)")
        let expected = [
            "'lots' in <totalCost> is not an amount",
            "no exchange rate is declared for USD/XYZ",
            "Not decided: the dossier does not give y.",
            "−4 against a",
            "decisive obstacle grave → at least Moderate",
            "the first quote", "the second quote",
            "Fix the grave thing.",
            "Undetermined",
            "70 points at stake",
        ]
        let text = TextReport(colour: false).explain(a)
        let json = JSONReport.render(portfolio)
        let markdown = MarkdownReport.render(portfolio)
        let html = HTMLReport.render(portfolio)
        for phrase in expected {
            #expect(text.contains(phrase), "text: \(phrase)")
            #expect(markdown.contains(MarkdownReport.escape(phrase)), "Markdown: \(phrase)")
            #expect(html.contains(HTMLReport.escape(phrase)), "HTML: \(phrase)")
        }
        for phrase in ["lots", "USD/XYZ", "Not decided: the dossier does not give y.", "\"offsets\": [{\"category\": \"a\", \"points\": -4}]"] {
            #expect(json.contains(phrase), "JSON: \(phrase)")
        }
    }

    @Test("a mitigation whose categories hold nothing says it offsets nothing, in every format")
    func offsetsNothing() throws {
        let portfolio = try Self.portfolio([["x": .boolean(false), "y": .boolean(false)]])
        let a = try #require(portfolio.assessments.first)
        let idle = try #require(a.findings.first { $0.rule == "idle-relief" })
        #expect(idle.offsetEffects.isEmpty)
        let phrase = "offsets nothing here (a holds no points)"
        #expect(Wording.offsets(idle) == phrase)
        #expect(TextReport(colour: false).explain(a).contains(phrase))
        #expect(MarkdownReport.render(portfolio).contains(MarkdownReport.escape(phrase)))
        #expect(HTMLReport.render(portfolio).contains(HTMLReport.escape(phrase)))
        #expect(JSONReport.render(portfolio).contains("\"offsets\": [], \"points\": -2, \"rule\": \"idle-relief\""))
        #expect(Wording.offsets(try #require(a.undecided.first)) == nil, "only a fired mitigation offsets")
    }

    @Test("counts read as English: 1 dossier, 2 dossiers, 1 point, 0 errors")
    func plurals() throws {
        #expect(Wording.count(1, "dossier") == "1 dossier")
        #expect(Wording.count(2, "dossier") == "2 dossiers")
        #expect(Wording.count(0, "error") == "0 errors")
        #expect(Wording.points(1) == "1 point")
        #expect(Wording.points(2.5) == "2.5 points")
        let one = try Self.portfolio([Self.thin])
        let text = TextReport(colour: false).portfolio(one)
        for report in [text, MarkdownReport.render(one), HTMLReport.render(one)] {
            #expect(report.contains("1 dossier scored, 0 failed"))
            #expect(!report.contains("1 dossiers"))
        }
    }

    @Test("the text portfolio report carries the rule set's fingerprint")
    func fingerprint() throws {
        let portfolio = try Self.portfolio([Self.thin])
        #expect(TextReport(colour: false).portfolio(portfolio).contains("rules sha256:\(portfolio.ruleSet.contentHash)"))
    }

    @Test("undetermined dossiers stand in their own group after the banded ones, highest upper end first, in every format")
    func rankingGroups() throws {
        let portfolio = try Self.portfolio([
            ["x": .boolean(false), "y": .boolean(false), "cost": .money(Interval(5000), currency: "USD")],  // 1, banded Low
            ["x": .boolean(true)],  // 6, undetermined, range up to 79
            [:],  // 0, undetermined, range up to 83
            ["x": .boolean(true), "y": .boolean(true), "cost": .money(Interval(5), currency: "USD")],  // 76, Critical
        ])
        let ids = portfolio.assessments.map(\.id)
        #expect(ids == ["d3", "d0", "d2", "d1"], "banded by score, then undetermined by upper end of the range")
        #expect(portfolio.banded.map(\.id) == ["d3", "d0"])
        #expect(portfolio.undetermined.map(\.id) == ["d2", "d1"])
        let text = TextReport(colour: false).portfolio(portfolio)
        let heading = try #require(text.range(of: Wording.undeterminedHeading))
        #expect(text[..<heading.lowerBound].contains("d0"), "Low stays with the banded")
        #expect(!text[..<heading.lowerBound].contains("d2"), "an undetermined dossier is never among the banded")
        #expect(MarkdownReport.render(portfolio).contains("### " + MarkdownReport.escape(Wording.undeterminedHeading)))
        #expect(HTMLReport.render(portfolio).contains("<h3>" + HTMLReport.escape(Wording.undeterminedHeading) + "</h3>"))
        let ranking = JSONReport.render(portfolio)
        let rows = ranking.components(separatedBy: "\"ranking\": [")[1]
        let order = ["d3", "d0", "d2", "d1"].map { rows.range(of: "\"id\": \"\($0)\"")?.lowerBound }
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted() && order.allSatisfy { $0 != nil })
    }

    /// WCAG 2 relative luminance of a `#rrggbb` colour.
    static func luminance(_ hex: String) -> Double {
        let digits = Array(hex.dropFirst())
        func channel(_ offset: Int) -> Double {
            let value = Double(Int(String(digits[offset..<offset + 2]), radix: 16)!) / 255
            return value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("every badge and coloured text in the HTML style sheet has a contrast of at least 4.5:1, Moderate and Undetermined included")
    func contrast() throws {
        let style = HTMLReport.style
        let badge = try Regex(#"\.b-([a-z-]+)\{background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})\}"#)
        var ids: [String] = []
        for match in style.matches(of: badge) {
            let (id, background, text) = (String(match.output[1].substring!), String(match.output[2].substring!), String(match.output[3].substring!))
            ids.append(id)
            #expect(Self.contrast(background, text) >= 4.5, "\(id): \(Self.contrast(background, text))")
        }
        #expect(Set(ids) == ["critical", "high", "moderate", "low", "undetermined"])
        let coloured = try Regex(#"\.(muted|mitigating|adverse)\{color:(#[0-9a-f]{6})"#)
        var classes = 0
        for match in style.matches(of: coloured) {
            classes += 1
            let colour = String(match.output[2].substring!)
            #expect(Self.contrast(colour, "#ffffff") >= 4.5, "\(match.output[1].substring!): \(Self.contrast(colour, "#ffffff"))")
        }
        #expect(classes == 3)
        // The computation itself: black on white is 21:1, the old Moderate badge was not readable.
        #expect(abs(Self.contrast("#000000", "#ffffff") - 21) < 0.001)
        #expect(Self.contrast("#e6a700", "#ffffff") < 4.5)
    }

    @Test("every field the JSON and JSON Lines reports write, compact and full, is documented in docs/report-json.md")
    func jsonFieldsDocumented() throws {
        let docs = try String(contentsOf: ShippedPackTests.root.appendingPathComponent("docs/report-json.md"), encoding: .utf8)
        let files = DossierPaths.expand([ShippedPackTests.root.appendingPathComponent("Inputs").path]).files
        let portfolio = Assessor(ruleSet: try ShippedPackTests.load()).assess(files: files + ["/nonexistent/x.xml"])
        var keys: Set<String> = []
        func collect(_ value: Any, skippingKeysOf skip: Bool = false) {
            if let object = value as? [String: Any] {
                for (key, member) in object {
                    if !skip { keys.insert(key) }
                    // Under `rules` and `categories` the keys are ids, not fields.
                    collect(member, skippingKeysOf: !skip && (key == "rules" || key == "categories") && member is [String: [String: Any]])
                }
            } else if let array = value as? [Any] {
                for item in array { collect(item) }
            }
        }
        for detail in JSONReport.Detail.allCases {
            collect(try JSONSerialization.jsonObject(with: Data(JSONReport.render(portfolio, detail: detail).utf8)))
            for line in JSONLinesReport.render(portfolio, detail: detail).split(separator: "\n") {
                // The header's members are the document's: `rules` and `categories` hold ids.
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                keys.formUnion(object.keys)
                for member in object.values { collect(member) }
            }
        }
        #expect(keys.count > 40)
        #expect(keys.isSuperset(of: ["collectFirst", "assessment", "header", "failure", "detail"]))
        for key in keys.sorted() {
            #expect(docs.contains("`\(key)`"), "\(key) is not documented")
        }
        #expect(docs.contains("silkrisk-report/3"))
    }
}
