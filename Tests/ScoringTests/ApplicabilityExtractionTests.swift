import DossierXML
import Foundation
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// The catalogue's `notApplicable` and `open lists under` declarations applied to format 1.1
/// dossiers as they are read: which facts become "not applicable", with what evidence, and which
/// lists are open. Dossiers are written here, in full, so each test shows what it reads.
@Suite("FactExtractor: what does not apply, and open lists")
struct ApplicabilityExtractionTests {
    static let catalogue = """
        ruleset "Applicability"
        fact partnerMarket: enum("open", "partial", "closed") at "marketAccess/partnerMarket"
        fact barriers: list at "marketAccess/barrier" {
          kind: text at "@kind"
        }
        fact cost: money at "finance/totalCost"
        fact costYear: number at "finance/totalCost/@year"
        fact quoted: money at "finance/pricing/quoted"
        fact domains: list of text at "technology/domain"
        fact readiness: text at "technology/readiness"
        fact ip: list at "technology/ipProtection/jurisdiction" {
          level: text at "@level"
        }
        fact checked: boolean at "integrity/@checked"
        fact allegations: list at "integrity/allegation" {
          kind: text at "@kind"
        }
        fact intermediaries: list of text at "integrity/intermediary"
        fact owner: boolean at "integrity/undisclosedBeneficialOwner"
        notApplicable at "notApplicable/item" path "@path"
        open lists under "integrity" when checked == false

        """

