#if canImport(Glibc)
    import Glibc
#endif

/// A linear pass over raw bytes that finds the first element with more attributes than allowed,
/// before libxml2 is given the document. libxml2 2.9 compares every attribute of an element with
/// every other, so one element with tens of thousands of attributes costs seconds; this pass costs
/// one read of the bytes.
///
/// It is deliberately simple: it understands start tags, quoted attribute values, comments,
/// CDATA sections, processing instructions and declarations well enough to count attributes,
/// and leaves every well-formedness judgement to libxml2.
struct MarkupPrescan {
    struct Finding {
        var line: Int
        var column: Int
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

        /// Moves past the next `terminator`, or to the end when there is none.
        func skip(past terminator: StaticString) {
            let length = terminator.utf8CodeUnitCount
            var from = index
            while let found = next(terminator.utf8Start[0], from: from) {
                if found + length <= count, memcmp(base + found, terminator.utf8Start, length) == 0 {
                    index = found + length
                    return
                }
                from = found + 1
            }
            index = count
        }

        while let open = next(UInt8(ascii: "<"), from: index) {
            index = open
            // Decided by the byte after '<': a comparison, not a call, for nearly every tag.
            let kind = open + 1 < count ? base[open + 1] : 0
            if kind == UInt8(ascii: "/") {
                // An end tag: a name, then '>' (short: a loop beats a call).
                index += 2
                while index < count, base[index] != UInt8(ascii: ">") { index += 1 }
                index += 1
            } else if kind == UInt8(ascii: "!") {
                if hasPrefix("<!--") {
                    index += 4
                    skip(past: "-->")
                } else if hasPrefix("<![CDATA[") {
                    index += 9
                    skip(past: "]]>")
                } else {
                    index += 2
                    skip(past: ">")
                }
            } else if kind == UInt8(ascii: "?") {
                index += 2
                skip(past: "?>")
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
                        // A quoted value: '=' and '>' inside it count for nothing.
                        guard let close = next(current, from: index) else {
                            index = count
                            break tag
                        }
                        index = close + 1
                    case UInt8(ascii: "="):
                        attributes += 1
                        if attributes > limit {
                            return finding(at: tagStart, in: base, attributeCount: attributes)
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

    /// Line and column (1-based, in bytes) of `offset`: counted only when there is a finding.
    private static func finding(at offset: Int, in base: UnsafePointer<UInt8>, attributeCount: Int) -> Finding {
        var line = 1
        var lineStart = 0
        for position in 0..<offset where base[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        return Finding(line: line, column: offset - lineStart + 1, attributeCount: attributeCount)
    }
}
