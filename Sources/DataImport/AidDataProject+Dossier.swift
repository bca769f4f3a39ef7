/// A project as a dossier, format 1.1. Every fact cites the CSV row it comes from (the source
/// `aiddata`); values the importer worked out rather than read are `basis="estimate"` (or
/// `assumption` where it is a judgement); what the dossier format has no place for is kept
/// under `<extensions><aiddata>`.
extension AidDataProject {
    /// The date the dossiers describe: the dataset's release (version 1.0, October 2017).
    static let asOf = "2017-10-01"

    func dossierXML(csvName: String, row: AidDataRow) -> String {
        var xml = DossierBuilder()
        let cited: KeyValuePairs<String, String?> = ["source": "aiddata"]
        let estimated: KeyValuePairs<String, String?> = ["source": "aiddata", "basis": "estimate"]
        xml.element("dossier", ["format": "1.1", "id": dossierID, "asOf": Self.asOf]) { xml in
            xml.element("identity") { xml in
                xml.leaf("title", title, cited)
                if !description.isEmpty { xml.leaf("summary", description, cited) }
                if !sector.isEmpty { xml.leaf("sector", sector, cited) }
                if let mapped = Self.statuses[status] {
                    xml.leaf("status", mapped.status, mapped.exact ? cited : ["source": "aiddata", "basis": "assumption"])
                }
                xml.element("dates") { xml in
                    // Only the year of the commitment (or pledge) is known: its first day stands for it.
                    xml.leaf("announced", "\(year)-01-01", estimated)
                    for (element, value) in dates { xml.leaf(element, value, cited) }
                }
            }
            writeParties(&xml)
            writeFinance(&xml)
            for code in recipientCodes {
                xml.element("host") { xml in xml.leaf("country", code, cited) }
            }
            xml.element("evidence") { xml in
                xml.element("source", ["id": "aiddata"]) { xml in
                    xml.leaf("title", AidDataImporter.citation)
                    xml.leaf("date", "2017")
                    xml.leaf("reference", "\(csvName), row \(row.number) (line \(row.line)), project_id \(projectID); licence ODC-By 1.0")
                }
                xml.leaf(
                    "note",
                    "Imported by silkrisk import aiddata. 'announced' is the first day of the commitment year AidData gives; "
                        + "the total cost is AidData's own conversion to current US dollars of that year; both are estimates.")
                if !sources.isEmpty { xml.leaf("note", "AidData's sources for this project: " + sources.joined(separator: " ; ")) }
            }
            writeExtensions(&xml, row: row)
        }
        return xml.text
    }

    private func writeParties(_ xml: inout DossierBuilder) {
        let groups: [(prefix: String, role: String, agencies: [Agency], country: String?)] = [
            ("funder", "funding agency", funders, "CN"), ("implementer", "implementing agency", implementers, nil),
            ("recipient", "recipient agency", recipientAgencies, recipientCodes.count == 1 ? recipientCodes[0] : nil),
            ("cofinancier", "co-financing agency", cofinanciers, nil),
        ]
        guard groups.contains(where: { !$0.agencies.isEmpty }) else { return }
        xml.element("parties") { xml in
            for group in groups {
                for (index, agency) in group.agencies.enumerated() {
                    let kind = agency.kind.flatMap { Self.knownKinds[$0.lowercased()] ?? nil }
                    xml.element("party", ["id": "\(group.prefix)-\(index + 1)"]) { xml in
                        xml.leaf("name", agency.name, ["source": "aiddata"])
                        // Chinese official finance: the funders are Chinese unless multilateral; a
                        // recipient agency is of the one recipient country.
                        if let country = group.country, kind != "international-organisation" {
                            xml.leaf("country", country, ["source": "aiddata", "basis": "estimate"])
                        }
                        if let kind { xml.leaf("kind", kind, ["source": "aiddata"]) }
                        xml.leaf("role", group.role, ["source": "aiddata"])
                    }
                }
            }
        }
    }

    private func writeFinance(_ xml: inout DossierBuilder) {
        let cost: (amount: Double, basis: String?)? =
            if let usdCurrent { (usdCurrent, "estimate") } else if let amount, currency == "USD" { (amount, nil) } else { nil }
        guard cost != nil || !funders.isEmpty else { return }
        xml.element("finance") { xml in
            if let cost {
                xml.leaf(
                    "totalCost", "",
                    ["currency": "USD", "amount": Self.decimal(cost.amount), "year": String(year), "source": "aiddata", "basis": cost.basis])
            }
            guard !funders.isEmpty else { return }
            xml.element("funding") { xml in
                for (index, funder) in funders.enumerated() {
                    xml.element("fundingSource", ["party": "funder-\(index + 1)"]) { xml in
                        xml.leaf("name", funder.name, ["source": "aiddata"])
                        if let kind = fundingKind(funder) { xml.leaf("kind", kind, ["source": "aiddata", "basis": "estimate"]) }
                    }
                }
            }
        }
    }

    /// The dossier's funding kind, from the agency and AidData's flow type: a bank lends as a
    /// state bank; grants, technical assistance and scholarships are grants; other official
    /// flows are the state budget's. Vague flows have no kind.
    func fundingKind(_ funder: Agency) -> String? {
        if flow == "Vague TBD" || flow.isEmpty { return nil }
        if funder.name.localizedCaseInsensitiveContains("bank") { return "state-bank" }
        if flow == "Grant" || flow.hasPrefix("Free-standing technical") || flow.hasPrefix("Scholarships") { return "grant" }
        return funder.kind?.lowercased() == "government agency" ? "state-budget" : nil
    }

    private func writeExtensions(_ xml: inout DossierBuilder, row: AidDataRow) {
        xml.element("extensions") { xml in
            xml.element("aiddata", ["project": String(projectID), "row": String(row.number)]) { xml in
                for (element, column) in Self.extensionColumns {
                    let value = row[column]
                    if !value.isEmpty { xml.leaf(element, value) }
                }
                if let amount, let currency { xml.leaf("originalAmount", "", ["currency": currency, "amount": Self.decimal(amount)]) }
                if let usdDeflated2014 { xml.leaf("usdDeflated2014", "", ["currency": "USD", "amount": Self.decimal(usdDeflated2014)]) }
                for code in regionalCodes { xml.leaf("regionalCode", code) }
            }
        }
    }

    /// The columns kept as they are, under `<extensions><aiddata>`, by element name.
    static let extensionColumns: [(String, String)] = [
        ("flow", "flow"), ("flowClass", "flow_class"), ("intent", "intent"), ("umbrella", "umbrella"),
        ("recommendedForResearch", "recommended_for_research"), ("yearUncertain", "year_uncertain"), ("lineOfCredit", "line_of_credit"),
        ("isCofinanced", "is_cofinanced"), ("isGroundTruthing", "is_ground_truthing"), ("loanType", "loan_type"),
        ("interestRate", "interest_rate"), ("maturity", "maturity"), ("gracePeriod", "grace_period"), ("grantElement", "grant_element"),
        ("crsSectorCode", "crs_sector_code"), ("recipientCondensed", "recipient_condensed"), ("allRecipients", "all_recipients"),
        ("recipientRegion", "recipient_region"), ("locationDetails", "location_details"), ("contacts", "contacts"),
        ("sourcesCount", "sources_count"), ("sourceTriangulation", "source_triangulation"), ("fieldCompleteness", "field_completeness"),
        ("deflatorUsed", "deflators_used"), ("exchangeRateUsed", "exchange_rates_used"),
    ]

    /// An amount without exponent or needless fraction, as the dossier schema's decimals want.
    static func decimal(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e17 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
