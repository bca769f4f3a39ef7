import Testing
import ToolSupport

@testable import Scoring

/// `FactExtractor.isCollapsed` looks at eight bytes at a time; it must say what a byte-by-byte
/// reading says for every text, which these cases and many seeded random ones compare.
@Suite("Text that needs no collapsing is told apart eight bytes at a time")
struct CollapsedTextTests {
    /// The plain reading: no white space at either end, nothing below the space, no two spaces
    /// side by side.
    static func plainly(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return false }
        for (index, byte) in bytes.enumerated() {
            if byte < 0x20 { return false }
            if byte == 0x20 && index > 0 && bytes[index - 1] == 0x20 { return false }
        }
        return true
    }

    static func isCollapsed(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { FactExtractor.isCollapsed($0) } }

    @Test(
        "chosen texts: spaces at a word's edge, across two words, at either end, control bytes, UTF-8",
        arguments: [
            "", " ", "a", "a ", " a", "a b", "a  b", "abcdefg h", "abcdefgh ijklmnop", "abcdefg  hijklmnop", "abcdefgh  ijklmnop",
            "abcdefgh\tijklmnop", "abcdefghijklmnopq\n", "state-owned-company", "A generated project for benchmarking: a partnership",
            "Ünïcödé ťëxt with spaces", "abcdefgh\u{7F}ijk", "twenty-three bytes long!",
        ])
    func chosen(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.isCollapsed(bytes) == Self.plainly(bytes), "\(bytes)")
    }

    @Test("seeded random texts of spaces, control bytes, letters and UTF-8 bytes, 0 to 40 bytes long")
    func random() {
        var random = SeededGenerator(seed: 17)
        // Half the texts from every kind of byte, half from letters, spaces and UTF-8 alone, so
        // that long texts with no control byte, and spaces on both sides of a word's edge, are
        // common.
        let anyByte: [UInt8] = [0x20, 0x20, 0x20, 0x09, 0x0A, 0x0D, 0x00, 0x1F, 0x21, 0x41, 0x61, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        let prose: [UInt8] = [0x20, 0x20, 0x41, 0x61, 0x7A, 0xC3, 0xA9]
        var disagreements = 0
        var collapsed = 0
        for _ in 0..<50_000 {
            let alphabet = random.chance(0.5) ? anyByte : prose
            let bytes = (0..<random.int(0...40)).map { _ in random.pick(alphabet) }
            if Self.isCollapsed(bytes) != Self.plainly(bytes) { disagreements += 1 }
            if Self.plainly(bytes) { collapsed += 1 }
        }
        #expect(disagreements == 0)
        // Both answers occur often enough to mean something.
        #expect(collapsed > 1_000)
    }
}
