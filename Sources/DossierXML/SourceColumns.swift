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

    /// The 1-based line and column of the first occurrence of `needle` in `source`.
    static func position(of needle: [UInt8], in source: [UInt8]) -> (line: Int, column: Int)? {
        guard !needle.isEmpty, needle.count <= source.count else { return nil }
        var line = 1
        var lineStart = 0
        for index in 0...(source.count - needle.count) {
            if source[index..<index + needle.count].elementsEqual(needle) {
                return (line, index - lineStart + 1)
            }
            if source[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
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
