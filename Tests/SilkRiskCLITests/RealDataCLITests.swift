import Foundation
import Testing

/// The real-data commands as a user runs them: `import aiddata`, and `score` with the IATI and
/// AidData packs. Small inputs written here always; samples of the shared third-party data
/// (../shared/data, see its README: IATI Standard data and schemas, CC BY 4.0 "IATI Standard
/// (iatistandard.org)"; AidData's Global Chinese Official Finance Dataset, ODC-By 1.0, "AidData.
/// 2017. Global Chinese Official Finance Dataset, Version 1.0. Williamsburg, VA: AidData.") when
/// that folder is beside the clone, skipped otherwise.
@Suite("real data: import aiddata, and score with Rules/iati and Rules/aiddata")
struct RealDataCLITests {
    static let sharedData = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let aiddataCSV = sharedData.appendingPathComponent("aiddata/GlobalChineseOfficialFinanceDataset_v1.0.csv")
    static let iatiActivities = sharedData.appendingPathComponent("iati/activities")
    static var hasAidData: Bool { FileManager.default.fileExists(atPath: aiddataCSV.path) }
    static var hasIATI: Bool { FileManager.default.fileExists(atPath: iatiActivities.path) }

    static let activities = """
        <?xml version="1.0" encoding="UTF-8"?>
        <iati-activities version="2.03" generated-datetime="2020-01-01T00:00:00">
          <iati-activity last-updated-datetime="2019-06-30T10:00:00" default-currency="USD">
            <iati-identifier>XM-TEST-1</iati-identifier>
            <reporting-org ref="XM-TEST" type="40"><narrative>Test</narrative></reporting-org>
            <title><narrative>Stuck in the pipeline</narrative></title>
            <description><narrative>d</narrative></description>
            <participating-org role="1" ref="CN-TEST"><narrative>A Chinese funder</narrative></participating-org>
            <activity-status code="1"/>
            <activity-date iso-date="2015-01-01" type="1"/>
            <recipient-country code="AM" percentage="100"/>
            <default-tied-status code="5"/>
          </iati-activity>
          <iati-activity last-updated-datetime="2019-06-30T10:00:00">
            <iati-identifier>XM-TEST-2</iati-identifier>
            <reporting-org ref="XM-TEST" type="40"><narrative>Test</narrative></reporting-org>
            <title><narrative>Invalid: an activity status with no code</narrative></title>
            <activity-status/>
          </iati-activity>
        </iati-activities>
        """

    @Test("score --rules Rules/iati: one assessment per activity, the invalid one reported with its line, exit 1")
    func scoresIATIFile() throws {
        let folder = try CLI.temporaryDirectory()
        try Self.activities.write(to: folder.appendingPathComponent("activities.xml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["score", "--rules", "Rules/iati", "--format", "json", folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        let dossiers = try CLI.dossiers(fromJSON: result.stdout)
        #expect(dossiers.keys.sorted() == ["XM-TEST-1"])
        let findings = (dossiers["XM-TEST-1"]?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(Set(findings) == ["pipeline-long-after-planned-start", "tied-aid", "nothing-published"])
        #expect(dossiers["XM-TEST-1"]?["band"] as? String == "high")
        #expect(result.stderr.contains("activities.xml:18:"), "\(result.stderr)")
        #expect(result.stderr.contains("[schema-invalid]"))
    }

    @Test("validate --rules Rules/iati checks each activity as score reads it: the valid one named, the invalid one at its line, exit 1")
    func validatesIATIFile() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("activities.xml")
        try Self.activities.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", "--rules", "Rules/iati", file.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("\(file.path): XM-TEST-1 valid, format iati\n"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("1 of 2 records valid, 1 invalid\n"), "\(result.stdout)")
        #expect(result.stderr.contains("activities.xml:18:"), "\(result.stderr)")
        #expect(result.stderr.contains("[schema-invalid]"))
        // A file larger than a dossier may be is read under the format's own cap, as score reads it.
        let large = folder.appendingPathComponent("large.xml")
        let padding = String(repeating: "<!-- padding -->\n", count: 70_000)
        try Self.activities.replacingOccurrences(of: "</iati-activities>", with: padding + "</iati-activities>").write(
            to: large, atomically: true, encoding: .utf8)
        let largeResult = try CLI.run(["validate", "--rules", "Rules/iati", large.path])
        #expect(!largeResult.stderr.contains("[file-too-large]"), "\(largeResult.stderr)")
        #expect(largeResult.stdout.hasSuffix("1 of 2 records valid, 1 invalid\n"), "\(largeResult.stdout)")
    }

    @Test("validate and score place an activity whose id an earlier one has at its own start tag, with a note at the first")
    func duplicateActivityID() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("activities.xml")
        // The valid activity twice: the second (record 3, line 20) is refused.
        let first = try #require(Self.activities.firstRange(of: "  <iati-activity "))
        let end = try #require(Self.activities.firstRange(of: "</iati-activity>\n"))
        let activity = String(Self.activities[first.lowerBound..<end.upperBound])
        try Self.activities.replacingOccurrences(of: "</iati-activities>", with: activity + "</iati-activities>").write(
            to: file, atomically: true, encoding: .utf8)
        let expected = "activities.xml:20:3: error: the id 'XM-TEST-1' is already the id of the <iati-activity> on line 3 of '\(file.path)'"
        for command in ["validate", "score"] {
            let result = try CLI.run([command, "--rules", "Rules/iati", file.path])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("activities.xml:3:3: note: the first <iati-activity> with it"), "\(command): \(result.stderr)")
        }
        let json = try CLI.run(["score", "--rules", "Rules/iati", "--format", "json", file.path])
        #expect(json.stdout.contains("\"file\": \"\(file.path)#3\""), "the failure is the record's")
    }

