import ArgumentParser
import FoundationEssentials
import RuleLanguage
import Workbench

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the skeleton of a new dossier, every element with what it is for and the rules that read it.",
        discussion: """
            Every element of the dossier format (1.1) is written in order, with a comment saying what it \
            is for and which rules of the rule set read it. Values are left as '…': write them, delete \
            what you have no value for, say under <notApplicable> what does not apply, then run \
            'silkrisk validate FILE'. The skeleton is not a valid dossier until then.

            Exit status: 0 when the skeleton was written; 1 when the file exists (use --force) or cannot \
            be written; \(ExitStatus.usageLine)
            """)

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: "The dossier's id: lower-case letters, digits and hyphens.")
    var id: String = "new-project"

    @Option(name: .long, help: "The project's title.")
    var title: String?

    @Option(name: .customLong("as-of"), help: "The date the dossier describes (YYYY-MM-DD); left as '…' when not given.")
    var asOf: String?

    @Option(name: .long, help: "Write the skeleton to this file instead of standard output (-: standard output).")
    var output: String?

    @Flag(name: .long, help: "Replace the --output file if it exists.")
    var force = false

    func validate() throws {
        guard id.first.map({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) == true,
            id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }), id.count <= 80
        else {
            throw ValidationError(
                "--id must be lower-case letters, digits and hyphens, starting with a letter or digit, at most 80 characters: '\(id)'")
        }
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD: '\(asOf)'")
        }
    }

    func run() throws {
        // The rules only add "read by" lines: a rules folder with errors still gets a skeleton.
        let rules = ruleOptions.load()
        if let ruleSet = rules.ruleSet { try ScoringOptions.requireDossierRules(ruleSet, rules: ruleOptions.rules, command: "new") }
        if rules.ruleSet == nil {
            printError("silkrisk: warning: the rules in '\(ruleOptions.rules)' cannot be used; the skeleton does not say which rules read what")
        }
        let template = DossierTemplate(id: id, title: title ?? "…", asOf: asOf ?? "…", ruleSet: rules.ruleSet)
        let text = template.render()
        if let path = ReportDestination.file(named: output), !force, FileManager.default.fileExists(atPath: path) {
            printError("silkrisk: '\(path)' exists; use --force to replace it")
            throw ExitStatus.inputProblems
        }
        let destination = try ReportDestination(output: output)
        try destination.finish(with: text)
        destination.announce("the skeleton of dossier '\(id)'")
    }
}
