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
    /// own heading; then failures. The streamed report (`StreamingRankedReport`) writes the same
    /// lines from the same pieces.
    public func portfolio(_ portfolio: Portfolio) -> String {
        let ruleSet = portfolio.ruleSet
        let idWidth = Self.idWidth(longest: portfolio.assessments.map(\.id.count).max())
        let bandWidth = Self.bandWidth(ruleSet)
        var lines = heading(ruleSet, scored: portfolio.assessments.count, failed: portfolio.failures.count, idWidth: idWidth)
        func row(_ rank: Int, _ a: Assessment) -> String {
            Self.row(rank: rank, rest: rowRest(a, bandWidth: bandWidth), id: a.id, idWidth: idWidth, reasons: Self.reasons(a))
        }
        for (offset, a) in portfolio.banded.enumerated() { lines.append(row(offset + 1, a)) }
        if !portfolio.undetermined.isEmpty {
            lines += undeterminedHeading()
            for (offset, a) in portfolio.undetermined.enumerated() { lines.append(row(portfolio.banded.count + offset + 1, a)) }
        }
        lines += failureLines(portfolio.failures)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The width of the dossier column, from the longest id's length in characters.
    package static func idWidth(longest: Int?) -> Int { min(44, max(8, longest ?? 8)) }

    /// The width of the band column: the longest label the rule set can give.
    package static func bandWidth(_ ruleSet: CompiledRuleSet) -> Int {
        let labels = ruleSet.bands.map(\.label) + (ruleSet.undetermined.map { [$0.label] } ?? [])
        return max(9, labels.map(\.count).max() ?? 9)
    }

    /// The lines before the first row: the title, the rule set's hash, the column heads.
    package func heading(_ ruleSet: CompiledRuleSet, scored: Int, failed: Int, idWidth: Int) -> [String] {
        [
            bold("\(ruleSet.name) \(ruleSet.version) — \(Wording.scored(scored, failed: failed))"), "rules sha256:\(ruleSet.contentHash)", "",
            "  #  " + Self.pad("score", 6, right: true) + "  " + Self.pad("band", Self.bandWidth(ruleSet)) + "  " + Self.pad("range", 13) + "  "
                + Self.pad("known", 5, right: true) + "  " + Self.pad("format", 6) + "  " + Self.pad("dossier", idWidth) + "  top reasons",
        ]
    }

    /// A row's columns between the rank and the dossier's id, with the spaces after them.
    package func rowRest(_ a: Assessment, bandWidth: Int) -> String {
        Self.pad(Format.number(a.score), 6, right: true) + "  " + paint(Self.pad(a.band.label, bandWidth), a.band) + "  "
            + Self.pad(Wording.range(a.scoreRange), 13) + "  " + Self.pad(Wording.percent(a.completeness), 5, right: true) + "  "
            + Self.pad(a.formatVersion ?? "—", 6) + "  "
    }

    /// The last column: the top reasons, or a dash.
    package static func reasons(_ a: Assessment) -> String {
        let reasons = a.topReasons.map { "\($0.rule) (+\(Format.number($0.points)))" }.joined(separator: ", ")
        return reasons.isEmpty ? "—" : reasons
    }

    /// A whole row from its pieces.
    package static func row(rank: Int, rest: String, id: String, idWidth: Int, reasons: String) -> String {
        pad(String(rank), 3, right: true) + "  " + rest + pad(id, idWidth) + "  " + reasons
    }

    /// The heading before the first undetermined dossier.
    package func undeterminedHeading() -> [String] { ["", bold(Wording.undeterminedHeading)] }

    /// The dossiers that could not be scored, one line each (the commands print them in full).
    package func failureLines(_ failures: [FailedDossier]) -> [String] {
        guard !failures.isEmpty else { return [] }
        let renderer = DiagnosticRenderer()
        return ["", bold("Not scored:")] + failures.flatMap { failure in failure.diagnostics.map { "  " + renderer.summary($0) } }
    }
}
