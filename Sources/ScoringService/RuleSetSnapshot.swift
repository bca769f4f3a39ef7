public import FoundationEssentials
import Reports
public import RuleLanguage
public import Scoring
public import SilkDiagnostics

/// One compiled rule set and everything a request needs to score with it, built once and never
/// changed. A request takes one snapshot when it starts and uses only that one, so a reload that
/// lands in the middle of a request cannot give it a mix of two rule sets.
public final class RuleSetSnapshot: Sendable {
    public let ruleSet: CompiledRuleSet
    public let assessor: Assessor
    /// The JSON report's writer for this rule set (it prepares the bytes that repeat per rule).
    let fragments: JSONReport.FragmentWriter
    /// The rule files it was compiled from, in path order.
    public let files: [String]
    /// Warnings the compiler gave (a rule set with errors never becomes a snapshot).
    public let warnings: [Diagnostic]
    public let loadedAt: Date

    public init(ruleSet: CompiledRuleSet, files: [String], warnings: [Diagnostic], loadedAt: Date = Date()) {
        self.ruleSet = ruleSet
        self.assessor = Assessor(ruleSet: ruleSet)
        self.fragments = JSONReport.FragmentWriter(ruleSet: ruleSet)
        self.files = files
        self.warnings = warnings
        self.loadedAt = loadedAt
    }

    /// The rule set's content hash: SHA-256 of every rule file's path and bytes, in path order.
    public var hash: String { ruleSet.contentHash }
}
