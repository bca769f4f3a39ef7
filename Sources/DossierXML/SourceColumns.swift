/// Recovers columns that libxml2 does not report, from the source bytes.
enum SourceColumns {
    /// The 1-based column of the first start tag `<name` on `line` (1-based), or 1 when the tag
    /// is not found on that line. Columns count bytes, as libxml2's do.
    static func column(ofElement name: String, onLine line: Int, in source: [UInt8]) -> Int {
        guard line >= 1 else { return 1 }
        var currentLine = 1
        var index = 0
        while currentLine < line, index < source.count {
            if source[index] == UInt8(ascii: "\n") { currentLine += 1 }
            index += 1
        }
        let lineStart = index
        let needle = [UInt8(ascii: "<")] + Array(name.utf8)
        while index + needle.count <= source.count, source[index] != UInt8(ascii: "\n") {
            if source[index..<index + needle.count].elementsEqual(needle) {
                let after = index + needle.count
                if after == source.count || !isNameByte(source[after]) {
                    return index - lineStart + 1
                }
            }
            index += 1
        }
        return 1
    }

    /// The 1-based line and column of the `<!DOCTYPE` that opens the document type declaration:
    /// the first one in the prolog outside comments and processing instructions, which may mention
    /// the word themselves. Nil when there is none before the first element (or the encoding is
    /// not ASCII-compatible).
    static func doctypePosition(in source: [UInt8]) -> (line: Int, column: Int)? {
        var line = 1
        var lineStart = 0
        var index = 0
        func hasPrefix(_ text: String, at position: Int) -> Bool {
            let bytes = Array(text.utf8)
            return position + bytes.count <= source.count && source[position..<position + bytes.count].elementsEqual(bytes)
        }
        func skip(past terminator: String) {
            while index < source.count, !hasPrefix(terminator, at: index) {
                if source[index] == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
            index += terminator.utf8.count
        }
        while index < source.count {
            if source[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if source[index] == UInt8(ascii: "<") {
                if hasPrefix("<!DOCTYPE", at: index) { return (line, index - lineStart + 1) }
                if hasPrefix("<!--", at: index) {
                    skip(past: "-->")
                    continue
                }
                if hasPrefix("<?", at: index) {
                    skip(past: "?>")
                    continue
                }
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return true
        default:
            return byte >= 0x80
        }
    }
}
