import PortfolioRunner

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary file that holds what does not fit a fixed-size record in memory — the detail of
/// each dossier a diff lists — until the report is written. It is unlinked as soon as it is
/// made, so it disappears with the process whatever happens; only its descriptor names it.
final class SpillFile {
    private let descriptor: Int32
    private(set) var size = 0

    struct Failure: Error {
        var message: String
    }

    /// Makes the file in `$TMPDIR` (or `/tmp`), unnamed.
    init() throws(Failure) {
        do { descriptor = try ScratchFile.make() } catch { throw Failure(message: error.message) }
    }

    deinit { close(descriptor) }

    /// Appends `bytes` and returns where they lie.
    func append(_ bytes: [UInt8]) throws(Failure) -> Range<Int> {
        let start = size
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(start + written)) }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot write a temporary file: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        size += bytes.count
        return start..<size
    }

    func read(_ range: Range<Int>) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let result = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Failure(message: "cannot read a temporary file back: \(String(cString: strerror(errno)))") }
            done += result
        }
        return bytes
    }
}

/// Writes values as bytes, for `BinaryReader` to read back in the same order.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what a `BinaryWriter` wrote. The bytes are this process's own, so a short read is a
/// bug, not bad input: it stops the program.
struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func word() -> UInt64 {
        precondition(offset + 8 <= bytes.count, "spilled record cut short")
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    mutating func int() -> Int { Int(Int64(bitPattern: word())) }
    mutating func double() -> Double { Double(bitPattern: word()) }

    mutating func byte() -> UInt8 {
        precondition(offset < bytes.count, "spilled record cut short")
        offset += 1
        return bytes[offset - 1]
    }

    mutating func bool() -> Bool { byte() != 0 }

    mutating func string() -> String {
        let count = int()
        precondition(count >= 0 && offset + count <= bytes.count, "spilled record cut short")
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }
}
