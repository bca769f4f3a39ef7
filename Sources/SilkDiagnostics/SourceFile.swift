/// A text file the engine reads (a rule file or a dossier), with its line table.
/// Positions inside it are UTF-8 byte offsets; lines and columns are computed only for display.
public struct SourceFile: Sendable, Hashable {
    /// The path as the user gave it, used verbatim in diagnostics.
    public let path: String
    public let text: String
    public let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        return (low + 1, prefix.count + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
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
        String(decoding: file.bytes[start..<min(end, file.bytes.count)], as: UTF8.self)
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
