import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import Workbench

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "The smallest change to what a project can change that lowers its band by one.",
        discussion: """
            Tries every set of up to --max-changes changes to the facts the catalogue marks changeable \
            (each set to a value the rules' conditions make worth trying: docs/rule-language.md §8.1), \
            and gives the smallest set that brings the verdict one band down (an undetermined dossier: \
            into a band; with --to, to that band or lower), the one with the lowest score among sets \
            that size, ties broken by the facts' names and the values' closeness to the dossier's. Each \
            change is shown (fact: from → to), with the rules the set turns off and on and the new \
            score, band and range (the best and worst case as the missing facts turn out). The search \
            is exact within its bound; docs/workbench.md says how it prunes and why nothing is missed.

            Exit status: 0 when the search was made (whether or not a set was found); 1 when the \
            dossier could not be read or scored; 2 when the rules cannot be used; \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: ScoringOptions

    @Option(name: .customLong("max-changes"), help: "The most changes in a set (1 to 6).")
    var maxChanges: Int = 3

    @Option(name: .customLong("to"), help: "The band to reach, by id (default: one band below the verdict).")
    var toBand: String?

    @Option(name: .long, help: "Report format: text, markdown or json.")
    var format: ReportFormat = .text

    @Argument(help: "The dossier file.")
    var dossier: String

    func validate() throws {
        guard (1...6).contains(maxChanges) else { throw ValidationError("--max-changes must be from 1 to 6, not \(maxChanges)") }
        try format.check(writtenBy: "silkrisk whatif", in: [.text, .markdown, .json])
    }

    func run() throws {
        let ruleSet = try options.loadRules()
        try ScoringOptions.requireDossierRules(ruleSet, rules: options.ruleOptions.rules, command: "whatif")
        if let toBand, !ruleSet.bands.contains(where: { $0.id == toBand }) {
            printError("silkrisk: --to '\(toBand)' is not a band of the rules; they are \(ruleSet.bands.map(\.id).joined(separator: ", "))")
            throw ExitStatus.usage
        }
        var assessor = Assessor(ruleSet: ruleSet)
        assessor.stakes = .none
        switch WhatIf.run(file: dossier, assessor: assessor, loader: options.loader, maxChanges: maxChanges, goalBand: toBand) {
        case .failure(let failure):
            printDiagnostics(failure.diagnostics)
            throw ExitStatus.inputProblems
        case .success(let whatIf):
            let destination = try ReportDestination(output: nil)
            let sink = ReportSink(descriptor: destination.descriptor)
            WhatIfReport.write(whatIf, format: DiffFormat(rawValue: format.rawValue) ?? .text, colour: Terminal.wantsColour, to: sink)
            do {
                try sink.finish()
            } catch {
                throw destination.abandon(error)
            }
            try destination.commit()
        }
    }
}
