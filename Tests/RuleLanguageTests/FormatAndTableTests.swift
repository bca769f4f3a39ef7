import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Compiles rule text at `rules/test.rules` with the files a declaration names given in memory
/// (paths relative to `rules/`).
private func compileWith(_ text: String, files: [String: String] = [:]) -> RuleCompiler.Output {
    var compiler = RuleCompiler(readFile: { path in files[path.hasPrefix("rules/") ? String(path.dropFirst(6)) : path] })
    return compiler.compile([Parser.parse(SourceFile(path: "rules/test.rules", text: prelude + "\n" + usingRule + "\n" + text))])
}

private let gdpTable = """
    table gdp {
      file "tables/gdp.csv"
      key country: text
      key year: year
      value gdp: money USD
    }
    """

@Suite("format declarations")
struct FormatDeclarationTests {
    @Test("a format declares its root, record, schema versions, size cap and identity paths")
    func formatCompiles() throws {
        let output = compileWith(
            """
            format iati {
              root "iati-activities"
              record "iati-activity"
              schema "schema/main.xsd" for "2.", "3."
              version "@version"
              ignoreAttributes "dataset", "generated-datetime"
              maxBytes 64 MiB
              id "iati-identifier", "other-identifier"
              title "title/narrative", "title"
              status "activity-status/@code"
              asOf "@last-updated-datetime"
            }
            """, files: ["schema/main.xsd": "<xs:schema/>"])
        #expect(!output.diagnostics.hasErrors, "\(output.diagnostics.map(\.message))")
        let format = try #require(output.ruleSet?.format)
        #expect(format.root == "iati-activities" && format.record == "iati-activity" && format.namespace == nil)
        #expect(format.schemaPath == "rules/schema/main.xsd")
        #expect(format.schemaVersions == ["2.", "3."] && format.validates(version: "2.03") && !format.validates(version: "1.04"))
        #expect(!format.validates(version: nil))
        #expect(format.versionAttribute == "version" && format.ignoredAttributes == ["dataset", "generated-datetime"])
        #expect(format.maxBytes == 64 << 20)
        #expect(format.identity.id.map(\.description) == ["iati-identifier", "other-identifier"])
        #expect(format.identity.title.map(\.description) == ["title/narrative", "title"])
        #expect(format.identity.status.map(\.description) == ["activity-status/@code"])
    }

    @Test("a rule set without a format reads dossiers")
    func noFormatMeansDossiers() {
        let output = compileWith("")
        #expect(output.ruleSet != nil && output.ruleSet?.format == nil)
    }

    @Test("a format without a root or record, with a bad size, or with an unreadable schema is reported where it is written")
    func formatProblems() {
        let output = compileWith(
            """
            format broken {
              record "x y"
              schema "missing.xsd"
              maxBytes 0 MiB
            }
            """)
        let ids = output.diagnostics.map(\.id)
        #expect(ids.contains(.missingClause))
        #expect(ids.contains(.invalidPath))
        #expect(ids.contains(.formatSchemaUnreadable))
        #expect(ids.contains(.invalidFormatSize))
        #expect(output.ruleSet == nil)
        let unreadable = output.diagnostics.first { $0.id == .formatSchemaUnreadable }
        #expect(unreadable?.span?.text == "\"missing.xsd\"")
        #expect(unreadable?.position.hasPrefix("rules/test.rules:") == true)
    }

    @Test("a second format is refused with a note at the first")
    func oneFormat() {
        let output = compileWith(
            """
            format a { root "r" record "x" }
            format b { root "r" record "x" }
            """)
        let duplicate = output.diagnostics.first { $0.id == .duplicateId }
        #expect(duplicate?.message.contains("one input format") == true)
        #expect(duplicate?.notes.first?.message == "the first is declared here")
    }

    @Test("a sub-folder with a catalogue of its own is another pack, left out of its parent")
    func subPacksAreSeparate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-packs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("other/deeper"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("plain"), withIntermediateDirectories: true)
        try (prelude + "\n" + usingRule).write(to: folder.appendingPathComponent("catalogue.rules"), atomically: true, encoding: .utf8)
        try "define extra = 1".write(to: folder.appendingPathComponent("plain/extra.rules"), atomically: true, encoding: .utf8)
        try "this is not read".write(to: folder.appendingPathComponent("other/catalogue.rules"), atomically: true, encoding: .utf8)
        try "nor is this".write(to: folder.appendingPathComponent("other/deeper/more.rules"), atomically: true, encoding: .utf8)
        let output = RuleSetLoader.load(directory: folder.path)
        #expect(output.files.map { String($0.dropFirst(folder.path.count + 1)) } == ["catalogue.rules", "plain/extra.rules"])
        #expect(!output.diagnostics.hasErrors)
    }
}

