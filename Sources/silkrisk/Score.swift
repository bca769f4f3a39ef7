import ArgumentParser
import DossierXML
import FoundationEssentials
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

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
        printDiagnostics(output.diagnostics.filter { $0.severity == .error })
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
        let (files, missing, skipped) = DossierPaths.expand(paths.isEmpty ? ["Inputs"] : paths)
        printDiagnostics(skipped.map(DossierPaths.skipped))
        let assessor = Assessor(ruleSet: ruleSet)
        let missingFailures = missing.map(DossierPaths.missing)
        if format == .json {
            // Any portfolio size: streamed, with flat memory.
            try streamJSON(files: files, missing: missingFailures, scorer: BatchScorer(assessor: assessor, loader: options.loader))
            return
        }
        var portfolio = assessor.assess(files: files, loader: options.loader)
        portfolio.failures += missingFailures
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
        printDiagnostics(portfolio.failures.flatMap(\.diagnostics))
        if !portfolio.failures.isEmpty { throw ExitCode(1) }
    }
}

extension Score {
    func streamJSON(files: PathList, missing: [FailedDossier], scorer: BatchScorer) throws {
        var descriptor: Int32 = 1
        if let output {
            try write("", to: output)
            descriptor = open(output, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard descriptor >= 0 else {
                printError("silkrisk: cannot write '\(output)'")
                throw ExitCode(1)
            }
        }
        defer { if descriptor != 1 { close(descriptor) } }
        let summary: StreamingJSONReport.Summary
        do {
            summary = try StreamingJSONReport.write(files: files, otherFailures: missing, scorer: scorer, to: descriptor)
        } catch {
            printError("silkrisk: cannot write the report: \(error.message)")
            throw ExitCode(1)
        }
        if let output {
            print("wrote \(output): \(summary.scored) dossiers scored, \(summary.failed) failed")
        }
        printDiagnostics(summary.failures.flatMap(\.diagnostics))
        if summary.failed > 0 { throw ExitCode(1) }
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
            printDiagnostics(failure.diagnostics)
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
