import Foundation

/// One AidData project, every value the dossier needs checked and typed.
struct AidDataProject {
    struct Agency {
        var name: String
        /// The kind AidData gives after the name ("Government Agency", "State-Owned Company"...).
        var kind: String?
    }

    var projectID: Int
    var title: String
    var description: String
    var year: Int
    var status: String
    var sector: String
    var funders: [Agency]
    var implementers: [Agency]
    var recipientAgencies: [Agency]
    var cofinanciers: [Agency]
    /// ISO 3166 alpha-2 codes of the recipient countries, and AidData's regional codes (X...).
    var recipientCodes: [String]
    var regionalCodes: [String]
    var usdCurrent: Double?
    var usdDeflated2014: Double?
    var amount: Double?
    var currency: String?
    var dates: [(element: String, value: String)]
    var flow: String
    var flowClass: String
    var intent: String
    var sources: [String]
    /// What was left out of a row that is still converted.
    var warnings: [AidDataRow.Problem] = []

    /// AidData's status, as the dossier's: the values the dataset uses, each mapped once.
    static let statuses: [String: (status: String, exact: Bool)] = [
        "Completion": ("completed", true), "Implementation": ("under-way", true), "Pipeline: Commitment": ("agreed", true),
        "Pipeline: Pledge": ("proposed", true), "Cancelled": ("cancelled", true), "Suspended": ("stalled", false),
    ]

    init(_ row: AidDataRow) throws {
        guard let id = Int(try row.required("project_id")), id > 0 else {
            throw AidDataRow.Problem(column: "project_id", message: "'\(row["project_id"])' is not a positive whole number")
        }
        projectID = id
        title = try row.required("title")
        description = row["description"]
        guard let year = Int(try row.required("year")), (1900...2100).contains(year) else {
            throw AidDataRow.Problem(column: "year", message: "'\(row["year"])' is not a year")
        }
        self.year = year
        let status = row["status"]
        guard status.isEmpty || Self.statuses[status] != nil else {
            throw AidDataRow.Problem(
                column: "status", message: "'\(status)' is not a status of the dataset (\(Self.statuses.keys.sorted().joined(separator: ", ")))")
        }
        self.status = status
        sector = row["crs_sector_name"]
        funders = Self.agencies(row["funding_agency"])
        implementers = Self.agencies(row["implementing_agency"])
        recipientAgencies = Self.agencies(row["recipient_agencies"])
        cofinanciers = Self.agencies(row["cofinancing_agency"])
        var codes: [String] = []
        var regional: [String] = []
        for code in row["recipient_iso2"].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
            guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                throw AidDataRow.Problem(column: "recipient_iso2", message: "'\(code)' is not an ISO 3166 alpha-2 code")
            }
            // ISO 3166 leaves X.. to users: AidData's regions ("Africa, regional" is XR). Kosovo is XK.
            if code.hasPrefix("X") && code != "XK" { regional.append(code) } else if !codes.contains(code) { codes.append(code) }
        }
        recipientCodes = codes
        regionalCodes = regional
        usdCurrent = try row.amount("usd_current")
        usdDeflated2014 = try row.amount("usd_defl_2014")
        amount = try row.amount("amount")
        // The currency only qualifies the original amount, kept under <extensions>: one that is not
        // a code leaves that amount out (a warning), and the row is still converted.
        let currency = row["currency"]
        if currency.isEmpty || (currency.count == 3 && currency.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }) {
            self.currency = currency.isEmpty ? nil : currency
        } else {
            self.currency = nil
            warnings.append(
                AidDataRow.Problem(
                    column: "currency", message: "'\(currency)' is not an ISO 4217 currency code: the original amount is kept without it"))
        }
        var dates: [(String, String)] = []
        for (column, element) in [
            ("start_planned", "plannedStart"), ("end_planned", "plannedEnd"), ("start_actual", "actualStart"), ("end_actual", "actualEnd"),
        ] {
            if let date = try row.date(column) { dates.append((element, date)) }
        }
        self.dates = dates
        flow = row["flow"]
        flowClass = row["flow_class"]
        intent = row["intent"]
        sources = row["sources"].split(separator: ";").compactMap { entry in
            let url = entry.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return url.isEmpty ? nil : url
        }
    }

    /// "Export-Import Bank of China, Government Agency; China Development Bank (CDB), Government
    /// Agency" as names and kinds.
    static func agencies(_ cell: String) -> [Agency] {
        cell.split(separator: ";").compactMap { entry in
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            guard let comma = text.range(of: ", ", options: .backwards) else { return Agency(name: text, kind: nil) }
            let kind = String(text[comma.upperBound...])
            return knownKinds[kind.lowercased()] != nil ? Agency(name: String(text[..<comma.lowerBound]), kind: kind) : Agency(name: text, kind: nil)
        }
    }

    /// AidData's kinds of organisation, as the dossier's party kinds (nil: no dossier kind fits).
    static let knownKinds: [String: String?] = [
        "government agency": "state-body", "state-owned company": "state-owned-company", "private sector": "private-company",
        "multilateral": "international-organisation", "training and research": "research-institute", "national ngo": nil,
        "international ngo": nil, "political party": nil, "foundation": nil, "public private partnership": nil,
    ]

    var dossierID: String { "aiddata-\(projectID)" }
}
