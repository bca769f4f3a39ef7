public import DossierXML
import Reports
import RuleLanguage
public import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// Scores a portfolio in a bounded pipeline: dossiers are read, parsed, scored and serialised in
/// parallel, a chunk at a time, on every core; results are handed on in input order, so nothing
/// depends on timing. Memory holds one chunk of dossiers, never the whole portfolio.
public struct BatchScorer: Sendable {
    public var assessor: Assessor
    public var loader: DossierLoader
    /// Dossiers in flight at once.
    public var chunkSize: Int

    /// Files of a declared record format: each holds many records, and gives an item for each.
    /// Such a file can hold thousands (up to the format's `maxBytes`), so with records a chunk is
    /// one file: the pipeline holds the items of a few files at once, never the portfolio's.
    public var records: RecordLoader?
    /// Whether a record file that holds no record is accepted (`--allow-empty`); by default it is
    /// a failure of its own (`no-records`), as a folder with no dossier is, so that a run given
    /// the wrong file does not pass for a clean one.
    public var allowsEmptyRecordFiles = false
    /// Whether every worker thread but the first scores with replicas of its own of the
    /// assessor and the loader (`Assessor.replica(for:)`, `DossierLoader.replica()`), made on
    /// that thread, when there are at least `replicasFrom` files: threads that share a rule set
    /// and a schema keep changing the same reference counts, and each change then waits for the
    /// other core's cache (up to a seventh of the CPU time on this machine's two cores). A
    /// replica costs about 30 ms to compile (90 million instructions, the shipped pack and the
    /// dossier schema), which a run wins back only over a couple of thousand dossiers; a
    /// smaller run would wait for it at the end.
    public var replicates = true
    public var replicasFrom = 2_000

    public init(assessor: Assessor, loader: DossierLoader = DossierLoader(), records: RecordLoader? = nil, chunkSize: Int = 256) {
        self.assessor = assessor
        self.loader = loader
        self.records = records
        self.chunkSize = max(1, chunkSize)
    }

    /// One dossier's outcome: what `prepare` made of its assessment on the worker thread (the
    /// assessment itself, or only what the caller needs of it), or why it failed.
    public enum Item<Prepared: Sendable>: Sendable {
        case scored(Prepared)
        case failed(FailedDossier)
    }

    /// What one file gave: one dossier's item, or a record file's items, one per record.
    enum FileItems<Prepared: Sendable>: Sendable {
        case one(Item<Prepared>)
        case many([Item<Prepared>])
    }

    /// Scores `files`, runs `prepare` on each assessment in parallel (serialise it, say; an
    /// assessment not returned by `prepare` is freed there, not on the calling thread), then
    /// hands every item to `consume` in input order. While `consume` works through one chunk on
    /// the calling thread, the next chunk is already being scored, so writing a report does not
    /// leave the cores idle; at most two chunks are held at once. `files` is a `PathList` or an
    /// array of strings; the positions handed to `consume` count from 0.
    public func run<Files: RandomAccessCollection<String>, Prepared: Sendable>(
        files: Files, prepare: @escaping @Sendable (Assessment) -> Prepared, consume: (Int, Item<Prepared>) throws -> Void
    ) rethrows where Files.Index == Int {
        try run(files: files, preparing: { _ in prepare }, consume: consume)
    }

    /// As `run(files:prepare:consume:)`, where `preparing` makes each worker thread's `prepare`
    /// from the assessor that thread scores with (a replica, on every thread but the first):
    /// what `prepare` builds from the rule set, it builds from that one.
    public func run<Files: RandomAccessCollection<String>, Prepared: Sendable>(
        files: Files, preparing: @escaping @Sendable (Assessor) -> (Assessment) -> Prepared, consume: (Int, Item<Prepared>) throws -> Void
    ) rethrows where Files.Index == Int {
        let (records, count, allowsEmpty) = (records, files.count, allowsEmptyRecordFiles)
        // Each file on a worker thread; its items handed on in input order (OrderedBatch).
        try OrderedBatch.run(files: files, chunkSize: records == nil ? chunkSize : 1) { [self] worker in
            let (assessor, loader) = engine(forWorker: worker, files: count)
            let prepare = preparing(assessor)
            return { file in
                Self.items(of: file, assessor: assessor, loader: loader, records: records, allowsEmpty: allowsEmpty, prepare: prepare)
            }
        } consume: { position, items in
            switch items {
            case .one(let item): try consume(position, item)
            case .many(let items): for item in items { try consume(position, item) }
            }
        }
    }

    /// The assessor and the loader worker `worker` (from 0) of a run over `count` files works
    /// with: this scorer's own, or replicas of them made now (see `replicates`).
    public func engine(forWorker worker: Int, files count: Int) -> (Assessor, DossierLoader) {
        guard replicates && count >= replicasFrom && worker > 0 else { return (assessor, loader) }
        let loader = loader.replica()
        return (assessor.replica(for: loader), loader)
    }

    /// The failure of a dossier whose id an earlier dossier of the run already has, placed in
    /// both files; of a record (`record`: its place in `file`), placed at both records' start
    /// tags (`firstLine`: the first record's line in `first`).
    public func duplicate(_ id: String, file: String, record: RecordPlace?, first: String, firstLine: Int?) -> FailedDossier {
        if let record, let records {
            return DossierPaths.duplicateID(id, file: file, record: record, first: first, firstLine: firstLine, records: records)
        }
        return DossierPaths.duplicateID(id, file: file, first: first, loader: loader)
    }

    /// What one file gives, scored on a worker thread.
    private static func items<Prepared: Sendable>(
        of file: String, assessor: Assessor, loader: DossierLoader, records: RecordLoader?, allowsEmpty: Bool, prepare: (Assessment) -> Prepared
    ) -> FileItems<Prepared> {
        if let records {
            let results = assessor.assessRecords(file: file, loader: records)
            if results.isEmpty && !allowsEmpty {
                return .many([.failed(FailedDossier(file: file, diagnostics: [records.noRecords(inFileAt: file)]))])
            }
            return .many(
                results.map {
                    switch $0 {
                    case .success(let assessment): .scored(prepare(assessment))
                    case .failure(let failure): .failed(failure)
                    }
                })
        }
        switch assessor.assess(file: file, loader: loader) {
        case .success(let assessment): return .one(.scored(prepare(assessment)))
        case .failure(let failure): return .one(.failed(failure))
        }
    }
}
