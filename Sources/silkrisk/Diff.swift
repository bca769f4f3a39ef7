import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import SilkDiagnostics
import Workbench

struct Diff: ParsableCommand, WrittenReports {
    static let configuration = CommandConfiguration(
        abstract: "Score the same dossiers with two rule sets: what moved, and which rule, cap or clamp moved it.",
        discussion: """
            Reads each dossier once (once per rule set when their catalogues differ) and assesses it with \
            the base rules (--base-rules) and the new ones (--rules). Lists what changed between the rule \
            sets; every dossier whose score, verdict or band by points moved, most moved first (bands \
            moved, then size of the score's change, then id), with the change attributed to each rule \
            (outcome and points before and after, mitigations' offsets), each category's cap and the \
            clamp to 0-100, adding up to the score's change exactly; then a summary: how many dossiers \
            moved band, up and down, and what accounts for the score change, largest first. Memory stays \
            flat on any portfolio: the detail of each moved dossier waits in a temporary file until the \
            report is written. Two versions of a pack for a record format (Rules/iati) compare each record \
            of the files with itself. docs/workbench.md describes the report and its JSON schema.

            Exit status: 0 when the diff was made, whether or not anything moved; 1 when a dossier could \
            not be read or assessed with either rule set (each is reported, the others are compared) or \
            the report could not be written; 2 when either rule set cannot be used (no dossier is read); \
            \(ExitStatus.usageLine)
            """)

    @Option(name: .customLong("base-rules"), help: "The rules folder to compare against (the rules before the edit).")
    var baseRules: String

    @OptionGroup var options: ScoringOptions

    @OptionGroup var report: ReportOptions<Diff>

    @OptionGroup var pathOptions: PathOptions

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    static let command = "silkrisk diff"
    static let formats: [ReportFormat] = [.text, .markdown, .json, .html]

    func run() throws {
        var baseOptions = RuleOptions()
        baseOptions.rules = baseRules
        let base = try ScoringOptions.loadRules(baseOptions)
        let new = try options.loadRules()
        let records = try recordLoaders(base: base, new: new)
        let destination = try ReportDestination(output: report.output)
        let (files, missing) = pathOptions.expand(paths)
        let diff: PortfolioDiff
        do {
            diff = try PortfolioDiff(
                files: files, missing: missing, base: base, new: new, loader: options.loader, records: records,
                allowsEmptyRecordFiles: pathOptions.allowEmpty)
        } catch {
            printError("silkrisk: \(error.message)")
            throw ExitStatus.inputProblems
        }
        let sink = ReportSink(descriptor: destination.descriptor)
        do {
            try DiffReport.write(
                diff, format: DiffFormat(rawValue: report.format.rawValue) ?? .text, colour: destination.colour, to: sink)
            try sink.finish()
        } catch let error as ReportWriteError {
            throw destination.abandon(error)
        }
        try destination.commit()
        destination.announce(
            "\(Wording.count(diff.summary.compared, "dossier")) compared, \(diff.summary.moved) moved, \(diff.failures.count) failed")
        printDiagnostics(diff.failures.flatMap(\.diagnostics))
        if !diff.failures.isEmpty { throw ExitStatus.inputProblems }
    }
}

extension Diff {
    /// For rule sets that declare a record format, the loader of each (nil for dossiers): both
    /// must read the same records (the same root, record element and namespace) to be compared
    /// record by record; rules for a format against rules for dossiers read different files.
    func recordLoaders(base: CompiledRuleSet, new: CompiledRuleSet) throws -> (base: RecordLoader, new: RecordLoader)? {
        switch (base.format, new.format) {
        case (nil, nil):
            return nil
        case (let a?, let b?) where a.root == b.root && a.record == b.record && a.namespace == b.namespace:
            guard let old = try ScoringOptions.recordLoader(for: base, maxBytes: options.dossierOptions.maxBytes, rules: baseRules),
                let new = try ScoringOptions.recordLoader(for: new, maxBytes: options.dossierOptions.maxBytes, rules: options.ruleOptions.rules)
            else { return nil }
            return (old, new)
        case (let a, let b):
            let what = { (format: InputFormat?) in format.map { "records <\($0.record)> in <\($0.root)>" } ?? "SilkRisk dossiers" }
            printDiagnostics([
                Diagnostic(
                    .error, .recordFormatUnsupported,
                    "the base rules read \(what(a)) and these rules \(what(b)): diff compares two rule sets on the same files",
                    at: (b ?? a)!.span)
            ])
            printError("silkrisk: the rules in '\(baseRules)' and '\(options.ruleOptions.rules)' do not read the same files")
            throw ExitStatus.rulesUnusable
        }
    }
}
