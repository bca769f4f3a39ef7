/// The JSON report, schema `silkrisk-report/1` (documented in docs/report-json.md). Keys are
/// sorted and numbers rounded, so the bytes are the same from run to run. Each dossier is
/// serialised on its own (in parallel, when streaming) and the document is assembled from them.
public enum JSONReport {
    public static let schema = "silkrisk-report/1"

    /// Every rule once: what a finding's `rule` id stands for.
    static func rules(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object(ruleSet.rules.map { rule in
            (rule.id, .object([
                ("title", .string(rule.title)), ("category", .string(rule.category)), ("points", .number(rule.points)),
                ("citations", .array(rule.citations.map { .object([("source", .string($0.source)), ("sourceTitle", .string($0.sourceTitle)), ("quote", .string($0.quote))]) })),
                ("advice", .string(rule.advice)), ("floor", .optional(rule.floor)),
            ]))
        })
    }

    /// Every category once: what a dossier's category subtotal `id` stands for.
    static func categories(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object(ruleSet.categories.map { category in
            (category.id, .object([("title", .string(category.title)), ("description", .string(category.description)), ("cap", .optional(category.cap))]))
        })
    }

    /// One dossier's JSON, indented to sit inside the document's `dossiers` array. Its top-level
    /// fields stand one to a line, each value on its line, so a portfolio of thousands stays
    /// compact and still reads line by line. Written straight to bytes, keys in sorted order.
    public static func fragment(_ a: Assessment) -> [UInt8] {
        var w = JSONBytes()
        w.out.reserveCapacity(6144)
        w.raw("    {")
        w.field("band") { $0.string(a.band.id) }
        w.field("bandByPoints") { $0.string(a.bandByPoints.id) }
        w.field("bandLabel") { $0.string(a.band.label) }
        w.field("bandRange") { w in
            w.array([a.bandRange.low.id, a.bandRange.high.id]) { $0.string($1) }
        }
        w.field("categories") { w in
            w.array(a.categories) { w, c in
                w.object { o in
                    o.member("counted") { $0.number(c.counted) }
                    o.member("id") { $0.string(c.id) }
                    o.member("raw") { $0.number(c.raw) }
                }
            }
        }
        w.field("clampAdjustment") { $0.number(a.clampAdjustment) }
        w.field("completeness") { $0.number(a.completeness) }
        w.field("dataProblems") { w in
            w.array(a.dataProblems) { w, p in
                w.object { o in
                    o.member("line") { $0.number(Double(p.line)) }
                    o.member("message") { $0.string(p.message) }
                }
            }
        }
        w.field("dossierSha256") { $0.string(a.stamp.dossierHash) }
        w.field("file") { $0.string(a.file) }
        w.field("findings") { w in w.array(a.findings) { finding(&$0, $1) } }
        w.field("floorsApplied") { w in w.array(a.floorsApplied) { $0.string($1) } }
        w.field("id") { $0.string(a.id) }
        w.field("missingFacts") { w in
            w.array(a.missingFacts) { w, m in
                w.object { o in
                    o.member("fact") { $0.string(m.fact) }
                    o.member("pointsAtStake") { $0.number(m.pointsAtStake) }
                    o.member("rules") { w in w.array(m.rules) { $0.string($1) } }
                }
            }
        }
        w.field("notes") { w in w.array(a.notes) { $0.string($1) } }
        w.field("score") { $0.number(a.score) }
        w.field("scoreRange") { w in
            w.object { o in
                o.member("high") { $0.number(a.scoreRange.upperBound) }
                o.member("low") { $0.number(a.scoreRange.lowerBound) }
            }
        }
        w.field("status") { w in
            if let status = a.status { w.string(status) } else { w.raw("null") }
        }
        w.field("title") { $0.string(a.title) }
        w.field("total") { $0.number(a.total) }
        w.field("undecided", last: true) { w in w.array(a.undecided) { finding(&$0, $1) } }
        w.raw("\n    }")
        return w.out
    }

