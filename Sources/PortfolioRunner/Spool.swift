import Reports

#if canImport(Glibc)
    import Glibc
#endif

/// Pieces of a report set aside in an unnamed temporary file while a portfolio is scored, and
/// read back, in another order, once the ranking is known. Memory holds one offset per piece,
/// never the pieces: a report in rank order is written with flat memory from one scoring pass.
/// The file has no name (`ScratchFile`, in `$TMPDIR`), so it goes when the process does,
/// however it ends.
final class Spool {
    private let descriptor: Int32
    /// Appended pieces not yet written to the file.
    private let pending = ByteSink(capacity: (1 << 20) + (1 << 16))
    /// Bytes written to the file.
    private var written = 0
    /// Where each piece ends, in the order appended (a piece starts where the one before ends).
    private var ends: [Int] = []
    private var buffer: [UInt8] = []
    /// The first write or read that failed; later ones are not tried.
    private(set) var failure: ReportWriteError?

    init() throws(ReportWriteError) {
        do { descriptor = try ScratchFile.make() } catch { throw ReportWriteError(message: "\(error.message) (for the report)") }
    }

    deinit { close(descriptor) }

    /// How many pieces were appended; the next one appended has this number.
    var count: Int { ends.count }

    func append(_ piece: ByteSink) {
        piece.withBytes { pending.append(UnsafeRawBufferPointer($0)) }
        ends.append((ends.last ?? 0) + piece.byteCount)
        if pending.byteCount >= 1 << 20 { flush() }
    }

    func append(_ text: String) {
        let piece = ByteSink(capacity: text.utf8.count)
        piece.append(string: text)
        append(piece)
    }

    /// Writes what is pending to the file.
    func flush() {
        if failure == nil {
            failure = pending.withBytes { StreamingJSONReport.writeAll(descriptor, $0) }
        }
        written += pending.byteCount
        pending.removeAll()
    }

    /// Appends piece `number` to `out` (after a `flush`).
    func read(_ number: Int, into out: ByteSink) {
        guard failure == nil else { return }
        let start = number == 0 ? 0 : ends[number - 1]
        let length = ends[number] - start
        if buffer.count < length { buffer = [UInt8](repeating: 0, count: max(length, 2 * buffer.count)) }
        var done = 0
        buffer.withUnsafeMutableBytes { bytes in
            while done < length {
                let result = pread(descriptor, bytes.baseAddress! + done, length - done, off_t(start + done))
                if result < 0, errno == EINTR { continue }
                guard result > 0 else {
                    failure = ReportWriteError(
                        message:
                            "cannot read back the report's temporary file: \(result < 0 ? String(cString: strerror(errno)) : "it is shorter than written")"
                    )
                    return
                }
                done += result
            }
            out.append(UnsafeRawBufferPointer(rebasing: bytes[0..<length]))
        }
    }
}
