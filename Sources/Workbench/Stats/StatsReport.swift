import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

/// The statistics report, text or Markdown (JSON in `StatsReport+JSON`): the verdicts, every
/// rule with its counts, share and flags, the flags gathered, every category's cap and offsets,
/// and the pairs of rules that fire together most.
package enum StatsReport {
    package static func write(_ stats: PortfolioStats, format: DiffFormat, colour: Bool = false, to sink: ReportSink) {
        switch format {
        case .json: writeJSON(stats, to: sink)
        case .markdown: MarkdownLayout(sink: sink).write(stats)
        case .text, .html: TextLayout(text: TextReport(colour: colour), sink: sink).write(stats)
        }
    }

    /// Rules in the order the report lists them: adverse rules by the points they gave, most
    /// first; then mitigations by the points they took off; ties by id.
    static func order(_ stats: PortfolioStats) -> [Int] {
        let rules = stats.ruleSet.rules
        return rules.indices.sorted { a, b in
            let (p, q) = (rules[a].points > 0, rules[b].points > 0)
            if p != q { return p }
            if stats.rules[a].points != stats.rules[b].points { return stats.rules[a].points > stats.rules[b].points }
            return rules[a].id < rules[b].id
        }
    }

    /// A rule's share of the points of its kind: adverse points counted, or points offset.
    static func share(_ stats: PortfolioStats, _ rule: Int) -> Double {
        let total = stats.ruleSet.rules[rule].points > 0 ? stats.adversePoints : stats.mitigatedPoints
        return total > 0 ? stats.rules[rule].points / total : 0
    }

    /// "never fired", "fired on every dossier", "never decided", joined.
    static func flags(_ stats: PortfolioStats, _ rule: Int) -> String {
        guard stats.scored > 0 else { return "" }
        let tally = stats.rules[rule]
        var flags: [String] = []
        if tally.fired == 0 { flags.append("never fired") }
        if tally.fired == stats.scored { flags.append("fired on every dossier") }
        if tally.undecided == stats.scored { flags.append("never decided") }
        return flags.joined(separator: ", ")
    }

    /// The points a rule gave, or (with a minus sign) a mitigation took off.
    static func points(_ stats: PortfolioStats, _ rule: Int) -> String {
        let points = stats.rules[rule].points
        return (stats.ruleSet.rules[rule].points < 0 && points > 0 ? "−" : "") + Format.number(points)
    }

    static func heading(_ stats: PortfolioStats) -> String {
        let ruleSet = stats.ruleSet
        return "\(ruleSet.name) \(ruleSet.version), sha256:\(ruleSet.contentHash) — \(Wording.scored(stats.scored, failed: stats.failures.count))"
    }

    /// Each verdict with its count: the bands, highest first, then undetermined.
    static func verdicts(_ stats: PortfolioStats) -> [(band: Band, count: Int, note: String)] {
        var rows: [(Band, Int, String)] = stats.ruleSet.bands.indices.reversed().map { (stats.ruleSet.bands[$0], stats.bands[$0], "") }
        if let verdict = stats.ruleSet.undetermined {
            let byBand = stats.ruleSet.bands.indices.reversed().filter { stats.undeterminedByBand[$0] > 0 }.map {
                "\(stats.ruleSet.bands[$0].label) \(stats.undeterminedByBand[$0])"
            }
            rows.append((verdict.band, stats.undetermined, byBand.isEmpty ? "" : "by points and floors: " + byBand.joined(separator: ", ")))
        }
        return rows
    }

    static func share(_ count: Int, of total: Int) -> String {
        total == 0 ? "—" : Wording.percent(Double(count) / Double(total))
    }

    /// "6 (avg 2.5)": how often, and the average amount when it happened.
    static func often(_ count: Int, _ sum: Double) -> String {
        count == 0 ? "0" : "\(count) (avg \(Format.number(sum / Double(count))))"
    }
}

