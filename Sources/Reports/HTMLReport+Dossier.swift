import RuleLanguage
package import Scoring
import SilkDiagnostics

extension HTMLReport {
    /// One dossier's section: the verdict, the score within its range, findings with every
    /// quote, advice and piece of evidence, categories, undecided rules and what each waits for,
    /// missing facts, data problems and notes.
    package static func section(_ a: Assessment) -> String {
        var out: [String] = []
        out.append("<section class=\"dossier\" id=\"\(escape(a.id))\"><h2>\(escape(a.title))</h2>")
        if a.undetermined {
            out.append(
                "<p>\(badge(a.band)) <strong>\(Format.number(a.score)) / 100</strong> — not enough evidence to band: \(escape(Wording.undeterminedReason(a)))"
                    + (a.floors.isEmpty ? "" : "; \(escape(Wording.floors(a)))") + "</p>")
        } else {
            out.append(
                "<p>\(badge(a.band)) <strong>\(Format.number(a.score)) / 100</strong>"
                    + (a.floors.isEmpty ? "" : " — raised from \(escape(a.bandByPoints.label)) by \(escape(Wording.floors(a)))") + "</p>")
        }
        // A bar showing the score inside its possible range.
        let low = a.scoreRange.lowerBound * 4
        let high = a.scoreRange.upperBound * 4
        out.append(
            "<svg width=\"410\" height=\"26\" viewBox=\"0 0 410 26\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Score \(Format.number(a.score)) within range \(Format.number(a.scoreRange.lowerBound)) to \(Format.number(a.scoreRange.upperBound))\"><rect x=\"5\" y=\"9\" width=\"400\" height=\"8\" fill=\"#e9ecef\"/><rect x=\"\(Format.number(5 + low))\" y=\"9\" width=\"\(Format.number(max(2, high - low)))\" height=\"8\" fill=\"#adb5bd\"/><circle cx=\"\(Format.number(5 + a.score * 4))\" cy=\"13\" r=\"6\" fill=\"\(colour(a.band))\"/></svg>"
        )
        out.append(
            "<p class=\"muted\"><code>\(escape(a.file))</code>" + (a.formatVersion.map { " · format \(escape($0))" } ?? "")
                + " · could be \(Wording.range(a.scoreRange)) (\(escape(Wording.bandRange(a)))) as unknown facts turn out · \(Wording.percent(a.completeness)) of rules decided, carrying \(Wording.percent(a.decidedShare)) of the points</p>"
        )
        if a.undetermined { out.append(missingFacts(a, title: "Facts to collect first")) }
        out.append(findings(a))
        out.append(categories(a))
        if !a.undecided.isEmpty {
            out.append("<h3>Undecided rules (data missing)</h3><table><tr><th>Points</th><th>Rule</th><th>Waiting for</th></tr>")
            for f in a.undecided {
                out.append(
                    "<tr><td class=\"num\">\(Wording.signed(f.points))</td><td><strong>\(escape(f.title))</strong> <span class=\"muted\">\(escape(f.rule))\(f.decisive ? " · decisive" : "")</span></td><td>\(escape(f.message))</td></tr>"
                )
            }
            out.append("</table>")
        }
        if !a.undetermined { out.append(missingFacts(a, title: "Missing facts that could move the result most")) }
        if !a.dataProblems.isEmpty {
            out.append("<h3>Data problems</h3><ul>")
            for problem in a.dataProblems {
                out.append("<li><code>\(escape(a.file)):\(problem.lineAndColumn?.line ?? 1)</code> \(escape(problem.message))</li>")
            }
            out.append("</ul>")
        }
        if !a.notes.isEmpty {
            out.append("<h3>Notes</h3><ul>")
            for note in a.notes { out.append("<li>\(escape(note))</li>") }
            out.append("</ul>")
        }
        out.append(
            "<p class=\"muted\">silkrisk \(escape(a.stamp.engineVersion)) · rules \(escape(a.stamp.ruleSetVersion)) sha256 <code>\(a.stamp.ruleSetHash)</code> · dossier sha256 <code>\(a.stamp.dossierHash)</code></p></section>"
        )
        return out.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private static func findings(_ a: Assessment) -> String {
        guard !a.findings.isEmpty else { return "<h3>Findings</h3><p>None fired.</p>" }
        var out = ["<h3>Findings</h3><table><tr><th>Points</th><th>Finding</th><th>Evidence</th></tr>"]
        for f in a.findings {
            let evidence = f.evidence.map {
                "\(escape($0.fact)) = \(escape($0.value)) <span class=\"muted\">(\(([$0.line.map { "\(a.file):\($0)" } ?? "absent"] + $0.qualifiers).map(escape).joined(separator: ", ")))</span>"
                    + $0.items.map { "<br>– " + escape($0.summary { "\(a.file):\($0)" }) }.joined()
            }.joined(separator: "<br>")
            let quotes = f.citations.map { "<blockquote>“\(escape($0.quote))” — \(escape($0.sourceTitle))</blockquote>" }.joined()
            let offsets = Wording.offsets(f).map { "<br><span class=\"mitigating\">Offsets: \(escape($0))</span>" } ?? ""
            let tags = [f.rule, f.category] + (f.decisive ? ["decisive"] : []) + (f.assumed ? ["assumed: data missing"] : [])
            let advice = f.advice.isEmpty ? "" : "<span class=\"muted\">Advice: \(escape(f.advice))</span>"
            out.append(
                "<tr><td class=\"num \(f.points > 0 ? "adverse" : "mitigating")\">\(f.points > 0 ? "+" : "")\(Format.number(f.points))</td><td><strong>\(escape(f.title))</strong> <span class=\"muted\">\(tags.map(escape).joined(separator: " · "))</span><br>\(escape(f.message))\(offsets)\(quotes)\(advice)</td><td class=\"ev\">\(evidence)</td></tr>"
            )
        }
        out.append("</table>")
        return out.joined(separator: "\n")
    }

    private static func categories(_ a: Assessment) -> String {
        var out = [
            "<h3>Categories</h3><table><tr><th>Category</th><th>Fired points</th><th>Counted</th><th>Offset</th><th>Net</th><th>Undecided</th></tr>"
        ]
        for c in a.categories where c.raw != 0 || c.undecidedAdverse != 0 || c.undecidedMitigating != 0 {
            let undecided =
                c.undecidedAdverse != 0 || c.undecidedMitigating != 0
                ? "+\(Format.number(c.undecidedAdverse)) / \(Format.number(c.undecidedMitigating))" : ""
            out.append(
                "<tr><td>\(escape(c.title))</td><td class=\"num\">\(Format.number(c.raw))</td><td class=\"num\">\(Format.number(c.counted))\(c.counted != c.raw ? " (cap \(Format.number(c.cap ?? 0)))" : "")</td><td class=\"num\">\(c.offset != 0 ? Wording.signed(-c.offset) : "")</td><td class=\"num\">\(Format.number(c.net))</td><td class=\"num\">\(undecided)</td></tr>"
            )
        }
        out.append(
            "<tr><th>Total</th><td></td><td></td><td></td><th class=\"num\">\(Format.number(a.total))\(a.clampAdjustment != 0 ? " → \(Format.number(a.score))" : "")</th><td></td></tr></table>"
        )
        return out.joined(separator: "\n")
    }

    private static func missingFacts(_ a: Assessment, title: String) -> String {
        guard !a.missingFacts.isEmpty else { return "" }
        var out = ["<h3>\(escape(title))</h3><ul>"]
        for m in a.missingFacts where m.pointsAtStake > 0 {
            out.append("<li><code>\(escape(m.fact))</code>: \(escape(Wording.stake(m)))</li>")
        }
        let idle = a.missingFacts.filter { $0.pointsAtStake == 0 }.map { "<code>\(escape($0.fact))</code>" }
        if !idle.isEmpty { out.append("<li>Nothing at stake (no value changes the score): \(idle.joined(separator: ", "))</li>") }
        out.append("</ul>")
        return out.joined(separator: "\n")
    }
}
