import DossierXML
import Foundation
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// A finding's evidence for a list it reads item by item: each item with its own line, source
/// and basis, and the values of the fields the rule tested.
@Suite("Evidence for list items")
struct ListItemEvidenceTests {
    static let rules = """
        ruleset "Items"
        source essay { title "Essay" }
        category c { title "C" }
        band low "Low" from 0
        fact parties: list at "parties/party" {
          name: text at "name"
          rating: enum("none", "good", "mixed", "poor") at "trackRecord/rating"
        }
        fact allegations: list at "integrity/allegation" {
          kind: enum("espionage", "ip-theft", "corruption", "sanctions-evasion", "other") at "@kind"
          date: date at "@date"
          description: text at "."
        }
        fact partners: list at "extensions/partners/partner" {
          name: text at "name"
          share: number at "share"
        }
        rule troubled {
          title "t"
          category c
          points 1
          when any(p in parties where p.rating == "poor")
          message "Parties: {parties}"
        }
        rule espionage {
          title "t"
          category c
          points 1
          when any(a in allegations where a.kind == "espionage" and fallback(age(a.date) <= 5, true))
          message "m"
        }
        rule partners-listed {
          title "t"
          category c
          points 1
          when count(p in partners) > 1
          message "m"
        }

        """

    static func assessment() throws -> (Assessment, text: String) {
        let output = RuleSetLoader.compile([SourceFile(path: "items.rules", text: rules)])
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/extraction/list-items.xml")
        let bytes = Array(try Data(contentsOf: url))
        let assessment = try Assessor(ruleSet: ruleSet).assess(bytes: bytes, file: "list-items.xml", loader: DossierLoader()).get()
        return (assessment, String(decoding: bytes, as: UTF8.self))
    }

    static func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    @Test("each party with its own line, and the rating tested with its value, line, source and basis")
    func recordsWithTestedFields() throws {
        let (assessment, text) = try Self.assessment()
        let finding = try #require(assessment.findings.first { $0.rule == "troubled" })
        let parties = try #require(finding.evidence.first { $0.fact == "parties" })
        #expect(parties.line == Self.line(of: "<parties>", in: text), "the list itself: its container")
        #expect(parties.items.map(\.value) == ["First", "Second"])
        #expect(parties.items.map(\.line) == [Self.line(of: "<party id=\"first\"", in: text), Self.line(of: "<party id=\"second\"", in: text)])
        #expect(parties.items.map { $0.fields.map(\.name) } == [["rating"], ["rating"]], "the field the rule tested, not the name alone")
        let rating = try #require(parties.items.first?.fields.first)
        #expect(
            rating
                == EvidenceItem.Field(name: "rating", value: "poor", line: Self.line(of: "<rating", in: text), basis: "assumption", sources: ["riac"])
        )
        #expect(parties.items.last?.fields.first == EvidenceItem.Field(name: "rating", value: "unknown", line: nil, basis: nil, sources: []))
    }

    @Test("an item's own source and basis; every field the condition reads, through fallback and age()")
    func itemProvenance() throws {
        let (assessment, text) = try Self.assessment()
        let finding = try #require(assessment.findings.first { $0.rule == "espionage" })
        let allegations = try #require(finding.evidence.first { $0.fact == "allegations" })
        let first = try #require(allegations.items.first)
        #expect(first.line == Self.line(of: "espionage", in: text))
        #expect(first.sources == ["essay"] && first.basis == nil)
        #expect(first.fields.map(\.name) == ["kind", "date"])
        #expect(first.fields.map(\.value) == ["espionage", "2020-09-01"])
        #expect(allegations.items.last?.sources == [], "the second allegation cites nothing")
        #expect(allegations.items.last?.fields.map(\.value) == ["other", "unknown"])
    }

    @Test("a list counted whole shows its items and their provenance, with no fields")
    func wholeList() throws {
        let (assessment, text) = try Self.assessment()
        let finding = try #require(assessment.findings.first { $0.rule == "partners-listed" })
        let partners = try #require(finding.evidence.first { $0.fact == "partners" })
        #expect(partners.items.map(\.value) == ["Alpha", "Beta"])
        #expect(partners.items.first?.qualifiers == ["estimate", "source essay riac"])
        #expect(partners.items.first?.line == Self.line(of: "<partner source", in: text))
        #expect(partners.items.allSatisfy { $0.fields.isEmpty })
    }
}
