import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

#if canImport(Glibc)
    import Glibc
#endif

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score dossiers and write a ranked report.",
        discussion: """
            With --watch, scores the text table on the terminal and scores again whenever a rule file or a \
            dossier changes (\(WatchOptions.summary)).

            Exit status: 0 when every dossier was scored; 1 when any could not be (each is reported and \
            the others are still scored), a path gives no dossier (it does not exist, or is a folder with \
            no .xml file, unless --allow-empty), two dossiers have the same id (the second is not scored), \
            or the report could not be written; 2 when the rules cannot be used (the folder is missing or \
            has errors; no dossier is read); \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: ScoringOptions

    @OptionGroup var report: ReportOptions<Score>

    @Option(
        name: .customLong("detail"),
        help:
            "How much of each dossier the JSON and JSON Lines reports give: compact (verdict, findings by rule id with evidence references, undecided rules, facts to collect; the default) or full (every message, evidence item and subtotal)."
    )
    var detailOption: ReportDetail?

    /// `--detail`, compact unless given (it applies to the JSON reports only: `validate`).
    var detail: ReportDetail { detailOption ?? .compact }

    @OptionGroup var pathOptions: PathOptions

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    @OptionGroup var watchOptions: WatchOptions

    func validate() throws {
        try watchOptions.validate(format: report.formatOption, output: report.output)
        if watchOptions.watch, pathOptions.pathsFrom != nil {
            throw ValidationError("--watch watches the paths given as arguments; --paths-from cannot be watched")
        }
        if let detailOption, format != .json, format != .jsonl {
            throw ValidationError("--detail \(detailOption.rawValue) applies to the json and jsonl reports, not \(format.rawValue)")
        }
    }

    /// The report's format, `--format` or `--output`'s extension (checked by `validate`).
    var format: ReportFormat { report.format }

    func run() throws {
        if watchOptions.watch {
            try watchAndRescore()
            return
        }
        let ruleSet = try options.loadRules()
        let records = try options.recordLoader(for: ruleSet)
        let destination = try ReportDestination(output: report.output)
        let (files, missingFailures) = pathOptions.expand(paths)
        var assessor = Assessor(ruleSet: ruleSet)
        // The ranked table shows no missing facts: their points at stake are not worked out;
        // a compact JSON entry names only the first few.
        switch format {
        case .text: assessor.stakes = .none
        case .json, .jsonl:
            assessor.stakes = detail.detail.stakes
            assessor.rendersMessages = detail.detail.showsMessages
            assessor.hashesDossiers = detail.detail.showsDossierHash
        case .markdown, .html: assessor.stakes = .all
        }
        // Any portfolio size, with flat memory: each dossier (each record of a file of a declared
        // format) is scored, its part of the report made and set aside, and the report written
        // in rank order at the end.
        var scorer = BatchScorer(assessor: assessor, loader: options.loader, records: records)
        scorer.allowsEmptyRecordFiles = pathOptions.allowEmpty
        if format == .json || format == .jsonl {
            try streamJSON(files: files, missing: missingFailures, scorer: scorer, form: format == .json ? .document : .lines, to: destination)
            return
        }
        let ranked: StreamingRankedReport.Format
        switch format {
        case .text: ranked = .text(colour: destination.colour)
        case .markdown: ranked = .markdown
        default: ranked = .html()
        }
        try stream(
            destination: destination,
            StreamingRankedReport.write(files: files, otherFailures: missingFailures, scorer: scorer, format: ranked, to: destination.descriptor))
    }
}

extension Score {
    func streamJSON(files: PathList, missing: [FailedDossier], scorer: BatchScorer, form: StreamingJSONReport.Form, to destination: ReportDestination)
        throws
    {
        try stream(
            destination: destination,
            StreamingJSONReport.write(
                files: files, otherFailures: missing, scorer: scorer, form: form, detail: detail.detail, to: destination.descriptor))
    }

    /// Finishes a streamed report: `write` has scored the portfolio and written the report to
    /// the destination's descriptor; the report is committed, or abandoned when writing failed.
    func stream(destination: ReportDestination, _ write: @autoclosure () throws(ReportWriteError) -> StreamingJSONReport.Summary) throws {
        let summary: StreamingJSONReport.Summary
        do {
            summary = try write()
        } catch {
            throw destination.abandon(error)
        }
        try destination.commit()
        destination.announce(Wording.scored(summary.scored, failed: summary.failed))
        printDiagnostics(summary.failures.flatMap(\.diagnostics))
        if summary.failed > 0 { throw ExitStatus.inputProblems }
    }
}

extension Score: WrittenReports {
    static let command = "silkrisk score"
    static let formats = ReportFormat.allCases
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one dossier's score in full: findings, evidence, quotes, advice.",
        discussion: """
            Exit status: 0 when the dossier was explained; 1 when it could not be read or scored; 2 when \
            the rules cannot be used (the folder is missing or has errors); \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: ScoringOptions

    @Option(name: .long, help: "Report format: text, markdown, json (full detail), jsonl or html.")
    var format: ReportFormat = .text

    @Argument(help: "The dossier file.")
    var dossier: String

    func run() throws {
        let ruleSet = try options.loadRules()
        let records = try options.recordLoader(for: ruleSet)
        let portfolio = Assessor(ruleSet: ruleSet).assess(files: [dossier], loader: options.loader, records: records)
        if records == nil, let failure = portfolio.failures.first {
            printDiagnostics(failure.diagnostics)
            throw ExitStatus.inputProblems
        }
        let report: String
        switch format {
        case .text:
            // A file of a declared format holds many records: each is explained in turn.
            let text = TextReport(colour: Terminal.wantsColour)
            report = portfolio.assessments.map { text.explain($0) }.joined()
        case .markdown: report = MarkdownReport.render(portfolio)
        case .json: report = JSONReport.render(portfolio)
        case .jsonl: report = JSONLinesReport.render(portfolio, detail: .full)
        case .html: report = HTMLReport.render(portfolio)
        }
        try ReportDestination(output: nil).finish(with: report)
        printDiagnostics(portfolio.failures.flatMap(\.diagnostics))
        if !portfolio.failures.isEmpty { throw ExitStatus.inputProblems }
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var wantsColour: Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(1) == 1
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the dossier XML Schema (format versions 1 and 1.1).")

    func run() {
        print(String(decoding: DossierLoader.schemaText, as: UTF8.self), terminator: "")
    }
}
