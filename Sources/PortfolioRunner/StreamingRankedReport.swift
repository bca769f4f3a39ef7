import DossierXML
public import Reports
import RuleLanguage
public import Scoring
import SilkDiagnostics

/// Writes the reports that list dossiers in rank order — text, Markdown, HTML — for a portfolio
/// of any size with flat memory, from one scoring pass through the same `BatchScorer` pipeline as
/// the JSON report. A dossier's pieces of report (its ranking row, its section) are made on the
/// worker that scored it and set aside in a `Spool`; a `RankIndex` keeps its rank entry; the HTML
/// page keeps, besides, the full section and heat-map row of the best `top` so far. Once every
/// dossier is scored the index is sorted and the report written in rank order, the pieces read
/// back from the spool. The bytes equal the in-memory `TextReport.portfolio`,
/// `MarkdownReport.render` and `HTMLReport.render`.
public struct StreamingRankedReport {
    public enum Format: Sendable {
        case text(colour: Bool)
        case markdown
        case html(top: Int = HTMLReport.topCount)
    }

    /// What a worker makes of one assessment.
    struct Prepared: Sendable {
        var key: RankIndex.Key
        /// Spooled in this order.
        var pieces: [ByteSink]
        /// HTML: what the page shows of a dossier in its top.
        var top: Top?
    }

    struct Top: Sendable {
        var rowRest: String
        var heat: HTMLReport.HeatRow
        var section: String
        var undetermined: Bool
    }

    /// Scores `files` and writes the report to the descriptor `output`.
    public static func write(files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, format: Format, to output: Int32)
        throws(ReportWriteError) -> StreamingJSONReport.Summary
    {
        try write(files: files, otherFailures: otherFailures, scorer: scorer, format: format, flushingAbove: 1 << 20) {
            StreamingJSONReport.writeAll(output, $0)
        }
    }

    /// Scores `files` and hands the report to `emit` in pieces of a little over `flushingAbove`
    /// bytes, as `StreamingJSONReport` does.
    static func write(
        files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, format: Format, flushingAbove threshold: Int,
        emit: (UnsafeBufferPointer<UInt8>) -> ReportWriteError?
    ) throws(ReportWriteError) -> StreamingJSONReport.Summary {
        let ruleSet = scorer.assessor.ruleSet
        var run = try score(files: files, scorer: scorer, format: format)
        if let failure = run.spool.failure { throw failure }
        run.failures += otherFailures
        run.index.sort(files: files)
        let out = ByteSink(capacity: threshold + (1 << 16))
        var failure: ReportWriteError? = nil
        withoutActuallyEscaping(emit) { emit in
            let writer = RankedWriter(run: run, files: files, ruleSet: ruleSet, out: out) {
                if failure == nil { failure = out.withBytes(emit) }
                out.removeAll()
            }
            writer.threshold = threshold
            switch format {
            case .text(let colour): writer.text(TextReport(colour: colour))
            case .markdown: writer.markdown()
            case .html: writer.html()
            }
            writer.flush()
        }
        if let failure = failure ?? run.spool.failure { throw failure }
        return StreamingJSONReport.Summary(scored: run.index.count, failed: run.failures.count, failures: run.failures)
    }

    /// What scoring leaves for the writing: the rank index, the spooled pieces and where each
    /// dossier's begin, the failures, the longest id, the top of the portfolio (HTML).
    struct Run {
        var index = RankIndex()
        var failures: [FailedDossier] = []
        let spool: Spool
        let piecesPerDossier: Int
        /// By slot (`RankIndex`): the number of the dossier's first piece.
        var firstPiece: [Int] = []
        var longestID = 0
        /// The best dossiers so far, in rank order, at most the page's `top`.
        var top: [(key: RankKey, top: Top)] = []
    }

    private static func score(files: PathList, scorer: BatchScorer, format: Format) throws(ReportWriteError) -> Run {
        let ruleSet = scorer.assessor.ruleSet
        let bandWidth = TextReport.bandWidth(ruleSet)
        var run = Run(spool: try Spool(), piecesPerDossier: { if case .text = format { 2 } else if case .markdown = format { 2 } else { 1 } }())
        var ids = DossierIDs()
        let keep: Int
        if case .html(let top) = format { keep = max(0, top) } else { keep = 0 }
        scorer.run(files: files) { a -> Prepared in
            func sink(_ text: String) -> ByteSink {
                let piece = ByteSink(capacity: text.utf8.count)
                piece.append(string: text)
                return piece
            }
            switch format {
            case .text(let colour):
                return Prepared(
                    key: RankIndex.Key(a), pieces: [sink(TextReport(colour: colour).rowRest(a, bandWidth: bandWidth)), sink(TextReport.reasons(a))])
            case .markdown:
                return Prepared(key: RankIndex.Key(a), pieces: [sink(MarkdownReport.rankingRest(a)), sink(MarkdownReport.section(a))])
            case .html:
                let top = Top(
                    rowRest: HTMLReport.rankingRowRest(a), heat: HTMLReport.HeatRow(a), section: HTMLReport.section(a), undetermined: a.undetermined)
                return Prepared(key: RankIndex.Key(a), pieces: [sink(HTMLReport.restBody(a))], top: top)
            }
        } consume: { position, item in
            switch item {
            case .scored(let prepared):
                let key = prepared.key
                // The first dossier with an id is scored; a later one is a failure.
                if let first = ids.claim(key.id, at: run.index.nextSlot, idAt: { run.index.id(atSlot: $0) }) {
                    run.failures.append(run.index.duplicate(key, file: files[position], first: first, files: files, scorer: scorer))
                    return
                }
                run.firstPiece.append(run.spool.count)
                for piece in prepared.pieces { run.spool.append(piece) }
                run.index.append(position: position, key)
                run.longestID = max(run.longestID, key.id.count)
                if keep > 0, let top = prepared.top {
                    let rankKey = RankKey(
                        score: key.score, band: key.band, upperScore: key.upperScore, undetermined: key.undetermined, id: key.id,
                        file: files[position])
                    var low = 0
                    var high = run.top.count
                    while low < high {
                        let middle = (low + high) / 2
                        if Ranking.precedes(run.top[middle].key, rankKey) { low = middle + 1 } else { high = middle }
                    }
                    if low < keep {
                        run.top.insert((rankKey, top), at: low)
                        if run.top.count > keep { run.top.removeLast() }
                    }
                }
            case .failed(let failed):
                run.failures.append(failed)
            }
        }
        run.spool.flush()
        return run
    }
}
