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

    /// The badge colours, by the band ids the shipped pack uses (any other band is shown as
    /// low): background and text, each pair with a contrast of at least 4.5:1 (a test computes
    /// it from `style`). The undetermined verdict has a neutral grey of its own. A badge always
    /// carries the band's label: colour is never the only sign.
    static let badges: [(id: String, background: String, text: String)] = [
        ("critical", "#8b1a1a", "#ffffff"), ("high", "#b93d0b", "#ffffff"), ("moderate", "#e6a700", "#1d232a"), ("low", "#2b7a3e", "#ffffff"),
        (UndeterminedVerdict.id, "#495057", "#ffffff"),
    ]

    /// The badge class of a band: `b-high`, `b-undetermined`; `b-low` for a band the colours do
    /// not know.
    static func badgeClass(_ band: Band) -> String {
        "b-" + (badges.contains { $0.id == band.id } ? band.id : "low")
    }

    /// The badge's background, for the dot on the score bar.
    package static func colour(_ band: Band) -> String {
        badges.first { $0.id == band.id }?.background ?? badges[3].background
    }

    /// A band's badge: its label on its colour.
    package static func badge(_ band: Band) -> String {
        "<span class=\"band \(badgeClass(band))\">\(escape(band.label))</span>"
    }

    package static let style =
        """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d232a}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
        table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f5f7;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .band{display:inline-block;padding:.05rem .5rem;border-radius:.6rem;font-weight:600;font-size:.85rem}
        .muted{color:#5c6670;font-size:.85rem}blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px solid #ccd;color:#3d4650;font-style:italic}
        .ev{font-family:ui-monospace,Menlo,monospace;font-size:.8rem;color:#37414b}.mitigating{color:#2b7a3e}.adverse{color:#a61e1e}
        section.dossier{page-break-before:always}svg text{font:11px system-ui,sans-serif}
        @media print{body{margin:0;max-width:none;font-size:11px}a{color:inherit;text-decoration:none}}

        """ + badges.map { ".b-\($0.id){background:\($0.background);color:\($0.text)}" }.joined()

    /// How many dossiers, from the top of the ranking, the page shows in full: in the ranking
    /// table, the heat map and a section each. The rest of a larger portfolio are one collapsed
    /// `<details>` each, in rank order, under "The rest of the portfolio" (`HTMLReport+Rest`).
    public static let topCount = 100

    /// The ranking, the heat map, the dossiers that could not be scored and the top of the
    /// portfolio in full; below it, when there are more than `top`, every other dossier collapsed.
    /// The streamed report (`StreamingRankedReport`) writes the same bytes from the same pieces.
    public static func render(_ portfolio: Portfolio, top: Int = topCount) -> String {
        let ruleSet = portfolio.ruleSet
        let shown = Array(portfolio.assessments.prefix(top))
        var out = head(ruleSet, scored: portfolio.assessments.count, failed: portfolio.failures.count)
        out += rankingTables(shown.map(rankingRowRest), undetermined: shown.map(\.undetermined), total: portfolio.assessments.count)
        out.append(heatMap(ruleSet, rows: shown.map(HeatRow.init), total: portfolio.assessments.count))
        out += failureParts(portfolio.failures)
        for a in shown { out.append(section(a)) }
        if portfolio.assessments.count > top {
            out.append(restHead(shown: top, total: portfolio.assessments.count))
            for (offset, a) in portfolio.assessments.dropFirst(top).enumerated() {
                out.append(restEntry(rank: top + offset + 1, id: a.id, rest: restBody(a)))
            }
            out.append(rulesAppendix(ruleSet))
        }
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The page up to the ranking's heading.
    package static func head(_ ruleSet: CompiledRuleSet, scored: Int, failed: Int) -> [String] {
        [
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
            "<title>SilkRisk report — \(escape(ruleSet.name))</title><style>\(style)</style></head><body>",
            "<h1>SilkRisk report</h1><p class=\"muted\">\(escape(ruleSet.name)) \(escape(ruleSet.version)) · rules sha256 <code>\(ruleSet.contentHash)</code> · silkrisk \(Assessor.engineVersion) · \(Wording.scored(scored, failed: failed))</p>",
            "<h2>Ranking</h2>",
        ]
    }

    /// The ranking tables of the dossiers shown in full, rank 1 first: the banded ones, then the
    /// undetermined under their heading; `rows` are `rankingRowRest`s, `undetermined` says which.
    /// When the portfolio holds more, a line says where the others are.
    package static func rankingTables(_ rows: [String], undetermined: [Bool], total: Int) -> [String] {
        let banded = undetermined.firstIndex(of: true) ?? rows.count
        var out = [rankingTable(rows[..<banded], firstRank: 1)]
        if banded < rows.count {
            out.append("<h3>\(escape(Wording.undeterminedHeading))</h3>")
            out.append(rankingTable(rows[banded...], firstRank: banded + 1))
        }
        if total > rows.count {
            out.append(
                "<p class=\"muted\">The top \(rows.count) of \(total) dossiers. The others, in rank order, are under <a href=\"#rest\">The rest of the portfolio</a>.</p>"
            )
        }
        return out
    }

    private static func rankingTable(_ rows: ArraySlice<String>, firstRank: Int) -> String {
        var out = ["<table><tr><th>#</th><th>Project</th><th>Score</th><th>Band</th><th>Could be</th><th>Known</th><th>Top reasons</th></tr>"]
        for (offset, rest) in rows.enumerated() { out.append("<tr><td class=\"num\">\(firstRank + offset)" + rest) }
        out.append("</table>")
        return out.joined(separator: "\n")
    }

    /// A dossier's row of the ranking table after its rank.
    package static func rankingRowRest(_ a: Assessment) -> String {
        let reasons = a.topReasons.map { escape($0.title) + " (+\(Format.number($0.points)))" }.joined(separator: "<br>")
        return
            "</td><td><a href=\"#\(escape(a.id))\">\(escape(a.title))</a></td><td class=\"num\">\(Format.number(a.score))</td><td>\(badge(a.band))</td><td class=\"num\">\(Wording.range(a.scoreRange))</td><td class=\"num\">\(Wording.percent(a.completeness))</td><td>\(reasons.isEmpty ? "—" : reasons)</td></tr>"
    }

    /// The dossiers that could not be scored, under their heading.
    package static func failureParts(_ failures: [FailedDossier]) -> [String] {
        guard !failures.isEmpty else { return [] }
        var out = ["<h2>Not scored</h2><ul>"]
        for failure in failures {
            for d in failure.diagnostics {
                out.append("<li><code>\(escape(d.position))</code> \(escape(d.message)) [\(escape(d.id.rawValue))]</li>")
            }
        }
        out.append("</ul>")
        return out
    }

    /// What the heat map shows of a dossier: its title and each category's counted points.
    package struct HeatRow: Sendable {
        var title: String
        var counted: [String: Double]

        package init(_ a: Assessment) {
            title = a.title
            counted = Dictionary(a.categories.map { ($0.id, $0.counted) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Counted points by category, one row per dossier shown in full, in rank order.
    package static func heatMap(_ ruleSet: CompiledRuleSet, rows projects: [HeatRow], total: Int) -> String {
        let categories = ruleSet.categories.filter { category in
            ruleSet.rules.contains { $0.category == category.id && $0.points > 0 }
        }
        guard !categories.isEmpty, !projects.isEmpty else { return "" }
        let cell = 26
        let left = 330
        let top = 230
        // Room on the right for the last column's slanted label.
        let width = left + categories.count * cell + 160
        let height = top + projects.count * cell + 10
        let heading = projects.count < total ? "Risk by category — the top \(projects.count)" : "Risk by category"
        var svg = [
            "<h2>\(heading)</h2><svg role=\"img\" aria-label=\"Heat map of counted points by category and project\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        ]
        for (column, category) in categories.enumerated() {
            let x = left + column * cell + cell / 2
            svg.append("<text transform=\"translate(\(x),\(top - 6)) rotate(-55)\">\(escape(shortened(category.title, 40)))</text>")
        }
        for (row, a) in projects.enumerated() {
            let y = top + row * cell
            svg.append("<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(shortened(a.title, 52)))</text>")
            for (column, category) in categories.enumerated() {
                let counted = max(0, a.counted[category.id] ?? 0)
                let scale =
                    category.cap
                    ?? max(1, ruleSet.rules.filter { $0.category == category.id && $0.points > 0 }.reduce(0) { $0 + $1.points })
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
}
