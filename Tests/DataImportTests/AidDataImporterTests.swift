import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import DataImport

/// The importer on a small CSV written here in AidData's layout: quoted fields with commas,
/// quotes and line breaks, several recipients, a row that cannot be converted.
@Suite("silkrisk import aiddata: AidData's CSV into dossiers")
struct AidDataImporterTests {
    static let header =
        "project_id,recommended_for_research,umbrella,year,donor,funding_agency,implementing_agency,recipient_condensed,title,description,status,flow,flow_class,intent,amount,currency,usd_defl_2014,usd_current,crs_sector_code,crs_sector_name,sources,recipient_agencies,cofinancing_agency,start_actual,start_planned,end_actual,end_planned,year_uncertain,all_recipients,recipient_iso2,source_triangulation,field_completeness"

    /// Line 2: a loan with quoted commas; lines 3-5: a description over three lines with a quoted
    /// quote; line 6: a bad year; line 7: several recipients and a regional code; line 8: a
    /// currency that is not a code.
    static let csv = """
        \(header)
        101,True,0,2009,China,"Export-Import Bank of China, Government Agency","China Road & Bridge Corporation (CRBC), State-Owned Company",Kenya,"Road, bridge and port","A loan for a road, a bridge and a port",Pipeline: Commitment,Loan (excluding debt rescheduling),OOF-like,Commercial,300000000,USD,350000000,300000000,210,Transport and Storage,"http://example.org/a, Media Report; http://example.org/b, Official",,"World Bank, Multilateral",,2010-01-01 00:00:00,,,False,Kenya,KE,3,7
        102,False,0,2012,China,"Chinese Embassy/Consulate, Government Agency",,Angola,Medical team,"Line one
        with ""quotes"", commas
        and a third line",Completion,Grant,ODA-like,Development, ,,,,120,Health,,"Ministry of Health, Government Agency",,2012-03-01 00:00:00,,2013-02-28,,True,Angola,AO,1,5
        103,True,0,twenty,China,"Ministry of Commerce, Government Agency",,Ghana,Bad year,A row with a year that is not a number,Implementation,Grant,ODA-like,Development,,,,,120,Health,,,,,,,,False,Ghana,GH,2,6
        104,True,0,2011,China,"China Development Bank, Government Agency",,"Africa, regional",Regional line,Several recipients,Implementation,Loan (excluding debt rescheduling),OOF-like,Mixed,5000000,USD,6000000,5000000,230,Energy,,,,,,,,False,"Africa, regional, Rwanda, Ethiopia","RW; XR; ET",4,6
        105,True,0,2013,China,"Ministry of Commerce, Government Agency",,Fiji,Odd currency,The original currency is damaged,Suspended,Grant,ODA-like,Development,1000, D,,1500,150,Government and Civil Society,,,,,,,,False,Fiji,FJ,0,4
        """

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aiddata-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func convert(_ importer: AidDataImporter = AidDataImporter(), csv: String = csv) throws -> (
        AidDataImporter.Summary, [String: AidDataImporter.Dossier], String
    ) {
        let path = try write(csv)
        var dossiers: [String: AidDataImporter.Dossier] = [:]
        let summary = importer.convert(path: path) { dossiers[$0.id] = $0 }
        return (summary, dossiers, path)
    }

    @Test("every convertible row becomes a valid dossier (format 1.1); the bad row is reported at its line and the rest are written")
    func convertsAndReports() throws {
        let (summary, dossiers, path) = try Self.convert()
        #expect(summary.rows == 5 && summary.converted == 4 && summary.failedRows == 1)
        #expect(dossiers.keys.sorted() == ["aiddata-101", "aiddata-102", "aiddata-104", "aiddata-105"])
        let failure = try #require(summary.diagnostics.first { $0.id == .unconvertibleRow })
        // Row 3 starts on line 6: the description of row 2 spans three lines.
        #expect(failure.position == "\(path):6:1")
        #expect(failure.message.contains("row 3 (project_id 103), column 'year' (field 4): 'twenty' is not a year"))
        let warning = try #require(summary.diagnostics.first { $0.id == .ignoredValue })
        #expect(warning.severity == .warning && warning.position == "\(path):8:1")
        #expect(dossiers["aiddata-102"]?.line == 3)
        let loader = DossierLoader()
        for dossier in dossiers.values {
            if case .failure(let problems) = loader.load(bytes: Array(dossier.xml.utf8), path: dossier.fileName) {
                Issue.record("\(dossier.fileName) is not valid: \(problems.map(\.message))")
            }
        }
    }

