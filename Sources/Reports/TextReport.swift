package import RuleLanguage
public import Scoring
import SilkDiagnostics

/// Plain-text reports for the terminal, with optional ANSI colour: the ranked portfolio here,
/// one dossier's explanation in `TextReport+Explain`.
public struct TextReport: Sendable {
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    package func paint(_ text: String, _ band: Band) -> String {
        guard colour else { return text }
        let code: String
        switch band.id {
        case "critical": code = "1;31"
        case "high": code = "31"
        case "moderate": code = "33"
        case UndeterminedVerdict.id: code = "1;36"
        default: code = "32"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    package func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    package static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    /// The ranked portfolio table: the banded dossiers, then the undetermined ones under their
    /// own heading; then failures.
    public func portfolio(_ portfolio: Portfolio) -> String {
        let ruleSet = portfolio.ruleSet
        var lines: [String] = []
        lines.append(
            bold("\(ruleSet.name) \(ruleSet.version) — \(Wording.scored(portfolio.assessments.count, failed: portfolio.failures.count))"))
        lines.append("rules sha256:\(ruleSet.contentHash)")
        lines.append("")
        let idWidth = min(44, max(8, portfolio.assessments.map(\.id.count).max() ?? 8))
        let labels = ruleSet.bands.map(\.label) + (ruleSet.undetermined.map { [$0.label] } ?? [])
        let bandWidth = max(9, labels.map(\.count).max() ?? 9)
        lines.append(
            "  #  " + Self.pad("score", 6, right: true) + "  " + Self.pad("band", bandWidth) + "  " + Self.pad("range", 13) + "  "
                + Self.pad("known", 5, right: true) + "  " + Self.pad("format", 6) + "  " + Self.pad("dossier", idWidth) + "  top reasons")
        func row(_ rank: Int, _ a: Assessment) -> String {
            let reasons = a.topReasons.map { "\($0.rule) (+\(Format.number($0.points)))" }.joined(separator: ", ")
            return Self.pad(String(rank), 3, right: true) + "  " + Self.pad(Format.number(a.score), 6, right: true) + "  "
                + paint(Self.pad(a.band.label, bandWidth), a.band) + "  " + Self.pad(Wording.range(a.scoreRange), 13) + "  "
                + Self.pad(Wording.percent(a.completeness), 5, right: true) + "  " + Self.pad(a.formatVersion ?? "—", 6) + "  "
                + Self.pad(a.id, idWidth) + "  "
                + (reasons.isEmpty ? "—" : reasons)
        }
        for (offset, a) in portfolio.banded.enumerated() { lines.append(row(offset + 1, a)) }
        if !portfolio.undetermined.isEmpty {
            lines.append("")
            lines.append(bold(Wording.undeterminedHeading))
            for (offset, a) in portfolio.undetermined.enumerated() { lines.append(row(portfolio.banded.count + offset + 1, a)) }
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
}
