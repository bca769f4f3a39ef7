public import RuleLanguage
public import Scoring
import SilkDiagnostics

/// The JSON report, schema `silkrisk-report/1` (documented in docs/report-json.md). Keys are
/// sorted and numbers rounded, so the bytes are the same from run to run. Each dossier is
/// serialised on its own (in parallel, when streaming) and the document is assembled from them.
public enum JSONReport {
    public static let schema = "silkrisk-report/1"

    /// Every rule once: what a finding's `rule` id stands for.
    static func rules(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object(
            ruleSet.rules.map { rule in
                (
                    rule.id,
                    .object([
                        ("title", .string(rule.title)), ("category", .string(rule.category)), ("points", .number(rule.points)),
                        (
                            "citations",
                            .array(
                                rule.citations.map {
                                    .object([("source", .string($0.source)), ("sourceTitle", .string($0.sourceTitle)), ("quote", .string($0.quote))])
                                })
                        ),
                        ("advice", .string(rule.advice)), ("floor", .optional(rule.floor)),
                    ])
                )
            })
    }

    /// Every category once: what a dossier's category subtotal `id` stands for.
    static func categories(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object(
            ruleSet.categories.map { category in
                (
                    category.id,
                    .object([("title", .string(category.title)), ("description", .string(category.description)), ("cap", .optional(category.cap))])
                )
            })
    }

    /// Writes dossier fragments. Its top-level fields stand one to a line, each value on its line,
    /// so a portfolio of thousands stays compact and still reads line by line; keys in sorted
    /// order. What repeats from dossier to dossier — a finding's keys, its rule's category,
    /// points and id, a fact's name, a category's id — is escaped once per rule set into ready
    /// bytes, so writing a dossier copies those and escapes only its own text.
    public final class FragmentWriter: Sendable {
        /// Per rule: `{"assumed": false, "category": "…", "evidence": [` and the same with true.
        private let findingOpen: [[UInt8]]
        private let findingOpenAssumed: [[UInt8]]
        /// Per rule and status: `, "points": …, "rule": "…", "status": "…"}`.
        private let findingCloseFired: [[UInt8]]
        private let findingCloseUndecided: [[UInt8]]
        /// Per fact slot: `"fact": "…"`.
        private let factMember: [[UInt8]]
        /// Per category: `, "id": "…", "raw": `.
        private let categoryMiddle: [[UInt8]]
        /// The rule set the bytes above were made for: an assessment made with another rule set
        /// (another content hash) is written the long way.
        private let ruleSetHash: String

        public init(ruleSet: CompiledRuleSet) {
            func bytes(_ write: (JSONBytes) -> Void) -> [UInt8] {
                let w = JSONBytes(capacity: 128)
                write(w)
                return w.out.bytes
            }
            ruleSetHash = ruleSet.contentHash
            findingOpen = ruleSet.rules.map { rule in bytes { Self.findingOpen($0, category: rule.category, assumed: false) } }
            findingOpenAssumed = ruleSet.rules.map { rule in bytes { Self.findingOpen($0, category: rule.category, assumed: true) } }
            findingCloseFired = ruleSet.rules.map { rule in bytes { Self.findingClose($0, points: rule.points, rule: rule.id, status: .fired) } }
            findingCloseUndecided = ruleSet.rules.map { rule in
                bytes { Self.findingClose($0, points: rule.points, rule: rule.id, status: .undecided) }
            }
            factMember = ruleSet.facts.map { fact in bytes { Self.factMember($0, name: fact.name) } }
            categoryMiddle = ruleSet.categories.map { category in bytes { Self.categoryMiddle($0, id: category.id) } }
        }

        // The pieces that repeat, written the long way: once per rule set into ready bytes, or
        // for an assessment from another rule set.

        private static func findingOpen(_ w: JSONBytes, category: String, assumed: Bool) {
            w.raw(assumed ? "{\"assumed\": true, \"category\": " : "{\"assumed\": false, \"category\": ")
            w.string(category)
            w.raw(", \"evidence\": [")
        }

