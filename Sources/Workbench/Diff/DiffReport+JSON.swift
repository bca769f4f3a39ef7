import Reports
import RuleLanguage
import Scoring

/// The diff as JSON, schema `silkrisk-diff/1` (docs/workbench.md): keys sorted, numbers written
/// as the JSON report writes them, each moved dossier's fields one to a line.
struct JSONDiffReport {
    static let schema = "silkrisk-diff/1"
    let sink: ReportSink

    func write(_ diff: PortfolioDiff) throws {
        let out = sink.bytes
        out.append("{\n  \"base\": ")
        Self.ruleSet(diff.base).write(to: out, depth: 1)
        out.append(",\n  \"changes\": ")
        Self.changes(diff.changes).write(to: out, depth: 1, compactBelow: 3)
        out.append(",\n  \"dossiers\": [")
        var first = true
        try diff.forEachMoved { dossier in
            out.append(first ? "\n    " : ",\n    ")
            first = false
            Self.dossier(dossier).write(to: out, depth: 2, compactBelow: 3)
            sink.flushIfFull()
        }
        out.append(first ? "],\n  \"engineVersion\": " : "\n  ],\n  \"engineVersion\": ")
        JSONValue.string(Assessor.engineVersion).write(to: out, depth: 1)
        out.append(",\n  \"failures\": ")
        JSONValue.array(
            diff.failures.map { failure in
                .object([
                    ("file", .string(failure.file)), ("side", .string(failure.side)),
                    (
                        "errors",
                        .array(
                            failure.diagnostics.map {
                                .object([("id", .string($0.id.rawValue)), ("message", .string($0.message)), ("position", .string($0.position))])
                            })
                    ),
                ])
            }
        ).write(to: out, depth: 1, compactBelow: 2)
        out.append(",\n  \"new\": ")
        Self.ruleSet(diff.new).write(to: out, depth: 1)
        out.append(",\n  \"reading\": ")
        JSONValue.string(diff.changes.catalogueShared ? "once" : "per-rule-set").write(to: out, depth: 1)
        out.append(",\n  \"schema\": ")
        JSONValue.string(Self.schema).write(to: out, depth: 1)
        out.append(",\n  \"summary\": ")
        Self.summary(diff).write(to: out, depth: 1, compactBelow: 3)
        out.append("\n}\n")
    }

    static func ruleSet(_ ruleSet: CompiledRuleSet) -> JSONValue {
        .object([
            ("name", .string(ruleSet.name)), ("rules", .number(Double(ruleSet.rules.count))), ("sha256", .string(ruleSet.contentHash)),
            ("version", .string(ruleSet.version)),
        ])
    }

    static func changes(_ changes: RuleSetChanges) -> JSONValue {
        func ids(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        func one(_ change: RuleSetChanges.Change) -> JSONValue {
            .object([("after", .string(change.after)), ("before", .string(change.before)), ("property", .string(change.property))])
        }
        func changed(_ list: [RuleSetChanges.Changed]) -> JSONValue {
            .array(list.map { .object([("changes", .array($0.changes.map(one))), ("id", .string($0.id))]) })
        }
        return .object([
            ("categoriesAdded", ids(changes.categoriesAdded)), ("categoriesChanged", changed(changes.categoriesChanged)),
            ("categoriesRemoved", ids(changes.categoriesRemoved)), ("factsAdded", ids(changes.factsAdded)),
            ("factsChanged", changed(changes.factsChanged)), ("factsRemoved", ids(changes.factsRemoved)), ("rulesAdded", ids(changes.rulesAdded)),
            ("rulesChanged", changed(changes.rulesChanged)), ("rulesRemoved", ids(changes.rulesRemoved)),
            ("scoring", .array(changes.scoring.map(one))),
        ])
    }

    static func side(_ side: VerdictSide) -> JSONValue {
        .object([
            ("band", .string(side.band.id)), ("bandLabel", .string(side.band.label)), ("bandReach", .number(Double(side.bandReach))),
            ("decidedShare", .number(side.decidedShare)), ("floors", .array(side.floors.map(JSONValue.string))),
            ("score", .number(side.score)),
            ("scoreRange", .object([("high", .number(side.range.upperBound)), ("low", .number(side.range.lowerBound))])),
            ("scoredBand", .string(side.scoredBand.id)), ("undetermined", .bool(side.undetermined)),
        ])
    }

    static func dossier(_ d: DossierDiff) -> JSONValue {
        .object([
            ("after", side(d.after)), ("bandSteps", .number(Double(d.bandSteps))), ("before", side(d.before)),
            (
                "contributions",
                .array(
                    d.contributions.map { c in
                        var members: [(String, JSONValue)] = [
                            ("after", .number(c.after)), ("before", .number(c.before)), ("change", .number(c.change)), ("id", .string(c.id)),
                            ("kind", .string(c.kind.id)),
                        ]
                        if c.kind == .rule {
                            members += [("outcomeAfter", .string(c.outcomeAfter.id)), ("outcomeBefore", .string(c.outcomeBefore.id))]
                        }
                        return .object(members)
                    })
            ),
            ("file", .string(d.file)), ("id", .string(d.id)), ("scoreChange", .number(d.scoreChange)), ("title", .string(d.title)),
        ])
    }

    static func summary(_ diff: PortfolioDiff) -> JSONValue {
        let s = diff.summary
        return .object([
            ("becameBanded", .number(Double(s.becameBanded))), ("becameUndetermined", .number(Double(s.becameUndetermined))),
            ("compared", .number(Double(s.compared))),
            (
                "contributors",
                .array(
                    s.ranked.map { t in
                        var members: [(String, JSONValue)] = [
                            ("absoluteChange", .number(t.absolute)), ("change", .number(t.change)), ("dossiers", .number(Double(t.dossiers))),
                            ("id", .string(t.key.id)), ("kind", .string(t.key.kind.id)), ("verdictMoves", .number(Double(t.verdictMoves))),
                        ]
                        if t.key.kind == .rule {
                            members += [("noLongerFires", .number(Double(t.noLongerFires))), ("nowFires", .number(Double(t.nowFires)))]
                        }
                        return .object(members)
                    })
            ),
            ("down", .number(Double(s.down))), ("failed", .number(Double(diff.failures.count))), ("moved", .number(Double(s.moved))),
            ("scoreChange", .number(s.scoreChange)), ("up", .number(Double(s.up))), ("verdictChanged", .number(Double(s.verdictChanged))),
        ])
    }
}
