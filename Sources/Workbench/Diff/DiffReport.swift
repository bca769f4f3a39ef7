import Reports
import RuleLanguage
import Scoring

/// The diff report in every format: what each says, worded once here. The formats write it in
/// the same order: the two rule sets and how dossiers were read; the rule-set changes; each
/// dossier that moved, most moved first, with the change attributed to each rule, cap and the
/// clamp; the portfolio's summary; and the dossiers that could not be compared.
package enum DiffFormat: String, Sendable, CaseIterable {
    case text, markdown, json, html
}

package enum DiffReport {
    /// Writes the report of `diff` in `format` to `sink`; `colour` is for text only.
    package static func write(_ diff: PortfolioDiff, format: DiffFormat, colour: Bool = false, to sink: ReportSink) throws {
        switch format {
        case .text: try TextDiffReport(colour: colour, sink: sink).write(diff)
        case .markdown: try MarkdownDiffReport(sink: sink).write(diff)
        case .json: try JSONDiffReport(sink: sink).write(diff)
        case .html: try HTMLDiffReport(sink: sink).write(diff)
        }
    }

    /// How the dossiers were read: once, or once per rule set and why.
    static func reading(_ changes: RuleSetChanges) -> String {
        if changes.catalogueShared {
            return "Each dossier was read once and assessed with both rule sets: their catalogues read dossiers alike."
        }
        if changes.readsRecords {
            return "Each file was read once per rule set, with its record format, and each record compared with itself."
        }
        var parts: [String] = []
        if !changes.factsAdded.isEmpty { parts.append("facts added: " + changes.factsAdded.joined(separator: ", ")) }
        if !changes.factsRemoved.isEmpty { parts.append("removed: " + changes.factsRemoved.joined(separator: ", ")) }
        let changed = changes.factsChanged.filter { $0.changes.contains { $0.property != "changeable" } }.map(\.id)
        if !changed.isEmpty { parts.append("read differently: " + changed.joined(separator: ", ")) }
        let why = parts.isEmpty ? "their facts are declared in a different order" : parts.joined(separator: "; ")
        return "Each dossier was read once per rule set: the catalogues differ (\(why))."
    }

    /// "points 12 → 15", "condition changed".
    static func describe(_ change: RuleSetChanges.Change) -> String {
        change.before.isEmpty && change.after.isEmpty
            ? "\(change.property) changed" : "\(change.property) \(shown(change.before)) → \(shown(change.after))"
    }

    private static func shown(_ text: String) -> String { text.isEmpty ? "(none)" : text }

    /// "+12, 1 band up", "−5, 2 bands down", "+3, became undetermined", "0, became banded".
    static func movement(_ diff: DossierDiff) -> String {
        var parts = [Wording.signed(diff.scoreChange)]
        let steps = abs(diff.placeChange)
        if steps > 0 { parts.append(Wording.count(steps, "band") + (diff.placeChange > 0 ? " up" : " down")) }
        if !diff.before.undetermined && diff.after.undetermined { parts.append("became undetermined") }
        if diff.before.undetermined && !diff.after.undetermined { parts.append("became banded") }
        return parts.joined(separator: ", ")
    }

    /// What a contribution is: "rule ip-core-unprotected", "cap of ip-leakage", "clamp to 0–100".
    static func name(_ key: Contribution.Key) -> String {
        switch key.kind {
        case .rule: "rule \(key.id)"
        case .cap: "cap of \(key.id)"
        case .clamp: "clamp to 0–100"
        }
    }

    /// "fired → not fired", or for a cap or the clamp, what it did each side: "−3 → −7".
    static func detail(_ contribution: Contribution) -> String {
        let values = "\(Format.number(contribution.before)) → \(Format.number(contribution.after))"
        guard contribution.kind == .rule else { return values }
        return "\(contribution.outcomeBefore.label) → \(contribution.outcomeAfter.label), \(values)"
    }

    /// "score 61, range 57–100, reach 1 band, 57% of points decided"
    static func metrics(_ side: VerdictSide) -> String {
        "range \(Wording.range(side.range)), reach \(Wording.count(side.bandReach, "band")), \(Wording.percent(side.decidedShare)) of points decided"
    }

    /// The sentence of counts the summary starts with.
    static func counts(_ diff: PortfolioDiff) -> String {
        let s = diff.summary
        return "\(Wording.count(s.compared, "dossier")) compared, \(diff.failures.count) could not be. \(s.moved) moved; "
            + "\(s.verdictChanged) changed verdict: \(s.up) up a band or more, \(s.down) down, "
            + "\(s.becameUndetermined) became undetermined, \(s.becameBanded) became banded."
    }

    /// "3 / 0" for a rule: dossiers where it fires now and did not, and where it no longer does.
    static func firing(_ total: DiffSummary.Total) -> String {
        total.key.kind == .rule ? "\(total.nowFires) / \(total.noLongerFires)" : "—"
    }

    /// Every rule-set change as (kind, id, description) rows, in a fixed order.
    static func changeRows(_ changes: RuleSetChanges) -> [(kind: String, id: String, what: String)] {
        var rows: [(String, String, String)] = []
        rows += changes.rulesAdded.map { ("rule added", $0, "") }
        rows += changes.rulesRemoved.map { ("rule removed", $0, "") }
        rows += changes.rulesChanged.map { ("rule changed", $0.id, $0.changes.map(describe).joined(separator: "; ")) }
        rows += changes.categoriesAdded.map { ("category added", $0, "") }
        rows += changes.categoriesRemoved.map { ("category removed", $0, "") }
        rows += changes.categoriesChanged.map { ("category changed", $0.id, $0.changes.map(describe).joined(separator: "; ")) }
        rows += changes.scoring.map { ("scoring", $0.property, describe($0)) }
        rows += changes.factsAdded.map { ("fact added", $0, "") }
        rows += changes.factsRemoved.map { ("fact removed", $0, "") }
        rows += changes.factsChanged.map { ("fact changed", $0.id, $0.changes.map(describe).joined(separator: "; ")) }
        return rows
    }

    /// "Digital Silk Road obstacles 1.0.0, sha256 …": a rule set's name, version and fingerprint.
    static func fingerprint(_ ruleSet: CompiledRuleSet) -> String {
        "\(ruleSet.name) \(ruleSet.version) (\(Wording.count(ruleSet.rules.count, "rule"))), sha256:\(ruleSet.contentHash)"
    }
}
