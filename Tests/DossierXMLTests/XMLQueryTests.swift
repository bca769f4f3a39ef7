import DossierXML
import Foundation
import Testing

/// The production reader: a compiled query walks libxml2's tree once and copies only what it
/// names. Fixtures are in Fixtures/query/, each named for what it shows.
@Suite("XMLQuery reads what it names, from libxml2's tree")
struct XMLQueryTests {
    static func fixture(_ name: String) throws -> (text: String, bytes: [UInt8]) {
        let bytes = Array(try Data(contentsOf: Fixtures.testsDirectory.appendingPathComponent("Fixtures/query/\(name)")))
        return (String(decoding: bytes, as: UTF8.self), bytes)
    }

    /// Reads a fixture with a query, without a schema: any document will do.
    static func read(_ name: String, scalars: [XMLQuery.Scalar] = [], lists: [XMLQuery.List] = []) throws -> XMLQueryResult {
        let (_, bytes) = try fixture(name)
        switch SafeXMLParser().read(bytes, path: name, query: XMLQuery(scalars: scalars, lists: lists)) {
        case .success(let result):
            return result
        case .failure(let problems):
            Issue.record("\(name) did not parse: \(problems.diagnostics.map(\.message))")
            throw problems
        }
    }

    /// Slot `slot`'s text, as a string; nil when the slot read nothing, or no text.
    static func text(_ result: XMLQueryResult, _ slot: Int) -> String? {
        result.scalars[slot]?.text.map(result.string)
    }

    @Test("text is read as written: untrimmed, text and CDATA joined, comments left out, entities and character references decoded")
    func textValues() throws {
        let result = try Self.read(
            "scalar-values.xml",
            scalars: [
                .init(slot: 0, path: ["title"], read: .text), .init(slot: 1, path: ["mixed"], read: .text),
                .init(slot: 2, path: ["escaped"], read: .text), .init(slot: 3, path: ["nested", "deeper", "deepest"], read: .text),
                .init(slot: 4, path: ["nested"], read: .text),
            ])
        #expect(Self.text(result, 0) == "  Plain   text  ")
        #expect(Self.text(result, 1) == "one <two> threefour")
        #expect(Self.text(result, 2) == "<a> & 中")
        #expect(Self.text(result, 3) == "found")
        #expect(Self.text(result, 4) == "", "an element's own text only, not its descendants'")
        let escaped = try #require(result.scalars[2]?.text)
        #expect(escaped.count == "<a> & 中".utf8.count, "counts are bytes")
        #expect(result.withBytes(escaped) { Array($0) } == Array("<a> & 中".utf8))
    }

    @Test("one attribute, or all of them (a money figure), are read; the root element is the empty path")
    func attributeValues() throws {
        let result = try Self.read(
            "scalar-values.xml",
            scalars: [
                .init(slot: 0, path: [], read: .attribute("version")), .init(slot: 1, path: ["money"], read: .attributes),
                .init(slot: 2, path: ["money"], read: .attribute("year")),
            ])
        #expect(Self.text(result, 0) == "2")
        let root = try #require(result.scalars[0])
        #expect(result.elementName(of: root) == "root")
        let money = try #require(result.scalars[1])
        #expect(result.elementName(of: money) == "money")
        #expect(money.text == nil, "with .attributes, the values are looked up by name")
        #expect(result.attribute("currency", of: money).map(result.string) == "USD")
        #expect(result.attribute("amount", of: money).map(result.string) == "18000000")
        #expect(result.attribute("min", of: money) == nil)
        #expect(result.attribute("currency", of: money).map { result.value($0, is: "USD") } == true)
        #expect(result.attribute("currency", of: money).map { result.value($0, is: "US") } == false)
        #expect(Self.text(result, 2) == "2020")
    }

