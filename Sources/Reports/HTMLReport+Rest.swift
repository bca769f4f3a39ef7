package import RuleLanguage
package import Scoring
import SilkDiagnostics

extension HTMLReport {
    /// The heading of the dossiers below the top, shown collapsed.
    package static func restHead(shown: Int, total: Int) -> String {
        "<h2 id=\"rest\">The rest of the portfolio</h2><p class=\"muted\">Ranks \(shown + 1) to \(total), in rank order, one line each: open a line for the dossier's findings, each its points and rule id with its evidence (fact = value, line in the dossier), how many rules are undecided and the facts to collect first. Each rule's title, quotes and advice are under <a href=\"#rules\">Rules</a>, by id; <code>silkrisk explain</code> gives any dossier in full.</p>"
    }

    /// A collapsed dossier: `rest` is its `restBody`, which follows the rank.
    package static func restEntry(rank: Int, id: String, rest: String) -> String {
        "<details id=\"\(escape(id))\"><summary>#\(rank)" + rest
    }

    /// What a collapsed dossier shows after its rank: the summary line (score, badge, title, id),
    /// then, once opened, one pre-formatted block: where its score could go, each finding (points,
    /// rule id, its located evidence) on a line, how many rules are undecided and the facts to
    /// collect first. About 1.5 KB and five elements: a page of a hundred thousand must still open.
    package static func restBody(_ a: Assessment) -> String {
        var out =
            " · <strong>\(Format.number(a.score))</strong> \(badge(a.band)) \(escape(a.title)) · \(escape(a.id))</summary><pre class=\"ev\" style=\"white-space:pre-wrap\">"
        out +=
            "\(escape(a.file)) · could be \(Wording.range(a.scoreRange)) · \(Wording.percent(a.completeness)) of rules decided, carrying \(Wording.percent(a.decidedShare)) of the points"
        if a.findings.isEmpty { out += "\nNo rule fired." }
        for f in a.findings {
            let evidence = f.evidence.compactMap { e in e.line.map { "\(escape(e.fact)) = \(escape(e.value)) (line \($0))" } }
            out += "\n\(Wording.signed(f.points)) \(escape(f.rule))" + (evidence.isEmpty ? "" : ": " + evidence.joined(separator: "; "))
        }
        let collect = a.missingFacts.prefix(JSONReport.collectFirstCount).map { "\(escape($0.fact)) (\(escape(Wording.stake($0))))" }
        out += "\n\(Wording.count(a.undecided.count, "rule")) undecided"
        out += collect.isEmpty ? "." : "; collect first: \(collect.joined(separator: ", "))."
        return out + "</pre></details>"
    }

    /// Every rule once, for the collapsed dossiers' findings to point at: title, id, category,
    /// points, quotes and advice.
    package static func rulesAppendix(_ ruleSet: CompiledRuleSet) -> String {
        var out = ["<h2 id=\"rules\">Rules</h2>"]
        for rule in ruleSet.rules {
            let quotes = rule.citations.map { "<blockquote>“\(escape($0.quote))” — \(escape($0.sourceTitle))</blockquote>" }.joined()
            let advice = rule.advice.isEmpty ? "" : "<span class=\"muted\">Advice: \(escape(rule.advice))</span>"
            out.append(
                "<p id=\"rule-\(escape(rule.id))\"><strong>\(escape(rule.title))</strong> <span class=\"muted\">\(escape(rule.id)) · \(escape(rule.category)) · \(Wording.signed(rule.points))</span>\(quotes)\(advice)</p>"
            )
        }
        return out.joined(separator: "\n")
    }
}
