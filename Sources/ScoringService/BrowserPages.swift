import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

/// The browser view's pages: server-rendered HTML with no script, styled as the HTML report
/// (its stylesheet, band colours and dossier section are reused), so that they work in any
/// browser, with JavaScript off, and print.
enum BrowserPages {
    static let extraStyle = """
        nav{display:flex;gap:1.2rem;align-items:baseline;border-bottom:1px solid #ccd;padding-bottom:.4rem;margin-bottom:1rem}
        nav a{color:#1d4ed8}nav .brand{font-weight:700;font-size:1.15rem;color:#1d232a;text-decoration:none}
        form.submit{display:grid;gap:.6rem;background:#f6f8fa;border:1px solid #e3e6ea;border-radius:.4rem;padding:1rem}
        form.submit textarea{width:100%;box-sizing:border-box;font:13px/1.35 ui-monospace,Menlo,monospace}
        form.submit button{justify-self:start;font-size:1rem;padding:.35rem 1.2rem}
        .problems{border-left:4px solid #a61e1e;background:#fff5f5;padding:.5rem 1rem;margin:1rem 0}
        .problems pre,.notice pre{white-space:pre-wrap;font-size:.8rem;margin:.3rem 0}
        .notice{border-left:4px solid #e6a700;background:#fffbeb;padding:.5rem 1rem;margin:1rem 0}
        footer{margin-top:2.5rem;border-top:1px solid #e3e6ea;padding-top:.4rem}
        """

