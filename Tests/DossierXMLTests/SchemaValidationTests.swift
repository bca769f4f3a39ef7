import DossierXML
import Foundation
import SilkDiagnostics
import Testing

/// Schema validation of well-formed dossiers: every error is reported, positioned at its element.
@Suite("Schema validation")
struct SchemaValidationTests {
    let loader = DossierLoader()

    /// cr929-widebody.xml with each `replacements` pair applied once (each must match).
    private func cr929(replacing replacements: [(String, String)]) throws -> String {
        var text = try Fixtures.cr929Text()
        for (old, new) in replacements {
            let range = try #require(text.range(of: old), "cr929-widebody.xml no longer contains \(old)")
            text.replaceSubrange(range, with: new)
        }
        return text
    }

    @Test("a status outside the enumeration is invalid, at the line and column of <status")
    func statusOutsideEnumeration() throws {
        let text = try cr929(replacing: [(#"<status source="essay">delayed</status>"#, #"<status source="essay">late</status>"#)])
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid })
        #expect(problems.allSatisfy { $0.line == 7 })
        #expect(problems.allSatisfy { $0.column == 5 })
        #expect(byteColumn(of: "<status", onLine: 7, in: text) == 5)
        #expect(problems.contains { $0.message.contains("status") && $0.message.contains("late") })
    }

    @Test("a missing required asOf attribute is invalid, at the root element")
    func missingAsOf() throws {
        let text = try cr929(replacing: [(#" asOf="2020-10-01""#, "")])
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.count == 1)
        #expect(problems.first?.id == .schemaInvalid)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column == 1)
        #expect(problems.first?.message.contains("asOf") == true)
    }

    @Test("an invalid attribute value is positioned at the column of its element")
    func invalidAttributeValue() throws {
        let text = try cr929(replacing: [(#"currency="USD""#, #"currency="usd""#)])
        let line = try #require(lineNumber(of: #"currency="usd""#, in: text))
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid && $0.line == line })
        #expect(problems.allSatisfy { $0.column == byteColumn(of: "<totalCost", onLine: line, in: text) })
        #expect(problems.contains { $0.message.contains("currency") })
    }

    @Test("several schema errors in one file are all reported, each at its own line")
    func severalErrors() throws {
        let text = try cr929(replacing: [
            (#" asOf="2020-10-01""#, ""),
            (#"<status source="essay">delayed</status>"#, #"<status source="essay">late</status>"#),
            (#"<country basis="assumption">CN</country>"#, #"<country basis="assumption">China</country>"#),
        ])
        let hostCountryLine = try #require(lineNumber(of: "China</country>", in: text))
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.count >= 2)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid })
        let lines = Set(problems.map(\.line))
        #expect(lines.isSuperset(of: [2, 7, hostCountryLine]), "reported lines: \(lines.sorted())")
        #expect(problems.allSatisfy { $0.column >= 1 })
    }

    @Test("an element the schema does not know is invalid, at its line and column")
    func unknownElement() throws {
        let text = try cr929(replacing: [("  <parties>", "  <gossip>rumour</gossip>\n  <parties>")])
        let line = try #require(lineNumber(of: "<gossip>", in: text))
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.first?.id == .schemaInvalid)
        #expect(problems.first?.line == line)
        #expect(problems.first?.column == 3)
        #expect(problems.first?.message.contains("gossip") == true)
    }

    @Test("duplicate party ids break the schema's uniqueness constraint")
    func duplicatePartyIds() throws {
        let text = try cr929(replacing: [(#"<party id="comac">"#, #"<party id="uac">"#)])
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid && $0.line >= 1 })
    }

    @Test("two sources with one id are refused, as xs:ID requires")
    func duplicateSourceIds() throws {
        let second = """
                </source>
                <source id="essay">
                  <title>The same id again</title>
                </source>
            """
        let text = try cr929(replacing: [("    </source>", second)])
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.contains { $0.id == .schemaInvalid && $0.message.contains("essay") }, "\(problems)")
    }

    @Test("a source attribute naming no <source> is invalid, at the line and column of its element")
    func unresolvedSource() throws {
        let cost = #"<totalCost currency="USD" min="13000000000" max="20000000000" source="essay"/>"#
        let text = try cr929(replacing: [(cost, cost.replacingOccurrences(of: #"source="essay""#, with: #"source="essay elsewhere""#))])
        let line = try #require(lineNumber(of: "elsewhere", in: text))
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        // Only the id that names nothing, once, where it is used; "essay" resolves.
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.id == .schemaInvalid)
        #expect(problems.first?.line == line)
        // The caret is under the id that names nothing, not merely its element.
        #expect(problems.first?.column == byteColumn(of: "elsewhere", onLine: line, in: text))
        #expect(problems.first?.span?.text == "elsewhere")
        #expect(problems.first?.message.contains("'elsewhere'") == true)
        #expect(problems.first?.suggestions == ["the sources in <evidence> are 'essay'"])
    }

    @Test("a misspelt source id is refused with the id it was probably meant to be")
    func misspeltSource() throws {
        let cost = #"<totalCost currency="USD" min="13000000000" max="20000000000" source="essay"/>"#
        let text = try cr929(replacing: [(cost, cost.replacingOccurrences(of: #"source="essay""#, with: "source=\"\n        esay\""))])
        let problems = try #require(loader.load(bytes: Array(text.utf8), path: "cr929.xml").failureProblems)
        #expect(problems.count == 1, "\(problems)")
        // The id is on the line after its element's start tag: that is where the caret goes.
        #expect(problems.first?.line == lineNumber(of: "        esay\"", in: text))
        #expect(problems.first?.column == 9)
        #expect(problems.first?.suggestions == ["did you mean 'essay'?"])
        let rendered = DiagnosticRenderer().render(try #require(problems.first))
        #expect(rendered.hasPrefix("cr929.xml:\(problems[0].line):9: error: attribute 'source': 'esay' is not the id"))
        #expect(rendered.contains("|         esay\"/>\n"))
        #expect(rendered.contains("|         ^~~~\n"))
        #expect(rendered.hasSuffix("= help: did you mean 'essay'?"))
    }

    @Test("an xml:id elsewhere does not stand in for a <source>")
    func xmlIdIsNotASource() throws {
        let cost = #"<totalCost currency="USD" min="13000000000" max="20000000000" source="essay"/>"#
        let text = try cr929(replacing: [
            ("<extensions>", "<extensions>\n    <note xml:id=\"ghost\"/>"),
            (cost, cost.replacingOccurrences(of: #"source="essay""#, with: #"source="ghost""#)),
        ])
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.map(\.line) == [try #require(lineNumber(of: #"source="ghost""#, in: text))])
        #expect(problems.first?.message.contains("'ghost'") == true)
    }

    @Test("every element citing an unknown source is reported, in line order, the same on every run")
    func unresolvedSourcesInOrder() throws {
        var text = try Fixtures.cr929Text()
        text = text.replacingOccurrences(of: #"source="essay""#, with: #"source="nowhere""#)
        let first = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        // Inside <extensions> nothing is checked, `source` included (docs/dossier-format.md §8.12).
        let extensions = try #require(lineNumber(of: "<extensions>", in: text))
        let cited = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains(#"source="nowhere""#) && $0.offset + 1 < extensions }.map { $0.offset + 1 }
        #expect(cited.count > 20)
        #expect(first.map(\.line) == cited)
        for _ in 0..<5 {
            let again = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
            #expect(again.map(\.line) == first.map(\.line))
            #expect(again.map(\.column) == first.map(\.column))
        }
    }

    @Test("the minimal dossier is valid")
    func minimalDossier() throws {
        let loaded = try #require(loader.load(bytes: Array(Fixtures.minimalDossier.utf8)).loadedDossier)
        #expect(loaded.root.attribute("id") == "minimal")
        #expect(loaded.root.descendant("identity", "title")?.text == "Minimal")
    }

    @Test("the built-in schema compiles and is the shipped dossier-v1.xsd")
    func builtInSchema() throws {
        let text = try #require(String(validating: DossierLoader.schemaText, as: UTF8.self))
        #expect(text.contains(#"<xs:element name="dossier">"#))
        let schemaFile = Fixtures.packageRoot.appendingPathComponent("Sources/DossierXML/Schema/dossier-v1.xsd")
        #expect(DossierLoader.schemaText == Array(try Data(contentsOf: schemaFile)))
        // The compiled schema validates: a root-only dossier misses its required <identity>.
        let bytes = Array(#"<dossier format="1" id="x" asOf="2020-01-01"/>"#.utf8)
        let problems = try #require(SafeXMLParser().parse(bytes, schema: DossierLoader.schema).failureProblems)
        #expect(problems.map(\.id) == [.schemaInvalid])
        #expect(problems.first?.message.contains("identity") == true)
    }

    @Test("a text that is not a schema does not compile, and says why")
    func brokenSchema() throws {
        let broken = Array(#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element/></xs:schema>"#.utf8)
        let error = try #require(throws: XMLSchemaError.self) { try XMLSchemaValidator(xsd: broken, path: "broken.xsd") }
        #expect(!error.diagnostics.isEmpty)
        #expect(error.diagnostics.allSatisfy { !$0.message.isEmpty && $0.path == "broken.xsd" })
    }

    @Test("a caller's own schema is applied by the parser")
    func customSchema() throws {
        let xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="r">
                <xs:complexType>
                  <xs:sequence><xs:element name="n" type="xs:integer" maxOccurs="unbounded"/></xs:sequence>
                </xs:complexType>
              </xs:element>
            </xs:schema>
            """
        let schema = try XMLSchemaValidator(xsd: Array(xsd.utf8))
        let parser = SafeXMLParser()
        let root = try #require(parser.parse(Array("<r><n>1</n><n>2</n></r>".utf8), expectingRoot: "r", schema: schema).documentRoot)
        #expect(root.children.map(\.text) == ["1", "2"])

        let problems = try #require(parser.parse(Array("<r>\n  <n>1</n>\n  <n>two</n>\n</r>".utf8), schema: schema).failureProblems)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid && $0.line == 3 && $0.column == 3 })
        #expect(!problems.isEmpty)
    }
}

@Suite("Schema: text values")
struct SchemaTextTests {
    static func dossier(title: String, summary: String) -> [UInt8] {
        Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <dossier format="1" id="x" asOf="2020-01-01">
              <identity>
                <title>\(title)</title>
                <summary>\(summary)</summary>
              </identity>
            </dossier>

            """.utf8)
    }

    @Test("text may run over several lines")
    func multiLineTextIsValid() {
        guard case .loaded = DossierLoader().load(bytes: Self.dossier(title: "A title", summary: "First line,\n      second line.")) else {
            Issue.record("a summary over two lines was refused")
            return
        }
    }

    @Test("a title of white space only is invalid, at the title's line")
    func blankTitleIsInvalid() {
        guard case .failure(let problems) = DossierLoader().load(bytes: Self.dossier(title: "   ", summary: "S")) else {
            Issue.record("a blank title was accepted")
            return
        }
        #expect(problems.first?.id == .schemaInvalid)
        #expect(problems.first?.line == 4)
    }
}
