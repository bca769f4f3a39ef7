import Reports
import RuleLanguage
import Scoring

/// One dossier explained in the browser: the HTML report's section for it (band with colour and
/// label, score and range, findings with evidence, quotes and advice, category subtotals), then
/// what the report's section leaves out: every undecided rule with what it waits for, and every
/// missing fact with the points that hang on it.
enum ExplanationPage {
    static func render(_ assessment: Assessment, snapshot: RuleSetSnapshot, notice: String = "") -> String {
        var body = notice
        body += "<p class=\"muted\"><a href=\"/\">← Score another dossier</a></p>"
        body += HTMLReport.section(assessment)
        body += undecided(assessment)
        body += missingFacts(assessment)
        if !assessment.dataProblems.isEmpty || !assessment.notes.isEmpty {
            body += "<h3>Data problems and notes</h3><ul>"
            for problem in assessment.dataProblems {
                body +=
                    "<li><code>\(HTMLReport.escape(assessment.file)):\(problem.lineAndColumn?.line ?? 1)</code> \(HTMLReport.escape(problem.message))</li>"
            }
            for note in assessment.notes { body += "<li>\(HTMLReport.escape(note))</li>" }
            body += "</ul>"
        }
        return BrowserPages.page(title: assessment.title, snapshot: snapshot, body: body)
    }

    static func undecided(_ a: Assessment) -> String {
        let escape = HTMLReport.escape
        guard !a.undecided.isEmpty else { return "<h3>Undecided rules</h3><p class=\"muted\">Every rule is decided by the dossier's data.</p>" }
        var out = [
            "<h3>Undecided rules</h3><p class=\"muted\">The dossier's data does not decide these \(a.undecided.count) rules; the score could move by their points as the missing facts turn out.</p>",
            "<table class=\"undecided\"><tr><th>Points at stake</th><th>Rule</th><th>Waiting for</th></tr>",
        ]
        for f in a.undecided {
            let waiting = f.evidence.map { item in
                "\(escape(item.fact)) = \(escape(item.value))" + (item.line.map { " <span class=\"muted\">(\(escape(a.file)):\($0))</span>" } ?? "")
                    + item.items.map { "<br>– " + escape($0.summary { "\(a.file):\($0)" }) }.joined()
            }.joined(separator: "<br>")
            out.append(
                "<tr><td class=\"num \(f.points > 0 ? "adverse" : "mitigating")\">\(f.points > 0 ? "+" : "")\(Format.number(f.points))</td><td><strong>\(escape(f.title))</strong> <span class=\"muted\">\(escape(f.rule)) · \(escape(f.category))</span><br>\(escape(f.message))</td><td class=\"ev\">\(waiting)</td></tr>"
            )
        }
        out.append("</table>")
        return out.joined(separator: "\n")
    }

    static func missingFacts(_ a: Assessment) -> String {
        let escape = HTMLReport.escape
        guard !a.missingFacts.isEmpty else { return "" }
        var out = [
            "<h3>Missing facts</h3><p class=\"muted\">What to find out first: each missing fact with the points of the undecided rules that read it.</p>",
            "<table class=\"missing\"><tr><th>Fact</th><th>Points at stake</th><th>Rules</th></tr>",
        ]
        for m in a.missingFacts {
            out.append(
                "<tr><td><code>\(escape(m.fact))</code></td><td class=\"num\">\(Format.number(m.pointsAtStake))</td><td>\(m.rules.map(escape).joined(separator: ", "))</td></tr>"
            )
        }
        out.append("</table>")
        return out.joined(separator: "\n")
    }
}
