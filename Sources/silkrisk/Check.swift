import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every rule file and report all problems, the way a compiler does.",
        discussion: """
            Exit status: 0 when there are no errors (warnings allowed, unless --strict); 1 when there are \
            errors (with --strict, warnings too), or the folder is missing; \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: RuleOptions

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        var output = options.load()
        // A declared format's schema is compiled too: a pack whose schema is broken cannot score.
        if let format = output.ruleSet?.format, case .failure(let problems) = format.recordLoader() {
            output.diagnostics += problems.diagnostics
            output.ruleSet = nil
        }
        printDiagnostics(output.diagnostics)
        let errors = output.diagnostics.errorCount
        let warnings = output.diagnostics.warningCount
        if let ruleSet = output.ruleSet {
            print(
                "\(ruleSet.name) \(ruleSet.version): \(Wording.count(ruleSet.rules.count, "rule")) in \(Wording.count(ruleSet.categories.count, "category", "categories")) over \(Wording.count(ruleSet.facts.count, "fact")), from \(Wording.count(output.files.count, "file")); \(Wording.count(errors, "error")), \(Wording.count(warnings, "warning"))"
            )
        } else {
            print("\(Wording.count(output.files.count, "rule file")): \(Wording.count(errors, "error")), \(Wording.count(warnings, "warning"))")
        }
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.inputProblems }
    }
}
