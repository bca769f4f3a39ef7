public import RuleLanguage
import Scoring
public import SilkDiagnostics

/// Which rules the test cases pin: a rule is covered when some case expects it to fire
/// (`expect fired`) and some case expects it not to fire (`expect not fired`). A rule that fires
/// in a case only by the way is not pinned by it: an edit could stop it firing and no test would
/// fail. Each rule short of either is reported at its id, with the cases in which it was seen
/// to fire or not to fire, which are where the missing expectation belongs.
public enum TestCoverage {
    public static func diagnostics(
        ruleSet: CompiledRuleSet, cases: [CompiledTestCase], results: [RuleTestRunner.CaseResult], severity: Diagnostic.Severity
    ) -> [Diagnostic] {
        var expectsFired = Set<Int>()
        var expectsNotFired = Set<Int>()
        for testCase in cases {
            for case .outcome(let outcome, let rule, _) in testCase.expectations {
                if outcome == .fired { expectsFired.insert(rule) }
                if outcome == .notFired { expectsNotFired.insert(rule) }
            }
        }
        var diagnostics: [Diagnostic] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            let lacksFired = !expectsFired.contains(index)
            let lacksNotFired = !expectsNotFired.contains(index)
            guard lacksFired || lacksNotFired else { continue }
            let message: String
            var suggestions: [String] = []
            var notes: [Diagnostic.Note] = []
            func seen(_ status: RuleStatus) -> [String] {
                results.filter { $0.outcomes?[index] == status }.map(\.name)
            }
            if lacksFired && lacksNotFired {
                message = "rule '\(rule.id)' has no test case that expects it to fire, and none that expects it not to fire"
            } else if lacksFired {
                message = "rule '\(rule.id)' has no test case that expects it to fire"
            } else {
                message = "rule '\(rule.id)' has no test case that expects it not to fire"
            }
            if lacksFired {
                let cases = seen(.fired)
                if !cases.isEmpty { notes.append(Diagnostic.Note("it fires in " + listed(cases))) }
                suggestions.append("add 'expect fired \(rule.id)' to a case in which it fires")
            }
            if lacksNotFired {
                let cases = seen(.notFired)
                if !cases.isEmpty { notes.append(Diagnostic.Note("it does not fire in " + listed(cases))) }
                suggestions.append("add 'expect not fired \(rule.id)' to a case the dossier's data decide against it")
            }
            diagnostics.append(Diagnostic(severity, .untestedRule, message, at: idSpan(of: rule), notes: notes, suggestions: suggestions))
        }
        return diagnostics
    }

    /// The first three names, quoted, and how many more.
    private static func listed(_ names: [String]) -> String {
        let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
    }

    /// The rule's id in its declaration (`rule ID {`): the rule's span starts at its keyword.
    static func idSpan(of rule: CompiledRule) -> SourceSpan {
        let bytes = rule.span.file.bytes
        let id = Array(rule.id.utf8)
        var index = rule.span.start + "rule".utf8.count
        while index + id.count <= min(bytes.count, rule.span.end) {
            if bytes[index..<(index + id.count)].elementsEqual(id) {
                return SourceSpan(file: rule.span.file, start: index, end: index + id.count)
            }
            index += 1
        }
        return rule.span
    }
}
