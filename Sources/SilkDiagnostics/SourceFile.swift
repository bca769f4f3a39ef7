/// A text file the engine reads (a rule file or a dossier), with its line table.
/// Positions inside it are UTF-8 byte offsets; lines and columns are computed only for display.
///
/// A file is usually held whole. A diagnostic about an untrusted dossier holds an excerpt
/// instead (`excerpt(around:)`): the part of one line it points into, so that a batch of failed
/// dossiers keeps a few hundred bytes each rather than every file. Offsets stay those of the
/// whole file either way.
public struct SourceFile: Sendable, Hashable {
    /// The path as the user gave it, used verbatim in diagnostics.
    public let path: String
    /// The text held: the whole file, or the excerpt.
    public let text: String
    /// The bytes held, as read: invalid UTF-8 is repaired only in `text` and on display.
    public let bytes: [UInt8]
    /// Offsets into `bytes` at which lines start.
    private let lineStarts: [Int]
    /// Where `bytes` begins in the file, and whether the excerpt cuts its line short.
    let origin: Origin

    struct Origin: Sendable, Hashable {
        /// The file's byte offset of `bytes[0]`.
        var offset = 0
        /// The line and column (in characters) `bytes` begins at.
        var line = 1
        var column = 1
        /// Whether the excerpt starts after the start of its line, or ends before its end.
        var cutBefore = false
        var cutAfter = false
    }

    public init(path: String, text: String) {
        self.init(path: path, text: text, bytes: Array(text.utf8), origin: Origin())
    }

    /// A file given as bytes, which need not be valid UTF-8 (a dossier that failed to load).
    public init(path: String, bytes: [UInt8]) {
        self.init(path: path, text: String(decoding: bytes, as: UTF8.self), bytes: bytes, origin: Origin())
    }

    private init(path: String, text: String, bytes: [UInt8], origin: Origin) {
        self.path = path
        self.text = text
        self.bytes = bytes
        self.origin = origin
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// Whether the file is held whole, not as an excerpt.
    public var isWhole: Bool { origin == Origin() }

    /// The number of lines held.
    public var lineCount: Int { lineStarts.count }

    /// 1-based line and column (in characters) of a byte offset of the file.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset - origin.offset, 0), bytes.count)
        let index = lineIndex(of: clamped)
        let start = lineStarts[index]
        return (origin.line + index, (index == 0 ? origin.column : 1) + Self.characterCount(bytes[start..<clamped]))
    }

    /// The number of characters in part of a line: its bytes when they are ASCII (a line holds
    /// no CR LF pair, the one ASCII pair that makes one character), else what Unicode says.
    private static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }
        return String(decoding: bytes, as: UTF8.self).count
    }

    /// The byte offset of the start of a 1-based line, clamped to the lines held.
    public func offset(ofLine line: Int) -> Int {
        let index = min(max(line - origin.line, 0), lineStarts.count - 1)
        return origin.offset + lineStarts[index]
    }

    /// The byte offset of the end of a 1-based line, before its newline (and carriage return).
    public func endOffset(ofLine line: Int) -> Int {
        let index = min(max(line - origin.line, 0), lineStarts.count - 1)
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > lineStarts[index], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return origin.offset + end
    }

    /// The text of a 1-based line, without its newline; for an excerpt, the part it holds.
    public func lineText(_ line: Int) -> String {
        let index = line - origin.line
        guard index >= 0, index < lineStarts.count else { return "" }
        let start = lineStarts[index]
        return String(decoding: bytes[start..<max(start, endOffset(ofLine: line) - origin.offset)], as: UTF8.self)
    }

    /// The byte at a file offset, if it is held.
    public func byte(at offset: Int) -> UInt8? {
        let local = offset - origin.offset
        return local >= 0 && local < bytes.count ? bytes[local] : nil
    }

    /// The bytes of a range of file offsets, as far as they are held.
    public func bytes(in range: Range<Int>) -> ArraySlice<UInt8> {
        let lower = min(max(range.lowerBound - origin.offset, 0), bytes.count)
        let upper = min(max(range.upperBound - origin.offset, lower), bytes.count)
        return bytes[lower..<upper]
    }

    /// The line of a line as it is shown under a diagnostic: its text held, the column that text
    /// starts at, and whether the line goes on beyond it on either side.
    func shownLine(_ line: Int) -> (text: String, firstColumn: Int, cutBefore: Bool, cutAfter: Bool) {
        let first = line == origin.line
        let last = line == origin.line + lineStarts.count - 1
        return (lineText(line), first ? origin.column : 1, first && origin.cutBefore, last && origin.cutAfter)
    }

    /// An excerpt that holds what a diagnostic at `range` shows: the line `range` starts on, cut
    /// to about `radius` bytes either side of the range when the line is longer than
    /// `longestWholeLine` (a dossier written on one line, say). Cuts fall between characters.
    public func excerpt(around range: Range<Int>, radius: Int = 80, longestWholeLine: Int = 240) -> SourceFile {
        let (line, _) = location(of: range.lowerBound)
        let lineStart = offset(ofLine: line)
        let lineEnd = endOffset(ofLine: line)
        var start = lineStart
        var end = lineEnd
        if lineEnd - lineStart > longestWholeLine {
            let focus = min(max(range.lowerBound, lineStart), lineEnd)
            let focusEnd = min(max(range.upperBound, focus), lineEnd, focus + radius)
            start = max(lineStart, focus - radius)
            end = min(lineEnd, focusEnd + radius)
            // Move each cut back onto the first byte of a character: at most three bytes (a
            // character has at most four), and never past the other cut. Bytes that are not
            // UTF-8 (a run of continuation bytes) are cut where they fall.
            start = Self.characterStart(start, floor: lineStart) { byte(at: $0) }
            end = max(start, Self.characterStart(end, floor: start) { byte(at: $0) })
        }
        let column = location(of: start).column
        return SourceFile(
            path: path, text: String(decoding: bytes(in: start..<end), as: UTF8.self), bytes: Array(bytes(in: start..<end)),
            origin: Origin(offset: start, line: line, column: column, cutBefore: start > lineStart, cutAfter: end < lineEnd))
    }

    /// `offset`, moved back by up to three bytes (not below `floor`) while it points at a UTF-8
    /// continuation byte.
    private static func characterStart(_ offset: Int, floor: Int, byte: (Int) -> UInt8?) -> Int {
        var offset = offset
        var steps = 0
        while steps < 3, offset > floor, let value = byte(offset), value & 0xC0 == 0x80 {
            offset -= 1
            steps += 1
        }
        return offset
    }

    private func lineIndex(of local: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= local { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// A range of bytes in a source file.
public struct SourceSpan: Sendable, Hashable {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(end, start)
    }

    /// The smallest span covering both.
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var text: String {
        String(decoding: file.bytes(in: start..<end), as: UTF8.self)
    }

    /// The same span, holding only the excerpt of its file a diagnostic shows.
    public var excerpted: SourceSpan {
        SourceSpan(file: file.excerpt(around: start..<end), start: start, end: end)
    }

    public static func == (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        lhs.file.path == rhs.file.path && lhs.start == rhs.start && lhs.end == rhs.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file.path)
        hasher.combine(start)
        hasher.combine(end)
    }
}
