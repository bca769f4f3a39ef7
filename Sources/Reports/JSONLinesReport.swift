public import RuleLanguage
public import Scoring
import SilkDiagnostics

/// The JSON Lines report (`score --format jsonl`, docs/report-json.md): one JSON object per
/// line, for pipelines. The first line is `{"header": {…}}`: the run and the rule set (the same
/// `categories`, `detail`, `engineVersion`, `ruleSet`, `rules`, `schema` and `scoring` as the
/// JSON document). Then, in input order, `{"assessment": {…}}` for each dossier scored (its
/// entry at the report's detail, self-contained but for the rule texts of the header) and
/// `{"failure": {…}}` for each one that could not be; the paths that gave no dossier last.
public enum JSONLinesReport {
    /// The first line, with its line break.
    public static func header(ruleSet: CompiledRuleSet, detail: JSONReport.Detail) -> String {
        let out = ByteSink(capacity: 1 << 16)
        out.append("{\"header\": ")
        JSONValue.object([
            ("categories", JSONReport.categories(ruleSet)),
            ("detail", .string(detail.rawValue)),
            ("engineVersion", .string(Assessor.engineVersion)),
            (
                "ruleSet",
                .object([
                    ("name", .string(ruleSet.name)), ("rules", .number(Double(ruleSet.rules.count))), ("sha256", .string(ruleSet.contentHash)),
                    ("version", .string(ruleSet.version)),
                ])
            ),
            ("rules", JSONReport.rules(ruleSet)),
            ("schema", .string(JSONReport.schema)),
            ("scoring", JSONReport.scoring(ruleSet)),
        ]).writeCompact(to: out)
        out.append("}\n")
        return out.string
    }

    /// `{"assessment": …}` and a line break, from the entry's one-line form.
    package static func assessment(_ out: ByteSink, entry: ByteSink) {
        out.append("{\"assessment\": ")
        entry.withBytes { out.append(UnsafeRawBufferPointer($0)) }
        out.append("}\n")
    }

    /// `{"failure": {"errors": […], "file": …}}` and a line break.
    package static func failure(_ out: ByteSink, _ failure: FailedDossier) {
        out.append("{\"failure\": ")
        JSONReport.failure(failure).writeCompact(to: out)
        out.append("}\n")
    }

    /// The whole report from a portfolio scored in memory (`explain` on a record format's
    /// file). The streamed report writes the same lines; here the failures cannot be placed
    /// among the assessments, and all come after them.
    public static func render(_ portfolio: Portfolio, detail: JSONReport.Detail) -> String {
        let out = ByteSink(capacity: 1 << 16)
        out.append(string: header(ruleSet: portfolio.ruleSet, detail: detail))
        let writer = JSONReport.EntryWriter(ruleSet: portfolio.ruleSet, detail: detail)
        for scored in portfolio.inputOrder { Self.assessment(out, entry: writer.line(scored)) }
        for failed in portfolio.failures { Self.failure(out, failed) }
        return out.string
    }
}
