import ArgumentParser
import DataImport
import SafeOutput
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// `silkrisk import`: other data turned into dossiers.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn other data into dossiers (format 1.1) that score, explain and validate read.",
        subcommands: [ImportAidData.self])
}

struct ImportAidData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiddata",
        abstract: "Write one dossier per project of AidData's Global Chinese Official Finance Dataset (CSV, version 1.0).",
        discussion: """
            Each dossier is named aiddata-PROJECT_ID.xml and cites its CSV row as the source of every fact; \
            values worked out by the importer are marked basis="estimate", and the columns the dossier format \
            has no place for are kept under <extensions><aiddata>. A row that cannot be converted is reported \
            as file:line with its row number, column and reason, and the other rows are still written. \
            Exit status: 0 when every row read was converted; 1 when a row could not be converted or written, \
            or the file cannot be read; \(ExitStatus.usageLine)
            """)

    @Argument(help: "The dataset's CSV file (GlobalChineseOfficialFinanceDataset_v1.0.csv).")
    var csv: String

    @Option(name: .long, help: "The folder the dossiers are written to (made when missing).")
    var output: String

    @Flag(name: .long, help: "Only the projects AidData recommends for research (recommended_for_research is True).")
    var recommendedOnly = false

    @Option(name: .long, parsing: .upToNextOption, help: "Only these recipients: ISO 3166 alpha-2 codes or names as the dataset writes them.")
    var recipient: [String] = []

    func run() throws {
        let importer = AidDataImporter(recommendedOnly: recommendedOnly, recipients: recipient)
        let folder = output.hasSuffix("/") ? String(output.dropLast()) : output
        // Each dossier is written whole or not at all (a temporary file renamed into place); the
        // thousands of small files are flushed to the disk once, at the end.
        let summary = importer.convert(path: csv) { dossier in
            try OutputFile.write(dossier.xml, to: folder + "/" + dossier.fileName, flushesToDisk: false)
        }
        sync()
        printDiagnostics(summary.diagnostics)
        var line = "imported \(summary.converted) of \(summary.rows) rows into \(folder)"
        if summary.filteredOut > 0 { line += " (\(summary.filteredOut) left out by the filters)" }
        if summary.failedRows > 0 { line += "; \(summary.failedRows) rows could not be converted" }
        print(line)
        if summary.diagnostics.hasErrors { throw ExitStatus.inputProblems }
    }
}
