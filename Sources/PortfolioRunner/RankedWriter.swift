import Reports
import RuleLanguage
import Scoring

/// Writes a ranked report once its portfolio is scored and sorted: the parts that depend on the
/// whole portfolio (counts, column widths, the ranking) from the rank index, each dossier's
/// pieces read back from the spool in rank order, a sinkful at a time.
final class RankedWriter {
    let run: StreamingRankedReport.Run
    let files: PathList
    let ruleSet: CompiledRuleSet
    let out: ByteSink
    let flush: () -> Void
    var threshold = 1 << 20

    init(run: StreamingRankedReport.Run, files: PathList, ruleSet: CompiledRuleSet, out: ByteSink, flush: @escaping () -> Void) {
        self.run = run
        self.files = files
        self.ruleSet = ruleSet
        self.out = out
        self.flush = flush
    }

    /// Every report here is its lines (or parts), each followed by a line break.
    private func line(_ text: String) {
        out.append(string: text)
        out.append(UInt8(ascii: "\n"))
        if out.byteCount > threshold { flush() }
    }

    private func lines(_ texts: [String]) { texts.forEach(line) }

    /// Piece `offset` of the dossier at `entry`, as text.
    private func piece(_ entry: RankIndex.Entry, _ offset: Int) -> String {
        let sink = ByteSink(capacity: 4096)
        run.spool.read(run.firstPiece[Int(entry.slot)] + offset, into: sink)
        return sink.string
    }

    /// Piece `offset` of the dossier at `entry`, copied straight into the report, then a line break.
    private func pieceLine(_ entry: RankIndex.Entry, _ offset: Int) {
        run.spool.read(run.firstPiece[Int(entry.slot)] + offset, into: out)
        out.append(UInt8(ascii: "\n"))
        if out.byteCount > threshold { flush() }
    }

    private var total: Int { run.index.count }

    /// Calls `body` with each dossier's rank, entry and id, best first; `heading` once before
    /// the first undetermined one.
    private func ranked(from start: Int = 0, heading: () -> Void, each body: (Int, RankIndex.Entry, String) -> Void) {
        var headed = false
        for (offset, entry) in run.index.entries.enumerated().dropFirst(start) {
            if entry.undetermined, !headed {
                headed = true
                heading()
            }
            body(offset + 1, entry, run.index.id(atSlot: Int(entry.slot)))
        }
    }

    func text(_ report: TextReport) {
        let idWidth = TextReport.idWidth(longest: run.index.isEmpty ? nil : run.longestID)
        lines(report.heading(ruleSet, scored: total, failed: run.failures.count, idWidth: idWidth))
        ranked(
            heading: { lines(report.undeterminedHeading()) },
            each: { rank, entry, id in
                line(TextReport.row(rank: rank, rest: piece(entry, 0), id: id, idWidth: idWidth, reasons: piece(entry, 1)))
            })
        lines(report.failureLines(run.failures))
    }

    func markdown() {
        lines(MarkdownReport.head(ruleSet, scored: total, failed: run.failures.count) + MarkdownReport.rankingHead())
        ranked(
            heading: { lines(MarkdownReport.undeterminedHead()) },
            each: { rank, entry, _ in line(MarkdownReport.rankingRow(rank: rank, rest: piece(entry, 0))) })
        lines(MarkdownReport.failureLines(run.failures))
        for entry in run.index.entries { pieceLine(entry, 1) }
    }

    func html() {
        let shown = run.top
        lines(HTMLReport.head(ruleSet, scored: total, failed: run.failures.count))
        lines(HTMLReport.rankingTables(shown.map(\.top.rowRest), undetermined: shown.map(\.top.undetermined), total: total))
        line(HTMLReport.heatMap(ruleSet, rows: shown.map(\.top.heat), total: total))
        lines(HTMLReport.failureParts(run.failures))
        for dossier in shown { line(dossier.top.section) }
        if total > shown.count {
            line(HTMLReport.restHead(shown: shown.count, total: total))
            ranked(
                from: shown.count, heading: {},
                each: { rank, entry, id in line(HTMLReport.restEntry(rank: rank, id: id, rest: piece(entry, 0))) })
            line(HTMLReport.rulesAppendix(ruleSet))
        }
        line("</body></html>")
    }
}