    @Test("stats --rules Rules/iati counts each activity; new and whatif, which read SilkRisk dossiers only, refuse the pack (exit 2)")
    func statsAndDossierOnlyCommands() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("activities.xml")
        try Self.activities.write(to: file, atomically: true, encoding: .utf8)
        // The valid activity twice more, in a second file: refused as score refuses it, not counted.
        let again = folder.appendingPathComponent("again.xml")
        try Self.activities.write(to: again, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("stats.json")
        let stats = try CLI.run(["stats", "--rules", "Rules/iati", "--output", output.path, file.path, again.path])
        #expect(stats.status == 1, "the invalid activities and the duplicate: \(stats.stderr)")
        #expect(stats.stdout.contains("1 dossier scored, 3 failed"), "\(stats.stdout)")
        #expect(stats.stderr.contains("again.xml:3:3: error: the id 'XM-TEST-1' is already the id of the <iati-activity> on line 3"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let rules = try #require(document["rules"] as? [String: [String: Any]], "\(document.keys)")
        #expect(rules["tied-aid"]?["fired"] as? Int == 1, "\(rules["tied-aid"] ?? [:])")
        for command in [["new", "--rules", "Rules/iati", "--id", "x"], ["whatif", "--rules", "Rules/iati", file.path]] {
            let result = try CLI.run(command)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    "Rules/iati/catalogue.rules:22:1: error: these rules declare the record format 'iati': \(command[0]) works on SilkRisk dossiers only [record-format-unsupported]"
                ), "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command): nothing written")
        }
    }

    @Test(
        "diff of two versions of Rules/iati compares each activity with itself; rules for dossiers against rules for activities is refused (exit 2)")
    func diffRecordPacks() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("activities.xml")
        try Self.activities.write(to: file, atomically: true, encoding: .utf8)
        let rules = try CLI.copyOfShippedRules()
        defer { try? FileManager.default.removeItem(at: rules) }
        let obstacles = rules.appendingPathComponent("iati/obstacles.rules")
        let text = try String(contentsOf: obstacles, encoding: .utf8)
        let start = try #require(text.range(of: "rule tied-aid"))
        let points = try #require(text.range(of: "points 5", range: start.upperBound..<text.endIndex))
        try text.replacingCharacters(in: points, with: "points 9").write(to: obstacles, atomically: true, encoding: .utf8)
        let diff = try CLI.run([
            "diff", "--base-rules", "Rules/iati", "--rules", rules.appendingPathComponent("iati").path, "--format", "json", file.path,
        ])
        #expect(diff.status == 1, "the invalid activity fails on both sides: \(diff.stderr)")
        #expect(diff.stderr.contains("activities.xml:18:") && diff.stderr.contains("[schema-invalid]"), "\(diff.stderr)")
        #expect(diff.stdout.contains("\"XM-TEST-1\""), "\(diff.stdout)")
        #expect(diff.stdout.contains("\"tied-aid\""), "\(diff.stdout)")
        #expect(diff.stdout.contains("\"reading\": \"per-rule-set\""), "each file read with each version's loader")
        for (base, new) in [("Rules", "Rules/iati"), ("Rules/iati", "Rules")] {
            let result = try CLI.run(["diff", "--base-rules", base, "--rules", new, file.path])
            #expect(result.status == 2, "\(base) → \(new): \(result.stderr)")
            #expect(result.stderr.contains("Rules/iati/catalogue.rules:22:1: error: the base rules read "), "\(result.stderr)")
            #expect(result.stderr.contains("[record-format-unsupported]"))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("a file of activities that holds none fails score, validate, stats and explain at its root, unless --allow-empty")
    func fileWithoutRecords() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("empty.xml")
        try "<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">\n</iati-activities>\n".write(to: file, atomically: true, encoding: .utf8)
        let error = "empty.xml:2:1: error: no <iati-activity> record in this file [no-records]"
        for command in ["score", "validate", "stats", "explain"] {
            let result = try CLI.run([command, "--rules", "Rules/iati", command == "explain" ? file.path : folder.path])
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(error) || result.stdout.contains(error), "\(command): \(result.stderr)")
            guard command != "explain" else { continue }
            let allowed = try CLI.run([command, "--rules", "Rules/iati", "--allow-empty", folder.path])
            #expect(allowed.status == 0, "\(command) --allow-empty: \(allowed.stderr)")
            #expect(!allowed.stderr.contains("[no-records]"))
        }
    }

    @Test("check compiles a declared format's schema: a broken one is an error placed in the schema, exit 1")
    func checkCompilesTheSchema() throws {
        let rules = try CLI.copyOfShippedRules()
        let good = try CLI.run(["check", "--rules", rules.appendingPathComponent("iati").path])
        #expect(good.status == 0, "\(good.stderr)")
        try "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\" type=\"nothing\"/></xs:schema>\n".write(
            to: rules.appendingPathComponent("iati/schema/iati-activities-schema.xsd"), atomically: true, encoding: .utf8)
        let broken = try CLI.run(["check", "--rules", rules.appendingPathComponent("iati").path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("iati-activities-schema.xsd:1:1: error: the schema of format 'iati' does not compile [format-schema-invalid]"))
    }

    @Test("import aiddata writes a valid dossier per convertible row, reports the bad row at its line, exits 1")
    func importsAidDataCSV() throws {
        let folder = try CLI.temporaryDirectory()
        let csv = folder.appendingPathComponent("projects.csv")
        let header =
            "project_id,recommended_for_research,year,funding_agency,recipient_condensed,title,description,status,flow,flow_class,intent,amount,currency,usd_current,crs_sector_name,recipient_iso2"
        try """
        \(header)
        7,True,2003,"Export-Import Bank of China, Government Agency",Armenia,"A loan, in quotes","Two
        lines",Pipeline: Pledge,Export credits,OOF-like,Commercial,4000000000,USD,4000000000,Energy,AM
        8,True,2004,"Ministry of Commerce, Government Agency",Armenia,A grant,x,Somewhere else,Grant,ODA-like,Development,,,,Health,AM
        """.write(to: csv, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("dossiers")
        let result = try CLI.run(["import", "aiddata", csv.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("imported 1 of 2 rows"))
        #expect(result.stderr.contains("projects.csv:4:1: error: row 2 (project_id 8), column 'status'"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["aiddata-7.xml"])
        let validate = try CLI.run(["validate", output.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let scored = try CLI.run(["score", "--rules", "Rules/aiddata", "--format", "json", "--detail", "full", output.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let dossier = try CLI.dossiers(fromJSON: scored.stdout)["aiddata-7"]
        let rules = (dossier?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        // USD 4 billion is far above 1% of Armenia's GDP in 2003 (the GDP table decides it); the
        // CSV has no source triangulation, so the rule that reads it stays undecided.
        #expect(Set(rules) == ["cost-large-for-host", "pledge-unfulfilled", "export-credit"])
        let undecided = (dossier?["undecided"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(undecided == ["thinly-sourced"])
    }

    @Test("the shared IATI activities: 100 scored and 16 refused by the 2.03 schema, the 1.x ones read without it", .enabled(if: hasIATI))
    func sharedIATIActivities() throws {
        let result = try CLI.run(["score", "--rules", "Rules/iati", "--format", "json", "--detail", "full", Self.iatiActivities.path])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let dossiers = object?["dossiers"] as? [[String: Any]] ?? []
        let failures = object?["failures"] as? [[String: Any]] ?? []
        #expect(dossiers.count == 100 && failures.count == 16)
        let oxfam = dossiers.first { $0["id"] as? String == "GB-CHC-202918-MLIB06" }
        #expect(oxfam?["title"] as? String == "Response to the outbreak of the disease Ebola in Mali")
        #expect((oxfam?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["nothing-published"])
        let notValidated = dossiers.filter { dossier in
            (dossier["dataProblems"] as? [[String: Any]] ?? []).contains { ($0["message"] as? String)?.contains("without schema validation") == true }
        }
        #expect(notValidated.count == 19)
    }

    @Test("a sample of AidData's dataset (one recipient) imports and scores; a known project's facts and rule", .enabled(if: hasAidData))
    func sharedAidDataSample() throws {
        let output = try CLI.temporaryDirectory().appendingPathComponent("angola")
        let imported = try CLI.run(["import", "aiddata", Self.aiddataCSV.path, "--output", output.path, "--recipient", "AO"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(files.count > 100 && files.contains("aiddata-12.xml"))
        #expect(imported.stdout.contains("imported \(files.count) of 5466 rows"))
        let twelve = try String(contentsOf: output.appendingPathComponent("aiddata-12.xml"), encoding: .utf8)
        #expect(twelve.contains("<title source=\"aiddata\">China pledges furniture for Angolan Chancellory</title>"))
        #expect(twelve.contains("<country source=\"aiddata\">AO</country>"))
        #expect(twelve.contains("<originalAmount currency=\"CNY\" amount=\"200000000\"/>"))
        let scored = try CLI.run(["score", "--rules", "Rules/aiddata", "--format", "json", output.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let dossiers = try CLI.dossiers(fromJSON: scored.stdout)
        #expect(dossiers.count == files.count)
        let rules = (dossiers["aiddata-12"]?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(rules == ["pledge-unfulfilled"])
        #expect(dossiers["aiddata-12"]?["band"] as? String == "moderate")
    }
}
