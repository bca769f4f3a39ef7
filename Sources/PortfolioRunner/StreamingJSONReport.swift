import DossierXML
public import Reports
import RuleLanguage
public import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the JSON report — the document or JSON Lines, compact or full — for a portfolio of
/// any size in one pass: each chunk of dossiers is scored and serialised in parallel, then
/// written in input order; only each dossier's small rank entry and id stay in memory (a
/// `RankIndex`), for the document's `ranking` at the end, which is written a sinkful at a time
/// like the dossiers. The bytes equal `JSONReport.render` (`JSONLinesReport.render`, but for the
/// failures, which the streamed lines place where they were met).
public struct StreamingJSONReport {
    public struct Summary: Sendable {
        public var scored: Int
        public var failed: Int
        public var failures: [FailedDossier]
    }

    /// The report's form: the JSON document, or JSON Lines (a header line, then one line per
    /// dossier in input order, no ranking).
    public enum Form: Sendable {
        case document
        case lines
    }

    /// Scores `files` and writes the report to the descriptor `output`.
    public static func write(
        files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, form: Form = .document, detail: JSONReport.Detail = .full,
        to output: Int32
    ) throws(ReportWriteError) -> Summary {
        try write(files: files, otherFailures: otherFailures, scorer: scorer, form: form, detail: detail, flushingAbove: 1 << 20) {
            writeAll(output, $0)
        }
    }

    /// The same for files given as strings.
    public static func write(
        files: [String], otherFailures: [FailedDossier] = [], scorer: BatchScorer, form: Form = .document, detail: JSONReport.Detail = .full,
        to output: Int32
    ) throws(ReportWriteError) -> Summary {
        try write(files: PathList(files), otherFailures: otherFailures, scorer: scorer, form: form, detail: detail, to: output)
    }

    /// Scores `files` and hands the report to `emit` in pieces of a little over `flushingAbove`
    /// bytes (the last one smaller). After `emit` has failed once, it is not called again and the
    /// rest of the report is dropped as it is made, so memory stays flat; its error is thrown at
    /// the end.
    static func write(
        files: PathList, otherFailures: [FailedDossier] = [], scorer: BatchScorer, form: Form = .document, detail: JSONReport.Detail = .full,
        flushingAbove threshold: Int, emit: (UnsafeBufferPointer<UInt8>) -> ReportWriteError?
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
        /// A dossier that could not be scored: a line of its own in JSON Lines, else kept for
        /// the document's `failures`.
        func failed(_ dossier: FailedDossier) {
            failures.append(dossier)
            if form == .lines { JSONLinesReport.failure(out, dossier) }
        }
        switch form {
        case .document: out.append(string: JSONReport.opening(ruleSet: ruleSet, detail: detail))
        case .lines: out.append(string: JSONLinesReport.header(ruleSet: ruleSet, detail: detail))
        }
        var ids = DossierIDs()
        // Each worker's writer is made from the rule set it scores with (its own replica).
        let entries: @Sendable (Assessor) -> (Assessment) -> (ByteSink, RankIndex.Key) = { assessor in
            let writer = JSONReport.EntryWriter(ruleSet: assessor.ruleSet, detail: detail)
            return { (form == .document ? writer.entry($0) : writer.line($0), RankIndex.Key($0)) }
        }
        scorer.run(files: files, preparing: entries) { position, item in
            switch item {
            case .scored(let (entry, key)):
                // The first dossier with an id is scored; a later one is a failure.
                if let first = ids.claim(key.id, at: index.nextSlot, idAt: { index.id(atSlot: $0) }) {
                    failed(index.duplicate(key, file: files[position], first: first, files: files, scorer: scorer))
                    return
                }
                switch form {
                case .document:
                    if !index.isEmpty { out.append(",\n") }
                    entry.withBytes { out.append(UnsafeRawBufferPointer($0)) }
                case .lines:
                    JSONLinesReport.assessment(out, entry: entry)
                }
                index.append(position: position, key)
            case .failed(let dossier):
                failed(dossier)
            }
            if out.byteCount > threshold { flush() }
        }
        if let failure { throw failure }
        otherFailures.forEach(failed)
        if form == .document {
            writeClosing(
                index: &index, files: files, failures: failures, ruleSet: ruleSet, detail: detail, into: out, threshold: threshold, flush: flush)
        }
        flush()
        if let failure { throw failure }
        return Summary(scored: index.count, failed: failures.count, failures: failures)
    }

    /// The document's end: `failures`, the `ranking` (a row per dossier, or its id in the
    /// compact form) a sinkful at a time, and the rest.
    private static func writeClosing(
        index: inout RankIndex, files: PathList, failures: [FailedDossier], ruleSet: CompiledRuleSet, detail: JSONReport.Detail, into out: ByteSink,
        threshold: Int, flush: () -> Void
    ) {
        index.sort(files: files)
        JSONReport.closingHead(out, failures: failures)
        for (rank, entry) in index.entries.enumerated() {
            index.withID(entry) { id in
                switch detail {
                case .full:
                    JSONReport.rankingRow(
                        out, rank: rank + 1, band: index.bands[Int(entry.band)].id, file: files[Int(entry.position)], id: id, score: entry.score,
                        upperScore: entry.upperScore)
                case .compact:
                    JSONReport.rankingID(out, rank: rank + 1, id: id)
                }
            }
            if out.byteCount > threshold { flush() }
        }
        JSONReport.closingTail(out, ruleSet: ruleSet, rankingIsEmpty: index.isEmpty)
    }

    package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> ReportWriteError? {
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