    @Test("a project's facts cite its row; derived values are estimates; what does not map is kept under extensions")
    func mapping() throws {
        let (_, dossiers, path) = try Self.convert()
        let xml = try #require(dossiers["aiddata-101"]?.xml)
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(xml.contains(#"<dossier format="1.1" id="aiddata-101" asOf="2017-10-01">"#))
        #expect(xml.contains(#"<title source="aiddata">Road, bridge and port</title>"#))
        #expect(xml.contains(#"<status source="aiddata">agreed</status>"#))
        #expect(xml.contains(#"<announced source="aiddata" basis="estimate">2009-01-01</announced>"#))
        #expect(xml.contains(#"<plannedStart source="aiddata">2010-01-01</plannedStart>"#))
        #expect(xml.contains(#"<totalCost currency="USD" amount="300000000" year="2009" source="aiddata" basis="estimate"/>"#))
        #expect(xml.contains(#"<name source="aiddata">Export-Import Bank of China</name>"#))
        #expect(xml.contains(#"<kind source="aiddata" basis="estimate">state-bank</kind>"#))
        #expect(xml.contains(#"<name source="aiddata">China Road &amp; Bridge Corporation (CRBC)</name>"#))
        #expect(xml.contains(#"<kind source="aiddata">international-organisation</kind>"#))
        #expect(xml.contains("<reference>\(name), row 1 (line 2), project_id 101; licence ODC-By 1.0</reference>"))
        #expect(xml.contains(AidDataImporter.citation))
        #expect(xml.contains("<flowClass>OOF-like</flowClass>") && xml.contains("<intent>Commercial</intent>"))
        #expect(xml.contains(#"<originalAmount currency="USD" amount="300000000"/>"#))
        let medical = try #require(dossiers["aiddata-102"]?.xml)
        #expect(
            medical.contains("Line one\nwith &quot;quotes&quot;, commas\nand a third line")
                || medical.contains("Line one\nwith \"quotes\", commas\nand a third line"))
        #expect(!medical.contains("<totalCost"))
        let regional = try #require(dossiers["aiddata-104"]?.xml)
        #expect(regional.contains("<country source=\"aiddata\">RW</country>") && regional.contains("<country source=\"aiddata\">ET</country>"))
        #expect(regional.contains("<regionalCode>XR</regionalCode>"))
        let suspended = try #require(dossiers["aiddata-105"]?.xml)
        #expect(suspended.contains(#"<status source="aiddata" basis="assumption">stalled</status>"#))
        #expect(!suspended.contains("originalAmount"))
    }

    @Test("the filters keep AidData's recommended rows, or the recipients named by code or name")
    func filters() throws {
        let (recommended, kept, _) = try Self.convert(AidDataImporter(recommendedOnly: true))
        #expect(recommended.filteredOut == 1 && !kept.keys.contains("aiddata-102"))
        let (byRecipient, onlyKenyaAndRwanda, _) = try Self.convert(AidDataImporter(recipients: ["kenya", "RW"]))
        #expect(byRecipient.rows == 5 && byRecipient.filteredOut == 3 && byRecipient.diagnostics.isEmpty)
        #expect(onlyKenyaAndRwanda.keys.sorted() == ["aiddata-101", "aiddata-104"])
    }

    @Test("a file that is not the dataset is refused whole, naming the columns it lacks")
    func missingColumns() throws {
        let (summary, dossiers, path) = try Self.convert(csv: "id,name\n1,x\n")
        #expect(dossiers.isEmpty)
        #expect(summary.diagnostics.map(\.id) == [.missingColumn])
        #expect(summary.diagnostics.first?.position == "\(path):1:1")
    }

    @Test("a dossier that cannot be written is reported and the run goes on")
    func writeFailures() throws {
        struct Refused: Error {}
        let path = try Self.write(Self.csv)
        var written = 0
        let summary = AidDataImporter().convert(path: path) { dossier in
            if dossier.id == "aiddata-101" { throw Refused() }
            written += 1
        }
        #expect(written == 3 && summary.converted == 3)
        #expect(summary.diagnostics.contains { $0.id == .importWriteFailed && $0.message.contains("aiddata-101.xml") })
    }
}