    @Test("an absent element reads as nothing; an absent attribute of a present element as a reading without text; an empty element as empty text")
    func absentAndEmpty() throws {
        let result = try Self.read(
            "scalar-values.xml",
            scalars: [
                .init(slot: 0, path: ["nowhere"], read: .text), .init(slot: 1, path: ["money"], read: .attribute("missing")),
                .init(slot: 2, path: ["empty"], read: .text), .init(slot: 3, path: ["title", "nowhere"], read: .attribute("x")),
            ])
        #expect(result.scalars[0] == nil)
        let missing = try #require(result.scalars[1], "the element is there")
        #expect(missing.text == nil)
        #expect(result.scalars[2]?.text?.count == 0)
        #expect(result.scalars[3] == nil)
    }

    @Test("a path follows the first child of each name, and never an element in a namespace")
    func firstOfSeveral() throws {
        let result = try Self.read("first-of-several.xml", scalars: [.init(slot: 0, path: ["value"], read: .text)])
        #expect(Self.text(result, 0) == "first")
    }

    static let parties = XMLQuery.List(
        slot: 0, path: ["parties"], item: "party",
        fields: [(["name"], .text), ([], .attribute("kind")), (["country"], .text)])

    @Test("a list reads every item in order, each field relative to its item; other elements are not items; a missing field reads as nothing")
    func listsOfRecords() throws {
        let domains = XMLQuery.List(slot: 1, path: ["domains"], item: "domain", fields: [([], .text)])
        let result = try Self.read("lists-of-records.xml", lists: [Self.parties, domains])
        let parties = try #require(result.lists[0])
        #expect(parties.count == 3)
        func field(_ field: Int, _ item: Int) -> String? {
            result.field(field, ofItem: item, in: parties)?.text.map(result.string)
        }
        #expect((0..<3).map { field(0, $0) } == ["First", "Second", nil])
        #expect((0..<3).map { field(1, $0) } == ["fund", nil, "state-body"])
        #expect((0..<3).map { field(2, $0) } == ["RU", nil, nil])
        // A field that is the item itself is there even when the attribute is not.
        #expect(result.field(1, ofItem: 1, in: parties) != nil)
        #expect(result.field(2, ofItem: 1, in: parties) == nil)
        let domainList = try #require(result.lists[1])
        #expect((0..<domainList.count).map { result.field(0, ofItem: $0, in: domainList)?.text.map(result.string) } == ["5G", "machine learning"])
    }

    @Test("a list is known and empty when its container has no items, and unknown when there is no container")
    func absentAndEmptyLists() throws {
        let result = try Self.read(
            "absent-and-empty-lists.xml",
            lists: [
                .init(slot: 0, path: ["checked"], item: "item", fields: [([], .text)]),
                .init(slot: 1, path: ["checkedWithOthers"], item: "item", fields: [([], .text)]),
                .init(slot: 2, path: ["notChecked"], item: "item", fields: [([], .text)]),
            ])
        #expect(result.lists[0]?.count == 0)
        #expect(result.lists[1]?.count == 0)
        #expect(result.lists[2] == nil)
    }

    @Test("a reading has its element's line; a list, its container's; an item's field, its own element's")
    func lines() throws {
        let (text, _) = try Self.fixture("lists-of-records.xml")
        let result = try Self.read("lists-of-records.xml", scalars: [.init(slot: 0, path: ["domains"], read: .text)], lists: [Self.parties])
        #expect(result.scalars[0]?.line == lineNumber(of: "<domains>", in: text))
        let parties = try #require(result.lists[0])
        #expect(parties.line == lineNumber(of: "<parties>", in: text))
        #expect(result.field(0, ofItem: 1, in: parties)?.line == lineNumber(of: "<name>Second", in: text))
        #expect(result.field(1, ofItem: 2, in: parties)?.line == lineNumber(of: "state-body", in: text))
    }

