package import RuleLanguage
public import Scoring
import SilkDiagnostics

/// A single self-contained HTML file: no scripts, no network, inline CSS and SVG. It prints cleanly.
public enum HTMLReport {
    package static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    package static func colour(_ band: Band) -> String {
        switch band.id {
        case "critical": "#8b1a1a"
        case "high": "#d9480f"
        case "moderate": "#e6a700"
        default: "#2b8a3e"
        }
    }

    package static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d232a}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
        table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f5f7;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .band{display:inline-block;padding:.05rem .5rem;border-radius:.6rem;color:#fff;font-weight:600;font-size:.85rem}
        .muted{color:#5c6670;font-size:.85rem}blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px solid #ccd;color:#3d4650;font-style:italic}
        .ev{font-family:ui-monospace,Menlo,monospace;font-size:.8rem;color:#37414b}.mitigating{color:#2b8a3e}.adverse{color:#a61e1e}
        section.dossier{page-break-before:always}svg text{font:11px system-ui,sans-serif}
        @media print{body{margin:0;max-width:none;font-size:11px}a{color:inherit;text-decoration:none}}
        """

    public static func render(_ portfolio: Portfolio) -> String {
        var out: [String] = []
        let ruleSet = portfolio.ruleSet
        out.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        )
        out.append("<title>SilkRisk report — \(escape(ruleSet.name))</title><style>\(style)</style></head><body>")
        out.append(
            "<h1>SilkRisk report</h1><p class=\"muted\">\(escape(ruleSet.name)) \(escape(ruleSet.version)) · rules sha256 <code>\(ruleSet.contentHash)</code> · silkrisk \(Assessor.engineVersion) · \(portfolio.assessments.count) dossiers scored, \(portfolio.failures.count) failed</p>"
        )
        out.append(
            "<h2>Ranking</h2><table><tr><th>#</th><th>Project</th><th>Score</th><th>Band</th><th>Could be</th><th>Known</th><th>Top reasons</th></tr>"
        )
        for (rank, a) in portfolio.assessments.enumerated() {
            let reasons = a.topReasons.map { escape($0.title) + " (+\(Format.number($0.points)))" }.joined(separator: "<br>")
            out.append(
                "<tr><td class=\"num\">\(rank + 1)</td><td><a href=\"#\(escape(a.id))\">\(escape(a.title))</a></td><td class=\"num\">\(Format.number(a.score))</td><td><span class=\"band\" style=\"background:\(colour(a.band))\">\(escape(a.band.label))</span></td><td class=\"num\">\(Format.number(a.scoreRange.lowerBound))–\(Format.number(a.scoreRange.upperBound))</td><td class=\"num\">\(Format.number(a.completeness * 100, decimals: 0))%</td><td>\(reasons.isEmpty ? "—" : reasons)</td></tr>"
            )
        }
        out.append("</table>")
        out.append(heatMap(portfolio))
        if !portfolio.failures.isEmpty {
            out.append("<h2>Not scored</h2><ul>")
            for failure in portfolio.failures {
                for d in failure.diagnostics {
                    out.append("<li><code>\(escape(d.position))</code> \(escape(d.message)) [\(escape(d.id.rawValue))]</li>")
                }
            }
            out.append("</ul>")
        }
        for a in portfolio.assessments { out.append(section(a)) }
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }

    static func heatMap(_ portfolio: Portfolio) -> String {
        let categories = portfolio.ruleSet.categories.filter { category in
            portfolio.ruleSet.rules.contains { $0.category == category.id && $0.points > 0 }
        }
        let projects = portfolio.assessments
        guard !categories.isEmpty, !projects.isEmpty else { return "" }
        let cell = 26
        let left = 330
        let top = 230
        // Room on the right for the last column's slanted label.
        let width = left + categories.count * cell + 160
        let height = top + projects.count * cell + 10
        var svg = [
            "<h2>Risk by category</h2><svg role=\"img\" aria-label=\"Heat map of counted points by category and project\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        ]
        for (column, category) in categories.enumerated() {
            let x = left + column * cell + cell / 2
            svg.append("<text transform=\"translate(\(x),\(top - 6)) rotate(-55)\">\(escape(shortened(category.title, 40)))</text>")
        }
        for (row, a) in projects.enumerated() {
            let y = top + row * cell
            svg.append("<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(shortened(a.title, 52)))</text>")
            for (column, category) in categories.enumerated() {
                let score = a.categories.first { $0.id == category.id }
                let counted = max(0, score?.counted ?? 0)
                let scale =
                    category.cap
                    ?? max(1, portfolio.ruleSet.rules.filter { $0.category == category.id && $0.points > 0 }.reduce(0) { $0 + $1.points })
                let intensity = min(1, counted / max(scale, 1))
                let fill = counted == 0 ? "#f1f3f5" : "rgb(\(255),\(Int(235 - 190 * intensity)),\(Int(220 - 200 * intensity)))"
                svg.append(
                    "<rect x=\"\(left + column * cell)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"\(fill)\"><title>\(escape(a.title)) — \(escape(category.title)): \(Format.number(counted)) points</title></rect>"
                )
                if counted > 0 {
                    svg.append(
                        "<text x=\"\(left + column * cell + cell / 2 - 1)\" y=\"\(y + cell / 2 + 3)\" text-anchor=\"middle\">\(Format.number(counted, decimals: 0))</text>"
                    )
                }
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// The text cut to `length` characters with an ellipsis; the full text is in the cell titles.
    static func shortened(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    package static func section(_ a: Assessment) -> String {
        var out: [String] = []
        out.append("<section class=\"dossier\" id=\"\(escape(a.id))\"><h2>\(escape(a.title))</h2>")
        out.append(
            "<p><span class=\"band\" style=\"background:\(colour(a.band))\">\(escape(a.band.label))</span> <strong>\(Format.number(a.score)) / 100</strong>"
                + (a.floorsApplied.isEmpty
                    ? "" : " — raised from \(escape(a.bandByPoints.label)) by \(escape(a.floorsApplied.joined(separator: ", ")))") + "</p>")
        // A bar showing the score inside its possible range.
        let low = a.scoreRange.lowerBound * 4
        let high = a.scoreRange.upperBound * 4
        out.append(
            "<svg width=\"410\" height=\"26\" viewBox=\"0 0 410 26\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Score \(Format.number(a.score)) within range \(Format.number(a.scoreRange.lowerBound)) to \(Format.number(a.scoreRange.upperBound))\"><rect x=\"5\" y=\"9\" width=\"400\" height=\"8\" fill=\"#e9ecef\"/><rect x=\"\(Format.number(5 + low))\" y=\"9\" width=\"\(Format.number(max(2, high - low)))\" height=\"8\" fill=\"#adb5bd\"/><circle cx=\"\(Format.number(5 + a.score * 4))\" cy=\"13\" r=\"6\" fill=\"\(colour(a.band))\"/></svg>"
        )
        out.append(
            "<p class=\"muted\"><code>\(escape(a.file))</code> · could be \(Format.number(a.scoreRange.lowerBound))–\(Format.number(a.scoreRange.upperBound)) as unknown facts turn out · \(Format.number(a.completeness * 100, decimals: 0))% of rules decided</p>"
        )
        out.append("<table><tr><th>Points</th><th>Finding</th><th>Evidence</th></tr>")
        for f in a.findings {
            let evidence = f.evidence.map {
                "\(escape($0.fact)) = \(escape($0.value)) <span class=\"muted\">(\(([$0.line.map { "\(a.file):\($0)" } ?? "absent"] + $0.qualifiers).map(escape).joined(separator: ", ")))</span>"
                    + $0.items.map { "<br>– " + escape($0.summary { "\(a.file):\($0)" }) }.joined()
            }.joined(separator: "<br>")
            let quotes = f.citations.map { "<blockquote>“\(escape($0.quote))” — \(escape($0.sourceTitle))</blockquote>" }.joined()
            out.append(
                "<tr><td class=\"num \(f.points > 0 ? "adverse" : "mitigating")\">\(f.points > 0 ? "+" : "")\(Format.number(f.points))</td><td><strong>\(escape(f.title))</strong> <span class=\"muted\">\(escape(f.rule)) · \(escape(f.category))\(f.assumed ? " · assumed: data missing" : "")</span><br>\(escape(f.message))\(quotes)<span class=\"muted\">Advice: \(escape(f.advice))</span></td><td class=\"ev\">\(evidence)</td></tr>"
            )
        }
        out.append("</table><table><tr><th>Category</th><th>Fired points</th><th>Counted</th></tr>")
        for c in a.categories where c.raw != 0 {
            out.append(
                "<tr><td>\(escape(c.title))</td><td class=\"num\">\(Format.number(c.raw))</td><td class=\"num\">\(Format.number(c.counted))\(c.counted != c.raw ? " (cap \(Format.number(c.cap ?? 0)))" : "")</td></tr>"
            )
        }
        out.append(
            "<tr><th>Total</th><td></td><th class=\"num\">\(Format.number(a.total))\(a.clampAdjustment != 0 ? " → \(Format.number(a.score))" : "")</th></tr></table>"
        )
        if !a.missingFacts.isEmpty {
            out.append(
                "<p>Missing facts that could move the result most: "
                    + a.missingFacts.prefix(5).map { "<code>\(escape($0.fact))</code> (\(Format.number($0.pointsAtStake)) points)" }.joined(
                        separator: ", ") + "</p>")
        }
        out.append("<p class=\"muted\">dossier sha256 <code>\(a.stamp.dossierHash)</code></p></section>")
        return out.joined(separator: "\n")
    }
}
