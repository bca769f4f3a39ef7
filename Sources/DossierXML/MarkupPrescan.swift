#if canImport(Glibc)
    import Glibc
#endif

/// A linear pass over raw bytes that finds the first element with more attributes than allowed,
/// before libxml2 is given the document. libxml2 2.9 compares every attribute of an element with
/// every other, so one element with tens of thousands of attributes costs seconds; this pass costs
/// one read of the bytes.
///
/// It is deliberately simple: it understands start tags, quoted attribute values and end tags
/// well enough to count attributes, and leaves every well-formedness judgement to libxml2. Where
/// libxml2, after an error, reads on as markup (the next '<' after a broken tag; the inside of a
/// comment, CDATA section or processing instruction it leaves early), so does this pass: every
/// '<' that could start an element is looked at.
struct MarkupPrescan {
    struct Finding {
        /// The byte offset of the element's `<`.
        var offset: Int
        var attributeCount: Int
    }

    static func firstElement(
        in bytes: UnsafeRawBufferPointer, withMoreAttributesThan limit: Int
    ) -> Finding? {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return nil }
        let base = start.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count
        var index = 0

        /// The offset of the next `byte` at or after `from`, found with memchr.
        func next(_ byte: UInt8, from: Int) -> Int? {
            guard from < count, let found = memchr(base + from, Int32(byte), count - from) else { return nil }
            return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
        }

        func hasPrefix(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard index + length <= count else { return false }
            return memcmp(base + index, text.utf8Start, length) == 0
        }

        /// Moves past the next '>', or to the next '<' if that comes first (a short loop: tags are short).
        func skipToEndOfTag() {
            while index < count {
                let byte = base[index]
                if byte == UInt8(ascii: "<") { return }
                index += 1
                if byte == UInt8(ascii: ">") { return }
            }
        }

