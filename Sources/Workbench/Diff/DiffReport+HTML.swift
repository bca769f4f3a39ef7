import Reports
import RuleLanguage
import Scoring

/// The diff as one self-contained HTML file, styled like the score report: no scripts, no
/// network; bands as badges that carry their labels.
struct HTMLDiffReport {
    let sink: ReportSink

    private func e(_ text: String) -> String { HTMLReport.escape(text) }

    func write(_ diff: PortfolioDiff) throws {
        let s = diff.summary
        sink.line(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        )
        sink.line("<title>SilkRisk diff — \(e(diff.new.name))</title><style>\(HTMLReport.style)</style></head><body>")
        sink.line(
            "<h1>SilkRisk diff</h1><p class=\"muted\">silkrisk \(Assessor.engineVersion) · \(Wording.count(s.compared, "dossier")) compared, \(s.moved) moved</p>"
        )
        sink.line("<table><tr><th></th><th>Rule set</th></tr>")
        sink.line("<tr><td>base</td><td>\(e(DiffReport.fingerprint(diff.base)))</td></tr>")
        sink.line("<tr><td>new</td><td>\(e(DiffReport.fingerprint(diff.new)))</td></tr></table>")
        sink.line("<p>\(e(DiffReport.reading(diff.changes)))</p>")
        sink.line("<h2>Rule set changes</h2>")
        let rows = DiffReport.changeRows(diff.changes)
        if rows.isEmpty {
            sink.line("<p>None: the two rule sets read and score alike.</p>")
        } else {
            sink.line("<table><tr><th>Change</th><th>Id</th><th>What</th></tr>")
            for row in rows {
                sink.line("<tr><td>\(e(row.kind))</td><td><code>\(e(row.id))</code></td><td>\(row.what.isEmpty ? "—" : e(row.what))</td></tr>")
            }
            sink.line("</table>")
        }
        sink.line("<h2>Dossiers that moved, most moved first (\(diff.movedCount))</h2>")
        if diff.movedCount == 0 { sink.line("<p>None.</p>") }
        var rank = 0
        try diff.forEachMoved { dossier in
            rank += 1
            self.dossier(rank, dossier)
        }
        summary(diff)
        failures(diff)
        sink.line("</body></html>")
    }

    private func verdict(_ side: VerdictSide) -> String {
        HTMLReport.badge(side.band) + (side.undetermined ? " <span class=\"muted\">\(e(side.scoredBand.label)) by points</span>" : "")
    }

    private func dossier(_ rank: Int, _ d: DossierDiff) {
        sink.line("<section><h3>\(rank). \(e(d.title)) <span class=\"muted\">\(e(d.id)) · \(e(d.file))</span></h3>")
        sink.line("<p>\(e(DiffReport.movement(d)))</p>")
        sink.line("<table><tr><th></th><th>Score</th><th>Verdict</th><th>Range</th><th>Reach</th><th>Points decided</th><th>Floors</th></tr>")
        for (label, side) in [("before", d.before), ("after", d.after)] {
            sink.line(
                "<tr><td>\(label)</td><td class=\"num\">\(Format.number(side.score))</td><td>\(verdict(side))</td><td class=\"num\">\(Wording.range(side.range))</td><td class=\"num\">\(side.bandReach)</td><td class=\"num\">\(Wording.percent(side.decidedShare))</td><td>\(side.floors.isEmpty ? "—" : e(side.floors.joined(separator: "; ")))</td></tr>"
            )
        }
        sink.line("</table>")
        sink.line("<table><tr><th>Change</th><th>By</th><th>Outcome</th><th>Before → after</th></tr>")
        for c in d.contributions {
            let outcome = c.kind == .rule ? "\(c.outcomeBefore.label) → \(c.outcomeAfter.label)" : "—"
            let tone = c.change > 0 ? "adverse" : c.change < 0 ? "mitigating" : ""
            sink.line(
                "<tr><td class=\"num \(tone)\">\(e(Wording.signed(c.change)))</td><td>\(e(DiffReport.name(c.key)))</td><td>\(e(outcome))</td><td class=\"num\">\(Format.number(c.before)) → \(Format.number(c.after))</td></tr>"
            )
        }
        sink.line("</table></section>")
    }

    private func summary(_ diff: PortfolioDiff) {
        sink.line("<h2>Summary</h2><p>\(e(DiffReport.counts(diff)))</p>")
        sink.line("<p>Score change over the portfolio: \(e(Wording.signed(diff.summary.scoreChange))), accounted for by:</p>")
        let ranked = diff.summary.ranked
        if ranked.isEmpty {
            sink.line("<p>Nothing: no rule, cap or clamp changed any dossier's score.</p>")
            return
        }
        sink.line("<table><tr><th>Change</th><th>In parts</th><th>Dossiers</th><th>Verdicts moved</th><th>Fires now / no longer</th><th>By</th></tr>")
        for t in ranked {
            sink.line(
                "<tr><td class=\"num\">\(e(Wording.signed(t.change)))</td><td class=\"num\">\(Format.number(t.absolute))</td><td class=\"num\">\(t.dossiers)</td><td class=\"num\">\(t.verdictMoves)</td><td class=\"num\">\(DiffReport.firing(t))</td><td>\(e(DiffReport.name(t.key)))</td></tr>"
            )
        }
        sink.line("</table>")
    }

    private func failures(_ diff: PortfolioDiff) {
        guard !diff.failures.isEmpty else { return }
        sink.line("<h2>Not compared</h2><ul>")
        for failure in diff.failures {
            for d in failure.diagnostics {
                sink.line("<li>\(e(failure.side)): <code>\(e(d.position))</code> \(e(d.message)) [\(e(d.id.rawValue))]</li>")
            }
        }
        sink.line("</ul>")
    }
}
