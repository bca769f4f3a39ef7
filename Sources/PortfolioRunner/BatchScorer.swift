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
    public var records: RecordLoader?

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
        let assessor = self.assessor
        let loader = self.loader
        let records = self.records
        // Each file on a worker thread; its items handed on in input order (OrderedBatch).
        try OrderedBatch.run(files: files, chunkSize: chunkSize) { file -> FileItems<Prepared> in
            if let records {
                return .many(
                    assessor.assessRecords(file: file, loader: records).map {
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
        } consume: { position, items in
            switch items {
            case .one(let item): try consume(position, item)
            case .many(let items): for item in items { try consume(position, item) }
            }
        }
    }
}
