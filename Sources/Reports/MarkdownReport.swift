package import RuleLanguage
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

    /// The ranking, the dossiers that could not be scored, then every dossier's explanation in
    /// rank order. The streamed report (`StreamingRankedReport`) writes the same lines from the
    /// same pieces.
    public static func render(_ portfolio: Portfolio) -> String {
        var lines = head(portfolio.ruleSet, scored: portfolio.assessments.count, failed: portfolio.failures.count)
        lines += rankingHead()
        for (offset, a) in portfolio.banded.enumerated() { lines.append(rankingRow(rank: offset + 1, rest: rankingRest(a))) }
        if !portfolio.undetermined.isEmpty {
            lines += undeterminedHead()
            for (offset, a) in portfolio.undetermined.enumerated() {
                lines.append(rankingRow(rank: portfolio.banded.count + offset + 1, rest: rankingRest(a)))
            }
        }
        lines += failureLines(portfolio.failures)
        for a in portfolio.assessments { dossier(a, into: &lines) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The title and the counts, up to the ranking's heading.
    package static func head(_ ruleSet: CompiledRuleSet, scored: Int, failed: Int) -> [String] {
        [
            "# SilkRisk report — \(escape(ruleSet.name)) \(escape(ruleSet.version))", "",
            "\(Wording.scored(scored, failed: failed)). Rule set sha256 `\(ruleSet.contentHash)`.", "", "## Ranking",
        ]
    }

    /// A ranking table's head.
    package static func rankingHead() -> [String] {
        ["", "| # | Dossier | Score | Band | Range | Known | Top reasons |", "|--:|---|--:|---|---|--:|---|"]
    }

    /// The heading and table head before the first undetermined dossier.
    package static func undeterminedHead() -> [String] {
        ["", "### \(escape(Wording.undeterminedHeading))"] + rankingHead()
    }

    /// A ranking row after its rank: `| [title](#id) | score | … |`.
    package static func rankingRest(_ a: Assessment) -> String {
        let reasons = a.topReasons.map { "\(escape($0.title)) (+\(Format.number($0.points)))" }.joined(separator: "; ")
        return
            "| [\(escape(a.title))](#\(a.id)) | \(Format.number(a.score)) | \(escape(a.band.label)) | \(Wording.range(a.scoreRange)) | \(Wording.percent(a.completeness)) | \(reasons.isEmpty ? "—" : reasons) |"
    }

    package static func rankingRow(rank: Int, rest: String) -> String { "| \(rank) " + rest }

    /// The dossiers that could not be scored, under their heading.
    package static func failureLines(_ failures: [FailedDossier]) -> [String] {
        guard !failures.isEmpty else { return [] }
        return ["", "## Not scored", ""]
            + failures.flatMap { failure in failure.diagnostics.map { d in "- `\(d.position)`: \(escape(d.message)) [\(d.id)]" } }
    }

    /// One dossier's explanation, its lines joined.
    package static func section(_ a: Assessment) -> String {
        var lines: [String] = []
        dossier(a, into: &lines)
        return lines.joined(separator: "\n")
    }
}
