import ArgumentParser
import DossierXML

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check dossiers against the dossier schema.")

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    func run() throws {
        let loader = DossierLoader()
        var failed = 0
        var total = 0
        for path in paths.isEmpty ? ["Inputs"] : paths {
            total += 1
            if case .failure(let problems) = loader.load(path: path) {
                failed += 1
                for problem in problems {
                    print("\(path):\(problem.line):\(problem.column): error: \(problem.message) [\(problem.kind.rawValue)]")
                }
            }
        }
        print("\(total - failed) of \(total) valid")
        if failed > 0 { throw ExitCode(1) }
    }
}
