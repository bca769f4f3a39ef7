public import RuleLanguage
public import Scoring
import SilkDiagnostics

/// The JSON report, schema `silkrisk-report/3` (documented in docs/report-json.md). Keys are
/// sorted and numbers rounded, so the bytes are the same from run to run. Each dossier is
/// serialised on its own (in parallel, when streaming) by an `EntryWriter`, and the document is
/// assembled from them.
public enum JSONReport {
    public static let schema = "silkrisk-report/3"

    /// How much of each dossier the report carries: `compact` (the default of `score`: the
    /// verdict, findings by rule id with their evidence references, undecided rule ids, the
    /// facts to collect first; one line per dossier) or `full` (everything: messages, every
    /// evidence item with its list items, category subtotals, all missing facts).
    public enum Detail: String, Sendable, CaseIterable {
        case compact, full

        /// The missing facts an assessment needs for this detail: a compact entry names only the
        /// first few (`collectFirst`), so only those are worked out.
        public var stakes: Stakes { self == .full ? .all : .first(JSONReport.collectFirstCount) }
        /// Whether the entries show findings' messages (and an assessment's notes): a compact
        /// entry names findings by rule id, so its assessments need not fill messages in.
        public var showsMessages: Bool { self == .full }
        /// Whether the entries show each dossier's SHA-256: only the full entry's `stamp` does.
        public var showsDossierHash: Bool { self == .full }
    }

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
                        ("advice", .string(rule.advice)), ("floor", .optional(rule.floor)), ("decisive", .bool(rule.decisive)),
                        ("offsets", .array(rule.offsets.map(JSONValue.string))),
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

    /// The scoring model: the bands, the decisive floor, and when a dossier is undetermined.
    static func scoring(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object([
            (
                "bands",
                .array(ruleSet.bands.map { .object([("from", .number($0.from)), ("id", .string($0.id)), ("label", .string($0.label))]) })
            ),
            ("decisiveFloor", .optional(ruleSet.decisiveFloor)),
            (
                "undetermined",
                ruleSet.undetermined.map {
                    .object([("id", .string(UndeterminedVerdict.id)), ("label", .string($0.label)), ("when", .string($0.text))])
                }
                    ?? .null
            ),
        ])
    }

    /// The document's opening, up to the first dossier: the keys before `dossiers` in sorted order.
    public static func opening(ruleSet: CompiledRuleSet, detail: Detail) -> String {
        let out = ByteSink()
        out.append("{\n  \"categories\": ")
        categories(ruleSet).write(to: out, depth: 1, compactBelow: 2)
        out.append(",\n  \"detail\": ")
        out.append(jsonString: detail.rawValue)
        out.append(",\n  \"dossiers\": [\n")
        return out.string
    }

    /// The document's end: closes `dossiers`, then the remaining keys in sorted order.
    public static func closing(ruleSet: CompiledRuleSet, detail: Detail, ranking: [RankKey], failures: [FailedDossier]) -> String {
        let out = ByteSink(capacity: 64 + ranking.count * 128)
        closingHead(out, failures: failures)
        for (index, key) in ranking.enumerated() {
            var id = key.id
            id.withUTF8 {
                switch detail {
                case .full:
                    rankingRow(out, rank: index + 1, band: key.band.id, file: key.file, id: $0, score: key.score, upperScore: key.upperScore)
                case .compact:
                    rankingID(out, rank: index + 1, id: $0)
                }
            }
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
        JSONValue.array(failures.map(failure)).write(to: out, depth: 1)
        out.append(",\n  \"ranking\": [")
    }

    /// A dossier that could not be scored: its file and every located error.
    static func failure(_ failure: FailedDossier) -> JSONValue {
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

    /// One row of `ranking`, with what comes before it (rank 1 opens the list), for `closing`
    /// and the streamed report alike. The id comes as UTF-8 bytes: the streamed report keeps
    /// its ids as bytes, not strings.
    package static func rankingRow(
        _ out: ByteSink, rank: Int, band: String, file: String, id: UnsafeBufferPointer<UInt8>, score: Double, upperScore: Double
    ) {
        out.append(rank == 1 ? "\n    " : ",\n    ")
        // {"band": …, "file": …, "id": …, "rank": …, "score": …, "scoreRangeHigh": …}, keys in
        // sorted order.
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
        out.append(", \"scoreRangeHigh\": ")
        out.append(number: upperScore)
        out.append("}")
    }

    /// One id of the compact report's `ranking` (the dossiers' ids, best first: each dossier's
    /// entry gives its score and band), with what comes before it.
    package static func rankingID(_ out: ByteSink, rank: Int, id: UnsafeBufferPointer<UInt8>) {
        out.append(rank == 1 ? "\n    " : ",\n    ")
        out.append(jsonString: id)
    }

    /// The closing after the last row of `ranking`: the end of `ranking`, then `ruleSet`,
    /// `rules`, `schema` and `scoring`.
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
        out.append(",\n  \"scoring\": ")
        scoring(ruleSet).write(to: out, depth: 1, compactBelow: 3)
        out.append("\n}\n")
    }

    /// The whole report: dossiers in the order the files were given (so that two runs diff
    /// dossier by dossier), then the `ranking`. The streaming writer produces the same bytes.
    /// `full` detail is the default here: the service's batch answer and `explain` give it.
    public static func render(_ portfolio: Portfolio, detail: Detail = .full) -> String {
        var out = Array(opening(ruleSet: portfolio.ruleSet, detail: detail).utf8)
        let writer = EntryWriter(ruleSet: portfolio.ruleSet, detail: detail)
        for (index, assessment) in portfolio.inputOrder.enumerated() {
            if index > 0 { out += Array(",\n".utf8) }
            out += writer.entry(assessment).bytes
        }
        return String(decoding: out, as: UTF8.self)
            + closing(
                ruleSet: portfolio.ruleSet, detail: detail, ranking: portfolio.assessments.map(RankKey.init), failures: portfolio.failures)
    }
}