@Suite("reference tables and lookup")
struct TableTests {
    static let csv = """
        country,year,gdp,note
        AM,2019,13619000000,"Armenia, as the
        World Bank gives it"
        AM,2020,12641000000,
        KZ,2020,171082000000,
        KZ,2021,,empty value: no row
        """

    @Test("a table is read once, keys typed, quoted commas and line breaks kept in one cell")
    func tableCompiles() throws {
        let output = compileWith(
            gdpTable + """

                rule big {
                  title "Big"
                  category finance
                  points 1
                  when finance.totalCost > lookup(gdp, country, 2020) * 0.25
                  message "m"
                  cite essay "q"
                  advice "a"
                }
                """, files: ["tables/gdp.csv": Self.csv])
        #expect(!output.diagnostics.hasErrors, "\(output.diagnostics.map(\.message))")
        let table = try #require(output.ruleSet?.tables.first)
        #expect(table.id == "gdp" && table.rowCount == 3 && table.keyNames == ["country", "year"])
        #expect(table.lookup([.text("AM"), .number(Interval(2020))]) == .money(Interval(12_641_000_000), currency: "USD"))
        #expect(table.lookup([.text("KZ"), .date(Day(year: 2020, month: 6, day: 30)!)]) == .money(Interval(171_082_000_000), currency: "USD"))
        // A missing row, an unknown key, a key that is not a whole year: unknown, never zero.
        #expect(table.lookup([.text("KZ"), .number(Interval(2021))]) == nil)
        #expect(table.lookup([.text("RU"), .number(Interval(2020))]) == nil)
        #expect(table.lookup([nil, .number(Interval(2020))]) == nil)
        #expect(table.lookup([.text("AM"), .number(Interval(2019, 2020))]) == nil)
    }

    @Test("a column the header lacks is reported at its name, with the closest header name")
    func unknownColumn() {
        let output = compileWith(
            gdpTable.replacingOccurrences(of: "value gdp: money USD", with: "value gdpp: money USD"), files: ["tables/gdp.csv": Self.csv])
        let diagnostic = output.diagnostics.first { $0.id == .unknownTableColumn }
        #expect(diagnostic?.span?.text == "gdpp")
        #expect(diagnostic?.suggestions.contains("did you mean 'gdp'?") == true)
        #expect(output.ruleSet == nil)
    }

    @Test("duplicate keys and cells of the wrong type are placed at the CSV file's line, counting line breaks inside quotes")
    func badRowsAreLocated() {
        let csv = """
            country,year,gdp
            AM,2019,"1"
            AM,"twenty
            twenty",2
            AM,2019,3
            KZ,2020,lots
            """
        let output = compileWith(gdpTable, files: ["tables/gdp.csv": csv])
        let invalid = output.diagnostics.filter { $0.id == .invalidTableValue }
        #expect(invalid.map(\.position) == ["rules/tables/gdp.csv:3:1", "rules/tables/gdp.csv:6:1"], "\(invalid.map(\.position))")
        let duplicate = output.diagnostics.first { $0.id == .duplicateTableKey }
        #expect(duplicate?.position == "rules/tables/gdp.csv:5:1")
        #expect(duplicate?.message.contains("line 2") == true)
    }

    @Test("a missing file is reported at the file clause")
    func missingFile() {
        let output = compileWith(gdpTable)
        let diagnostic = output.diagnostics.first { $0.id == .tableFileUnreadable }
        #expect(diagnostic?.span?.text == "\"tables/gdp.csv\"")
    }

    @Test("lookup checks the table, the number of keys and each key's type")
    func lookupIsChecked() {
        func rule(_ condition: String) -> String {
            gdpTable
                + "\nrule r {\n title \"R\"\n category finance\n points 1\n when \(condition)\n message \"m\"\n cite essay \"q\"\n advice \"a\"\n}\n"
        }
        let files = ["tables/gdp.csv": Self.csv]
        let unknown = compileWith(rule("finance.totalCost > lookup(gdpp, country, 2020)"), files: files)
        #expect(unknown.diagnostics.first { $0.id == .unknownTable }?.suggestions.contains("did you mean 'gdp'?") == true)
        let count = compileWith(rule("finance.totalCost > lookup(gdp, country)"), files: files)
        #expect(count.diagnostics.first { $0.id == .wrongArguments }?.message.contains("has 2 keys") == true)
        let type = compileWith(rule("finance.totalCost > lookup(gdp, 12, 2020)"), files: files)
        #expect(type.diagnostics.first { $0.id == .typeMismatch }?.message.contains("key 'country' of table 'gdp' is a text") == true)
        let ok = compileWith(rule("finance.totalCost > lookup(gdp, country, 2020)"), files: files)
        #expect(!ok.diagnostics.hasErrors, "\(ok.diagnostics.map(\.message))")
    }
}
