import RuleLanguage
public import Scoring
import SilkDiagnostics

extension TextReport {
    /// The full explanation of one assessment: the verdict, every finding with its evidence,
    /// quotes and advice, the categories, the undecided rules and what each waits for, the
    /// missing facts by what is at stake on them, data problems and notes.
    public func explain(_ a: Assessment) -> String {
        var lines: [String] = []
        lines.append(bold("\(a.title)") + "  [\(a.id)]  \(a.file)" + (a.formatVersion.map { "  (format \($0))" } ?? ""))
        if a.undetermined {
            lines.append(
                "Score \(Format.number(a.score)) / 100 — " + paint(a.band.label, a.band) + ": not enough evidence to band ("
                    + Wording.undeterminedReason(a) + ")")
        } else {
            lines.append(
                "Score \(Format.number(a.score)) / 100 — " + paint(a.band.label, a.band)
                    + (a.floors.isEmpty ? "" : " (raised from \(a.bandByPoints.label) by \(Wording.floors(a)))"))
        }
        if a.undetermined, !a.floors.isEmpty { lines.append("Floors: \(Wording.floors(a))") }
        lines.append(
            "Could be \(Wording.range(a.scoreRange)) (\(Wording.bandRange(a))) as unknown facts turn out; "
                + "\(Wording.percent(a.completeness)) of rules decided, carrying \(Wording.percent(a.decidedShare)) of the points")
        if a.undetermined { missingFacts(a, title: "Facts to collect first", into: &lines) }
        lines.append("")
        lines.append(bold("Findings"))
        if a.findings.isEmpty { lines.append("  none fired") }
        for finding in a.findings {
            let sign = finding.points > 0 ? "+" : ""
            let tags = [finding.category] + (finding.decisive ? ["decisive"] : [])
            lines.append(
                "  \(sign)\(Format.number(finding.points))  \(finding.rule) — \(finding.title)  [\(tags.joined(separator: ", "))]"
                    + (finding.assumed ? " (assumed: data missing)" : ""))
            lines.append("        \(finding.message)")
            if let offsets = Wording.offsets(finding) { lines.append("        Offsets: \(offsets)") }
            for item in finding.evidence {
                let place = item.line.map { "\(a.file):\($0)" } ?? "not in dossier"
                lines.append("        · \(item.fact) = \(item.value)  (\(([place] + item.qualifiers).joined(separator: ", ")))")
                for listItem in item.items { lines.append("            – " + listItem.summary { "\(a.file):\($0)" }) }
            }
            for citation in finding.citations { lines.append("        “\(citation.quote)” — \(citation.sourceTitle)") }
            if !finding.advice.isEmpty { lines.append("        Advice: \(finding.advice)") }
        }
        lines.append("")
        lines.append(bold("Categories"))
        for category in a.categories where category.raw != 0 || category.undecidedAdverse != 0 || category.undecidedMitigating != 0 {
            var text = "  " + Self.pad(Format.number(category.net), 6, right: true) + "  \(category.title)"
            if category.counted != category.raw { text += "  (\(Format.number(category.raw)) capped at \(Format.number(category.cap ?? 0)))" }
            if category.offset != 0 { text += "  (\(Wording.signed(-category.offset)) offset by mitigations)" }
            if category.undecidedAdverse != 0 || category.undecidedMitigating != 0 {
                text += "  undecided: +\(Format.number(category.undecidedAdverse)) / \(Format.number(category.undecidedMitigating))"
            }
            lines.append(text)
        }
        lines.append(
            "  " + Self.pad(Format.number(a.total), 6, right: true) + "  total"
                + (a.clampAdjustment != 0 ? "; clamped to 0–100: \(Format.number(a.clampAdjustment))" : ""))
        if !a.undecided.isEmpty {
            lines.append("")
            lines.append(bold("Undecided (data missing)"))
            for finding in a.undecided {
                let sign = finding.points > 0 ? "+" : ""
                lines.append("  \(sign)\(Format.number(finding.points))  \(finding.rule) — \(finding.title)\(finding.decisive ? "  [decisive]" : "")")
                lines.append("        \(finding.message)")
            }
        }
        if !a.undetermined { missingFacts(a, title: "Missing facts that could move the result most", into: &lines) }
        if !a.dataProblems.isEmpty {
            lines.append("")
            lines.append(bold("Data problems"))
            for problem in a.dataProblems { lines.append("  \(a.file):\(problem.lineAndColumn?.line ?? 1): warning: \(problem.message)") }
        }
        if !a.notes.isEmpty {
            lines.append("")
            lines.append(bold("Notes"))
            for note in a.notes { lines.append("  \(note)") }
        }
        lines.append("")
        let stamp = a.stamp
        lines.append(
            "silkrisk \(stamp.engineVersion) · rules \(stamp.ruleSetName) \(stamp.ruleSetVersion) sha256:\(stamp.ruleSetHash.prefix(16)) · dossier sha256:\(stamp.dossierHash.prefix(16))"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// The missing facts, most at stake first; those on which nothing is at stake on one line.
    private func missingFacts(_ a: Assessment, title: String, into lines: inout [String]) {
        guard !a.missingFacts.isEmpty else { return }
        lines.append("")
        lines.append(bold(title))
        for missing in a.missingFacts where missing.pointsAtStake > 0 {
            lines.append("  \(missing.fact): \(Wording.stake(missing))")
        }
        let idle = a.missingFacts.filter { $0.pointsAtStake == 0 }.map(\.fact)
        if !idle.isEmpty { lines.append("  Nothing at stake (no value changes the score): \(idle.joined(separator: ", "))") }
    }
}
