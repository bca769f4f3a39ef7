import Reports
import RuleLanguage
import Scoring

/// The diff as Markdown: tables, every text escaped.
struct MarkdownDiffReport {
    let sink: ReportSink

    private func e(_ text: String) -> String { MarkdownReport.escape(text) }

    func write(_ diff: PortfolioDiff) throws {
        let s = diff.summary
        sink.line("# SilkRisk diff — \(Wording.count(s.compared, "dossier")) compared, \(s.moved) moved")
        sink.line()
        sink.line("| | rule set |")
        sink.line("|---|---|")
        sink.line("| base | \(e(DiffReport.fingerprint(diff.base))) |")
        sink.line("| new | \(e(DiffReport.fingerprint(diff.new))) |")
        sink.line()
        sink.line(e(DiffReport.reading(diff.changes)))
        sink.line()
        sink.line("## Rule set changes")
        sink.line()
        let rows = DiffReport.changeRows(diff.changes)
        if rows.isEmpty {
            sink.line("None: the two rule sets read and score alike.")
        } else {
            sink.line("| change | id | what |")
            sink.line("|---|---|---|")
            for row in rows { sink.line("| \(row.kind) | `\(row.id)` | \(row.what.isEmpty ? "—" : e(row.what)) |") }
        }
        sink.line()
        sink.line("## Dossiers that moved, most moved first (\(diff.movedCount))")
        if diff.movedCount == 0 {
            sink.line()
            sink.line("None.")
        }
        var rank = 0
        try diff.forEachMoved { dossier in
            rank += 1
            self.dossier(rank, dossier)
        }
        summary(diff)
        failures(diff)
    }

    private func verdict(_ side: VerdictSide) -> String {
        e(side.undetermined ? "\(side.band.label) (\(side.scoredBand.label) by points)" : side.band.label)
    }

    private func dossier(_ rank: Int, _ dossier: DossierDiff) {
        sink.line()
        sink.line("### \(rank). \(e(dossier.title)) (`\(dossier.id)`)")
        sink.line()
        sink.line("`\(dossier.file)`: \(e(DiffReport.movement(dossier))).")
        sink.line()
        sink.line("| | score | verdict | range | reach | points decided | floors |")
        sink.line("|---|--:|---|---|--:|--:|---|")
        for (label, side) in [("before", dossier.before), ("after", dossier.after)] {
            sink.line(
                "| \(label) | \(Format.number(side.score)) | \(verdict(side)) | \(Wording.range(side.range)) | \(side.bandReach) | \(Wording.percent(side.decidedShare)) | \(side.floors.isEmpty ? "—" : e(side.floors.joined(separator: "; "))) |"
            )
        }
        sink.line()
        sink.line("| change | by | outcome | before → after |")
        sink.line("|--:|---|---|---|")
        for c in dossier.contributions {
            let outcome = c.kind == .rule ? "\(c.outcomeBefore.label) → \(c.outcomeAfter.label)" : "—"
            sink.line(
                "| \(Wording.signed(c.change)) | \(e(DiffReport.name(c.key))) | \(outcome) | \(Format.number(c.before)) → \(Format.number(c.after)) |"
            )
        }
    }

    private func summary(_ diff: PortfolioDiff) {
        sink.line()
        sink.line("## Summary")
        sink.line()
        sink.line(e(DiffReport.counts(diff)))
        sink.line()
        sink.line("Score change over the portfolio: \(Wording.signed(diff.summary.scoreChange)), accounted for by:")
        sink.line()
        let ranked = diff.summary.ranked
        if ranked.isEmpty {
            sink.line("Nothing: no rule, cap or clamp changed any dossier's score.")
            return
        }
        sink.line("| change | in parts | dossiers | verdicts moved | fires now / no longer | by |")
        sink.line("|--:|--:|--:|--:|--:|---|")
        for t in ranked {
            sink.line(
                "| \(Wording.signed(t.change)) | \(Format.number(t.absolute)) | \(t.dossiers) | \(t.verdictMoves) | \(DiffReport.firing(t)) | \(e(DiffReport.name(t.key))) |"
            )
        }
    }

    private func failures(_ diff: PortfolioDiff) {
        guard !diff.failures.isEmpty else { return }
        sink.line()
        sink.line("## Not compared")
        sink.line()
        for failure in diff.failures {
            for d in failure.diagnostics { sink.line("- \(failure.side): `\(d.position)`: \(e(d.message)) [\(d.id)]") }
        }
    }
}
