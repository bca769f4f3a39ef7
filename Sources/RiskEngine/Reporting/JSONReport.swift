/// The JSON report, schema `silkrisk-report/1` (documented in docs/report-json.md). Keys are
/// sorted and numbers rounded, so the bytes are the same from run to run. Each dossier is
/// serialised on its own (in parallel, when streaming) and the document is assembled from them.
public enum JSONReport {
    public static let schema = "silkrisk-report/1"

    /// A finding carries what varies by dossier; what belongs to the rule (title, quotes, advice,
    /// floor) is given once, under the document's `rules`.
    static func finding(_ f: Finding) -> JSONValue {
        .object([
            ("assumed", .bool(f.assumed)), ("category", .string(f.category)),
            ("evidence", .array(f.evidence.map { item in
                var members: [(String, JSONValue)] = []
                if let basis = item.basis { members.append(("basis", .string(basis))) }
                members.append(("fact", .string(item.fact)))
                if let line = item.line { members.append(("line", .number(Double(line)))) }
                members.append(("value", .string(item.value)))
                return .object(members)
            })),
            ("message", .string(f.message)), ("points", .number(f.points)), ("rule", .string(f.rule)), ("status", .string(f.status.rawValue)),
        ])
    }

    /// Every rule once: what a finding's `rule` id stands for.
    static func rules(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object(ruleSet.rules.map { rule in
            (rule.id, .object([
                ("title", .string(rule.title)), ("category", .string(rule.category)), ("points", .number(rule.points)),
                ("citations", .array(rule.citations.map { .object([("source", .string($0.source)), ("quote", .string($0.quote))]) })),
                ("advice", .string(rule.advice)), ("floor", .optional(rule.floor)),
            ]))
        })
    }

    static func dossier(_ a: Assessment) -> JSONValue {
        .object([
            ("id", .string(a.id)), ("file", .string(a.file)), ("title", .string(a.title)), ("status", .optional(a.status)),
            ("score", .number(a.score)), ("band", .string(a.band.id)), ("bandLabel", .string(a.band.label)),
            ("bandByPoints", .string(a.bandByPoints.id)), ("floorsApplied", .array(a.floorsApplied.map(JSONValue.string))),
            ("scoreRange", .object([("low", .number(a.scoreRange.lowerBound)), ("high", .number(a.scoreRange.upperBound))])),
            ("bandRange", .array([.string(a.bandRange.low.id), .string(a.bandRange.high.id)])),
            ("completeness", .number(a.completeness)), ("total", .number(a.total)), ("clampAdjustment", .number(a.clampAdjustment)),
            ("categories", .array(a.categories.map { c in
                .object([("id", .string(c.id)), ("title", .string(c.title)), ("raw", .number(c.raw)), ("cap", .optional(c.cap)), ("counted", .number(c.counted))])
            })),
            ("findings", .array(a.findings.map(finding))), ("undecided", .array(a.undecided.map(finding))),
            ("missingFacts", .array(a.missingFacts.map { m in
                .object([("fact", .string(m.fact)), ("pointsAtStake", .number(m.pointsAtStake)), ("rules", .array(m.rules.map(JSONValue.string)))])
            })),
            ("dataProblems", .array(a.dataProblems.map { .object([("line", .number(Double($0.line))), ("message", .string($0.message))]) })),
            ("notes", .array(a.notes.map(JSONValue.string))),
            ("dossierSha256", .string(a.stamp.dossierHash)),
        ])
    }

    /// One dossier's JSON, indented to sit inside the document's `dossiers` array. Its top-level
    /// fields stand one to a line; each field's value is on that line, so a portfolio of
    /// thousands stays compact and still reads line by line.
    public static func fragment(_ assessment: Assessment) -> [UInt8] {
        var out: [UInt8] = Array("    ".utf8)
        out.reserveCapacity(8192)
        dossier(assessment).write(to: &out, depth: 2, compactBelow: 3)
        return out
    }

    /// The document's opening, up to the first dossier.
    public static let opening = "{\n  \"dossiers\": [\n"

    /// The document's end: closes `dossiers`, then the remaining keys in sorted order.
    public static func closing(ruleSet: CompiledRuleSet, failures: [FailedDossier]) -> String {
        var out: [UInt8] = Array("\n  ],\n  \"engineVersion\": ".utf8)
        JSONValue.string(Assessor.engineVersion).write(to: &out, depth: 1)
        out += Array(",\n  \"failures\": ".utf8)
        JSONValue.array(failures.map { failure in
            .object([
                ("file", .string(failure.file)),
                ("errors", .array(failure.diagnostics.map { .object([("id", .string($0.id)), ("message", .string($0.message)), ("position", .string($0.position))]) })),
            ])
        }).write(to: &out, depth: 1)
        out += Array(",\n  \"rules\": ".utf8)
        rules(ruleSet).write(to: &out, depth: 1, compactBelow: 2)
        out += Array(",\n  \"ruleSet\": ".utf8)
        JSONValue.object([
            ("name", .string(ruleSet.name)), ("version", .string(ruleSet.version)), ("sha256", .string(ruleSet.contentHash)),
            ("rules", .number(Double(ruleSet.rules.count))),
        ]).write(to: &out, depth: 1)
        out += Array(",\n  \"schema\": ".utf8)
        JSONValue.string(schema).write(to: &out, depth: 1)
        out += Array("\n}\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// The whole report. The streaming writer produces the same bytes piece by piece.
    public static func render(_ portfolio: Portfolio) -> String {
        var out = Array(opening.utf8)
        for (index, assessment) in portfolio.assessments.enumerated() {
            if index > 0 { out += Array(",\n".utf8) }
            out += fragment(assessment)
        }
        return String(decoding: out, as: UTF8.self) + closing(ruleSet: portfolio.ruleSet, failures: portfolio.failures)
    }
}
