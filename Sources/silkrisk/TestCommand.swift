import ArgumentParser
import DossierXML
import Reports
import RuleLanguage
import RuleTesting
import SilkDiagnostics

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests beside the rules (every *.tests file under the rules folder).",
        discussion: """
            Every case is run with the real assessor, every failure of every file is reported as \
            file:line:column: error: ... [test-failed] at the expectation, and every rule that no case \
            expects to fire, or no case expects not to fire, is listed (a warning; an error with --strict; \
            not checked with --filter). Exit status: 0 when every case passes; 1 when a case fails, or, with \
            --strict, a rule is not covered; 2 when the rules or the test files have errors, or there \
            is no test to run; \(ExitStatus.usageLine)
            """)

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var dossierOptions: DossierOptions

    @Flag(name: .long, help: "Report a rule not covered by both a firing and a non-firing case as an error.")
    var strict = false

    @Option(name: .long, help: "Run only the tests whose name contains this text (ignoring case).")
    var filter: String?

    func run() throws {
        let rules = ruleOptions.load()
        printDiagnostics(rules.diagnostics.filter { $0.severity == .error })
        guard let ruleSet = rules.ruleSet else {
            printError(
                "silkrisk: the rules in '\(ruleOptions.rules)' have \(Wording.count(rules.diagnostics.errorCount, "error")); run 'silkrisk check --rules \(ruleOptions.rules)'"
            )
            throw ExitStatus.rulesUnusable
        }
        let outcome = RuleTestSuite.run(
            ruleSet: ruleSet, rulesDirectory: ruleOptions.rules, filter: filter, strict: strict, loader: dossierOptions.loader)
        printDiagnostics(outcome.diagnostics)
        print(outcome.summary(filter: filter))
        switch outcome.status {
        case .passed: return
        case .failed: throw ExitStatus.inputProblems
        case .unusable: throw ExitStatus.rulesUnusable
        }
    }
}
