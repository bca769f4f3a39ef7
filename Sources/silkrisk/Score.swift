import ArgumentParser
import DossierXML
import FoundationEssentials
import RiskEngine

#if canImport(Glibc)
    import Glibc
#endif

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, html
}

/// Options shared by the commands that score.
struct ScoringOptions: ParsableArguments {
    @Option(name: .long, help: "The rules folder.")
    var rules: String = "Rules"

    @Option(name: .long, help: "Largest dossier accepted, in bytes.")
    var maxBytes: Int = XMLLimits.default.maxBytes

    func loadRules() throws -> CompiledRuleSet {
        let output = RuleSetLoader.load(directory: rules)
        let renderer = DiagnosticRenderer()
        for diagnostic in output.diagnostics where diagnostic.severity == .error {
            printError(renderer.render(diagnostic))
        }
        guard let ruleSet = output.ruleSet else {
            printError("silkrisk: the rules in '\(rules)' have \(output.diagnostics.errorCount) errors; run 'silkrisk check --rules \(rules)'")
            throw ExitCode(2)
        }
        return ruleSet
    }

    var loader: DossierLoader { DossierLoader(limits: XMLLimits(maxBytes: maxBytes)) }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score dossiers and write a ranked report.",
        discussion: """
            Exit status: 0 when every dossier was scored, 1 when any could not be (each is reported and \
            the others are still scored), 2 when the rules have errors.
            """)

    @OptionGroup var options: ScoringOptions

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    func run() throws {
        let ruleSet = try options.loadRules()
        let (files, missing) = DossierPaths.expand(paths.isEmpty ? ["Inputs"] : paths)
        let assessor = Assessor(ruleSet: ruleSet)
        var portfolio = assessor.assess(files: files, loader: options.loader)
        for path in missing {
            portfolio.failures.append(
                FailedDossier(file: path, diagnostics: [Diagnostic(.error, "unreadable-file", "no such file or folder", path: path, line: 1, column: 1)]))
        }
        let report: String
        switch format {
        case .text: report = TextReport(colour: output == nil && Terminal.wantsColour).portfolio(portfolio)
        case .markdown: report = MarkdownReport.render(portfolio)
        case .json: report = JSONReport.render(portfolio)
        case .html: report = HTMLReport.render(portfolio)
        }
        if let output {
            try write(report, to: output)
            print("wrote \(output): \(portfolio.assessments.count) dossiers scored, \(portfolio.failures.count) failed")
        } else {
            print(report, terminator: "")
        }
        let renderer = DiagnosticRenderer(showsSnippets: false)
        for failure in portfolio.failures {
            for diagnostic in failure.diagnostics { printError(renderer.render(diagnostic)) }
        }
        if !portfolio.failures.isEmpty { throw ExitCode(1) }
    }
}

func write(_ text: String, to path: String) throws {
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    if !directory.isEmpty {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        printError("silkrisk: cannot write '\(path)'")
        throw ExitCode(1)
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain one dossier's score in full: findings, evidence, quotes, advice.")

    @OptionGroup var options: ScoringOptions

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Argument(help: "The dossier file.")
    var dossier: String

    func run() throws {
        let ruleSet = try options.loadRules()
        let portfolio = Assessor(ruleSet: ruleSet).assess(files: [dossier], loader: options.loader)
        if let failure = portfolio.failures.first {
            let renderer = DiagnosticRenderer(showsSnippets: false)
            for diagnostic in failure.diagnostics { printError(renderer.render(diagnostic)) }
            throw ExitCode(1)
        }
        switch format {
        case .text: print(TextReport(colour: Terminal.wantsColour).explain(portfolio.assessments[0]), terminator: "")
        case .markdown: print(MarkdownReport.render(portfolio), terminator: "")
        case .json: print(JSONReport.render(portfolio), terminator: "")
        case .html: print(HTMLReport.render(portfolio), terminator: "")
        }
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var wantsColour: Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(1) == 1
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the dossier XML Schema (format version 1).")

    func run() {
        print(String(decoding: DossierLoader.schemaText, as: UTF8.self), terminator: "")
    }
}
