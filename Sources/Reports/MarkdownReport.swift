import RuleLanguage
public import Scoring
import SilkDiagnostics

/// A Markdown report: the ranked portfolio, then every dossier's explanation.
public enum MarkdownReport {
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "|*_`[]<>\\".contains(character) { result.append("\\") }
            result.append(character == "\n" ? " " : character)
        }
        return result
    }

    public static func render(_ portfolio: Portfolio) -> String {
        var lines: [String] = []
        let ruleSet = portfolio.ruleSet
        lines.append("# SilkRisk report — \(escape(ruleSet.name)) \(escape(ruleSet.version))")
        lines.append("")
        lines.append("\(portfolio.assessments.count) dossiers scored, \(portfolio.failures.count) failed. Rule set sha256 `\(ruleSet.contentHash)`.")
        lines.append("")
        lines.append("| # | Dossier | Score | Band | Range | Known | Top reasons |")
        lines.append("|--:|---|--:|---|---|--:|---|")
        for (rank, a) in portfolio.assessments.enumerated() {
            let reasons = a.topReasons.map { "\(escape($0.title)) (+\(Format.number($0.points)))" }.joined(separator: "; ")
            lines.append(
                "| \(rank + 1) | [\(escape(a.title))](#\(a.id)) | \(Format.number(a.score)) | \(escape(a.band.label)) | \(Format.number(a.scoreRange.lowerBound))–\(Format.number(a.scoreRange.upperBound)) | \(Format.number(a.completeness * 100, decimals: 0))% | \(reasons.isEmpty ? "—" : reasons) |"
            )
        }
        if !portfolio.failures.isEmpty {
            lines.append("")
            lines.append("## Not scored")
            lines.append("")
            for failure in portfolio.failures {
                for d in failure.diagnostics { lines.append("- `\(d.position)`: \(escape(d.message)) [\(d.id)]") }
            }
        }
        for a in portfolio.assessments {
            lines.append("")
            lines.append("<a id=\"\(a.id)\"></a>")
            lines.append("## \(escape(a.title))")
            lines.append("")
            lines.append(
                "`\(escape(a.file))` — **\(Format.number(a.score)) / 100, \(escape(a.band.label))**"
                    + (a.floorsApplied.isEmpty ? "" : " (raised from \(escape(a.bandByPoints.label)) by \(a.floorsApplied.joined(separator: ", ")))"))
            lines.append("")
            lines.append(
                "Range \(Format.number(a.scoreRange.lowerBound))–\(Format.number(a.scoreRange.upperBound)) as unknown facts turn out; \(Format.number(a.completeness * 100, decimals: 0))% of rules decided."
            )
            lines.append("")
            lines.append("| Points | Rule | Category | Explanation | Evidence |")
            lines.append("|--:|---|---|---|---|")
            for f in a.findings {
                let evidence = f.evidence.map {
                    "\(escape($0.fact)) = \(escape($0.value)) (\(escape(([$0.line.map { "line \($0)" } ?? "absent"] + $0.qualifiers).joined(separator: ", "))))"
                        + $0.items.map { "<br>– " + escape($0.summary { "line \($0)" }) }.joined()
                }.joined(separator: "<br>")
                lines.append(
                    "| \(f.points > 0 ? "+" : "")\(Format.number(f.points)) | \(escape(f.rule)): \(escape(f.title)) | \(escape(f.category)) | \(escape(f.message))<br>*“\(escape(f.citations.first?.quote ?? ""))”*<br>Advice: \(escape(f.advice)) | \(evidence) |"
                )
            }
            lines.append("")
            lines.append("| Category | Fired points | Counted |")
            lines.append("|---|--:|--:|")
            for c in a.categories where c.raw != 0 {
                lines.append(
                    "| \(escape(c.title)) | \(Format.number(c.raw)) | \(Format.number(c.counted))\(c.counted != c.raw ? " (cap \(Format.number(c.cap ?? 0)))" : "") |"
                )
            }
            lines.append(
                "| **Total** | | **\(Format.number(a.total))**\(a.clampAdjustment != 0 ? " → \(Format.number(a.score)) after 0–100 clamp" : "") |")
            if !a.missingFacts.isEmpty {
                lines.append("")
                lines.append(
                    "Missing facts that could move the result most: "
                        + a.missingFacts.prefix(5).map { "`\($0.fact)` (\(Format.number($0.pointsAtStake)) points)" }.joined(separator: ", ") + ".")
            }
            lines.append("")
            lines.append(
                "<sub>silkrisk \(a.stamp.engineVersion) · rules \(escape(a.stamp.ruleSetVersion)) sha256 `\(a.stamp.ruleSetHash)` · dossier sha256 `\(a.stamp.dossierHash)`</sub>"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
