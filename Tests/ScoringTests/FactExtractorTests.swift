import DossierXML
import Foundation
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// The production reader end to end: facts declared in rule text, a dossier read with the
/// query they compile to, typed values and evidence out. Fixtures are in Fixtures/extraction/,
/// each a valid dossier named for what it shows.
@Suite("FactExtractor turns a dossier's readings into typed facts")
struct FactExtractorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/extraction")

    /// The facts of one fixture, read with the catalogue `facts` declares, by fact name.
    struct Extracted {
        let text: String
        let facts: DossierFacts
        let names: [String]
        let identity: FactExtractor.Identity

        func value(_ name: String) -> Value? {
            names.firstIndex(of: name).flatMap { facts.values[$0] }
        }

        func evidence(_ name: String) -> FactEvidence? {
            names.firstIndex(of: name).flatMap { facts.evidence[$0] }
        }

        /// The 1-based line of the first line containing `needle`.
        func line(of needle: String) -> Int? {
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
        }
    }

    static func extract(_ fixture: String, facts: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Extracted {
        let output = RuleSetLoader.compile([SourceFile(path: "facts.rules", text: "ruleset \"Extraction\" version \"1\"\n" + facts)])
        let errors = output.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(DiagnosticRenderer().render(errors))", sourceLocation: sourceLocation)
        let ruleSet = try #require(output.ruleSet, sourceLocation: sourceLocation)
        let extractor = FactExtractor(facts: ruleSet.facts)
        let url = fixtures.appendingPathComponent(fixture)
        let bytes = Array(try Data(contentsOf: url))
        let read = try DossierLoader().read(bytes: bytes, path: "extraction/\(fixture)", query: extractor.query).get()
        return Extracted(
            text: String(decoding: bytes, as: UTF8.self), facts: extractor.extract(read), names: ruleSet.facts.map(\.name),
            identity: extractor.identity(of: read.result))
    }

    @Test("each value type is read from its text or attributes; text has its white space collapsed")
    func eachValueType() throws {
        let extracted = try Self.extract(
            "each-value-type.xml",
            facts: """
                fact text: text at "extensions/values/text"
                fact number: number at "extensions/values/number"
                fact yes: boolean at "extensions/values/yes"
                fact one: boolean at "extensions/values/one"
                fact no: boolean at "extensions/values/no"
                fact date: date at "extensions/values/date"
                fact kind: enum("fund", "state-body") at "extensions/values/kind"
                fact cost: money at "extensions/values/cost"
                fact range: money at "extensions/values/range"
                fact costYear: number at "extensions/values/cost/@year"
                fact spaced: text at "extensions/values/spaced"
                """)
        #expect(extracted.value("text") == .text("Plain text"))
        #expect(extracted.value("number") == .number(Interval(-12.5)))
        #expect(extracted.value("yes") == .boolean(true))
        #expect(extracted.value("one") == .boolean(true))
        #expect(extracted.value("no") == .boolean(false))
        #expect(extracted.value("date") == .date(try #require(Day(year: 2019, month: 6, day: 5))))
        #expect(extracted.value("kind") == .text("fund"))
        #expect(extracted.value("cost") == .money(Interval(18_000_000), currency: "USD"))
        #expect(extracted.value("range") == .money(Interval(13e9, 20e9), currency: "CNY"))
        #expect(extracted.value("costYear") == .number(Interval(2020)))
        #expect(extracted.value("spaced") == .text("several words over lines"))
        #expect(extracted.facts.problems.isEmpty)
    }

    @Test("the dossier's own id, title, status and asOf date are read for every assessment")
    func identity() throws {
        let extracted = try Self.extract("each-value-type.xml", facts: "")
        #expect(extracted.identity.id == "each-value-type")
        #expect(extracted.identity.title == "Each value type")
        #expect(extracted.identity.status == "delayed")
        #expect(extracted.facts.asOf == Day(year: 2024, month: 3, day: 1))
    }

    @Test("an absent element, and one holding only white space, are unknown, and have no evidence")
    func absentAndBlank() throws {
        let extracted = try Self.extract(
            "each-value-type.xml",
            facts: """
                fact absent: text at "extensions/values/absent"
                fact blank: text at "extensions/values/blank"
                fact absentAttribute: number at "extensions/values/cost/@missing"
                """)
        for name in ["absent", "blank", "absentAttribute"] {
            #expect(extracted.value(name) == nil, "\(name)")
            #expect(extracted.evidence(name) == nil, "\(name)")
        }
        #expect(extracted.facts.problems.isEmpty, "an unknown value is not a problem")
    }

    @Test("a list of records has one record per item, its fields in declared order; a field an item lacks is unknown")
    func listsOfRecords() throws {
        let extracted = try Self.extract(
            "lists-of-records.xml",
            facts: """
                fact partners: list at "extensions/partners/partner" {
                  name: text at "name"
                  kind: enum("fund", "state-body") at "@kind"
                  share: number at "share"
                }
                fact domains: list of text at "extensions/domains/domain"
                """)
        #expect(
            extracted.value("partners")
                == .list([
                    .record([.text("First"), .text("fund"), .number(Interval(0.4))]),
                    .record([.text("Second"), nil, nil]),
                ]))
        #expect(extracted.value("domains") == .list([.text("5G"), .text("machine learning")]))
        // A list's evidence is its container's line; its items' are their own.
        #expect(extracted.evidence("partners")?.line == extracted.line(of: "<partners>"))
        let partners = try #require(extracted.evidence("partners")?.list)
        #expect([partners.item(0).line, partners.item(1).line] == [extracted.line(of: "<partner kind"), extracted.line(of: "<partner>")])
        #expect(extracted.evidence("domains")?.line == extracted.line(of: "<domains>"))
        let domains = try #require(extracted.evidence("domains")?.list)
        #expect([domains.item(0).line, domains.item(1).line] == [extracted.line(of: "<domains>"), extracted.line(of: "<domains>")])
    }

    @Test("a list is known and empty when its section is present with no items, unknown when the section is absent")
    func absentAndEmptyLists() throws {
        let extracted = try Self.extract(
            "absent-and-empty-lists.xml",
            facts: """
                fact intermediaries: list of text at "integrity/intermediary"
                fact allegations: list at "integrity/allegation" {
                  kind: text at "@kind"
                }
                fact funding: list at "finance/funding/fundingSource" {
                  kind: text at "@kind"
                }
                """)
        #expect(extracted.value("intermediaries") == .list([]))
        #expect(extracted.value("allegations") == .list([]))
        #expect(extracted.evidence("allegations")?.line == extracted.line(of: "<integrity/>"))
        #expect(extracted.value("funding") == nil)
        #expect(extracted.evidence("funding") == nil)
    }

    @Test("a value's evidence is its element's line, its basis unless reported, and the sources it cites")
    func provenance() throws {
        let extracted = try Self.extract(
            "provenance.xml",
            facts: """
                fact title: text at "identity/title"
                fact summary: text at "identity/summary"
                fact status: enum("proposed", "agreed", "under-way", "delayed", "stalled", "completed", "cancelled") at "identity/status"
                fact cost: money at "finance/totalCost"
                """)
        func line(_ needle: String) throws -> Int { try #require(extracted.line(of: needle)) }
        #expect(extracted.evidence("title") == FactEvidence(line: try line("<title source"), sources: ["essay"]))
        #expect(extracted.evidence("summary") == FactEvidence(line: try line("<summary"), basis: nil, sources: ["riac"]))
        #expect(extracted.evidence("status") == FactEvidence(line: try line("<status"), basis: "estimate", sources: ["essay", "riac"]))
        #expect(extracted.evidence("cost") == FactEvidence(line: try line("<totalCost"), basis: "assumption"))
    }

    @Test("a value that cannot be read is unknown and a warning at its element, with the closest allowed value as help")
    func unreadableValues() throws {
        let extracted = try Self.extract(
            "unreadable-values.xml",
            facts: """
                fact count: number at "extensions/odd/count"
                fact when: date at "extensions/odd/when"
                fact flag: boolean at "extensions/odd/flag"
                fact kind: enum("fund", "state-body") at "extensions/odd/kind"
                fact noCurrency: money at "extensions/odd/noCurrency"
                fact inverted: money at "extensions/odd/inverted"
                fact neither: money at "extensions/odd/neither"
                """)
        for name in extracted.names {
            #expect(extracted.value(name) == nil, "\(name)")
        }
        let problems = extracted.facts.problems
        // Each a warning, but the range whose min is above its max: it contradicts itself.
        #expect(problems.map(\.severity) == [.warning, .warning, .warning, .warning, .warning, .error, .warning])
        #expect(problems.allSatisfy { $0.path == "extraction/unreadable-values.xml" })
        #expect(
            problems.map(\.id) == [.unreadableValue, .unreadableValue, .unreadableValue, .unknownValue, .invalidMoney, .invertedRange, .invalidMoney])
        #expect(
            problems.map(\.message) == [
                "'twelve' in <count> is not a number; it counts as unknown",
                "'2021-02-30' in <when> is not a date; it counts as unknown",
                "'yes' in <flag> is not a boolean; it counts as unknown",
                "'funds' in <kind> is not one of the values the rules know (fund, state-body); it counts as unknown",
                "<noCurrency> has no currency; it counts as unknown",
                "<inverted> has min 9 above max 3",
                "<neither> needs either amount=\"...\" or both min=\"...\" and max=\"...\"; it counts as unknown",
            ])
        // Each is placed at its element's start tag: line, column, and the caret's span.
        for (problem, element) in zip(problems, ["count", "when", "flag", "kind", "noCurrency", "inverted", "neither"]) {
            #expect(problem.lineAndColumn?.line == extracted.line(of: "<\(element)"), "\(element)")
            #expect(problem.lineAndColumn?.column == 7, "\(element)")
            #expect(problem.span?.text == "<\(element)")
        }
        #expect(problems[3].suggestions == ["did you mean 'fund'?"])
        #expect(
            DiagnosticRenderer().render(problems[0]) == """
                extraction/unreadable-values.xml:8:7: warning: 'twelve' in <count> is not a number; it counts as unknown [unreadable-value]
                   8 |       <count>twelve</count>
                     |       ^~~~~~
                """)
    }

    @Test("an item of a list that cannot be read is unknown, the others are read, and the warning is at the item")
    func unreadableListItem() throws {
        let extracted = try Self.extract("lists-of-records.xml", facts: "fact years: list of number at \"extensions/years/year\"")
        #expect(extracted.value("years") == .list([.number(Interval(2019)), nil]))
        #expect(extracted.facts.problems.map(\.message) == ["'soon' in <year> is not a number; it counts as unknown"])
        #expect(extracted.facts.problems.first?.span?.text == "<year")
        #expect(extracted.facts.problems.first?.lineAndColumn?.line == extracted.line(of: "<year>soon"))
        #expect(extracted.facts.problems.first?.lineAndColumn?.column == 7)
    }

    @Test("each list item has its own line, source and basis, and each field of a record its own, once per item")
    func listItemEvidence() throws {
        let extracted = try Self.extract(
            "list-items.xml",
            facts: """
                fact parties: list at "parties/party" {
                  name: text at "name"
                  rating: enum("none", "good", "mixed", "poor") at "trackRecord/rating"
                }
                fact allegations: list at "integrity/allegation" {
                  kind: text at "@kind"
                  date: date at "@date"
                }
                fact partners: list at "extensions/partners/partner" {
                  name: text at "name"
                  share: number at "share"
                }
                fact texts: list of text at "integrity/allegation"
                """)
        let parties = try #require(extracted.evidence("parties"))
        #expect(parties.line == extracted.line(of: "<parties>"))
        let partyItems = try #require(parties.list)
        #expect(
            (0..<partyItems.count).map { partyItems.item($0).line } == [
                extracted.line(of: "<party id=\"first\""), extracted.line(of: "<party id=\"second\""),
            ])
        #expect((0..<partyItems.count).allSatisfy { partyItems.item($0).basis == nil && partyItems.item($0).sources.isEmpty })
        // Two fields an item: name, then rating; the second party has no rating.
        #expect(partyItems.fieldCount == 2)
        let rating = try #require(partyItems.field(1, ofItem: 0))
        #expect(rating.line == extracted.line(of: "<rating"))
        #expect(rating.basis == "assumption" && rating.sources == ["riac"])
        #expect(partyItems.field(0, ofItem: 1)?.line == extracted.line(of: "<name>Second"))
        #expect(partyItems.field(1, ofItem: 1) == nil)

        // Fields read from the item element itself: the item's place and provenance are theirs.
        let allegations = try #require(extracted.evidence("allegations")?.list)
        #expect((0..<allegations.count).map { allegations.item($0).line } == [extracted.line(of: "espionage"), extracted.line(of: "\"other\"")])
        #expect((0..<allegations.count).map { allegations.item($0).sources } == [["essay"], []])
        #expect(allegations.field(1, ofItem: 0)?.sources == ["essay"])

        let partners = try #require(extracted.evidence("partners")?.list)
        #expect(partners.item(0) == FactEvidence(line: extracted.line(of: "<partner source")!, basis: "estimate", sources: ["essay", "riac"]))
        #expect(partners.item(1) == FactEvidence(line: extracted.line(of: "<partner>")!))
        #expect(partners.field(1, ofItem: 0) == FactEvidence(line: extracted.line(of: "<share")!, basis: "assumption"))
        #expect(partners.provenances.count == 2, "each distinct provenance kept once")

        let texts = try #require(extracted.evidence("texts")?.list)
        #expect(
            (0..<texts.count).map { texts.item($0) } == (0..<allegations.count).map { allegations.item($0) },
            "a list of plain values: the items are the values' elements")
        #expect(texts.fieldCount == 0)
    }
}
