import ArgumentParser
import DossierXML
import Foundation
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

/// The exit statuses of every command. README.md's table and each command's help list the same.
enum ExitStatus {
    /// Problems found in the input: a dossier that could not be read, scored or validated, rule
    /// files with errors (`check`), a rule test that failed (`test`), or a report that could not
    /// be written.
    static let inputProblems = ExitCode(1)
    /// The rules cannot be used for scoring (`score`, `explain`, `test`): the folder is missing
    /// or a file has errors. No dossier is read. For `test`, also: the test files have errors, or
    /// there is no test to run.
    static let rulesUnusable = ExitCode(2)
    /// The command line is wrong: swift-argument-parser's own status for a `ValidationError`,
    /// an unknown option or a value it cannot read.
    static let usage = ExitCode.validationFailure

    /// The last line of every command's help.
    static let usageLine = "64 when the command line is wrong (an unknown option, a value that is not allowed)."
}

/// `--rules`, for every command that reads the rule files.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: "The rules folder.")
    var rules: String = "Rules"

    func load() -> RuleSetLoader.Output {
        RuleSetLoader.load(directory: rules)
    }
}

/// `--max-bytes`, for every command that reads dossiers.
struct DossierOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Largest dossier accepted, in bytes (default 1 MiB); for files of a format the rules declare, the format's own cap unless given.")
    var maxBytes: Int?

    func validate() throws {
        if let maxBytes, maxBytes <= 0 {
            throw ValidationError("--max-bytes must be a positive number of bytes, not \(maxBytes)")
        }
    }

    var loader: DossierLoader { DossierLoader(limits: XMLLimits(maxBytes: maxBytes ?? XMLLimits.default.maxBytes)) }
}

/// `--allow-empty`, and what a list of dossier paths gives, for the commands that take them.
struct PathOptions: ParsableArguments {
    @Flag(
        name: .long,
        help:
            "Accept a folder that holds no .xml dossier, or a file of a record format that holds no record (by default an error, so that a run pointed at the wrong folder or file fails)."
    )
    var allowEmpty = false

    @Option(
        name: .customLong("paths-from"),
        help: ArgumentHelp(
            "Also read dossier paths (files or folders) from this file, one per line; - reads standard input.",
            discussion:
                "For lists longer than a command line takes comfortably: the argument parser slows down with the square of the number of arguments (10,000 paths take it about 5 s)."
        ))
    var pathsFrom: String?

    /// The dossier files of `paths` and of the `--paths-from` list (default, when neither gives
    /// any: Inputs/); prints the warnings about them (files skipped, files given twice) and
    /// returns, as failures, what gives no dossier: paths that do not exist, folders with no
    /// dossier and an empty list unless `--allow-empty`, and a list that cannot be read.
    func expand(_ paths: [String]) -> (files: PathList, failures: [FailedDossier]) {
        var given = paths
        var listFailures: [FailedDossier] = []
        if let pathsFrom {
            switch Self.readList(pathsFrom) {
            case .success(let listed):
                given += listed
                if listed.isEmpty && !allowEmpty { listFailures.append(Self.listFailure(pathsFrom, "the list names no path")) }
            case .failure(let failure):
                listFailures.append(failure)
            }
        }
        let listing = DossierPaths.expand(given.isEmpty && pathsFrom == nil ? ["Inputs"] : given)
        printDiagnostics(listing.skipped.map(DossierPaths.skipped) + listing.duplicates.map { DossierPaths.duplicate($0.path, of: $0.first) })
        let failures = listing.missing.map(DossierPaths.missing) + (allowEmpty ? [] : listing.empty.map(DossierPaths.noDossiers))
        return (listing.files, listFailures + failures)
    }