        private static func findingClose(_ w: JSONBytes, points: Double, rule: String, status: RuleStatus) {
            w.raw(", \"points\": ")
            w.number(points)
            w.raw(", \"rule\": ")
            w.string(rule)
            w.raw(", \"status\": ")
            w.string(status.rawValue)
            w.raw("}")
        }

        private static func factMember(_ w: JSONBytes, name: String) {
            w.raw("\"fact\": ")
            w.string(name)
        }

        private static func categoryMiddle(_ w: JSONBytes, id: String) {
            w.raw(", \"id\": ")
            w.string(id)
            w.raw(", \"raw\": ")
        }

        public func fragment(_ a: Assessment) -> [UInt8] {
            sink(a).bytes
        }

        /// The fragment in the sink it was written into, for a writer that copies it on.
        package func sink(_ a: Assessment) -> ByteSink {
            let known = a.stamp.ruleSetHash == ruleSetHash
            let w = JSONBytes(capacity: 16384)
            w.raw("    {")
            w.field("band") { $0.string(a.band.id) }
            w.field("bandByPoints") { $0.string(a.bandByPoints.id) }
            w.field("bandLabel") { $0.string(a.band.label) }
            w.field("bandRange") { w in
                w.array([a.bandRange.low.id, a.bandRange.high.id]) { $0.string($1) }
            }
            w.field("categories") { w in
                w.raw("[")
                for (index, c) in a.categories.enumerated() {
                    if index > 0 { w.raw(", ") }
                    w.raw("{\"counted\": ")
                    w.number(c.counted)
                    if known {
                        w.bytes(categoryMiddle[index])
                    } else {
                        Self.categoryMiddle(w, id: c.id)
                    }
                    w.number(c.raw)
                    w.raw("}")
                }
                w.raw("]")
            }
            w.field("clampAdjustment") { $0.number(a.clampAdjustment) }
            w.field("completeness") { $0.number(a.completeness) }
            w.field("dataProblems") { w in
                w.array(a.dataProblems) { w, p in
                    w.object { o in
                        o.member("line") { $0.integer(p.lineAndColumn?.line ?? 1) }
                        o.member("message") { $0.string(p.message) }
                    }
                }
            }
            w.field("dossierSha256") { $0.string(a.stamp.dossierHash) }
            w.field("file") { $0.string(a.file) }
            w.field("findings") { w in w.array(a.findings) { finding($0, $1, known: known) } }
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
            w.field("undecided", last: true) { w in w.array(a.undecided) { finding($0, $1, known: known) } }
            w.raw("\n    }")
            return w.out
        }

        /// A finding carries what varies by dossier; what belongs to the rule (title, quotes,
        /// advice, floor) is given once, under the document's `rules`.
        private func finding(_ w: JSONBytes, _ f: Finding, known: Bool) {
            let rule = f.ruleIndex
            if known {
                w.bytes(f.assumed ? findingOpenAssumed[rule] : findingOpen[rule])
            } else {
                Self.findingOpen(w, category: f.category, assumed: f.assumed)
            }
            // Straight from the evidence sheet, without building evidence items.
            let sheet = f.sheet
            for (index, slot) in f.evidenceSlots.enumerated() {
                if index > 0 { w.raw(", ") }
                let proof = sheet.provenance[slot]
                w.raw("{")
                if let basis = proof?.basis {
                    w.raw("\"basis\": ")
                    w.string(basis)
                    w.raw(", ")
                }
                if known {
                    w.bytes(factMember[slot])
                } else {
                    Self.factMember(w, name: sheet.names[slot])
                }
                if let list = f.compiled.listRead(slot), case .list? = sheet.values[slot] {
                    w.raw(", \"items\": ")
                    JSONReport.listItems(w, sheet, slot: slot, list)
                }
                if let line = proof?.line {
                    w.raw(", \"line\": ")
                    w.integer(line)
                }
                if let sources = proof?.sources, !sources.isEmpty {
                    w.raw(", \"sources\": ")
                    w.array(sources) { $0.string($1) }
                }
                w.raw(", \"value\": ")
                w.string(sheet.value(slot))
                w.raw("}")
            }
            w.raw("], \"message\": ")
            w.string(f.message)
            if known {
                w.bytes(f.status == .fired ? findingCloseFired[rule] : findingCloseUndecided[rule])
            } else {
                Self.findingClose(w, points: f.points, rule: f.rule, status: f.status)
            }
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
        closingHead(out, failures: failures)
        for (index, key) in ranking.enumerated() {
            var id = key.id
            id.withUTF8 { rankingRow(out, rank: index + 1, band: key.band.id, file: key.file, id: $0, score: key.score) }
        }
        closingTail(out, ruleSet: ruleSet, rankingIsEmpty: ranking.isEmpty)
        return out.string
    }

