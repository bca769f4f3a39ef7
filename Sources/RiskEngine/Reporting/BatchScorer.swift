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
    /// leave the cores idle; at most two chunks are held at once.
    public func run<Prepared: Sendable>(
        files: [String], prepare: @escaping @Sendable (Assessment) -> Prepared, consume: (Int, Item<Prepared>) throws -> Void
    ) rethrows {
        let assessor = self.assessor
        let loader = self.loader
        let chunkSize = self.chunkSize
        /// Starts scoring the chunk beginning at `start` on the worker pool.
        func launch(_ start: Int) -> (start: Int, slots: ResultSlots<Item<Prepared>>, done: DispatchGroup) {
            let chunk = Array(files[start..<min(start + chunkSize, files.count)])
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
/// rank key stays in memory, for the `ranking` index at the end. The bytes equal
/// `JSONReport.render`.
public struct StreamingJSONReport {
    public struct Summary: Sendable {
        public var scored: Int
        public var failed: Int
        public var failures: [FailedDossier]
    }

    /// Scores `files` and writes the report to the descriptor `output`.
    public static func write(files: [String], otherFailures: [FailedDossier] = [], scorer: BatchScorer, to output: Int32) throws(ReportWriteError)
        -> Summary
    {
        var keys: [RankKey] = []
        var failures: [FailedDossier] = []
        var buffer = Array(JSONReport.opening(ruleSet: scorer.assessor.ruleSet).utf8)
        var failure: ReportWriteError? = nil
        let writer = JSONReport.FragmentWriter(ruleSet: scorer.assessor.ruleSet)
        scorer.run(files: files, prepare: { (writer.sink($0), RankKey($0)) }) { _, item in
            switch item {
            case .scored(let (fragment, key)):
                if !keys.isEmpty {
                    buffer.append(UInt8(ascii: ","))
                    buffer.append(UInt8(ascii: "\n"))
                }
                fragment.withBytes { buffer.append(contentsOf: $0) }
                keys.append(key)
                if buffer.count > 1 << 20, failure == nil {
                    failure = writeAll(output, buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            case .failed(let failed):
                failures.append(failed)
            }
        }
        if let failure { throw failure }
        failures += otherFailures
        keys.sort(by: Ranking.precedes)
        buffer += Array(JSONReport.closing(ruleSet: scorer.assessor.ruleSet, ranking: keys, failures: failures).utf8)
        if let error = writeAll(output, buffer) { throw error }
        return Summary(scored: keys.count, failed: failures.count, failures: failures)
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> ReportWriteError? {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
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