    /// The paths of a `--paths-from` list: one per line, blank lines left out, a line's final
    /// carriage return too (a list written on Windows); nothing else is trimmed, as a path may
    /// hold spaces.
    static func readList(_ source: String) -> Result<[String], FailedDossier> {
        let data: Data?
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: source)
        }
        guard let data else {
            var status = stat()
            let why = stat(source, &status) != 0 ? "no such file" : (status.st_mode & S_IFMT) == S_IFDIR ? "it is a folder" : "it cannot be read"
            return .failure(listFailure(source, "cannot read the list of paths: \(why)"))
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            return .failure(listFailure(source, "the list of paths is not valid UTF-8"))
        }
        // Split on the bytes: as characters, a CR and an LF are one.
        return .success(
            data.split(separator: 0x0A).map { line in
                String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
            }.filter { !$0.isEmpty })
    }

    static func listFailure(_ source: String, _ message: String) -> FailedDossier {
        let name = source == "-" ? "<standard input>" : source
        return FailedDossier(file: name, diagnostics: [Diagnostic(.error, .unreadableFile, message, file: name)])
    }
}

/// The options shared by the commands that score: the rules, and the limits on dossiers.
struct ScoringOptions: ParsableArguments {
    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var dossierOptions: DossierOptions

    /// The compiled rules; when they have errors, prints them and stops with `rulesUnusable`.
    func loadRules() throws -> CompiledRuleSet {
        try Self.loadRules(ruleOptions)
    }

    /// The rules of `ruleOptions`, as `loadRules()` gives them (validate needs the catalogue too).
    static func loadRules(_ ruleOptions: RuleOptions) throws -> CompiledRuleSet {
        let output = ruleOptions.load()
        printDiagnostics(output.diagnostics.filter { $0.severity == .error })
        guard let ruleSet = output.ruleSet else {
            let rules = ruleOptions.rules
            printError(
                "silkrisk: the rules in '\(rules)' have \(Wording.count(output.diagnostics.errorCount, "error")); run 'silkrisk check --rules \(rules)'"
            )
            throw ExitStatus.rulesUnusable
        }
        return ruleSet
    }

    var loader: DossierLoader { dossierOptions.loader }

    /// Stops `command`, which works on SilkRisk dossiers only, with `rulesUnusable` when the
    /// rules in `rules` declare a record format: it would read that format's facts from dossiers,
    /// where they are not.
    static func requireDossierRules(_ ruleSet: CompiledRuleSet, rules: String, command: String) throws {
        guard let format = ruleSet.format else { return }
        printDiagnostics([
            Diagnostic(
                .error, .recordFormatUnsupported,
                "these rules declare the record format '\(format.id)': \(command) works on SilkRisk dossiers only", at: format.span,
                suggestions: [
                    "score, explain, validate and take statistics of files of this format with `silkrisk score`, `explain`, `validate` and `stats`"
                ])
        ])
        printError("silkrisk: the rules in '\(rules)' are for files of a record format, which \(command) does not read")
        throw ExitStatus.rulesUnusable
    }

    /// For rules that declare an input format, its loader (the schema compiled once); nil for
    /// dossiers. A schema that cannot be used stops the command as rules with errors do.
    func recordLoader(for ruleSet: CompiledRuleSet) throws -> RecordLoader? {
        try Self.recordLoader(for: ruleSet, maxBytes: dossierOptions.maxBytes, rules: ruleOptions.rules)
    }

    /// The loader for the record format the rules declare (nil when they declare none); when its
    /// schema cannot be used, prints why and stops with `rulesUnusable`.
    static func recordLoader(for ruleSet: CompiledRuleSet, maxBytes: Int?, rules: String) throws -> RecordLoader? {
        guard let format = ruleSet.format else { return nil }
        switch format.recordLoader(maxBytes: maxBytes) {
        case .success(let loader):
            return loader
        case .failure(let problems):
            printDiagnostics(problems.diagnostics)
            printError("silkrisk: the schema of format '\(format.id)' in '\(rules)' cannot be used")
            throw ExitStatus.rulesUnusable
        }
    }
}
