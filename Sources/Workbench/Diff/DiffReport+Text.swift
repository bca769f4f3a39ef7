import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

/// The diff for a terminal: aligned lines, bands coloured (with their labels) when asked.
struct TextDiffReport {
    let colour: Bool
    let sink: ReportSink
    private var text: TextReport { TextReport(colour: colour) }

    init(colour: Bool, sink: ReportSink) {
        self.colour = colour
        self.sink = sink
    }

    func write(_ diff: PortfolioDiff) throws {
        let s = diff.summary
        sink.line(text.bold("SilkRisk diff — \(Wording.count(s.compared, "dossier")) compared, \(s.moved) moved"))
        sink.line("base rules  \(DiffReport.fingerprint(diff.base))")
        sink.line("new rules   \(DiffReport.fingerprint(diff.new))")
        sink.line(DiffReport.reading(diff.changes))
        sink.line()
        sink.line(text.bold("Rule set changes"))
        let rows = DiffReport.changeRows(diff.changes)
        if rows.isEmpty { sink.line("  none: the two rule sets read and score alike") }
        for row in rows {
            sink.line("  " + TextReport.pad(row.kind, 16) + "  " + row.id + (row.what.isEmpty ? "" : ": " + row.what))
        }
        sink.line()
        sink.line(text.bold("Dossiers that moved, most moved first (\(diff.movedCount))"))
        if diff.movedCount == 0 { sink.line("  none") }
        var rank = 0
        try diff.forEachMoved { dossier in
            rank += 1
            sink.line()
            dossierLines(rank, dossier)
        }
        sink.line()
        summary(diff)
        failures(diff)
    }

    private func side(_ label: String, _ side: VerdictSide) -> String {
        let verdict = side.undetermined ? "\(side.band.label) (\(side.scoredBand.label) by points)" : side.band.label
        return "     \(label)  " + TextReport.pad(Format.number(side.score), 6, right: true) + "  "
            + text.paint(TextReport.pad(verdict, 12), side.band) + "  " + DiffReport.metrics(side)
    }

    private func dossierLines(_ rank: Int, _ dossier: DossierDiff) {
        sink.line("  \(rank). \(dossier.id) — \(dossier.title)  (\(dossier.file))")
        sink.line(side("before", dossier.before))
        sink.line(side("after ", dossier.after))
        sink.line("     change  \(DiffReport.movement(dossier))")
        for contribution in dossier.contributions {
            sink.line(
                "       " + TextReport.pad(Wording.signed(contribution.change), 7, right: true) + "  "
                    + TextReport.pad(DiffReport.name(contribution.key), 44) + "  " + DiffReport.detail(contribution))
        }
        if dossier.before.floors != dossier.after.floors {
            sink.line("     floors before: " + (dossier.before.floors.isEmpty ? "none" : dossier.before.floors.joined(separator: "; ")))
            sink.line("     floors after:  " + (dossier.after.floors.isEmpty ? "none" : dossier.after.floors.joined(separator: "; ")))
        }
    }

    private func summary(_ diff: PortfolioDiff) {
        sink.line(text.bold("Summary"))
        sink.line("  " + DiffReport.counts(diff))
        sink.line("  Score change over the portfolio: \(Wording.signed(diff.summary.scoreChange)), accounted for by:")
        let ranked = diff.summary.ranked
        if ranked.isEmpty {
            sink.line("    nothing: no rule, cap or clamp changed any dossier's score")
            return
        }
        sink.line("     change  in parts  dossiers  verdicts  fires now / no longer  by")
        for total in ranked {
            sink.line(
                "    " + TextReport.pad(Wording.signed(total.change), 7, right: true) + "  "
                    + TextReport.pad(Format.number(total.absolute), 8, right: true)
                    + "  " + TextReport.pad(String(total.dossiers), 8, right: true) + "  "
                    + TextReport.pad(String(total.verdictMoves), 8, right: true)
                    + "  " + TextReport.pad(DiffReport.firing(total), 21, right: true) + "  " + DiffReport.name(total.key))
        }
    }

    private func failures(_ diff: PortfolioDiff) {
        guard !diff.failures.isEmpty else { return }
        sink.line()
        sink.line(text.bold("Not compared:"))
        let renderer = DiagnosticRenderer()
        for failure in diff.failures {
            for diagnostic in failure.diagnostics { sink.line("  [\(failure.side)] " + renderer.summary(diagnostic)) }
        }
    }
}
