import CSV
import Foundation
public import SilkDiagnostics

/// `silkrisk import aiddata`: reads AidData's Global Chinese Official Finance Dataset (CSV, one
/// project a row) as a stream, row by row, and turns each project into a dossier (format 1.1).
/// A row that cannot be converted is a located diagnostic with the reason; the other rows are
/// still converted.
public struct AidDataImporter: Sendable {
    /// The dataset's citation, as its licence (ODC-By 1.0) asks.
    public static let citation = "AidData. 2017. Global Chinese Official Finance Dataset, Version 1.0. Williamsburg, VA: AidData."

    /// Only the rows AidData recommends for research (`recommended_for_research` is True).
    public var recommendedOnly: Bool
    /// Only the projects of these recipients: ISO 3166 alpha-2 codes or names, as the dataset
    /// writes them (any case); empty: every recipient.
    public var recipients: [String]

    public init(recommendedOnly: Bool = false, recipients: [String] = []) {
        self.recommendedOnly = recommendedOnly
        self.recipients = recipients
    }

    /// One converted project.
    public struct Dossier: Sendable {
        public var id: String
        /// The file name to write it under: `<id>.xml`.
        public var fileName: String { id + ".xml" }
        public var xml: String
        /// The CSV line its row starts on.
        public var line: Int
    }

    /// What a run did.
    public struct Summary: Sendable {
        /// Data rows read, rows left out by the filters, rows converted, and every problem.
        public var rows = 0
        public var filteredOut = 0
        public var converted = 0
        public var diagnostics: [Diagnostic] = []
        public var failedRows: Int { diagnostics.filter { $0.id == .unconvertibleRow }.count }
    }

    /// The largest file read.
    static let largestFile = 512 << 20

    /// The columns a row is read from; a file without one of them is refused whole.
    static let requiredColumns = [
        "project_id", "recommended_for_research", "year", "funding_agency", "recipient_condensed", "title", "description", "status",
        "flow", "flow_class", "intent", "amount", "currency", "usd_current", "crs_sector_name", "recipient_iso2",
    ]

    /// Converts the CSV file at `path`, handing each dossier to `emit` as soon as it is made (a
    /// dossier `emit` throws on is reported, and the run goes on). Memory holds one row.
    public func convert(path: String, emit: (Dossier) throws -> Void) -> Summary {
        var summary = Summary()
        // The file is read whole (the dataset is 7.8 MB) and parsed a row at a time from memory:
        // CSV.swift's stream reader, on Linux, reports the end of an InputStream as an error
        // (BinaryReader.readUInt8 throws cannotReadFile when a read returns 0 bytes), so a
        // complete file could not be told from a broken one.
        guard let data = FileManager.default.contents(atPath: path) else {
            summary.diagnostics.append(Diagnostic(.error, .unreadableFile, "cannot read the file", file: path))
            return summary
        }
        guard data.count <= Self.largestFile else {
            summary.diagnostics.append(Diagnostic(.error, .fileTooLarge, "the file is larger than \(Self.largestFile >> 20) MiB", file: path))
            return summary
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            summary.diagnostics.append(Diagnostic(.error, .invalidEncoding, "the file is not valid UTF-8", file: path))
            return summary
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            summary.diagnostics.append(Diagnostic(.error, .unreadableFile, "cannot read a header row: \(error)", file: path))
            return summary
        }
        let header = reader.headerRow ?? []
        let columns = AidDataColumns(header: header)
        let missing = Self.requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            summary.diagnostics.append(
                Diagnostic(
                    .error, .missingColumn,
                    "the header has no column \(missing.map { "'\($0)'" }.joined(separator: ", ")): this is not AidData's Global Chinese "
                        + "Official Finance Dataset (version 1.0)", path: path, line: 1, column: 1))
            return summary
        }
        var line = 2 + header.reduce(0) { $0 + Self.lineBreaks($1) }
        while let cells = reader.next() {
            let rowLine = line
            line += 1 + cells.reduce(0) { $0 + Self.lineBreaks($1) }
            if cells.count == 1 && cells[0].isEmpty { continue }
            summary.rows += 1
            let row = AidDataRow(cells: cells, columns: columns, number: summary.rows, line: rowLine)
            guard keeps(row) else {
                summary.filteredOut += 1
                continue
            }
            switch row.project() {
            case .failure(let problem):
                summary.diagnostics.append(problem.diagnostic(path: path, row: row))
            case .success(let project):
                summary.diagnostics += project.warnings.map { $0.warning(path: path, row: row) }
                let dossier = Dossier(id: project.dossierID, xml: project.dossierXML(csvName: Self.fileName(path), row: row), line: rowLine)
                do {
                    try emit(dossier)
                    summary.converted += 1
                } catch {
                    summary.diagnostics.append(
                        Diagnostic(.error, .importWriteFailed, "cannot write \(dossier.fileName): \(error)", path: path, line: rowLine, column: 1))
                }
            }
        }
        if let error = reader.error {
            summary.diagnostics.append(
                Diagnostic(.error, .unreadableFile, "the CSV file cannot be read past line \(line): \(error)", path: path, line: line, column: 1))
        }
        return summary
    }

    /// Whether the filters keep a row (filters read the raw cells, so a row left out is never
    /// reported as unconvertible).
    func keeps(_ row: AidDataRow) -> Bool {
        if recommendedOnly, row["recommended_for_research"] != "True" { return false }
        if recipients.isEmpty { return true }
        let codes = row["recipient_iso2"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let names = [row["recipient_condensed"]] + row["all_recipients"].split(separator: ",").map { String($0) }
        let wanted = recipients.map { $0.trimmingCharacters(in: .whitespaces) }
        return wanted.contains { want in
            codes.contains(want.uppercased())
                || names.contains { $0.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(want) == .orderedSame }
        }
    }

    static func lineBreaks(_ cell: String) -> Int {
        cell.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// The header's columns, by name.
struct AidDataColumns {
    private let index: [String: Int]

    init(header: [String]) {
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil {
            index[name.trimmingCharacters(in: .whitespaces)] = position
        }
        self.index = index
    }

    subscript(name: String) -> Int? { index[name] }
}
