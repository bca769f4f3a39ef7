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
        abstract: "Check dossiers against the dossier schema and the rules' catalogue, and report every problem in every file.",
        discussion: """
            A dossier is checked as 'score' reads it: against the schema, then its values against the \
            catalogue of the rules (--rules): a value that contradicts itself (money with both an amount \
            and a range, a range whose min is above its max) is an error; one the rules cannot read \
            (a value outside an enumeration, a number that is not one) is a warning, and counts as \
            unknown when scored. Two dossiers with the same id are an error on the second. Each valid dossier is named with \
            the format version it follows (format="1" or "1.1"). With rules that declare a record format \
            (Rules/iati), every record of every file is checked as 'score' reads it, under the format's \
            size cap, and listed on its own.

            Exit status: 0 when every dossier is valid (warnings allowed); 1 when any is not, a path \
            gives no dossier (it does not exist, or is a folder with no .xml file, unless \
            --allow-empty), or two have the same id (every problem in every file is reported); 2 when \
            the rules cannot be used (the folder is missing or has errors; no dossier is read); \
            \(ExitStatus.usageLine)
            """)

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var options: DossierOptions
    @OptionGroup var pathOptions: PathOptions

    @Argument(help: "Dossier files or folders (default: Inputs/).")
    var paths: [String] = []

    func run() throws {
        let ruleSet = try ScoringOptions.loadRules(ruleOptions)
        let assessor = Assessor(ruleSet: ruleSet)
        if let records = try ScoringOptions.recordLoader(for: ruleSet, maxBytes: options.maxBytes, rules: ruleOptions.rules) {
            return try validateRecords(assessor: assessor, records: records, format: ruleSet.format?.id ?? "")
        }
        let loader = options.loader
        // In the order `score` reports them: skipped files, each dossier's problems, the paths
        // that give no dossier.
        let (files, pathFailures) = pathOptions.expand(paths)
        var failed = 0
        var warnings = 0
        var ids = DossierIDs()
        var valid: [(id: String, file: String)] = []
        // Checked on every core, a chunk at a time, each worker with its own engine (as `score`
        // does); reported in input order, as before.
        let scorer = BatchScorer(assessor: assessor, loader: loader)
        OrderedBatch.run(files: files) { worker in
            let (assessor, loader) = scorer.engine(forWorker: worker, files: files.count)
            return { assessor.check(file: $0, loader: loader) }
        } consume: { index, outcome in
            let file = files[index]
            switch outcome {
            case .success(let checked):
                printDiagnostics(checked.warnings)
                if let first = ids.claim(checked.id, at: valid.count, idAt: { valid[$0].id }) {
                    failed += 1
                    printDiagnostics(DossierPaths.duplicateID(checked.id, file: file, first: valid[first].file, loader: loader).diagnostics)
                } else {
                    warnings += checked.warnings.count
                    valid.append((checked.id, file))
                    print("\(file): valid, format \(checked.formatVersion ?? "not given")")
                }
            case .failure(let failure):
                failed += 1
                printDiagnostics(failure.diagnostics)
            }
        }
        printDiagnostics(pathFailures.flatMap(\.diagnostics))
        print(
            "\(files.count - failed) of \(Wording.count(files.count, "dossier")) valid" + (failed > 0 ? ", \(failed) invalid" : "")
                + (warnings > 0 ? "; \(Wording.count(warnings, "warning"))" : "")
                + (pathFailures.isEmpty ? "" : "; \(Wording.count(pathFailures.count, "path")) gave no dossier"))
        if failed > 0 || !pathFailures.isEmpty { throw ExitStatus.inputProblems }
    }

    /// Files of the record format the rules declare (IATI activities, say): every record is read
    /// and checked as `score` reads it — the file's safety checks, the format's schema record by
    /// record, the catalogue's values — and reported on its own, valid or with its problems; a
    /// bad record does not stop the others. Two records with one id are an error on the second.
    private func validateRecords(assessor: Assessor, records: RecordLoader, format: String) throws {
        let (files, pathFailures) = pathOptions.expand(paths)
        var total = 0
        var failed = 0
        var ids = DossierIDs()
        var valid: [(id: String, file: String, line: Int?)] = []
        var warnings = 0
        // Files with no record: each an error unless --allow-empty.
        var emptyFiles = 0
        // Places a record whose id an earlier one has, as score does.
        let placing = BatchScorer(assessor: assessor, loader: options.loader, records: records)
        var assessor = assessor
        assessor.stakes = .none
        // A file at a time: each holds many records (up to the format's maxBytes).
        OrderedBatch.run(files: files, chunkSize: 1) { [assessor] file in
            assessor.assessRecords(file: file, loader: records)
        } consume: { index, outcomes in
            let file = files[index]
            for outcome in outcomes {
                total += 1
                switch outcome {
                case .success(let assessment):
                    if let first = ids.claim(assessment.id, at: valid.count, idAt: { valid[$0].id }) {
                        failed += 1
                        printDiagnostics(
                            placing.duplicate(
                                assessment.id, file: file, record: assessment.record, first: valid[first].file, firstLine: valid[first].line
                            ).diagnostics)
                    } else {
                        printDiagnostics(assessment.dataProblems)
                        warnings += assessment.dataProblems.count
                        valid.append((assessment.id, file, assessment.record?.line))
                        print("\(file): \(assessment.id) valid, format \(format)")
                    }
                case .failure(let failure):
                    failed += 1
                    printDiagnostics(failure.diagnostics)
                }
            }
            if outcomes.isEmpty {
                if pathOptions.allowEmpty {
                    print("\(file): no <\(records.format.record)> record in the file")
                } else {
                    emptyFiles += 1
                    printDiagnostics([records.noRecords(inFileAt: file)])
                }
            }
        }
        printDiagnostics(pathFailures.flatMap(\.diagnostics))
        print(
            "\(total - failed) of \(Wording.count(total, "record")) valid" + (failed > 0 ? ", \(failed) invalid" : "")
                + (warnings > 0 ? "; \(Wording.count(warnings, "warning"))" : "")
                + (emptyFiles == 0 ? "" : "; \(Wording.count(emptyFiles, "file")) held none")
                + (pathFailures.isEmpty ? "" : "; \(Wording.count(pathFailures.count, "path")) gave no record"))
        if failed > 0 || emptyFiles > 0 || !pathFailures.isEmpty { throw ExitStatus.inputProblems }
    }
}
