import Reports
import RuleLanguage
import Scoring

/// The what-if report: text, Markdown or JSON (schema `silkrisk-whatif/1`, docs/workbench.md).
package enum WhatIfReport {
    static let schema = "silkrisk-whatif/1"

    package static func write(_ w: WhatIf, format: DiffFormat, colour: Bool = false, to sink: ReportSink) {
        switch format {
        case .json: json(w).write(to: sink.bytes, depth: 0, compactBelow: 3)
        case .markdown: markdown(w, sink)
        case .text, .html: text(w, TextReport(colour: colour), sink)
        }
        if format == .json { sink.line() }
    }

    private static func text(_ w: WhatIf, _ t: TextReport, _ sink: ReportSink) {
        let a = w.assessment
        sink.line(t.bold("What if — \(a.title)") + "  [\(a.id)]  \(a.file)")
        sink.line("rules \(w.ruleSet.name) \(w.ruleSet.version), sha256:\(w.ruleSet.contentHash)")
        sink.line("Now:     \(Format.number(w.start.score)) " + t.paint(w.verdict(w.start), w.verdictBand(w.start)) + "; " + w.range(w.start))
        sink.line("Goal:    \(w.goalText)")
        guard w.goal != nil else { return }
        sink.line("Search:  \(w.searched)")
        sink.line()
        guard let best = w.result.solutions.first else {
            sink.line(t.bold("No set of up to \(Wording.count(w.maxChanges, "change")) to changeable facts reaches the goal."))
            if let any = w.anyBand?.solutions.first {
                sink.line()
                solution(w, any, t, sink, heading: "What would band it, in a higher band: \(Wording.count(any.changes.count, "change"))")
            } else if w.anyBand != nil {
                sink.line("No such set bands it at all.")
            }
            sink.line()
            collect(w, sink, bullet: "  - ")
            return
        }
        solution(w, best, t, sink, heading: "Smallest set: \(Wording.count(best.changes.count, "change"))")
        let others = w.result.solutions.dropFirst()
        if !others.isEmpty {
            sink.line()
            sink.line(t.bold("Other sets of \(Wording.count(best.changes.count, "change")), next best first"))
            for other in others {
                let changes = other.changes.map { w.describe($0) }.map { "\($0.place): \($0.from) → \($0.to)" }.joined(separator: "; ")
                sink.line("  → \(Format.number(other.outcome.score)) \(w.verdict(other.outcome)): \(changes)")
            }
        }
    }

    private static func solution(_ w: WhatIf, _ s: WhatIfSolution, _ t: TextReport, _ sink: ReportSink, heading: String) {
        sink.line(t.bold(heading) + " → \(Format.number(s.outcome.score)) " + t.paint(w.verdict(s.outcome), w.verdictBand(s.outcome)))
        for (index, change) in s.changes.enumerated() {
            let text = w.describe(change)
            sink.line("  \(index + 1). \(text.place): \(text.from) → \(text.to)" + (text.kind == "set" ? "" : "  (\(text.kind))"))
        }
        let rules = w.ruleChanges(s)
        sink.line("  turns off: " + (rules.off.isEmpty ? "none" : rules.off.joined(separator: ", ")))
        sink.line("  turns on:  " + (rules.on.isEmpty ? "none" : rules.on.joined(separator: ", ")))
        if !rules.other.isEmpty { sink.line("  also:      " + rules.other.joined(separator: ", ")) }
        sink.line("  then:      \(w.range(s.outcome))" + (w.holdsInWorstCase(s) ? "; the goal holds in the worst case too" : ""))
    }

    private static func collect(_ w: WhatIf, _ sink: ReportSink, bullet: String) {
        if !w.start.undetermined {
            let fixed = w.fixedObstacles
            sink.line("Fired rules no changeable fact decides: " + (fixed.isEmpty ? "none" : fixed.joined(separator: ", ")) + ".")
            return
        }
        let facts = w.factsToCollect
        guard !facts.isEmpty else { return }
        sink.line("What would band it: the facts it lacks, most points at stake first (changeable or not):")
        for fact in facts {
            sink.line(
                "\(bullet)\(fact.fact): \(Wording.points(fact.pointsAtStake)) at stake (score \(Wording.range(fact.scoreIfKnown)) once known)")
        }
    }

    private static func markdown(_ w: WhatIf, _ sink: ReportSink) {
        let a = w.assessment
        func e(_ text: String) -> String { MarkdownReport.escape(text) }
        sink.line("# What if — \(e(a.title)) (`\(a.id)`)")
        sink.line()
        sink.line("`\(a.file)`; rules \(e(w.ruleSet.name)) \(e(w.ruleSet.version)), sha256 `\(w.ruleSet.contentHash)`.")
        sink.line()
        sink.line("- **Now:** \(Format.number(w.start.score)) \(e(w.verdict(w.start))); \(e(w.range(w.start)))")
        sink.line("- **Goal:** \(e(w.goalText))")
        guard w.goal != nil else { return }
        sink.line("- **Search:** \(e(w.searched))")
        sink.line()
        var solutions = w.result.solutions
        if solutions.isEmpty {
            sink.line("**No set of up to \(Wording.count(w.maxChanges, "change")) to changeable facts reaches the goal.**")
            sink.line()
            if let any = w.anyBand?.solutions.first { solutions = [any] }
        }
        for (rank, s) in solutions.enumerated() {
            let heading =
                w.result.solutions.isEmpty
                ? "What would band it, in a higher band: \(Wording.count(s.changes.count, "change"))"
                : rank == 0 ? "Smallest set: \(Wording.count(s.changes.count, "change"))" : "Next best (\(rank))"
            sink.line("## " + heading)
            sink.line()
            sink.line("→ **\(Format.number(s.outcome.score)) \(e(w.verdict(s.outcome)))**; \(e(w.range(s.outcome))).")
            sink.line()
            sink.line("| # | fact | from | to |")
            sink.line("|--:|---|---|---|")
            for (index, change) in s.changes.enumerated() {
                let text = w.describe(change)
                sink.line("| \(index + 1) | `\(text.place)`\(text.kind == "set" ? "" : " (\(text.kind))") | \(e(text.from)) | \(e(text.to)) |")
            }
            let rules = w.ruleChanges(s)
            sink.line()
            sink.line(
                "Turns off: \(rules.off.isEmpty ? "none" : e(rules.off.joined(separator: ", "))). Turns on: \(rules.on.isEmpty ? "none" : e(rules.on.joined(separator: ", ")))."
            )
            if !rules.other.isEmpty { sink.line("Also: \(e(rules.other.joined(separator: ", "))).") }
            sink.line()
        }
        if w.result.solutions.isEmpty { collect(w, sink, bullet: "- ") }
    }

    private static func json(_ w: WhatIf) -> JSONValue {
        func outcome(_ o: ProbeOutcome) -> JSONValue {
            .object([
                ("band", .string(w.verdictBand(o).id)),
                ("bandRange", .array([.string(w.ruleSet.bands[o.bandLow].id), .string(w.ruleSet.bands[o.bandHigh].id)])),
                ("score", .number(o.score)), ("scoreRange", .object([("high", .number(o.range.upperBound)), ("low", .number(o.range.lowerBound))])),
                ("scoredBand", .string(w.ruleSet.bands[o.scoredBand].id)), ("undetermined", .bool(o.undetermined)),
            ])
        }
        func solution(_ s: WhatIfSolution) -> JSONValue {
            let rules = w.ruleSet.rules
            let changed = rules.indices.filter { w.startStatuses[$0] != s.statuses[$0] }
            return .object([
                (
                    "changes",
                    .array(
                        s.changes.map { change in
                            let text = w.describe(change)
                            return .object([
                                ("from", .string(text.from)), ("kind", .string(text.kind)), ("place", .string(text.place)), ("to", .string(text.to)),
                            ])
                        })
                ),
                ("holdsInWorstCase", .bool(w.holdsInWorstCase(s))), ("outcome", outcome(s.outcome)),
                (
                    "rules",
                    .array(
                        changed.map {
                            .object([
                                ("after", .string(s.statuses[$0].rawValue)), ("before", .string(w.startStatuses[$0].rawValue)),
                                ("id", .string(rules[$0].id)),
                                ("points", .number(rules[$0].points)),
                            ])
                        })
                ),
            ])
        }
        return .object([
            ("fixedObstacles", .array(w.fixedObstacles.map(JSONValue.string))),
            ("dossier", .object([("file", .string(w.assessment.file)), ("id", .string(w.assessment.id)), ("title", .string(w.assessment.title))])),
            ("goal", w.goal.map { .string(w.ruleSet.bands[$0].id) } ?? .null), ("maxChanges", .number(Double(w.maxChanges))),
            (
                "missingFacts",
                .array(w.factsToCollect.map { .object([("fact", .string($0.fact)), ("pointsAtStake", .number($0.pointsAtStake))]) })
            ),
            ("now", outcome(w.start)),
            (
                "ruleSet",
                .object([("name", .string(w.ruleSet.name)), ("sha256", .string(w.ruleSet.contentHash)), ("version", .string(w.ruleSet.version))])
            ),
            ("schema", .string(schema)),
            (
                "search",
                .object([
                    ("places", .number(Double(w.space.positions.count))), ("pruned", .number(Double(w.result.pruned))),
                    ("sizeSearched", .number(Double(w.result.sizeSearched))), ("tried", .number(Double(w.result.tried))),
                ])
            ),
            ("solutions", .array(w.result.solutions.map(solution))),
            ("toBandAtAll", w.anyBand?.solutions.first.map(solution) ?? .null),
        ])
    }
}
