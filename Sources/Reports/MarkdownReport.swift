import RuleLanguage
public import Scoring
import SilkDiagnostics

/// A Markdown report: the ranked portfolio, then every dossier's explanation
/// (`MarkdownReport+Dossier`), with everything the text and JSON reports say.
public enum MarkdownReport {
    package static func escape(_ text: String) -> String {
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
        lines.append(
            "\(Wording.scored(portfolio.assessments.count, failed: portfolio.failures.count)). Rule set sha256 `\(ruleSet.contentHash)`.")
        lines.append("")
        lines.append("## Ranking")
        ranking(Array(portfolio.banded), firstRank: 1, into: &lines)
        if !portfolio.undetermined.isEmpty {
            lines.append("")
            lines.append("### \(escape(Wording.undeterminedHeading))")
            ranking(Array(portfolio.undetermined), firstRank: portfolio.banded.count + 1, into: &lines)
        }
        if !portfolio.failures.isEmpty {
            lines.append("")
            lines.append("## Not scored")
            lines.append("")
            for failure in portfolio.failures {
                for d in failure.diagnostics { lines.append("- `\(d.position)`: \(escape(d.message)) [\(d.id)]") }
            }
        }
        for a in portfolio.assessments { dossier(a, into: &lines) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func ranking(_ assessments: [Assessment], firstRank: Int, into lines: inout [String]) {
        lines.append("")
        lines.append("| # | Dossier | Score | Band | Range | Known | Top reasons |")
        lines.append("|--:|---|--:|---|---|--:|---|")
        for (offset, a) in assessments.enumerated() {
            let reasons = a.topReasons.map { "\(escape($0.title)) (+\(Format.number($0.points)))" }.joined(separator: "; ")
            lines.append(
                "| \(firstRank + offset) | [\(escape(a.title))](#\(a.id)) | \(Format.number(a.score)) | \(escape(a.band.label)) | \(Wording.range(a.scoreRange)) | \(Wording.percent(a.completeness)) | \(reasons.isEmpty ? "—" : reasons) |"
            )
        }
    }
}