    /// A format 1.1 dossier around `body`, with two sources to cite.
    static func dossier(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <dossier format="1.1" id="applicability" asOf="2024-03-01">
          <identity>
            <title>A teaching programme</title>
          </identity>
        \(body)
          <evidence>
            <source id="prospectus"><title>Prospectus</title></source>
            <source id="press"><title>Press</title></source>
          </evidence>
        </dossier>
        """
    }

    struct Extracted {
        let text: String
        let facts: DossierFacts
        let names: [String]

        func value(_ name: String) -> Value? { names.firstIndex(of: name).flatMap { facts.values[$0] } }
        func evidence(_ name: String) -> FactEvidence? { names.firstIndex(of: name).flatMap { facts.evidence[$0] } }
        func line(of needle: String) -> Int? {
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
        }
    }

    static func extract(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Extracted {
        let output = RuleSetLoader.compile([SourceFile(path: "facts.rules", text: catalogue)])
        #expect(!output.diagnostics.hasErrors, "\(DiagnosticRenderer().render(output.diagnostics))", sourceLocation: sourceLocation)
        let ruleSet = try #require(output.ruleSet, sourceLocation: sourceLocation)
        let extractor = FactExtractor(ruleSet: ruleSet)
        let text = dossier(body)
        let read = try DossierLoader().read(bytes: Array(text.utf8), path: "applicability.xml", query: extractor.query).get()
        return Extracted(text: text, facts: extractor.extract(read), names: ruleSet.facts.map(\.name))
    }

    @Test("a section that does not apply makes every fact under it not applicable, lists included, with the item as evidence")
    func sectionLevel() throws {
        let extracted = try Self.extract(
            """
              <notApplicable>
                <item path="marketAccess" source="prospectus" basis="assumption">A teaching programme sells
                  no product.</item>
              </notApplicable>
            """)
        let reason = Value.notApplicable("A teaching programme sells no product.")
        #expect(extracted.value("partnerMarket") == reason)
        #expect(extracted.value("barriers") == reason)
        // The item's line: where its start tag is.
        let proof = FactEvidence(line: try #require(extracted.line(of: "<item path=\"marketAccess\"")), basis: "assumption", sources: ["prospectus"])
        #expect(extracted.evidence("partnerMarket") == proof)
        #expect(extracted.evidence("barriers") == proof)
        // Facts elsewhere stay unknown.
        #expect(extracted.value("quoted") == nil)
        #expect(extracted.value("readiness") == nil)
    }

    @Test("an element that does not apply covers the facts under it, nested and in attributes, and no sibling")
    func elementLevel() throws {
        let extracted = try Self.extract(
            """
              <finance>
                <totalCost currency="USD" amount="1000000" year="2023"/>
              </finance>
              <technology>
                <domain>education</domain>
              </technology>
              <notApplicable>
                <item path="finance/pricing" source="prospectus">Funded by tuition fees; no price is quoted.</item>
                <item path="technology/ipProtection" source="prospectus">No proprietary technology.</item>
              </notApplicable>
            """)
        #expect(extracted.value("quoted") == .notApplicable("Funded by tuition fees; no price is quoted."))
        #expect(extracted.evidence("quoted") == FactEvidence(line: try #require(extracted.line(of: "finance/pricing")), sources: ["prospectus"]))
        #expect(extracted.value("ip") == .notApplicable("No proprietary technology."))
        #expect(extracted.value("cost") == .money(Interval(1_000_000), currency: "USD"))
        #expect(extracted.value("costYear") == .number(Interval(2023)))
        #expect(extracted.value("domains") == .list([.text("education")]))
        #expect(extracted.value("readiness") == nil, "technology/readiness was not said not to apply")
    }

    @Test("an item covers a fact read from an attribute by the attribute's own path, and names of no fact change nothing")
    func attributePaths() throws {
        let extracted = try Self.extract(
            """
              <finance>
                <totalCost currency="USD" amount="1000000"/>
              </finance>
              <notApplicable>
                <item path="finance/commitmentYears">No commitment period.</item>
              </notApplicable>
            """)
        #expect(extracted.value("costYear") == nil)
        #expect(extracted.facts.values.allSatisfy { $0?.isNotApplicable != true })
    }

    @Test("checked=\"false\" opens the section's lists: recorded items are at least the list; a list without items is unknown")
    func openLists() throws {
        let extracted = try Self.extract(
            """
              <integrity checked="false">
                <allegation kind="espionage" date="2020-09-01" source="press">Reported in the press.</allegation>
              </integrity>
            """)
        #expect(extracted.value("checked") == .boolean(false))
        #expect(extracted.value("allegations") == .openList([.record([.text("espionage")])]))
        #expect(extracted.evidence("allegations")?.line == extracted.line(of: "<integrity checked"))
        #expect(extracted.value("intermediaries") == nil)
        #expect(extracted.evidence("intermediaries") == nil)
        #expect(extracted.value("owner") == nil, "a single fact under the section is unknown when absent, as everywhere")
    }

    @Test(
        "checked=\"0\" is false too; checked=\"true\" or no attribute keeps the lists closed", arguments: ["checked=\"0\"", "checked=\"true\"", ""])
    func closedOrOpen(attribute: String) throws {
        let extracted = try Self.extract(
            """
              <integrity \(attribute)>
                <allegation kind="corruption">Found by the checks.</allegation>
              </integrity>
            """)
        let items: [Value?] = [.record([.text("corruption")])]
        if attribute.contains("0") {
            #expect(extracted.value("allegations") == .openList(items))
            #expect(extracted.value("intermediaries") == nil)
        } else {
            #expect(extracted.value("allegations") == .list(items))
            #expect(extracted.value("intermediaries") == .list([]))
        }
    }
}

/// A format 1.1 dossier scored by the shipped rule pack, end to end: what does not apply
/// decides the rules that read it, and an integrity section recorded without checks decides only
/// what its items show.
@Suite("Format 1.1 end to end: 'not applicable' and checked=\"false\" with the shipped pack")
struct FormatOnePointOneEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a teaching programme with no market and an unchecked press allegation")
    func teachingProgramme() throws {
        let rules = RuleSetLoader.load(directory: Self.root.appendingPathComponent("Rules").path)
        let ruleSet = try #require(rules.ruleSet, "\(rules.diagnostics.map(\.message))")
        let file = Self.root.appendingPathComponent("Tests/ScoringTests/Fixtures/format-1.1/teaching-programme.xml").path
        let assessment = try Assessor(ruleSet: ruleSet).assess(file: file, loader: DossierLoader()).get()
        #expect(assessment.formatVersion == "1.1")
        func status(_ id: String) -> RuleStatus {
            if assessment.findings.contains(where: { $0.rule == id }) { return .fired }
            if assessment.undecided.contains(where: { $0.rule == id }) { return .undecided }
            return .notFired
        }
        // marketAccess does not apply: its rules are decided, and none of its facts is missing.
        for id in ["partner-market-closed", "sanctions-barrier", "regulatory-barriers", "ip-one-way-closed-market"] {
            #expect(status(id) == .notFired, "\(id)")
        }
        #expect(!assessment.missingFacts.contains { $0.fact.hasPrefix("marketAccess.") })
        // The allegation recorded without checks fires its rule; what nobody checked stays undecided.
        #expect(status("espionage-allegation") == .fired)
        #expect(status("corruption-or-sanctions-allegation") == .undecided)
        #expect(status("integrity-checked-clean") == .notFired)
        let finding = try #require(assessment.findings.first { $0.rule == "espionage-allegation" })
        #expect(finding.evidence.contains { $0.fact == "integrity.allegations" && $0.value.hasPrefix("at least: espionage") })
    }

    @Test("the evidence of a fact that does not apply is the item: its line, its source, its reason")
    func notApplicableEvidence() throws {
        let rules = RuleSetLoader.load(directory: Self.root.appendingPathComponent("Rules").path)
        let ruleSet = try #require(rules.ruleSet)
        let file = Self.root.appendingPathComponent("Tests/ScoringTests/Fixtures/format-1.1/teaching-programme.xml").path
        let read = try DossierLoader().read(path: file, query: FactExtractor(ruleSet: ruleSet).query).get()
        let facts = FactExtractor(ruleSet: ruleSet).extract(read)
        let slot = try #require(ruleSet.facts.firstIndex { $0.name == "marketAccess.partnerMarket" })
        #expect(facts.values[slot] == .notApplicable("A joint teaching programme: no product is sold in either market."))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("path=\"marketAccess\"") })
        #expect(facts.evidence[slot] == FactEvidence(line: line + 1, sources: ["prospectus"]))
    }
}
