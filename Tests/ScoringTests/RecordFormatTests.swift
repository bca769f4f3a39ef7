import DossierXML
import Foundation
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// A format declared in rule files, read end to end: a folder with the rules, a schema that
/// includes another, and a file of records, some valid, one not, one of a version the schema
/// does not cover.
@Suite("files of a declared record format")
struct RecordFormatTests {
    static let schema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:include schemaLocation="common.xsd"/>
          <xs:element name="projects"><xs:complexType><xs:sequence>
            <xs:element ref="project" maxOccurs="unbounded"/>
          </xs:sequence><xs:attribute name="version" type="xs:string"/></xs:complexType></xs:element>
          <xs:element name="project"><xs:complexType><xs:sequence>
            <xs:element name="code" type="xs:string" minOccurs="0"/>
            <xs:element name="name" type="xs:string"/>
            <xs:element name="cost" type="amount" minOccurs="0"/>
            <xs:element name="start" type="xs:date" minOccurs="0"/>
          </xs:sequence><xs:attribute name="version" type="xs:string"/></xs:complexType></xs:element>
        </xs:schema>
        """

    /// Included by the main schema: served from memory, never opened by libxml2.
    static let common = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:simpleType name="amount"><xs:restriction base="xs:decimal"><xs:minInclusive value="0"/></xs:restriction></xs:simpleType>
        </xs:schema>
        """

    static let rules = """
        ruleset "Projects" version "1"
        source essay { title "Essay" }
        format projects {
          root "projects"
          record "project"
          schema "schema/main.xsd" for "2"
          version "@version"
          ignoreAttributes "aggregator"
          maxBytes 1 MiB
          id "code"
          title "name"
        }
        fact name: text at "name"
        fact cost: number at "cost"
        fact start: date at "start"
        category money { title "Money" }
        band low "Low" from 0
        band high "High" from 10
        rule expensive {
          title "Expensive"
          category money
          points 10
          when cost > 100
          message "{cost}"
          cite essay "q"
          advice "a"
        }
        """

    static let records = """
        <?xml version="1.0" encoding="UTF-8"?>
        <projects version="2">
          <project aggregator="added-by-a-portal">
            <code>P-1</code>
            <name>Valid and expensive</name>
            <cost>500</cost>
          </project>
          <project>
            <name>Invalid: cost is negative</name>
            <cost>-5</cost>
          </project>
          <project version="1">
            <name>Old layout, read without the schema</name>
            <extra>an element the schema does not know</extra>
            <cost>50</cost>
            <start>not a date</start>
          </project>
          <project><name>No code: named by its place</name></project>
        </projects>
        """

    struct Setup {
        let folder: URL
        let assessor: Assessor
        let loader: RecordLoader
    }