    @Test("lines past 65,535, which libxml2 stores in 16 bits, are read right")
    func bigLines() throws {
        let padding = String(repeating: "<!-- -->\n", count: 70_000)
        let text = "<root>\n\(padding)<far>value</far>\n<items>\n<item>one</item>\n</items>\n</root>\n"
        let query = XMLQuery(
            scalars: [.init(slot: 0, path: ["far"], read: .text)], lists: [.init(slot: 0, path: ["items"], item: "item", fields: [([], .text)])])
        let result = try SafeXMLParser().read(Array(text.utf8), query: query).get()
        #expect(result.scalars[0]?.line == 70_002)
        let items = try #require(result.lists[0])
        #expect(items.line == 70_003)
        #expect(result.field(0, ofItem: 0, in: items)?.line == 70_004)
    }

    @Test("source and basis are read with every value, whatever was asked for, list fields too")
    func provenance() throws {
        let result = try Self.read(
            "provenance.xml",
            scalars: [
                .init(slot: 0, path: ["cost"], read: .attributes), .init(slot: 1, path: ["status"], read: .text),
                .init(slot: 2, path: ["plain"], read: .text), .init(slot: 3, path: ["cost"], read: .attribute("amount")),
            ],
            lists: [.init(slot: 0, path: ["funding"], item: "source", fields: [([], .attribute("share")), (["kind"], .text)])])
        let cost = try #require(result.scalars[0])
        #expect(cost.source.map(result.string) == "essay riac")
        #expect(cost.basis.map(result.string) == "estimate")
        #expect(result.attribute("source", of: cost).map(result.string) == "essay riac", "and among all the attributes")
        #expect(result.scalars[1]?.basis.map(result.string) == "assumption")
        #expect(result.scalars[1]?.source == nil)
        #expect(result.scalars[2]?.basis == nil && result.scalars[2]?.source == nil)
        #expect(result.scalars[3]?.source.map(result.string) == "essay riac")
        let funding = try #require(result.lists[0])
        let share = try #require(result.field(0, ofItem: 0, in: funding))
        #expect(share.text.map(result.string) == "0.5")
        #expect(share.source.map(result.string) == "essay")
        #expect(share.basis.map(result.string) == "reported")
        #expect(result.field(1, ofItem: 0, in: funding)?.source == nil, "provenance is the element's own, not its parent's")
    }

    @Test("each list item is read once for its own line, source and basis: from a field that reads the item element, or else by itself")
    func itemProvenance() throws {
        let (text, _) = try Self.fixture("item-provenance.xml")
        let result = try Self.read(
            "item-provenance.xml",
            lists: [
                .init(slot: 0, path: ["parties"], item: "party", fields: [(["name"], .text), (["rating"], .text)]),
                .init(slot: 1, path: ["allegations"], item: "allegation", fields: [([], .attribute("kind")), ([], .text)]),
            ])
        let parties = try #require(result.lists[0])
        let first = result.item(0, in: parties)
        #expect(first.line == lineNumber(of: "<party id=\"a\"", in: text))
        #expect(first.source.map(result.string) == "s1" && first.basis.map(result.string) == "estimate")
        #expect(first.text == nil, "an item's own reading copies no text")
        #expect(result.elementName(of: first) == "party")
        let second = result.item(1, in: parties)
        #expect(second.line == lineNumber(of: "<party id=\"b\"", in: text))
        #expect(second.source == nil && second.basis == nil)
        #expect(result.field(1, ofItem: 0, in: parties)?.source.map(result.string) == "s2", "a field keeps its own provenance")

        let allegations = try #require(result.lists[1])
        #expect((0..<2).map { result.item($0, in: allegations).line } == [lineNumber(of: "espionage", in: text), lineNumber(of: "Two", in: text)])
        #expect(result.item(0, in: allegations).source.map(result.string) == "s1")
        #expect(result.item(0, in: allegations).text == nil)
        #expect(result.item(1, in: allegations).source == nil)
        #expect(result.field(0, ofItem: 0, in: allegations)?.text.map(result.string) == "espionage", "the field keeps its value")
    }
}
