import DossierXML
import Foundation
import Testing

/// Positive cases: real dossiers load, and the element tree carries the right names, attributes,
/// text and line numbers.
@Suite("Well-formed inputs are read faithfully")
struct WellFormedInputTests {
    let loader = DossierLoader()

    @Test("every example dossier under Inputs/ loads", arguments: Fixtures.inputNames())
    func exampleLoads(name: String) throws {
        let path = Fixtures.inputsDirectory.appendingPathComponent(name).path
        let outcome = loader.load(path: path)
        #expect(outcome.failureProblems == nil, "\(name): \(outcome.failureProblems ?? [])")
        let loaded = try #require(outcome.loadedDossier)
        #expect(loaded.root.name == "dossier")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(loaded.root.line == lineNumber(of: "<dossier", in: text))
        #expect(loaded.bytes == Array(text.utf8))
        #expect(loaded.root.descendant("identity", "title")?.text.isEmpty == false)
    }

    @Test("there are example dossiers to load")
    func examplesExist() {
        #expect(Fixtures.inputNames().contains("cr929-widebody.xml"))
    }

    @Test("cr929-widebody.xml is read with the right names, attributes, text and lines")
    func cr929Contents() throws {
        let text = try Fixtures.cr929Text()
        let root = try #require(loader.load(path: Fixtures.cr929Path).loadedDossier).root
        #expect(
            root.attributes == [
                XMLAttributeValue(name: "format", value: "1"),
                XMLAttributeValue(name: "id", value: "cr929-widebody"),
                XMLAttributeValue(name: "asOf", value: "2020-10-01"),
            ])
        #expect(
            root.children.map(\.name) == [
                "identity", "parties", "finance", "host", "technology", "marketAccess", "agreement", "integrity",
                "rationale", "evidence", "extensions",
            ])

        let status = try #require(root.descendant("identity", "status"))
        #expect(status.line == 7)
        #expect(status.line == lineNumber(of: "<status", in: text))
        #expect(status.text == "delayed")
        #expect(status.attribute("source") == "essay")
        #expect(status.attribute("basis") == nil)

        let title = try #require(root.descendant("identity", "title"))
        #expect(title.text == "CR929 wide-body airliner (UAC and COMAC)")
        #expect(title.line == 4)

        // Non-ASCII text survives (an en dash in the summary).
        #expect(root.descendant("identity", "summary")?.text.contains("Russia\u{2013}China") == true)

        // An empty element with attributes only.
        let totalCost = try #require(root.descendant("finance", "totalCost"))
        #expect(totalCost.line == lineNumber(of: "<totalCost", in: text))
        #expect(totalCost.text.isEmpty)
        #expect(totalCost.attribute("min") == "13000000000")
        #expect(totalCost.attribute("max") == "20000000000")

        // Repeated elements keep their order and their own lines.
        let parties = try #require(root.child("parties")).children
        #expect(parties.map { $0.attribute("id") } == ["uac", "comac"])
        #expect(parties.map(\.line) == [14, 24])
        let notes = try #require(root.child("evidence")).children.filter { $0.name == "note" }
        #expect(notes.count == 8)

        // Whitespace between elements is not text; quotes inside text are kept.
        #expect(root.text.isEmpty)
        #expect(root.child("identity")?.text.isEmpty == true)
        let verdict = try #require(root.descendant("extensions", "essayVerdict"))
        #expect(verdict.text.hasPrefix("\"the most significant"))
        #expect(verdict.attribute("value") == "mired-in-difficulties")

        // Every element's line is the line of its start tag in the file.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for element in root.allElements {
            let sourceLine = lines[element.line - 1]
            #expect(
                sourceLine.contains("<\(element.name)>") || sourceLine.contains("<\(element.name) ")
                    || sourceLine.contains("<\(element.name)/"),
                "\(element.name) at line \(element.line)")
        }
    }

    @Test("loading the same bytes twice gives equal trees, and the bytes are kept")
    func deterministic() throws {
        let bytes = Array(try Fixtures.cr929Text().utf8)
        let first = try #require(loader.load(bytes: bytes).loadedDossier)
        let second = try #require(loader.load(bytes: bytes).loadedDossier)
        #expect(first.root == second.root)
        #expect(first.bytes == bytes)
        let changed = Array(try Fixtures.cr929Text().replacingOccurrences(of: "delayed", with: "stalled").utf8)
        let third = try #require(loader.load(bytes: changed).loadedDossier)
        #expect(third.root != first.root)
    }

    @Test("predefined entities and character references are decoded, in text and attributes")
    func predefinedEntitiesAndCharacterReferences() throws {
        let xml =
            #"<r a="x &amp; y &#x4E2D; &lt;&gt;&quot;&apos;">Fish &amp; chips &#169; &#x4E2D;&#25991; &lt;tag&gt; &quot;q&quot; &apos;s&apos;</r>"#
        let root = try #require(SafeXMLParser().parse(Array(xml.utf8)).documentRoot)
        #expect(root.attribute("a") == "x & y \u{4E2D} <>\"'")
        #expect(root.text == "Fish & chips \u{A9} \u{4E2D}\u{6587} <tag> \"q\" 's'")

        let dossier = Fixtures.minimalDossier.replacingOccurrences(of: "<title>Minimal</title>", with: "<title>R&amp;D &#x2192; &#8364;</title>")
        let loaded = try #require(loader.load(bytes: Array(dossier.utf8)).loadedDossier)
        #expect(loaded.root.descendant("identity", "title")?.text == "R&D \u{2192} \u{20AC}")
    }

    @Test("CDATA text is kept verbatim and joined with the text around it")
    func cdata() throws {
        let xml = "<r>before <![CDATA[<not-a-tag attr=\"1\"> & &amp; ]]> after</r>"
        let root = try #require(SafeXMLParser().parse(Array(xml.utf8)).documentRoot)
        #expect(root.text == "before <not-a-tag attr=\"1\"> & &amp;  after")
        #expect(root.children.isEmpty)

        let dossier = Fixtures.minimalDossier.replacingOccurrences(of: "<title>Minimal</title>", with: "<title><![CDATA[A & B <co>]]></title>")
        let loaded = try #require(loader.load(bytes: Array(dossier.utf8)).loadedDossier)
        #expect(loaded.root.descendant("identity", "title")?.text == "A & B <co>")
    }

    @Test("comments and processing instructions are ignored")
    func commentsIgnored() throws {
        let xml = """
            <?xml version="1.0"?>
            <!-- before the root -->
            <r><!-- inside --><?pi data?>a<!-- between -->b<e/><!-- after --></r>
            <!-- after the root -->
            """
        let root = try #require(SafeXMLParser().parse(Array(xml.utf8)).documentRoot)
        #expect(root.text == "ab")
        #expect(root.children.map(\.name) == ["e"])
        #expect(!root.everything.contains("inside"))
        #expect(!root.everything.contains("data"))

        let dossier = Fixtures.minimalDossier.replacingOccurrences(
            of: "<title>Minimal</title>", with: "<!-- c --><title>Mini<!-- secret -->mal</title><!-- c -->")
        let loaded = try #require(loader.load(bytes: Array(dossier.utf8)).loadedDossier)
        #expect(loaded.root.descendant("identity", "title")?.text == "Minimal")
    }

    @Test("lines beyond 65535 are right (BIG_LINES)")
    func bigLines() throws {
        let blankLines = 70_000
        let text = try Fixtures.cr929Text().replacingOccurrences(
            of: "    <title", with: String(repeating: "\n", count: blankLines) + "    <title")
        let bytes = Array(text.utf8)
        #expect(bytes.count < XMLLimits.default.maxBytes)
        let root = try #require(loader.load(bytes: bytes).loadedDossier).root
        #expect(root.line == 2)
        #expect(root.child("identity")?.line == 3)
        #expect(root.descendant("identity", "title")?.line == 4 + blankLines)
        #expect(root.descendant("identity", "status")?.line == 7 + blankLines)

        // Every element's line is the line of its start tag, including elements with only
        // element children and empty elements.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for element in root.allElements {
            try #require(element.line >= 1 && element.line <= lines.count)
            let sourceLine = lines[element.line - 1]
            #expect(
                sourceLine.contains("<\(element.name)>") || sourceLine.contains("<\(element.name) ")
                    || sourceLine.contains("<\(element.name)/"),
                "\(element.name) at line \(element.line)")
        }
        #expect(root.descendant("identity", "dates")?.line == 8 + blankLines)
        #expect(root.descendant("finance", "totalCost")?.line == lineNumber(of: "<totalCost", in: text))
    }

    @Test("problems beyond line 65535 carry their real line")
    func bigLineProblems() throws {
        let blankLines = 70_000
        let base = try Fixtures.cr929Text().replacingOccurrences(
            of: "    <title", with: String(repeating: "\n", count: blankLines) + "    <title")

        let invalid = base.replacingOccurrences(of: ">delayed<", with: ">late<")
        let schemaProblems = try #require(loader.load(bytes: Array(invalid.utf8)).failureProblems)
        #expect(schemaProblems.allSatisfy { $0.id == .schemaInvalid && $0.line == 7 + blankLines && $0.column == 5 })
        #expect(!schemaProblems.isEmpty)

        let malformed = base.replacingOccurrences(of: ">delayed<", with: ">&undeclared;<")
        let parseProblems = try #require(loader.load(bytes: Array(malformed.utf8)).failureProblems)
        #expect(parseProblems.first?.id == .notWellFormed)
        #expect(parseProblems.first?.line == 7 + blankLines)
    }

    @Test("the parser without expectations accepts any root, and with one refuses others")
    func parserRootExpectation() throws {
        let bytes = Array("<anything xmlns='urn:x'><child/></anything>".utf8)
        let root = try #require(SafeXMLParser().parse(bytes).documentRoot)
        #expect(root.name == "anything")
        #expect(root.child("child")?.line == 1)

        let problems = try #require(SafeXMLParser().parse(bytes, expectingRoot: "dossier").failureProblems)
        #expect(problems.map(\.id) == [.notADossier])
        #expect(try #require(SafeXMLParser().parse(Array("<dossier/>".utf8), expectingRoot: "dossier").documentRoot).name == "dossier")
    }

    @Test("XMLElementNode looks up attributes and children by name, first match wins")
    func elementNodeLookups() {
        let node = XMLElementNode(
            name: "r", attributes: [XMLAttributeValue(name: "a", value: "1"), XMLAttributeValue(name: "b", value: "2")],
            text: "t", line: 3,
            children: [
                XMLElementNode(name: "c", text: "first", line: 4), XMLElementNode(name: "c", text: "second", line: 5),
            ])
        #expect(node.attribute("b") == "2")
        #expect(node.attribute("z") == nil)
        #expect(node.child("c")?.text == "first")
        #expect(node.child("c")?.line == 4)
        #expect(node.child("z") == nil)
        #expect(XMLElementNode(name: "e", line: 1).attributes.isEmpty)
        #expect(XMLElementNode(name: "e", line: 1) != XMLElementNode(name: "e", line: 2))
    }
}
