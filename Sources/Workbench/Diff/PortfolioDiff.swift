package import DossierXML
package import PortfolioRunner
package import RuleLanguage
package import Scoring
package import SilkDiagnostics

/// A dossier that could not be compared: it could not be read, or not assessed with one of the
/// rule sets.
package struct DiffFailure: Error, Sendable {
    package var file: String
    /// Which rule set's reading failed: "both" when the dossier was read once for both.
    package var side: String
    package var diagnostics: [Diagnostic]
}

/// Two rule sets applied to one portfolio, streamed: each dossier read once (when the two
/// catalogues read dossiers alike; otherwise once per rule set) and assessed with both, in
/// parallel, a chunk at a time. What stays in memory is the summary, a compact entry per dossier
/// that moved (`DiffIndex`) and the failures; the detail of each moved dossier waits in a
/// temporary file until the report is written, in order, most moved first.
package struct PortfolioDiff {
    package let base: CompiledRuleSet
    package let new: CompiledRuleSet
    package let changes: RuleSetChanges
    package private(set) var summary = DiffSummary()
    package private(set) var failures: [DiffFailure] = []
    private let files: PathList
    private var index = DiffIndex()
    private let spill: SpillFile

    package struct Failure: Error, Sendable {
        package var message: String
    }

    /// Diffs every file; `missing` are paths that do not exist, failures of their own. With
    /// `records` (the loaders of the record format both rule sets declare), each file is read
    /// with each rule set's loader and its records compared one by one, by their place in it.
    package init(
        files: PathList, missing: [FailedDossier] = [], base: CompiledRuleSet, new: CompiledRuleSet, loader: DossierLoader,
        records: (base: RecordLoader, new: RecordLoader)? = nil, allowsEmptyRecordFiles: Bool = false
    ) throws(Failure) {
        self.base = base
        self.new = new
        self.files = files
        var changes = RuleSetChanges(base: base, new: new)
        // A record file is read with each rule set's loader, once per rule set, and the report
        // says so.
        if records != nil {
            changes.catalogueShared = false
            changes.readsRecords = true
        }
        self.changes = changes
        do { spill = try SpillFile() } catch { throw Failure(message: error.message) }
        var oldAssessor = Assessor(ruleSet: base)
        var newAssessor = Assessor(ruleSet: new)
        // Nothing a diff shows needs the points at stake on missing facts.
        oldAssessor.stakes = .none
        newAssessor.stakes = .none
        let (before, after) = (oldAssessor, newAssessor)
        let shared = changes.catalogueShared
        var spillFailure: SpillFile.Failure? = nil
        // Each worker with its own engine, as `score` has (`BatchScorer.engine(forWorker:files:)`):
        // the new rule set's assessor is replicated for the loader the base's replica reads with.
        let scorer = BatchScorer(assessor: before, loader: loader)
        let count = files.count
        // A record file holds many records: a file at a time, as `score` reads them.
        OrderedBatch.run(files: files, chunkSize: records == nil ? scorer.chunkSize : 1) { worker in
            let (before, loader) = scorer.engine(forWorker: worker, files: count)
            let after = loader.validator === scorer.loader.validator ? after : after.replica(for: loader)
            return { file in
                if let records {
                    return Self.diffRecords(file, before: before, after: after, records: records, allowsEmpty: allowsEmptyRecordFiles)
                }
                return [Self.diff(file, before: before, after: after, loader: loader, shared: shared)]
            }
        } consume: { position, results in
            for result in results {
                switch result {
                case .success(let (diff, bytes)):
                    summary.add(diff)
                    guard diff.moved, spillFailure == nil else { continue }
                    do throws(SpillFile.Failure) {
                        index.append(position: position, diff: diff, spilled: try spill.append(bytes))
                    } catch {
                        spillFailure = error
                    }
                case .failure(let failure):
                    failures.append(failure)
                }
            }
        }
        if let spillFailure { throw Failure(message: spillFailure.message) }
        failures += missing.map { DiffFailure(file: $0.file, side: "both", diagnostics: $0.diagnostics) }
        let list = files
        index.sort { list[$0] }
    }

    /// How many dossiers moved.
    package var movedCount: Int { index.count }

    /// One dossier assessed with both rule sets (read once when they share the catalogue).
    private static func diff(
        _ file: String, before: Assessor, after: Assessor, loader: DossierLoader, shared: Bool
    ) -> Result<(DossierDiff, [UInt8]), DiffFailure> {
        let pair: (Assessment, Assessment)
        if shared {
            switch before.read(file: file, loader: loader) {
            case .success(let reading): pair = (before.assess(reading), after.assess(reading))
            case .failure(let failed): return .failure(DiffFailure(file: file, side: "both", diagnostics: failed.diagnostics))
            }
        } else {
            switch (before.assess(file: file, loader: loader), after.assess(file: file, loader: loader)) {
            case (.success(let a), .success(let b)): pair = (a, b)
            case (.failure(let failed), .success): return .failure(DiffFailure(file: file, side: "base", diagnostics: failed.diagnostics))
            case (.success, .failure(let failed)): return .failure(DiffFailure(file: file, side: "new", diagnostics: failed.diagnostics))
            case (.failure(let failed), .failure): return .failure(DiffFailure(file: file, side: "both", diagnostics: failed.diagnostics))
            }
        }
        let diff = DossierDiff(before: pair.0, base: before.ruleSet, after: pair.1, new: after.ruleSet)
        return .success((diff, diff.moved ? diff.encoded() : []))
    }

    /// The records of a file of the format both rule sets declare, each assessed with both and
    /// compared with the record at the same place: a record one rule set cannot assess is a
    /// failure on that side (`file#n`), a file neither can read one failure.
    private static func diffRecords(
        _ file: String, before: Assessor, after: Assessor, records: (base: RecordLoader, new: RecordLoader), allowsEmpty: Bool
    ) -> [Result<(DossierDiff, [UInt8]), DiffFailure>] {
        let (old, new) = (before.assessRecords(file: file, loader: records.base), after.assessRecords(file: file, loader: records.new))
        if old.isEmpty && new.isEmpty && !allowsEmpty {
            return [.failure(DiffFailure(file: file, side: "both", diagnostics: [records.base.noRecords(inFileAt: file)]))]
        }
        guard old.count == new.count else {
            // The file itself could not be read by one of them (one failure), or the formats
            // take different elements for records.
            let side = old.count < new.count ? "base" : "new"
            let failed = (old.count < new.count ? old : new).compactMap { if case .failure(let f) = $0 { f } else { nil } }
            let diagnostics =
                failed.isEmpty
                ? [Diagnostic(.error, .notThisFormat, "the two rule sets read \(old.count) and \(new.count) records in this file", file: file)]
                : failed.flatMap(\.diagnostics)
            return [.failure(DiffFailure(file: file, side: side, diagnostics: diagnostics))]
        }
        return zip(old, new).map { pair in
            switch pair {
            case (.success(let a), .success(let b)):
                let diff = DossierDiff(before: a, base: before.ruleSet, after: b, new: after.ruleSet)
                return .success((diff, diff.moved ? diff.encoded() : []))
            case (.failure(let failed), .success): return .failure(DiffFailure(file: failed.file, side: "base", diagnostics: failed.diagnostics))
            case (.success, .failure(let failed)): return .failure(DiffFailure(file: failed.file, side: "new", diagnostics: failed.diagnostics))
            case (.failure(let failed), .failure): return .failure(DiffFailure(file: failed.file, side: "both", diagnostics: failed.diagnostics))
            }
        }
    }

    /// Hands every moved dossier's diff to `body`, most moved first, read back one at a time.
    package func forEachMoved(_ body: (DossierDiff) throws -> Void) throws {
        for entry in index.entries {
            let bytes: [UInt8]
            do {
                bytes = try spill.read(entry.spillStart..<(entry.spillStart + Int(entry.spillCount)))
            } catch {
                throw Failure(message: error.message)
            }
            try body(DossierDiff(decoding: bytes))
        }
    }
}
