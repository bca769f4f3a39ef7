import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check dossiers against the dossier schema and report every problem in every file.",
        discussion: """
            Each valid dossier is named with the format version it follows (format="1" or "1.1"). Exit \
            status: 0 when every dossier is valid; 1 when any is not, or a path does not exist \
            (every problem in every file is reported); \(ExitStatus.usageLine)
            """)

    @OptionGroup var options: DossierOptions

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    func run() throws {
        let loader = options.loader
        let (files, missing, skipped) = DossierPaths.expand(paths.isEmpty ? ["Inputs"] : paths)
        // In the order `score` reports them: skipped files, each dossier's problems, missing paths.
        printDiagnostics(skipped.map(DossierPaths.skipped))
        var failed = missing.count
        for file in files {
            switch loader.load(path: file) {
            case .loaded(let dossier):
                print("\(file): valid, format \(dossier.root.attribute("format") ?? "not given")")
            case .failure(let diagnostics):
                failed += 1
                printDiagnostics(diagnostics)
            }
        }
        printDiagnostics(missing.flatMap { DossierPaths.missing($0).diagnostics })
        let total = files.count + missing.count
        print("\(total - failed) of \(Wording.count(total, "dossier")) valid" + (failed > 0 ? ", \(failed) invalid" : ""))
        if failed > 0 { throw ExitStatus.inputProblems }
    }
}
