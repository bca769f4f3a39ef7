import FoundationEssentials
import RuleLanguage
import SilkDiagnostics

/// The bodies of `GET /v1/rules` (the rule set in force) and `GET /v1/rules/status` (what the
/// last reload of the rules folder came to). Keys sorted; times in ISO 8601, UTC.
struct RuleSetSummary: Encodable {
    var name: String
    var version: String
    var sha256: String
    var rules: Int
    var categories: Int
    var facts: Int
    var files: [String]
    var loadedAt: String

    init(_ snapshot: RuleSetSnapshot) {
        let ruleSet = snapshot.ruleSet
        name = ruleSet.name
        version = ruleSet.version
        sha256 = ruleSet.contentHash
        rules = ruleSet.rules.count
        categories = ruleSet.categories.count
        facts = ruleSet.facts.count
        files = snapshot.files
        loadedAt = snapshot.loadedAt.iso8601
    }
}

struct RuleListing: Encodable {
    struct Rule: Encodable {
        var id: String
        var title: String
        var category: String
        var points: Double
        var floor: String?
        var advice: String
        var citations: [Citation]
        /// Where the rule is defined: `file:line:column`.
        var position: String
    }

    struct Citation: Encodable {
        var source: String
        var sourceTitle: String
        var quote: String
    }

    struct Category: Encodable {
        var id: String
        var title: String
        var description: String
        var cap: Double?
    }

    struct Band: Encodable {
        var id: String
        var label: String
        var from: Double
    }

    var ruleSet: RuleSetSummary
    var rules: [Rule]
    var categories: [Category]
    var bands: [Band]

    init(_ snapshot: RuleSetSnapshot) {
        let ruleSet = snapshot.ruleSet
        self.ruleSet = RuleSetSummary(snapshot)
        rules = ruleSet.rules.sorted { $0.id < $1.id }.map { rule in
            let (line, column) = rule.span.file.location(of: rule.span.start)
            return Rule(
                id: rule.id, title: rule.title, category: rule.category, points: rule.points, floor: rule.floor, advice: rule.advice,
                citations: rule.citations.map { Citation(source: $0.source, sourceTitle: $0.sourceTitle, quote: $0.quote) },
                position: "\(rule.span.file.path):\(line):\(column)")
        }
        categories = ruleSet.categories.map { Category(id: $0.id, title: $0.title, description: $0.description, cap: $0.cap) }
        bands = ruleSet.bands.map { Band(id: $0.id, label: $0.label, from: $0.from) }
    }
}

struct RuleStatusDocument: Encodable {
    struct Reload: Encodable {
        var at: String
        /// `initial`, `accepted`, `unchanged` or `refused`.
        var outcome: String
        /// The hash of what was compiled; absent when it did not compile.
        var sha256: String?
        var errors: Int
        var warnings: Int
        var diagnostics: [DiagnosticItem]
    }

    struct DiagnosticItem: Encodable {
        var id: String
        var severity: String
        var message: String
        var position: String
        /// As `silkrisk check` prints it: the line, the source line and a caret.
        var rendered: String
    }

    struct Counts: Encodable {
        var accepted: Int
        var refused: Int
    }

    struct Watch: Encodable {
        var directory: String
        var intervalSeconds: Double
    }

    /// The rule set answering requests now.
    var serving: RuleSetSummary
    var lastReload: Reload
    var reloads: Counts
    var watching: Watch

    init(_ status: RuleSetStore.Status, directory: String, interval: Duration) {
        serving = RuleSetSummary(status.current)
        let reload = status.lastReload
        let renderer = DiagnosticRenderer()
        lastReload = Reload(
            at: reload.at.iso8601, outcome: reload.outcome.rawValue, sha256: reload.hash, errors: reload.diagnostics.errorCount,
            warnings: reload.diagnostics.warningCount,
            diagnostics: reload.diagnostics.map {
                DiagnosticItem(
                    id: $0.id.rawValue, severity: $0.severity.rawValue, message: $0.message, position: $0.position, rendered: renderer.render($0))
            })
        reloads = Counts(accepted: status.accepted, refused: status.refused)
        let (seconds, attoseconds) = interval.components
        watching = Watch(directory: directory, intervalSeconds: Double(seconds) + Double(attoseconds) / 1e18)
    }
}

extension Date {
    /// `2026-11-20T17:19:45.123Z`.
    var iso8601: String {
        formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
