import Dispatch
import Synchronization
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

    /// One dossier's outcome, with whatever `prepare` made of it on the worker thread.
    public enum Item<Prepared: Sendable>: Sendable {
        case scored(Assessment, Prepared)
        case failed(FailedDossier)
    }

    /// Scores `files`, runs `prepare` on each assessment in parallel (serialise it, say), then
    /// hands every item to `consume` in input order.
    public func run<Prepared: Sendable>(
        files: [String], prepare: @escaping @Sendable (Assessment) -> Prepared, consume: (Int, Item<Prepared>) throws -> Void
    ) rethrows {
        var start = 0
        while start < files.count {
            let end = min(start + chunkSize, files.count)
            let slots = ResultSlots<Item<Prepared>>(count: end - start)
            let chunk = Array(files[start..<end])
            let assessor = self.assessor
            let loader = self.loader
            DispatchQueue.concurrentPerform(iterations: chunk.count) { offset in
                let file = chunk[offset]
                switch loader.load(path: file) {
                case .loaded(let dossier):
                    let assessment = assessor.assess(dossier, file: file)
                    slots[offset] = .scored(assessment, prepare(assessment))
                case .failure(let problems):
                    slots[offset] = .failed(FailedDossier(file: file, diagnostics: problems.map { Diagnostic(problem: $0, file: file) }))
                }
            }
            for (offset, item) in slots.values.enumerated() {
                if let item { try consume(start + offset, item) }
            }
            start = end
        }
    }
}

/// Writes the JSON report for a portfolio of any size with flat memory: each dossier's JSON goes
/// to a spool file as it is scored, and only its rank key and place in the spool stay in memory;
/// the report is then assembled in rank order. The bytes equal `JSONReport.render`.
public struct StreamingJSONReport {
    struct Entry {
        var score: Double
        var band: Double
        var id: String
        var file: String
        var offset: Int
        var length: Int
    }

    public struct Summary: Sendable {
        public var scored: Int
        public var failed: Int
        public var failures: [FailedDossier]
    }

    /// Scores `files` and writes the report to the descriptor `output`.
    public static func write(files: [String], otherFailures: [FailedDossier] = [], scorer: BatchScorer, to output: Int32) throws(ReportWriteError)
        -> Summary
    {
        var template = Array("/tmp/silkrisk-spool-XXXXXX".utf8CString)
        let spool = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard spool >= 0 else { throw ReportWriteError(message: "cannot create a spool file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { close(spool) }

        var entries: [Entry] = []
        var failures: [FailedDossier] = []
        // Workers write their fragments straight into the spool at offsets they reserve, so no
        // core waits for a sequential writing step between chunks.
        let end = Atomic<Int>(0)
        let writeFailed = Atomic<Bool>(false)
        scorer.run(
            files: files,
            prepare: { assessment -> (offset: Int, length: Int) in
                let bytes = JSONReport.fragment(assessment)
                let offset = end.add(bytes.count, ordering: .relaxed).oldValue
                if writeAllAt(spool, bytes, offset: offset) != nil { writeFailed.store(true, ordering: .relaxed) }
                return (offset, bytes.count)
            }
        ) { _, item in
            switch item {
            case .scored(let assessment, let place):
                entries.append(Entry(score: assessment.score, band: assessment.band.from, id: assessment.id, file: assessment.file, offset: place.offset, length: place.length))
            case .failed(let failed):
                failures.append(failed)
            }
        }
        if writeFailed.load(ordering: .relaxed) { throw ReportWriteError(message: "cannot write the spool file") }
        failures += otherFailures
        entries.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.band != b.band { return a.band > b.band }
            return a.id != b.id ? a.id < b.id : a.file < b.file
        }
        if let error = writeAll(output, Array(JSONReport.opening(ruleSet: scorer.assessor.ruleSet).utf8)) { throw error }
        var buffer: [UInt8] = []
        for (index, entry) in entries.enumerated() {
            if index > 0 { buffer += Array(",\n".utf8) }
            var fragment = [UInt8](repeating: 0, count: entry.length)
            let read = fragment.withUnsafeMutableBytes { pread(spool, $0.baseAddress, entry.length, off_t(entry.offset)) }
            guard read == entry.length else { throw ReportWriteError(message: "cannot read back the spool file") }
            buffer += fragment
            if buffer.count > 1 << 20 {
                if let error = writeAll(output, buffer) { throw error }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += Array(JSONReport.closing(ruleSet: scorer.assessor.ruleSet, failures: failures).utf8)
        if let error = writeAll(output, buffer) { throw error }
        return Summary(scored: entries.count, failed: failures.count, failures: failures)
    }

    static func writeAllAt(_ descriptor: Int32, _ bytes: [UInt8], offset: Int) -> ReportWriteError? {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written)) }
            if result < 0 {
                if errno == EINTR { continue }
                return ReportWriteError(message: String(cString: strerror(errno)))
            }
            written += result
        }
        return nil
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