        while let open = next(UInt8(ascii: "<"), from: index) {
            index = open
            // Decided by the byte after '<': a comparison, not a call, for nearly every tag.
            let kind = open + 1 < count ? base[open + 1] : 0
            if kind == UInt8(ascii: "/") {
                // An end tag: a name, then '>'. A '<' before it is where libxml2, having
                // reported the error, reads on: so does this pass.
                index += 2
                skipToEndOfTag()
            } else if kind == UInt8(ascii: "!") {
                // Comments and CDATA sections are not skipped: libxml2 leaves one early on an
                // error (a control character, say) and reads what follows as markup, so a tag
                // inside one is counted like any other. Their text is not.
                if hasPrefix("<!--") {
                    index += 4
                } else if hasPrefix("<![CDATA[") {
                    index += 9
                } else {
                    index += 2
                    skipToEndOfTag()
                }
            } else if kind == UInt8(ascii: "?") {
                // Nor are processing instructions and the XML declaration: libxml2 leaves a
                // broken one at its first '>' or right after '<?'.
                index += 2
            } else {
                let tagStart = index
                index += 1
                var attributes = 0
                tag: while index < count {
                    // Eight bytes at a time to the next quote, '=' or '>'; then that byte.
                    while index + 8 <= count {
                        let found = specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                        if found != 0 {
                            index += found.trailingZeroBitCount >> 3
                            break
                        }
                        index += 8
                    }
                    guard index < count else { break }
                    let current = base[index]
                    index += 1
                    switch current {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        // A value starts only after '=' (and white space). A quote anywhere else
                        // ends the tag for libxml2, which reports the error and reads on from
                        // the next '<': so does this pass, or a broken tag would hide the next.
                        var before = index - 2
                        while before > tagStart, isWhiteSpace(base[before]) { before -= 1 }
                        guard base[before] == UInt8(ascii: "=") else {
                            index -= 1
                            break tag
                        }
                        // The value: '=' and '>' inside it count for nothing. It ends at the same
                        // quote, or at a '<', where libxml2 ends it with an error and reads on.
                        while index < count, base[index] != current, base[index] != UInt8(ascii: "<") { index += 1 }
                        guard index < count, base[index] == current else { break tag }
                        index += 1
                    case UInt8(ascii: "="):
                        attributes += 1
                        if attributes > limit {
                            return Finding(offset: tagStart, attributeCount: attributes)
                        }
                    case UInt8(ascii: ">"):
                        break tag
                    default:
                        // Fewer than eight bytes are left: one at a time.
                        break
                    }
                }
            }
        }
        return nil
    }

    @inline(__always)
    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The encoding a document is in when it is not UTF-8 (or ASCII), as libxml2 would tell it
    /// from the first bytes or the XML declaration; nil for UTF-8. Bytes in any other encoding
    /// cannot be pre-scanned — in UTF-16 or EBCDIC, '<', '=' and quotes are other bytes — and a
    /// dossier must be UTF-8 anyway, so such a document is refused before libxml2 decodes it.
    /// The first bytes by which libxml2 tells an encoding (`xmlDetectCharEncoding`), longest first.
    private static let signatures: [(bytes: [UInt8], encoding: String)] = [
        ([0x00, 0x00, 0xFE, 0xFF], "UTF-32"), ([0xFF, 0xFE, 0x00, 0x00], "UTF-32"), ([0x00, 0x00, 0x00, 0x3C], "UTF-32"),
        ([0x3C, 0x00, 0x00, 0x00], "UTF-32"), ([0x00, 0x00, 0x3C, 0x00], "UTF-32"), ([0x00, 0x3C, 0x00, 0x00], "UTF-32"),
        ([0x3C, 0x00, 0x3F, 0x00], "UTF-16"), ([0x00, 0x3C, 0x00, 0x3F], "UTF-16"), ([0x4C, 0x6F, 0xA7, 0x94], "EBCDIC"),
        ([0xFE, 0xFF], "UTF-16"), ([0xFF, 0xFE], "UTF-16"),
    ]

    /// The encoding, and where the XML declaration names it (nil when the first bytes tell it).
    static func nonUTF8Encoding(in bytes: UnsafeRawBufferPointer) -> (name: String, declaredAt: Range<Int>?)? {
        // Nearly every dossier starts with '<?xml', which no signature here does.
        if bytes.count >= 2, bytes[0] == 0x00 || bytes[0] == 0xFE || bytes[0] == 0xFF || bytes[0] == 0x4C || bytes[1] == 0x00 {
            for signature in signatures where bytes.count >= signature.bytes.count && zip(bytes, signature.bytes).allSatisfy({ $0 == $1 }) {
                return (signature.encoding, nil)
            }
        }
        return declaredEncoding(in: bytes).map { ($0.name, $0.range) }
    }

    /// The encoding an ASCII-compatible document's XML declaration names, unless it is UTF-8:
    /// `<?xml version="1.0" encoding="…"?>`, after a UTF-8 byte-order mark if there is one.
    private static func declaredEncoding(in bytes: UnsafeRawBufferPointer) -> (name: String, range: Range<Int>)? {
        func matches(_ literal: StaticString, at offset: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard offset + count <= bytes.count else { return false }
            for position in 0..<count where bytes[offset + position] != literal.utf8Start[position] { return false }
            return true
        }
        var index = matches("\u{FEFF}", at: 0) ? 3 : 0
        guard matches("<?xml", at: index), index + 5 < bytes.count, isWhiteSpace(bytes[index + 5]) else { return nil }
        index += 5
        let end = min(bytes.count, index + 1024)
        while index < end, bytes[index] != UInt8(ascii: "?") {
            guard matches("encoding", at: index), isWhiteSpace(bytes[index - 1]) else {
                index += 1
                continue
            }
            index += 8
            while index < end, isWhiteSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            while index < end, isWhiteSpace(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[index]
            index += 1
            let nameStart = index
            while index < end, bytes[index] != quote { index += 1 }
            guard index < end else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            return name.uppercased() == "UTF-8" ? nil : (name, nameStart..<index)
        }
        return nil
    }

    /// A word with the high bit set in each byte that may be `"`, `'`, `=` or `>`; the lowest
    /// set bit always marks the first such byte (bits above it may be false alarms).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        return zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x27)) | zeroBytes(word ^ (ones &* 0x3D))
            | zeroBytes(word ^ (ones &* 0x3E))
    }
}