    /// A finding carries what varies by dossier; what belongs to the rule (title, quotes, advice,
    /// floor) is given once, under the document's `rules`.
    static func finding(_ w: inout JSONBytes, _ f: Finding) {
        w.object { o in
            o.member("assumed") { $0.raw(f.assumed ? "true" : "false") }
            o.member("category") { $0.string(f.category) }
            o.member("evidence") { w in
                w.array(f.evidence) { w, item in
                    w.object { o in
                        if let basis = item.basis { o.member("basis") { $0.string(basis) } }
                        o.member("fact") { $0.string(item.fact) }
                        if let line = item.line { o.member("line") { $0.number(Double(line)) } }
                        if !item.sources.isEmpty { o.member("sources") { w in w.array(item.sources) { $0.string($1) } } }
                        o.member("value") { $0.string(item.value) }
                    }
                }
            }
            o.member("message") { $0.string(f.message) }
            o.member("points") { $0.number(f.points) }
            o.member("rule") { $0.string(f.rule) }
            o.member("status") { $0.string(f.status.rawValue) }
        }
    }

    /// The document's opening, up to the first dossier: the keys before `dossiers` in sorted order.
    public static func opening(ruleSet: CompiledRuleSet) -> String {
        var out: [UInt8] = Array("{\n  \"categories\": ".utf8)
        categories(ruleSet).write(to: &out, depth: 1, compactBelow: 2)
        out += Array(",\n  \"dossiers\": [\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// The document's end: closes `dossiers`, then the remaining keys in sorted order.
    public static func closing(ruleSet: CompiledRuleSet, ranking: [RankKey], failures: [FailedDossier]) -> String {
        var out: [UInt8] = Array("\n  ],\n  \"engineVersion\": ".utf8)
        JSONValue.string(Assessor.engineVersion).write(to: &out, depth: 1)
        out += Array(",\n  \"failures\": ".utf8)
        JSONValue.array(failures.map { failure in
            .object([
                ("file", .string(failure.file)),
                ("errors", .array(failure.diagnostics.map { .object([("id", .string($0.id)), ("message", .string($0.message)), ("position", .string($0.position))]) })),
            ])
        }).write(to: &out, depth: 1)
        out += Array(",\n  \"ranking\": [".utf8)
        for (index, key) in ranking.enumerated() {
            out += Array((index == 0 ? "\n    " : ",\n    ").utf8)
            JSONValue.object([
                ("rank", .number(Double(index + 1))), ("id", .string(key.id)), ("file", .string(key.file)), ("score", .number(key.score)),
                ("band", .string(key.band.id)),
            ]).writeCompact(to: &out)
        }
        out += Array((ranking.isEmpty ? "]" : "\n  ]").utf8)
        out += Array(",\n  \"ruleSet\": ".utf8)
        JSONValue.object([
            ("name", .string(ruleSet.name)), ("version", .string(ruleSet.version)), ("sha256", .string(ruleSet.contentHash)),
            ("rules", .number(Double(ruleSet.rules.count))),
        ]).write(to: &out, depth: 1)
        out += Array(",\n  \"rules\": ".utf8)
        rules(ruleSet).write(to: &out, depth: 1, compactBelow: 2)
        out += Array(",\n  \"schema\": ".utf8)
        JSONValue.string(schema).write(to: &out, depth: 1)
        out += Array("\n}\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// The whole report: dossiers in the order the files were given (so that two runs diff
    /// dossier by dossier), then the `ranking`. The streaming writer produces the same bytes.
    public static func render(_ portfolio: Portfolio) -> String {
        var out = Array(opening(ruleSet: portfolio.ruleSet).utf8)
        for (index, assessment) in portfolio.inputOrder.enumerated() {
            if index > 0 { out += Array(",\n".utf8) }
            out += fragment(assessment)
        }
        return String(decoding: out, as: UTF8.self)
            + closing(ruleSet: portfolio.ruleSet, ranking: portfolio.assessments.map(RankKey.init), failures: portfolio.failures)
    }
}