    /// The closing up to the first row of `ranking`: the end of `dossiers`, then `engineVersion`
    /// and `failures`. `closing` writes it, and so does the streamed report, which then writes
    /// its rows a sinkful at a time instead of holding the whole ranking's text.
    package static func closingHead(_ out: ByteSink, failures: [FailedDossier]) {
        out.append("\n  ],\n  \"engineVersion\": ")
        JSONValue.string(Assessor.engineVersion).write(to: out, depth: 1)
        out.append(",\n  \"failures\": ")
        JSONValue.array(
            failures.map { failure in
                .object([
                    ("file", .string(failure.file)),
                    (
                        "errors",
                        .array(
                            failure.diagnostics.map {
                                .object([("id", .string($0.id.rawValue)), ("message", .string($0.message)), ("position", .string($0.position))])
                            })
                    ),
                ])
            }
        ).write(to: out, depth: 1)
        out.append(",\n  \"ranking\": [")
    }

    /// One row of `ranking`, with what comes before it (rank 1 opens the list), for `closing`
    /// and the streamed report alike. The id comes as UTF-8 bytes: the streamed report keeps
    /// its ids as bytes, not strings.
    package static func rankingRow(_ out: ByteSink, rank: Int, band: String, file: String, id: UnsafeBufferPointer<UInt8>, score: Double) {
        out.append(rank == 1 ? "\n    " : ",\n    ")
        // {"band": …, "file": …, "id": …, "rank": …, "score": …}, keys in sorted order.
        out.append("{\"band\": ")
        out.append(jsonString: band)
        out.append(", \"file\": ")
        out.append(jsonString: file)
        out.append(", \"id\": ")
        out.append(jsonString: id)
        out.append(", \"rank\": ")
        out.append(integer: rank)
        out.append(", \"score\": ")
        out.append(number: score)
        out.append("}")
    }

    /// The closing after the last row of `ranking`: the end of `ranking`, then `ruleSet`,
    /// `rules` and `schema`.
    package static func closingTail(_ out: ByteSink, ruleSet: CompiledRuleSet, rankingIsEmpty: Bool) {
        out.append(rankingIsEmpty ? "]" : "\n  ]")
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
    }

    /// The whole report: dossiers in the order the files were given (so that two runs diff
    /// dossier by dossier), then the `ranking`. The streaming writer produces the same bytes.
    public static func render(_ portfolio: Portfolio) -> String {
        var out = Array(opening(ruleSet: portfolio.ruleSet).utf8)
        let writer = FragmentWriter(ruleSet: portfolio.ruleSet)
        for (index, assessment) in portfolio.inputOrder.enumerated() {
            if index > 0 { out += Array(",\n".utf8) }
            out += writer.fragment(assessment)
        }
        return String(decoding: out, as: UTF8.self)
            + closing(ruleSet: portfolio.ruleSet, ranking: portfolio.assessments.map(RankKey.init), failures: portfolio.failures)
    }
}
