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
        var index = 0
        var line = 1
        var lineStart = 0
        let count = bytes.count

        @inline(__always) func advanceLine(at position: Int) {
            line += 1
            lineStart = position + 1
        }

        func skip(until terminator: [UInt8]) {
            while index < count {
                if bytes[index] == UInt8(ascii: "\n") { advanceLine(at: index) }
                if bytes[index] == terminator[0], index + terminator.count <= count {
                    var matches = true
                    for offset in 1..<terminator.count where bytes[index + offset] != terminator[offset] {
                        matches = false
                        break
                    }
                    if matches {
                        index += terminator.count
                        return
                    }
                }
                index += 1
            }
        }

        func hasPrefix(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let pointer = text.utf8Start
            for offset in 0..<length where bytes[index + offset] != pointer[offset] { return false }
            return true
        }

        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                advanceLine(at: index)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if hasPrefix("<!--") {
                index += 4
                skip(until: Array("-->".utf8))
            } else if hasPrefix("<![CDATA[") {
                index += 9
                skip(until: Array("]]>".utf8))
            } else if hasPrefix("<?") {
                index += 2
                skip(until: Array("?>".utf8))
            } else if hasPrefix("<!") || hasPrefix("</") {
                index += 2
                skip(until: Array(">".utf8))
            } else {
                let tagLine = line
                let tagColumn = index - lineStart + 1
                index += 1
                var attributes = 0
                var quote: UInt8? = nil
                while index < count {
                    let current = bytes[index]
                    if current == UInt8(ascii: "\n") { advanceLine(at: index) }
                    if let open = quote {
                        if current == open { quote = nil }
                    } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                        quote = current
                    } else if current == UInt8(ascii: "=") {
                        attributes += 1
                        if attributes > limit {
                            return Finding(line: tagLine, column: tagColumn, attributeCount: attributes)
                        }
                    } else if current == UInt8(ascii: ">") {
                        index += 1
                        break
                    }
                    index += 1
                }
            }
        }
        return nil
    }
}
