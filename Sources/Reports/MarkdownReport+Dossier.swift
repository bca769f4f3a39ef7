import RuleLanguage
import Scoring
import SilkDiagnostics

extension MarkdownReport {
    /// One dossier's explanation: the verdict, findings with every quote, advice and piece of
    /// evidence, categories, undecided rules and what each waits for, missing facts, data
    /// problems and notes.
    static func dossier(_ a: Assessment, into lines: inout [String]) {
        lines.append("")
        lines.append("<a id=\"\(a.id)\"></a>")
        lines.append("## \(escape(a.title))")
        lines.append("")
        if a.undetermined {
            lines.append(
                "`\(escape(a.file))`" + (a.formatVersion.map { " (format \(escape($0)))" } ?? "")
                    + " — **\(Format.number(a.score)) / 100, \(escape(a.band.label))**: not enough evidence to band "
                    + "(\(escape(Wording.undeterminedReason(a))))" + (a.floors.isEmpty ? "" : "; \(escape(Wording.floors(a)))"))
        } else {
            lines.append(
                "`\(escape(a.file))`" + (a.formatVersion.map { " (format \(escape($0)))" } ?? "")
                    + " — **\(Format.number(a.score)) / 100, \(escape(a.band.label))**"
                    + (a.floors.isEmpty ? "" : " (raised from \(escape(a.bandByPoints.label)) by \(escape(Wording.floors(a))))"))
        }
        lines.append("")
        lines.append(
            "Range \(Wording.range(a.scoreRange)) (\(escape(Wording.bandRange(a)))) as unknown facts turn out; "
                + "\(Wording.percent(a.completeness)) of rules decided, carrying \(Wording.percent(a.decidedShare)) of the points.")
        if a.undetermined { missingFacts(a, title: "Facts to collect first", into: &lines) }
        findings(a, into: &lines)
        categories(a, into: &lines)
        if !a.undecided.isEmpty {
            lines.append("")
            lines.append("### Undecided rules (data missing)")
            lines.append("")
            lines.append("| Points | Rule | Waiting for |")
            lines.append("|--:|---|---|")
            for f in a.undecided {
                lines.append(
                    "| \(Wording.signed(f.points)) | \(escape(f.rule)): \(escape(f.title))\(f.decisive ? " (decisive)" : "") | \(escape(f.message)) |"
                )
            }
        }
        if !a.undetermined { missingFacts(a, title: "Missing facts that could move the result most", into: &lines) }
        if !a.dataProblems.isEmpty {
            lines.append("")
            lines.append("### Data problems")
            lines.append("")
            for problem in a.dataProblems { lines.append("- `\(escape(a.file)):\(problem.lineAndColumn?.line ?? 1)`: \(escape(problem.message))") }
        }
        if !a.notes.isEmpty {
            lines.append("")
            lines.append("### Notes")
            lines.append("")
            for note in a.notes { lines.append("- \(escape(note))") }
        }
        lines.append("")
        lines.append(
            "<sub>silkrisk \(a.stamp.engineVersion) · rules \(escape(a.stamp.ruleSetVersion)) sha256 `\(a.stamp.ruleSetHash)` · dossier sha256 `\(a.stamp.dossierHash)`</sub>"
        )
    }

    private static func findings(_ a: Assessment, into lines: inout [String]) {
        lines.append("")
        lines.append("### Findings")
        lines.append("")
        guard !a.findings.isEmpty else {
            lines.append("None fired.")
            return
        }
        lines.append("| Points | Rule | Category | Explanation | Evidence |")
        lines.append("|--:|---|---|---|---|")
        for f in a.findings {
            let evidence = f.evidence.map {
                "\(escape($0.fact)) = \(escape($0.value)) (\(escape(([$0.line.map { "line \($0)" } ?? "absent"] + $0.qualifiers).joined(separator: ", "))))"
                    + $0.items.map { "<br>– " + escape($0.summary { "line \($0)" }) }.joined()
            }.joined(separator: "<br>")
            var explanation = [escape(f.message)]
            if let offsets = Wording.offsets(f) { explanation.append("Offsets: \(escape(offsets))") }
            explanation += f.citations.map { "*“\(escape($0.quote))”* — \(escape($0.sourceTitle))" }
            if !f.advice.isEmpty { explanation.append("Advice: \(escape(f.advice))") }
            let tags = (f.decisive ? ["decisive"] : []) + (f.assumed ? ["assumed: data missing"] : [])
            lines.append(
                "| \(f.points > 0 ? "+" : "")\(Format.number(f.points)) | \(escape(f.rule)): \(escape(f.title))\(tags.isEmpty ? "" : " (\(tags.joined(separator: "; ")))") | \(escape(f.category)) | \(explanation.joined(separator: "<br>")) | \(evidence) |"
            )
        }
    }

    private static func categories(_ a: Assessment, into lines: inout [String]) {
        lines.append("")
        lines.append("### Categories")
        lines.append("")
        lines.append("| Category | Fired points | Counted | Offset | Net | Undecided |")
        lines.append("|---|--:|--:|--:|--:|---|")
        for c in a.categories where c.raw != 0 || c.undecidedAdverse != 0 || c.undecidedMitigating != 0 {
            let undecided =
                c.undecidedAdverse != 0 || c.undecidedMitigating != 0
                ? "+\(Format.number(c.undecidedAdverse)) / \(Format.number(c.undecidedMitigating))" : ""
            lines.append(
                "| \(escape(c.title)) | \(Format.number(c.raw)) | \(Format.number(c.counted))\(c.counted != c.raw ? " (cap \(Format.number(c.cap ?? 0)))" : "") | \(c.offset != 0 ? Wording.signed(-c.offset) : "") | \(Format.number(c.net)) | \(undecided) |"
            )
        }
        lines.append(
            "| **Total** | | | | **\(Format.number(a.total))**\(a.clampAdjustment != 0 ? " → \(Format.number(a.score)) after 0–100 clamp" : "") | |")
    }

    private static func missingFacts(_ a: Assessment, title: String, into lines: inout [String]) {
        guard !a.missingFacts.isEmpty else { return }
        lines.append("")
        lines.append("### \(title)")
        lines.append("")
        for m in a.missingFacts where m.pointsAtStake > 0 { lines.append("- `\(m.fact)`: \(escape(Wording.stake(m)))") }
        let idle = a.missingFacts.filter { $0.pointsAtStake == 0 }.map { "`\($0.fact)`" }
        if !idle.isEmpty { lines.append("- Nothing at stake (no value changes the score): \(idle.joined(separator: ", "))") }
    }
}
