import DossierXML
import Reports
import RuleLanguage
public import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

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
        var ids = DossierIDs()
        scorer.run(files: files) {
            (writer.sink($0), RankIndex.Key($0))
        } consume: { position, item in
            switch item {
            case .scored(let (fragment, key)):
                // The first dossier with an id is scored; a later one is a failure.
                if let first = ids.claim(key.id, at: position, idAt: { index.id(at: $0) }) {
                    failures.append(DossierPaths.duplicateID(key.id, file: files[position], first: files[first], loader: scorer.loader))
                    return
                }
                if !index.isEmpty { out.append(",\n") }
                fragment.withBytes { out.append(UnsafeRawBufferPointer($0)) }
                index.append(position: position, key)
                if out.byteCount > threshold { flush() }
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
                    out, rank: rank + 1, band: index.bands[Int(entry.band)].id, file: files[Int(entry.position)], id: id, score: entry.score,
                    upperScore: entry.upperScore)
            }
            if out.byteCount > threshold { flush() }
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
