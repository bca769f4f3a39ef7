package import PortfolioRunner
package import Reports

/// Where the workbench's reports are written, a piece at a time: text is gathered in a buffer
/// and handed on whenever it passes a megabyte, so a report on a large portfolio never sits in
/// memory whole. After a write fails, nothing more is written and the error is thrown by
/// `finish`.
package final class ReportSink {
    private let out: ByteSink
    private let threshold: Int
    private let emit: (UnsafeBufferPointer<UInt8>) -> String?
    private var failure: String?

    /// Writes to the descriptor (the `--output` file's temporary, or standard output).
    package convenience init(descriptor: Int32) {
        self.init(threshold: 1 << 20) { StreamingJSONReport.writeAll(descriptor, $0)?.message }
    }

    /// Hands the bytes to `emit`, which returns an error message when it fails.
    package init(threshold: Int, emit: @escaping (UnsafeBufferPointer<UInt8>) -> String?) {
        self.threshold = threshold
        self.emit = emit
        out = ByteSink(capacity: threshold + (1 << 16))
    }

    /// The bytes written so far, for a JSON writer that appends to them directly.
    package var bytes: ByteSink { out }

    package func write(_ text: String) {
        out.append(string: text)
        flushIfFull()
    }

    /// `text` and a line break.
    package func line(_ text: String = "") {
        out.append(string: text)
        out.append(UInt8(ascii: "\n"))
        flushIfFull()
    }

    package func flushIfFull() {
        if out.byteCount > threshold { flush() }
    }

    private func flush() {
        if failure == nil { failure = out.withBytes(emit) }
        out.removeAll()
    }

    /// Hands on what is left; throws the first write error met.
    package func finish() throws(ReportWriteError) {
        flush()
        if let failure { throw ReportWriteError(failure) }
    }

    /// A sink that keeps everything, and the text it was given (for tests and small reports).
    package static func collecting() -> (ReportSink, () -> String) {
        let kept = Kept()
        let sink = ReportSink(threshold: 1 << 16) { bytes in
            kept.bytes.append(contentsOf: bytes)
            return nil
        }
        return (sink, { String(decoding: kept.bytes, as: UTF8.self) })
    }

    private final class Kept {
        var bytes: [UInt8] = []
    }
}
