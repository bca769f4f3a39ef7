import Dispatch
public import DossierXML

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

/// Writes the JSON report for a portfolio of any size in one pass: each chunk of dossiers is
/// scored and serialised in parallel, then written in input order; only each dossier's small
/// rank entry and id stay in memory (a `RankIndex`), for the `ranking` at the end, which is
/// written a sinkful at a time like the dossiers. The bytes equal `JSONReport.render`.
public struct StreamingJSONReport {
    public struct Summary: Sendable {
        public var scored: Int
        public var failed: Int
        public var failures: [FailedDossier]
    }

    /// Scores `files` and writes the report to the descriptor `output`.
    public static func write(files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, to output: Int32) throws(ReportWriteError)
        -> Summary
    {
        try write(files: files, otherFailures: otherFailures, scorer: scorer, flushingAbove: 1 << 20) { writeAll(output, $0) }
    }

    /// The same for files given as strings.
    public static func write(files: [String], otherFailures: [FailedDossier] = [], scorer: BatchScorer, to output: Int32) throws(ReportWriteError)
        -> Summary
    {
        try write(files: PathList(files), otherFailures: otherFailures, scorer: scorer, to: output)
    }

    /// Scores `files` and hands the report to `emit` in pieces of a little over `flushingAbove`
    /// bytes (the last one smaller). After `emit` has failed once, it is not called again and the
    /// rest of the report is dropped as it is made, so memory stays flat; its error is thrown at
    /// the end.
    static func write(
        files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, flushingAbove threshold: Int,
        emit: (UnsafeBufferPointer<UInt8>) -> ReportWriteError?
    ) throws(ReportWriteError) -> Summary {
        let ruleSet = scorer.assessor.ruleSet
        var index = RankIndex()
        var failures: [FailedDossier] = []
        let out = ByteSink(capacity: threshold + (1 << 16))
        var failure: ReportWriteError? = nil
        /// Passes the bytes written so far on (unless an earlier piece failed) and forgets them.
        func flush() {
            if failure == nil { failure = out.withBytes(emit) }
            out.removeAll()
        }
        out.append(string: JSONReport.opening(ruleSet: ruleSet))
        let writer = JSONReport.FragmentWriter(ruleSet: ruleSet)
        scorer.run(files: files, prepare: { (writer.sink($0), $0.score, $0.band, $0.id) }) { position, item in
            switch item {
            case .scored(let (fragment, score, band, id)):
                if !index.isEmpty { out.append(",\n") }
                fragment.withBytes { out.append(UnsafeRawBufferPointer($0)) }
                index.append(position: position, score: score, band: band, id: id)
                if out.count > threshold { flush() }
            case .failed(let failed):
                failures.append(failed)
            }
        }
        if let failure { throw failure }
        failures += otherFailures
        index.sort(files: files)
        JSONReport.closingHead(out, failures: failures)
        for (rank, entry) in index.entries.enumerated() {
            index.withID(entry) { id in
                JSONReport.rankingRow(
                    out, rank: rank + 1, band: index.bands[Int(entry.band)].id, file: files[Int(entry.position)], id: id, score: entry.score)
            }
            if out.count > threshold { flush() }
        }
        JSONReport.closingTail(out, ruleSet: ruleSet, rankingIsEmpty: index.isEmpty)
        flush()
        if let failure { throw failure }
        return Summary(scored: index.count, failed: failures.count, failures: failures)
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> ReportWriteError? {
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return ReportWriteError(message: String(cString: strerror(errno)))
            }
            written += result
        }
        return nil
    }
}

public struct ReportWriteError: Error, Sendable {
    public var message: String
}
