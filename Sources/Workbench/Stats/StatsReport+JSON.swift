import Reports
import RuleLanguage
import Scoring

/// The statistics as JSON, schema `silkrisk-stats/1` (docs/workbench.md).
extension StatsReport {
    static let schema = "silkrisk-stats/1"

    static func writeJSON(_ stats: PortfolioStats, to sink: ReportSink) {
        let ruleSet = stats.ruleSet
        let ids = ruleSet.rules.map(\.id)
        var verdicts: [(String, JSONValue)] = ruleSet.bands.indices.map { (ruleSet.bands[$0].id, .number(Double(stats.bands[$0]))) }
        if ruleSet.undetermined != nil { verdicts.append((UndeterminedVerdict.id, .number(Double(stats.undetermined)))) }
        let rules: [(String, JSONValue)] = ruleSet.rules.indices.map { rule in
            let tally = stats.rules[rule]
            return (
                ids[rule],
                .object([
                    ("assumed", .number(Double(tally.assumed))), ("fired", .number(Double(tally.fired))),
                    ("flags", .array(flagIDs(stats, rule).map(JSONValue.string))), ("notFired", .number(Double(stats.notFired(rule)))),
                    ("points", .number(tally.points)), ("share", .number(share(stats, rule))), ("undecided", .number(Double(tally.undecided))),
                ])
            )
        }
        let categories: [(String, JSONValue)] = ruleSet.categories.indices.map { index in
            let tally = stats.categories[index]
            return (
                ruleSet.categories[index].id,
                .object([
                    ("cap", .optional(ruleSet.categories[index].cap)), ("capBit", .number(Double(tally.capBit))), ("capCut", .number(tally.capCut)),
                    ("net", .number(tally.net)), ("offsetHit", .number(Double(tally.offsetHit))), ("offsetTaken", .number(tally.offsetTaken)),
                ])
            )
        }
        let undeterminedByBand: [(String, JSONValue)] = ruleSet.bands.indices.map {
            (ruleSet.bands[$0].id, .number(Double(stats.undeterminedByBand[$0])))
        }
        let document = JSONValue.object([
            ("adversePoints", .number(stats.adversePoints)), ("categories", .object(categories)),
            ("engineVersion", .string(Assessor.engineVersion)),
            (
                "failures",
                .array(
                    stats.failures.map { failure in
                        .object([
                            ("file", .string(failure.file)),
                            (
                                "errors",
                                .array(
                                    failure.diagnostics.map {
                                        .object([
                                            ("id", .string($0.id.rawValue)), ("message", .string($0.message)), ("position", .string($0.position)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("mitigatedPoints", .number(stats.mitigatedPoints)),
            (
                "pairs",
                .array(
                    stats.topPairs().map {
                        .object([
                            ("count", .number(Double($0.count))), ("jaccard", .number($0.jaccard)), ("lift", .number($0.lift)),
                            ("rules", .array([.string(ids[$0.first]), .string(ids[$0.second])])),
                        ])
                    })
            ),
            (
                "ruleSet",
                .object([
                    ("name", .string(ruleSet.name)), ("rules", .number(Double(ruleSet.rules.count))), ("sha256", .string(ruleSet.contentHash)),
                    ("version", .string(ruleSet.version)),
                ])
            ),
            ("rules", .object(rules)), ("schema", .string(schema)), ("scored", .number(Double(stats.scored))),
            ("undeterminedByBand", .object(undeterminedByBand)), ("verdicts", .object(verdicts)),
        ])
        document.write(to: sink.bytes, depth: 0, compactBelow: 2)
        sink.line()
    }

    /// `never-fired`, `always-fired`, `never-decided`.
    static func flagIDs(_ stats: PortfolioStats, _ rule: Int) -> [String] {
        guard stats.scored > 0 else { return [] }
        let tally = stats.rules[rule]
        var flags: [String] = []
        if tally.fired == 0 { flags.append("never-fired") }
        if tally.fired == stats.scored { flags.append("always-fired") }
        if tally.undecided == stats.scored { flags.append("never-decided") }
        return flags
    }
}
