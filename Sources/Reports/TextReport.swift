import RuleLanguage
public import Scoring
import SilkDiagnostics

/// Plain-text reports for the terminal, with optional ANSI colour.
public struct TextReport: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    private func paint(_ text: String, _ band: Band) -> String {
        guard colour else { return text }
        let code: String
        switch band.id {
        case "critical": code = "1;31"
        case "high": code = "31"
        case "moderate": code = "33"
        default: code = "32"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    /// The ranked portfolio table, then failures.
    public func portfolio(_ portfolio: Portfolio) -> String {
        var lines: [String] = []
        lines.append(
            bold(
                "\(portfolio.ruleSet.name) \(portfolio.ruleSet.version) — \(portfolio.assessments.count) dossiers scored, \(portfolio.failures.count) failed"
            ))
        lines.append("")
        let idWidth = min(44, max(8, portfolio.assessments.map(\.id.count).max() ?? 8))
        lines.append(
            "  #  " + Self.pad("score", 6, right: true) + "  " + Self.pad("band", 9) + "  " + Self.pad("range", 13) + "  "
                + Self.pad("known", 5, right: true)
                + "  " + Self.pad("dossier", idWidth) + "  top reasons")
        for (rank, assessment) in portfolio.assessments.enumerated() {
            let range = "\(Format.number(assessment.scoreRange.lowerBound))–\(Format.number(assessment.scoreRange.upperBound))"
            let reasons = assessment.topReasons.map { "\($0.rule) (+\(Format.number($0.points)))" }.joined(separator: ", ")
            lines.append(
                Self.pad(String(rank + 1), 3, right: true) + "  " + Self.pad(Format.number(assessment.score), 6, right: true) + "  "
                    + paint(Self.pad(assessment.band.label, 9), assessment.band) + "  " + Self.pad(range, 13) + "  "
                    + Self.pad(Format.number(assessment.completeness * 100, decimals: 0) + "%", 5, right: true) + "  "
                    + Self.pad(assessment.id, idWidth) + "  " + (reasons.isEmpty ? "—" : reasons))
        }
        if !portfolio.failures.isEmpty {
            lines.append("")
            lines.append(bold("Not scored:"))
            // One line each, as the other formats list them; the commands print them in full.
            let renderer = DiagnosticRenderer()
            for failure in portfolio.failures {
                for diagnostic in failure.diagnostics { lines.append("  " + renderer.summary(diagnostic)) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The full explanation of one assessment.
    public func explain(_ assessment: Assessment) -> String {
        var lines: [String] = []
        lines.append(bold("\(assessment.title)") + "  [\(assessment.id)]  \(assessment.file)")
        lines.append(
            "Score \(Format.number(assessment.score)) / 100 — " + paint(assessment.band.label, assessment.band)
                + (assessment.floorsApplied.isEmpty
                    ? "" : " (raised from \(assessment.bandByPoints.label) by floor: \(assessment.floorsApplied.joined(separator: ", ")))"))
        lines.append(
            "Could be \(Format.number(assessment.scoreRange.lowerBound))–\(Format.number(assessment.scoreRange.upperBound)) (\(assessment.bandRange.low.label)–\(assessment.bandRange.high.label)) as unknown facts turn out; completeness \(Format.number(assessment.completeness * 100, decimals: 0))% of rules decided"
        )
        lines.append("")
        lines.append(bold("Findings"))
        if assessment.findings.isEmpty { lines.append("  none fired") }
        for finding in assessment.findings {
            let sign = finding.points > 0 ? "+" : ""
            lines.append(
                "  \(sign)\(Format.number(finding.points))  \(finding.rule) — \(finding.title)  [\(finding.category)]\(finding.assumed ? " (assumed: data missing)" : "")"
            )
            lines.append("        \(finding.message)")
            for item in finding.evidence {
                let place = item.line.map { "\(assessment.file):\($0)" } ?? "not in dossier"
                lines.append("        · \(item.fact) = \(item.value)  (\(([place] + item.qualifiers).joined(separator: ", ")))")
                for listItem in item.items { lines.append("            – " + listItem.summary { "\(assessment.file):\($0)" }) }
            }
            for citation in finding.citations { lines.append("        “\(citation.quote)” — \(citation.sourceTitle)") }
            if !finding.advice.isEmpty { lines.append("        Advice: \(finding.advice)") }
        }
        lines.append("")
        lines.append(bold("Categories"))
        for category in assessment.categories where category.raw != 0 || category.undecidedAdverse != 0 || category.undecidedMitigating != 0 {
            var text = "  " + TextReport.pad(Format.number(category.counted), 6, right: true) + "  \(category.title)"
            if category.counted != category.raw { text += "  (\(Format.number(category.raw)) capped at \(Format.number(category.cap ?? 0)))" }
            if category.undecidedAdverse != 0 || category.undecidedMitigating != 0 {
                text += "  undecided: +\(Format.number(category.undecidedAdverse)) / \(Format.number(category.undecidedMitigating))"
            }
            lines.append(text)
        }
        lines.append(
            "  " + TextReport.pad(Format.number(assessment.total), 6, right: true) + "  total"
                + (assessment.clampAdjustment != 0 ? "; clamped to 0–100: \(Format.number(assessment.clampAdjustment))" : ""))
        if !assessment.undecided.isEmpty {
            lines.append("")
            lines.append(bold("Undecided (data missing)"))
            for finding in assessment.undecided {
                let sign = finding.points > 0 ? "+" : ""
                lines.append("  \(sign)\(Format.number(finding.points))  \(finding.rule) — \(finding.title)")
            }
        }
        if !assessment.missingFacts.isEmpty {
            lines.append("")
            lines.append(bold("Missing facts that could move the result most"))
            for missing in assessment.missingFacts.prefix(5) {
                lines.append("  \(missing.fact): \(Format.number(missing.pointsAtStake)) points at stake (\(missing.rules.joined(separator: ", ")))")
            }
        }
        if !assessment.dataProblems.isEmpty {
            lines.append("")
            lines.append(bold("Data problems"))
            for problem in assessment.dataProblems {
                lines.append("  \(assessment.file):\(problem.lineAndColumn?.line ?? 1): warning: \(problem.message)")
            }
        }
        if !assessment.notes.isEmpty {
            lines.append("")
            lines.append(bold("Notes"))
            for note in assessment.notes { lines.append("  \(note)") }
        }
        lines.append("")
        let stamp = assessment.stamp
        lines.append(
            "silkrisk \(stamp.engineVersion) · rules \(stamp.ruleSetName) \(stamp.ruleSetVersion) sha256:\(stamp.ruleSetHash.prefix(16)) · dossier sha256:\(stamp.dossierHash.prefix(16))"
        )
        return lines.joined(separator: "\n") + "\n"
    }
}