    static func setUp(records: String = records, rules: String = rules) throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("schema"), withIntermediateDirectories: true)
        try schema.write(to: folder.appendingPathComponent("schema/main.xsd"), atomically: true, encoding: .utf8)
        try common.write(to: folder.appendingPathComponent("schema/common.xsd"), atomically: true, encoding: .utf8)
        try rules.write(to: folder.appendingPathComponent("catalogue.rules"), atomically: true, encoding: .utf8)
        try records.write(to: folder.appendingPathComponent("records.xml"), atomically: true, encoding: .utf8)
        let output = RuleSetLoader.load(directory: folder.path)
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let format = try #require(ruleSet.format)
        let loader = try format.recordLoader().get()
        return Setup(folder: folder, assessor: Assessor(ruleSet: ruleSet), loader: loader)
    }

    @Test("each record is assessed on its own; an invalid one fails alone with its line; the others are scored")
    func oneAssessmentPerRecord() throws {
        let setup = try Self.setUp()
        let file = setup.folder.appendingPathComponent("records.xml").path
        let results = setup.assessor.assessRecords(file: file, loader: setup.loader)
        #expect(results.count == 4)
        let first = try results[0].get()
        #expect(first.id == "P-1" && first.title == "Valid and expensive" && first.file == file)
        #expect(first.findings.map(\.rule) == ["expensive"])
        // Evidence points at the record's own element.
        #expect(first.findings.first?.evidence.first?.line == 6)
        #expect(first.dataProblems.isEmpty)
        guard case .failure(let failure) = results[1] else {
            Issue.record("the record with a negative cost should fail")
            return
        }
        #expect(failure.file == file + "#2")
        #expect(failure.diagnostics.allSatisfy { $0.id == .schemaInvalid })
        #expect(failure.diagnostics.first?.position.hasPrefix("\(file):10:") == true, "\(failure.diagnostics.map(\.position))")
        let old = try results[2].get()
        #expect(old.id == "records.xml#3")
        #expect(old.dataProblems.map(\.id) == [.recordNotValidated, .unreadableValue])
        #expect(old.dataProblems.first?.position.hasPrefix("\(file):12:") == true)
        #expect(old.findings.isEmpty)
        let last = try results[3].get()
        #expect(last.id == "records.xml#4" && last.dataProblems.isEmpty)
    }

    @Test("a file with another root is refused whole, naming both roots")
    func wrongRoot() throws {
        let setup = try Self.setUp()
        let path = setup.folder.appendingPathComponent("dossier.xml")
        try "<?xml version=\"1.0\"?>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"/>\n".write(to: path, atomically: true, encoding: .utf8)
        let results = setup.assessor.assessRecords(file: path.path, loader: setup.loader)
        guard results.count == 1, case .failure(let failure) = results[0] else {
            Issue.record("expected one failure")
            return
        }
        #expect(failure.diagnostics.first?.id == .notThisFormat)
        #expect(failure.diagnostics.first?.message.contains("'dossier'") == true)
        #expect(failure.diagnostics.first?.message.contains("'projects'") == true)
    }

    @Test("a record file gets the dossier's safety: a DOCTYPE is refused before any entity, the size cap holds")
    func safety() throws {
        let setup = try Self.setUp()
        let secret = setup.folder.appendingPathComponent("secret.txt")
        try "top secret".write(to: secret, atomically: true, encoding: .utf8)
        let hostile = setup.folder.appendingPathComponent("hostile.xml")
        try """
        <?xml version="1.0"?>
        <!DOCTYPE projects [ <!ENTITY leak SYSTEM "file://\(secret.path)"> ]>
        <projects version="2"><project><name>&leak;</name></project></projects>
        """.write(to: hostile, atomically: true, encoding: .utf8)
        let refused = setup.assessor.assessRecords(file: hostile.path, loader: setup.loader)
        guard case .failure(let failure) = refused.first else {
            Issue.record("a DOCTYPE must be refused")
            return
        }
        #expect(failure.diagnostics.first?.id == .doctypeRefused)
        var small = setup.loader
        small.format.limits = XMLLimits(maxBytes: 100)
        let file = setup.folder.appendingPathComponent("records.xml").path
        guard case .failure(let tooLarge) = setup.assessor.assessRecords(file: file, loader: small).first else {
            Issue.record("the size cap must hold")
            return
        }
        #expect(tooLarge.diagnostics.first?.id == .fileTooLarge)
    }

    @Test("a format with a namespace reads only its namespace's elements")
    func namespaces() throws {
        let rules = Self.rules.replacingOccurrences(
            of: "  record \"project\"\n  schema \"schema/main.xsd\" for \"2\"\n", with: "  record \"project\"\n  namespace \"urn:p\"\n")
        let records = """
            <?xml version="1.0"?>
            <p:projects xmlns:p="urn:p" xmlns:q="urn:q">
              <p:project><p:code>N-1</p:code><p:name>In the namespace</p:name><p:cost>200</p:cost><q:cost>1</q:cost></p:project>
              <q:project><q:name>Another namespace: not a record</q:name></q:project>
            </p:projects>
            """
        let setup = try Self.setUp(records: records, rules: rules)
        let results = setup.assessor.assessRecords(file: setup.folder.appendingPathComponent("records.xml").path, loader: setup.loader)
        #expect(results.count == 1)
        let only = try #require(try? results.first?.get())
        #expect(only.id == "N-1" && only.findings.map(\.rule) == ["expensive"])
    }

    @Test("a schema that does not compile is reported, placed in the schema")
    func brokenSchema() throws {
        let setup = try Self.setUp()
        try
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:include schemaLocation=\"absent.xsd\"/><xs:element name=\"a\" type=\"nothing\"/></xs:schema>"
            .write(to: setup.folder.appendingPathComponent("schema/main.xsd"), atomically: true, encoding: .utf8)
        let format = try #require(RuleSetLoader.load(directory: setup.folder.path).ruleSet?.format)
        guard case .failure(let problems) = format.recordLoader() else {
            Issue.record("the schema should not compile")
            return
        }
        #expect(problems.diagnostics.first?.id == .formatSchemaInvalid)
        #expect(problems.diagnostics.dropFirst().allSatisfy { $0.position.contains("main.xsd") })
    }
}

@Suite("lookup and money() in evaluation")
struct LookupEvaluationTests {
    @Test("a rule on a looked-up value fires, stays undecided without a row, and money() reads a currency")
    func lookupInRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "country,year,gdp\nAM,2020,12641000000\n".write(to: folder.appendingPathComponent("gdp.csv"), atomically: true, encoding: .utf8)
        try """
        ruleset "T" version "1"
        source essay { title "Essay" }
        fact cost: number at "cost"
        fact currency: text at "currency"
        fact country: text at "country"
        fact year: number at "year"
        table gdp { file "gdp.csv" key country: text key year: year value gdp: money USD }
        rate 1 USD = 400 AMD
        category d { title "D" }
        band low "Low" from 0
        rule large {
          title "Large"
          category d
          points 12
          when money(cost, currency) > lookup(gdp, country, year) * 0.25
          message "m"
          cite essay "q"
          advice "a"
        }
        """.write(to: folder.appendingPathComponent("t.rules"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleSetLoader.load(directory: folder.path).ruleSet)
        let assessor = Assessor(ruleSet: ruleSet)
        func assess(_ cost: Double, _ currency: String, _ country: String, _ year: Double) -> Assessment {
            let facts = DossierFacts(
                values: [.number(Interval(cost)), .text(currency), .text(country), .number(Interval(year))],
                evidence: [nil, nil, nil, nil], asOf: nil)
            return assessor.assess(facts, id: "x", title: "x", file: "x")
        }
        // USD 4 billion in AMD is about a third of Armenia's 2020 GDP.
        #expect(assess(1_600_000_000_000, "AMD", "AM", 2020).findings.map(\.rule) == ["large"])
        #expect(assess(1_000_000, "USD", "AM", 2020).findings.isEmpty)
        #expect(assess(1_000_000, "USD", "AM", 2020).undecided.isEmpty)
        // No row for the year, or a currency that is not a code: undecided, not "no".
        #expect(assess(1_600_000_000_000, "AMD", "AM", 2019).undecided.map(\.rule) == ["large"])
        #expect(assess(1_600_000_000_000, "dram", "AM", 2020).undecided.map(\.rule) == ["large"])
    }
}