/// The text layout: aligned columns.
private struct TextLayout {
    let text: TextReport
    let sink: ReportSink

    func write(_ stats: PortfolioStats) {
        let ruleSet = stats.ruleSet
        sink.line(text.bold("SilkRisk statistics — " + StatsReport.heading(stats)))
        sink.line()
        sink.line(text.bold("Verdicts"))
        for row in StatsReport.verdicts(stats) {
            sink.line(
                "  " + text.paint(TextReport.pad(row.band.label, 13), row.band) + TextReport.pad(String(row.count), 7, right: true) + "  "
                    + TextReport.pad(StatsReport.share(row.count, of: stats.scored), 4, right: true) + (row.note.isEmpty ? "" : "  " + row.note))
        }
        sink.line()
        sink.line(text.bold("Rules: adverse by the points they gave, then mitigations by the points they took off"))
        let width = max(4, ruleSet.rules.map(\.id.count).max() ?? 4)
        sink.line(
            "  " + TextReport.pad("rule", width) + "   fired  not fired  undecided   points   share  flags")
        for rule in StatsReport.order(stats) {
            let tally = stats.rules[rule]
            let fired = tally.assumed > 0 ? "\(tally.fired)*" : "\(tally.fired)"
            sink.line(
                "  " + TextReport.pad(ruleSet.rules[rule].id, width) + "  " + TextReport.pad(fired, 6, right: true) + "  "
                    + TextReport.pad(String(stats.notFired(rule)), 9, right: true) + "  " + TextReport.pad(String(tally.undecided), 9, right: true)
                    + "  " + TextReport.pad(StatsReport.points(stats, rule), 7, right: true) + "  "
                    + TextReport.pad(Wording.percent(StatsReport.share(stats, rule)), 6, right: true) + "  " + StatsReport.flags(stats, rule))
        }
        if stats.rules.contains(where: { $0.assumed > 0 }) { sink.line("  * some of these by the rule's 'unknown fire' clause") }
        sink.line()
        sink.line(text.bold("Flags"))
        let ids = ruleSet.rules.map(\.id)
        for (label, list) in [
            ("never fired", stats.neverFired), ("fired on every dossier", stats.alwaysFired), ("never decided", stats.neverDecided),
        ] {
            sink.line("  \(label): " + (list.isEmpty ? "none" : list.map { ids[$0] }.sorted().joined(separator: ", ")))
        }
        sink.line()
        sink.line(text.bold("Categories"))
        let categoryWidth = max(8, ruleSet.categories.map(\.id.count).max() ?? 8)
        sink.line("  " + TextReport.pad("category", categoryWidth) + "    cap  cap bit (avg cut)  offset (avg taken)  net points")
        for (index, category) in ruleSet.categories.enumerated() {
            let tally = stats.categories[index]
            sink.line(
                "  " + TextReport.pad(category.id, categoryWidth) + "  "
                    + TextReport.pad(category.cap.map { Format.number($0) } ?? "—", 5, right: true)
                    + "  " + TextReport.pad(StatsReport.often(tally.capBit, tally.capCut), 17, right: true) + "  "
                    + TextReport.pad(StatsReport.often(tally.offsetHit, tally.offsetTaken), 18, right: true) + "  "
                    + TextReport.pad(Format.number(tally.net), 10, right: true))
        }
        sink.line()
        sink.line(text.bold("Rules that fire together most (top 20)"))
        let pairs = stats.topPairs()
        if pairs.isEmpty { sink.line("  none: no two rules fired on one dossier") }
        if !pairs.isEmpty { sink.line("  together   lift  jaccard  rules") }
        for pair in pairs {
            sink.line(
                "  " + TextReport.pad(String(pair.count), 8, right: true) + "  " + TextReport.pad(Format.number(pair.lift), 5, right: true) + "  "
                    + TextReport.pad(Format.number(pair.jaccard), 7, right: true) + "  \(ids[pair.first]) + \(ids[pair.second])")
        }
        failures(stats)
    }

