import Dispatch
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

    public init(assessor: Assessor, loader: DossierLoader = DossierLoader(), chunkSize: Int = 256) {
        self.assessor = assessor
        self.loader = loader
        self.chunkSize = max(1, chunkSize)
    }

    /// One dossier's outcome: what `prepare` made of its assessment on the worker thread (the
    /// assessment itself, or only what the caller needs of it), or why it failed.
    public enum Item<Prepared: Sendable>: Sendable {
        case scored(Prepared)
        case failed(FailedDossier)
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
        let chunkSize = self.chunkSize
        /// Starts scoring the chunk beginning at `start` on the worker pool.
        func launch(_ start: Int) -> (start: Int, slots: ResultSlots<Item<Prepared>>, done: DispatchGroup) {
            let first = files.startIndex + start
            let chunk = Array(files[first..<min(first + chunkSize, files.endIndex)])
            let slots = ResultSlots<Item<Prepared>>(count: chunk.count)
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) {
                DispatchQueue.concurrentPerform(iterations: chunk.count) { offset in
                    switch assessor.assess(file: chunk[offset], loader: loader) {
                    case .success(let assessment):
                        slots[offset] = .scored(prepare(assessment))
                    case .failure(let failure):
                        slots[offset] = .failed(failure)
                    }
                }
            }
            return (start, slots, done)
        }
        guard !files.isEmpty else { return }
        var current = launch(0)
        while true {
            current.done.wait()
            let next = current.start + chunkSize < files.count ? launch(current.start + chunkSize) : nil
            // Should `consume` throw, the chunk in flight is finished before returning.
            defer { next?.done.wait() }
            for (offset, item) in current.slots.values.enumerated() {
                if let item { try consume(current.start + offset, item) }
            }
            guard let next else { return }
            current = next
        }
    }
}
