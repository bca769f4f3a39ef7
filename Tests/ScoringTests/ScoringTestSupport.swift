import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// Rule text compiled for a test; it must have no errors.
func compiledRules(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CompiledRuleSet {
    let output = RuleSetLoader.compile([SourceFile(path: "test.rules", text: text)])
    let errors = output.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map { "\($0.position) \($0.id): \($0.message)" })", sourceLocation: sourceLocation)
    return try #require(output.ruleSet, sourceLocation: sourceLocation)
}

/// Four bands as the shipped pack has them.
let fourBands = """
    band low "Low" from 0
    band moderate "Moderate" from 20
    band high "High" from 40
    band critical "Critical" from 65

    """

/// A rule with the given points, category and condition, and any further clauses.
func ruleText(_ id: String, _ points: Double, _ condition: String, category: String = "a", _ extra: String = "") -> String {
    "rule \(id) {\n  title \"\(id)\"\n  category \(category)\n  points \(Format.number(points))\n  when \(condition)\n  \(extra)\n}\n"
}

/// Assesses facts given by name; names not given are unknown.
func assessing(_ ruleSet: CompiledRuleSet, _ values: [String: Value], asOf: Day? = Day(year: 2024, month: 1, day: 1)) -> Assessment {
    let slots = ruleSet.facts.map { values[$0.name] }
    let evidence = slots.map { $0 == nil ? nil : FactEvidence(line: 1) }
    return Assessor(ruleSet: ruleSet).assess(DossierFacts(values: slots, evidence: evidence, asOf: asOf), id: "d", title: "D", file: "d.xml")
}

/// `true` and `false` as values.
let yes = Value.boolean(true)
let no = Value.boolean(false)