    private func failures(_ stats: PortfolioStats) {
        guard !stats.failures.isEmpty else { return }
        sink.line()
        sink.line(text.bold("Not scored:"))
        let renderer = DiagnosticRenderer()
        for failure in stats.failures {
            for diagnostic in failure.diagnostics { sink.line("  " + renderer.summary(diagnostic)) }
        }
    }
}

/// The Markdown layout: the same tables.
private struct MarkdownLayout {
    let sink: ReportSink

    private func e(_ text: String) -> String { MarkdownReport.escape(text) }

    func write(_ stats: PortfolioStats) {
        let ruleSet = stats.ruleSet
        sink.line("# SilkRisk statistics")
        sink.line()
        sink.line(e(StatsReport.heading(stats)) + ".")
        sink.line()
        sink.line("## Verdicts")
        sink.line()
        sink.line("| verdict | dossiers | share | |")
        sink.line("|---|--:|--:|---|")
        for row in StatsReport.verdicts(stats) {
            sink.line("| \(e(row.band.label)) | \(row.count) | \(StatsReport.share(row.count, of: stats.scored)) | \(e(row.note)) |")
        }
        sink.line()
        sink.line("## Rules")
        sink.line()
        sink.line("Adverse rules by the points they gave, then mitigations by the points they took off.")
        sink.line()
        sink.line("| rule | fired | by assumption | not fired | undecided | points | share | flags |")
        sink.line("|---|--:|--:|--:|--:|--:|--:|---|")
        for rule in StatsReport.order(stats) {
            let tally = stats.rules[rule]
            let points = StatsReport.points(stats, rule)
            sink.line(
                "| `\(ruleSet.rules[rule].id)` | \(tally.fired) | \(tally.assumed) | \(stats.notFired(rule)) | \(tally.undecided) | \(points) | \(Wording.percent(StatsReport.share(stats, rule))) | \(StatsReport.flags(stats, rule)) |"
            )
        }
        sink.line()
        sink.line("## Flags")
        sink.line()
        let ids = ruleSet.rules.map(\.id)
        for (label, list) in [
            ("Never fired", stats.neverFired), ("Fired on every dossier", stats.alwaysFired), ("Never decided", stats.neverDecided),
        ] {
            sink.line("- \(label): " + (list.isEmpty ? "none" : list.map { "`\(ids[$0])`" }.sorted().joined(separator: ", ")))
        }
        sink.line()
        sink.line("## Categories")
        sink.line()
        sink.line("| category | cap | cap bit (avg cut) | offset (avg taken) | net points |")
        sink.line("|---|--:|--:|--:|--:|")
        for (index, category) in ruleSet.categories.enumerated() {
            let tally = stats.categories[index]
            sink.line(
                "| `\(category.id)` | \(category.cap.map { Format.number($0) } ?? "—") | \(StatsReport.often(tally.capBit, tally.capCut)) | \(StatsReport.often(tally.offsetHit, tally.offsetTaken)) | \(Format.number(tally.net)) |"
            )
        }
        sink.line()
        sink.line("## Rules that fire together most (top 20)")
        sink.line()
        let pairs = stats.topPairs()
        if pairs.isEmpty {
            sink.line("None: no two rules fired on one dossier.")
        } else {
            sink.line("| together | lift | Jaccard | rules |")
            sink.line("|--:|--:|--:|---|")
            for pair in pairs {
                sink.line(
                    "| \(pair.count) | \(Format.number(pair.lift)) | \(Format.number(pair.jaccard)) | `\(ids[pair.first])` + `\(ids[pair.second])` |")
            }
        }
        if !stats.failures.isEmpty {
            sink.line()
            sink.line("## Not scored")
            sink.line()
            for failure in stats.failures {
                for d in failure.diagnostics { sink.line("- `\(d.position)`: \(e(d.message)) [\(d.id)]") }
            }
        }
    }
}
