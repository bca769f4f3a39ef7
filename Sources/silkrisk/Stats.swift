import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import Workbench

struct Stats: ParsableCommand, WrittenReports {
    static let configuration = CommandConfiguration(
        abstract: "Rule statistics over a portfolio: what each rule, cap and band does across it.",
        discussion: """
            Scores the portfolio (streamed: memory holds counters and each dossier's id, not dossiers) and reports, for every \
            rule, how often it fired, did not fire and stayed undecided, the points it gave (an adverse \
            rule's points scaled by what its category's cap and offsets left; a mitigation's points taken \
            off) and its share of all such points; flags for rules that never fired, fired on every \
            dossier or were never decided; for every category how often its cap cut and by how much on \
            average, and how often mitigations offset it; the 20 pairs of rules that fire together most, \
            with lift and Jaccard index; the verdicts, undetermined included. docs/workbench.md describes \
            each figure and the JSON schema.

            Exit status: 0 when every dossier was scored; 1 when any could not be (each is reported, the \
            others are counted), a path gives no dossier, or the report could not be written; 2 when the \
            rules cannot be used; \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: ScoringOptions

    @OptionGroup var report: ReportOptions<Stats>

    @OptionGroup var pathOptions: PathOptions

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    static let command = "silkrisk stats"
    static let formats: [ReportFormat] = [.text, .markdown, .json]

    func run() throws {
        let ruleSet = try options.loadRules()
        let records = try options.recordLoader(for: ruleSet)
        let destination = try ReportDestination(output: report.output)
        let (files, missing) = pathOptions.expand(paths)
        var assessor = Assessor(ruleSet: ruleSet)
        // No figure here needs the points at stake on missing facts.
        assessor.stakes = .none
        var scorer = BatchScorer(assessor: assessor, loader: options.loader, records: records)
        scorer.allowsEmptyRecordFiles = pathOptions.allowEmpty
        let stats = PortfolioStats.gather(files: files, otherFailures: missing, scorer: scorer)
        let sink = ReportSink(descriptor: destination.descriptor)
        StatsReport.write(stats, format: DiffFormat(rawValue: report.format.rawValue) ?? .text, colour: destination.colour, to: sink)
        do {
            try sink.finish()
        } catch {
            throw destination.abandon(error)
        }
        try destination.commit()
        destination.announce(Wording.scored(stats.scored, failed: stats.failures.count))
        printDiagnostics(stats.failures.flatMap(\.diagnostics))
        if !stats.failures.isEmpty { throw ExitStatus.inputProblems }
    }
}
