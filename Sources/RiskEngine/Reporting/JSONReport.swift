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
        let w = JSONBytes(capacity: 16384)
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
                    o.member("line") { $0.integer(p.line) }
                    o.member("message") { $0.string(p.message) }
                }
            }
        }
        w.field("dossierSha256") { $0.string(a.stamp.dossierHash) }
        w.field("file") { $0.string(a.file) }
        w.field("findings") { w in w.array(a.findings) { finding($0, $1) } }
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
        w.field("undecided", last: true) { w in w.array(a.undecided) { finding($0, $1) } }
        w.raw("\n    }")
        return w.out.bytes
    }

    /// A finding carries what varies by dossier; what belongs to the rule (title, quotes, advice,
    /// floor) is given once, under the document's `rules`.
    static func finding(_ w: JSONBytes, _ f: Finding) {
        w.object { o in
            o.member("assumed") { $0.raw(f.assumed ? "true" : "false") }
            o.member("category") { $0.string(f.category) }
            o.member("evidence") { w in
                // Straight from the evidence sheet, without building evidence items.
                let sheet = f.sheet
                w.array(f.evidenceSlots) { w, slot in
                    let proof = sheet.provenance[slot]
                    w.object { o in
                        if let basis = proof?.basis { o.member("basis") { $0.string(basis) } }
                        o.member("fact") { $0.string(sheet.names[slot]) }
                        if let line = proof?.line { o.member("line") { $0.integer(line) } }
                        if let sources = proof?.sources, !sources.isEmpty { o.member("sources") { w in w.array(sources) { $0.string($1) } } }
                        o.member("value") { $0.string(sheet.shown[slot] ?? "unknown") }
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
        let out = ByteSink()
        out.append("{\n  \"categories\": ")
        categories(ruleSet).write(to: out, depth: 1, compactBelow: 2)
        out.append(",\n  \"dossiers\": [\n")
        return out.string
    }

    /// The document's end: closes `dossiers`, then the remaining keys in sorted order.
    public static func closing(ruleSet: CompiledRuleSet, ranking: [RankKey], failures: [FailedDossier]) -> String {
        let out = ByteSink(capacity: 64 + ranking.count * 128)
        out.append("\n  ],\n  \"engineVersion\": ")
        JSONValue.string(Assessor.engineVersion).write(to: out, depth: 1)
        out.append(",\n  \"failures\": ")
        JSONValue.array(failures.map { failure in
            .object([
                ("file", .string(failure.file)),
                ("errors", .array(failure.diagnostics.map { .object([("id", .string($0.id)), ("message", .string($0.message)), ("position", .string($0.position))]) })),
            ])
        }).write(to: out, depth: 1)
        out.append(",\n  \"ranking\": [")
        for (index, key) in ranking.enumerated() {
            out.append(index == 0 ? "\n    " : ",\n    ")
            // {"band": …, "file": …, "id": …, "rank": …, "score": …}, keys in sorted order.
            out.append("{\"band\": ")
            out.append(jsonString: key.band.id)
            out.append(", \"file\": ")
            out.append(jsonString: key.file)
            out.append(", \"id\": ")
            out.append(jsonString: key.id)
            out.append(", \"rank\": ")
            out.append(integer: index + 1)
            out.append(", \"score\": ")
            out.append(number: key.score)
            out.append("}")
        }
        out.append(ranking.isEmpty ? "]" : "\n  ]")
        out.append(",\n  \"ruleSet\": ")
        JSONValue.object([
            ("name", .string(ruleSet.name)), ("version", .string(ruleSet.version)), ("sha256", .string(ruleSet.contentHash)),
            ("rules", .number(Double(ruleSet.rules.count))),
        ]).write(to: out, depth: 1)
        out.append(",\n  \"rules\": ")
        rules(ruleSet).write(to: out, depth: 1, compactBelow: 2)
        out.append(",\n  \"schema\": ")
        JSONValue.string(schema).write(to: out, depth: 1)
        out.append("\n}\n")
        return out.string
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
