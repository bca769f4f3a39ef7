import Foundation
import RuleLanguage
import Scoring
import SilkDiagnostics
import Testing

/// Small rule sets written in the tests, and facts given directly (no XML).
struct CompileFailure: Error {}

enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedRules() throws -> CompiledRuleSet {
        try #require(RuleSetLoader.load(directory: root.appendingPathComponent("Rules").path).ruleSet)
    }

    /// Compiles `text` as one rule file; fails the test on an error.
    static func compile(_ text: String, path: String = "test.rules") throws -> CompiledRuleSet {
        let output = RuleSetLoader.compile([SourceFile(path: path, text: text)])
        guard let ruleSet = output.ruleSet else {
            let errors = output.diagnostics.filter { $0.severity == .error }.map { "\($0.position): \($0.message)" }
            Issue.record("the rules do not compile: \(errors)")
            throw CompileFailure()
        }
        return ruleSet
    }

    /// `rule ID { ... }` with what the compiler needs and nothing more.
    static func rule(_ id: String, _ category: String, _ points: Double, _ condition: String, extra: String = "") -> String {
        "rule \(id) {\n  title \"\(id)\"\n  category \(category)\n  points \(points)\n  when \(condition)\n\(extra)}\n"
    }

    /// Facts of `ruleSet` given by name; the others unknown.
    static func facts(_ ruleSet: CompiledRuleSet, _ values: [String: Value?], asOf: Day? = Day(iso: "2026-01-01")) -> DossierFacts {
        let slots = ruleSet.facts.map { values[$0.name] ?? nil }
        return DossierFacts(values: slots, evidence: slots.map { $0 == nil ? nil : FactEvidence(line: 1) }, asOf: asOf)
    }

    /// Every assignment of true, false and unknown to the named boolean facts.
    static func assignments(_ names: [String]) -> [[String: Value?]] {
        var result: [[String: Value?]] = [[:]]
        for name in names {
            result = result.flatMap { partial in
                [Value.boolean(true), Value.boolean(false), nil].map { value in
                    var next = partial
                    next[name] = .some(value)
                    return next
                }
            }
        }
        return result
    }
}