    /// A whole page: navigation, the content, and a footer naming the rule set it was made with.
    static func page(title: String, snapshot: RuleSetSnapshot, body: String) -> String {
        let ruleSet = snapshot.ruleSet
        let escape = HTMLReport.escape
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>\(escape(title)) — SilkRisk</title><style>\(HTMLReport.style)
            \(extraStyle)</style></head><body>
            <nav><a class="brand" href="/">SilkRisk</a><a href="/">Score a dossier</a><a href="/portfolio">Portfolio report</a><a href="/rules">Rules in force</a></nav>
            \(body)
            <footer class="muted">Scored with \(escape(ruleSet.name)) \(escape(ruleSet.version)), \(ruleSet.rules.count) rules · rules sha256 <code class="rules-hash">\(snapshot.hash)</code> · silkrisk \(escape(Assessor.engineVersion))</footer>
            </body></html>

            """
    }

    /// What a refused dossier was refused for: one line per problem, as the command line prints it.
    static func problems(_ error: ServiceError) -> String {
        let escape = HTMLReport.escape
        let lines = error.diagnostics.isEmpty ? [error.detail] : error.diagnostics.map { ServiceError.rendered($0, name: error.inputName) }
        return """
            <section class="problems" role="alert"><h2>\(escape(error.title))</h2>
            <ul>\(lines.map { "<li><code class=\"diagnostic\">\(escape($0))</code></li>" }.joined())</ul></section>
            """
    }

    /// A banner when the last edit of the rules was refused: the rules still serving, and why.
    static func refusedEdit(_ status: RuleSetStore.Status) -> String {
        guard status.lastReload.outcome == .refused else { return "" }
        let escape = HTMLReport.escape
        let diagnostics = status.lastReload.diagnostics
        let renderer = DiagnosticRenderer()
        return """
            <section class="notice" role="status"><strong>The last edit of the rules was refused</strong> (\(diagnostics.errorCount) errors); \
            the rules loaded at \(escape(status.current.loadedAt.iso8601)) are still serving.
            <pre>\(escape(diagnostics.filter { $0.severity == .error }.map(renderer.render).joined(separator: "\n")))</pre></section>
            """
    }

    /// The start page: the submission form (with what was pasted, and the problems, when a
    /// submission was refused) and the portfolio of this run.
    static func home(
        snapshot: RuleSetSnapshot, status: RuleSetStore.Status, portfolio: Portfolio, dropped: Int, pasted: String = "",
        refusal: ServiceError? = nil
    ) -> String {
        let escape = HTMLReport.escape
        var body = "<h1>Score a dossier</h1>"
        body += refusedEdit(status)
        if let refusal { body += problems(refusal) }
        body += """
            <form class="submit" method="post" action="/" enctype="multipart/form-data">
            <label>Dossier file (XML, format 1): <input type="file" name="file" accept=".xml,application/xml,text/xml"></label>
            <label>or paste the dossier's XML:<br><textarea name="dossier" rows="14" spellcheck="false" \
            placeholder="&lt;dossier format=&quot;1&quot; id=&quot;…&quot; asOf=&quot;…&quot;&gt;…">\(escape(pasted))</textarea></label>
            <button type="submit">Score</button>
            <span class="muted">Dossiers are read exactly as <code>silkrisk explain</code> reads them; nothing a dossier points to is ever fetched.</span>
            </form>
            """
        body += portfolioTable(portfolio, dropped: dropped)
        return page(title: "Score a dossier", snapshot: snapshot, body: body)
    }

    /// The run's dossiers, ranked, each linking to its explanation.
    static func portfolioTable(_ portfolio: Portfolio, dropped: Int) -> String {
        let escape = HTMLReport.escape
        var out = ["<h2>Portfolio of this run</h2>"]
        guard !portfolio.assessments.isEmpty else {
            out.append("<p class=\"muted\">No dossier has been scored yet in this run.</p>")
            return out.joined(separator: "\n")
        }
        out.append(
            "<p class=\"muted\">\(portfolio.assessments.count) dossiers, the latest submission of each, scored with the rules serving now"
                + (dropped > 0 ? "; \(dropped) older submissions were let go to keep the portfolio bounded" : "")
                + ". <a href=\"/portfolio\">Full report</a> · <a href=\"/portfolio.json\">JSON report</a></p>")
        out.append(
            "<table class=\"portfolio\"><tr><th>#</th><th>Project</th><th>Score</th><th>Band</th><th>Could be</th><th>Known</th><th>Top reasons</th></tr>"
        )
        for (rank, a) in portfolio.assessments.enumerated() {
            let reasons = a.topReasons.map { escape($0.title) + " (+\(Format.number($0.points)))" }.joined(separator: "<br>")
            out.append(
                "<tr><td class=\"num\">\(rank + 1)</td><td><a href=\"/dossiers/\(escape(a.id))\">\(escape(a.title))</a></td><td class=\"num\">\(Format.number(a.score))</td><td>\(badge(a.band))</td><td class=\"num\">\(Format.number(a.scoreRange.lowerBound))–\(Format.number(a.scoreRange.upperBound))</td><td class=\"num\">\(Format.number(a.completeness * 100, decimals: 0))%</td><td>\(reasons.isEmpty ? "—" : reasons)</td></tr>"
            )
        }
        out.append("</table>")
        return out.joined(separator: "\n")
    }

    /// A band as the report shows it: its label on its colour.
    static func badge(_ band: Band) -> String {
        "<span class=\"band\" data-band=\"\(HTMLReport.escape(band.id))\" style=\"background:\(HTMLReport.colour(band))\">\(HTMLReport.escape(band.label))</span>"
    }

    /// The rules in force and the state of the last reload, for analysts who edit them.
    static func rules(snapshot: RuleSetSnapshot, status: RuleSetStore.Status) -> String {
        let escape = HTMLReport.escape
        let ruleSet = snapshot.ruleSet
        var body = "<h1>Rules in force</h1>"
        body += refusedEdit(status)
        body +=
            "<p class=\"muted\">\(escape(ruleSet.name)) \(escape(ruleSet.version)) · \(ruleSet.rules.count) rules from \(snapshot.files.count) files, loaded \(escape(snapshot.loadedAt.iso8601)) · last reload: \(status.lastReload.outcome.rawValue) at \(escape(status.lastReload.at.iso8601)) · <a href=\"/v1/rules\">JSON</a> · <a href=\"/v1/rules/status\">status JSON</a></p>"
        body += "<table><tr><th>Rule</th><th>Category</th><th>Points</th><th>Defined at</th></tr>"
        for rule in ruleSet.rules.sorted(by: { $0.id < $1.id }) {
            let (line, column) = rule.span.file.location(of: rule.span.start)
            body +=
                "<tr><td><strong>\(escape(rule.title))</strong> <span class=\"muted\">\(escape(rule.id))</span></td><td>\(escape(rule.category))</td><td class=\"num\">\(Format.number(rule.points))</td><td><code>\(escape(rule.span.file.path)):\(line):\(column)</code></td></tr>"
        }
        body += "</table>"
        return page(title: "Rules in force", snapshot: snapshot, body: body)
    }

    /// A page for an error met while answering a browser (an unknown address, say).
    static func error(_ error: ServiceError, snapshot: RuleSetSnapshot) -> String {
        page(title: error.title, snapshot: snapshot, body: problems(error) + "<p><a href=\"/\">Back to the start page</a></p>")
    }
}
