import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// The fast paths written for portfolio scale must agree with the plain definitions they replace.
@Suite("Fast paths agree with their plain definitions")
struct FastPathTests {
    /// JSON string escaping, written the obvious way, byte by byte.
    static func reference(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    static let awkward: [String] = [
        "", "a", "plain ascii text longer than eight bytes", "quote \" in the middle", "\\", "ends with a backslash\\",
        "\u{01}\u{02}\u{1F} controls", "tab\tand\nnewline\rreturn", "Цифровой шёлковый путь “quoted” — dash",
        "12345678\"12345678\\1234567\u{7}", "数字丝绸之路", String(repeating: "x", count: 7) + "\"", String(repeating: "é", count: 9) + "\n",
    ]

    @Test("escaping eight bytes at a time gives the same bytes as escaping one at a time", arguments: awkward)
    func jsonStrings(text: String) {
        let sink = ByteSink(capacity: 1)
        sink.append(jsonString: text)
        #expect(sink.bytes == Self.reference(text))
    }

    @Test("every offset of a character needing an escape is found")
    func everyOffset() {
        for special in ["\"", "\\", "\u{0}", "\u{1F}"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let sink = ByteSink()
                sink.append(jsonString: text)
                #expect(sink.bytes == Self.reference(text), "special at \(offset)")
            }
        }
    }

    @Test(
        "numbers are written as Format.number writes them",
        arguments: [
            0.0, -0.0, 1, -1, 42, 1e11 - 1, 1e11, 15532051946867, 1e15 - 1, -123456789, 0.5, 2.25, 1.0 / 3, -0.00004, 99.99999,
            -0.5, -2.0001, 0.12345, 0.00005, -0.00005, 123456.789, 1e14 + 0.25, -1e14 - 0.75, 4.5e15, 9.99995, 9e18, 9.2e18,
            Double(Int64.max).nextDown, Double(Int64.max), 1e20, 1e305, -1e307,
            -1.7e308, .nan, .infinity, -.infinity,
        ] as [Double])
    func numbers(value: Double) {
        let sink = ByteSink()
        sink.append(number: value)
        #expect(sink.string == Format.number(value, decimals: 4))
    }

    @Test("Format.number writes every finite number as a finite number, integers up to 2⁶³ in full")
    func hugeNumbers() {
        #expect(Format.number(9e18) == "9000000000000000000")
        #expect(Format.number(-9.2e18, decimals: 4).allSatisfy { $0 == "-" || $0.isNumber }, "below 2⁶³: written in full, as before")
        #expect(Format.number(1e20) == "1e+20")
        #expect(Format.number(1e305, decimals: 4) == "1e+305")
        #expect(Format.number(-1e307) == "-1e+307")
        for exponent in stride(from: 0, through: 308, by: 1) {
            let value = 1.5 * pow(10, Double(exponent))
            guard value.isFinite else { continue }
            for decimals in [2, 4] {
                let text = Format.number(value, decimals: decimals)
                #expect(Double(text) != nil && Double(text)!.isFinite, "\(value) written as \(text)")
            }
        }
    }

    @Test("fractional numbers of every size are written as Format.number writes them")
    func manyNumbers() {
        // Seeded: the same values on every run. Mantissas at every scale, with up to six decimals.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<20_000 {
            let digits = Double(next() % 10_000_000) / 1_000_000
            let exponent = Int(next() % 330) - 8
            var value = digits
            for _ in 0..<Swift.abs(exponent) { value = exponent < 0 ? value / 10 : value * 10 }
            if next() % 2 == 0 { value = -value }
            let sink = ByteSink()
            sink.append(number: value)
            #expect(sink.string == Format.number(value, decimals: 4), "\(value)")
        }
    }

    @Test("a sink grows past its capacity without losing bytes")
    func growth() {
        let sink = ByteSink(capacity: 1)
        var expected: [UInt8] = []
        for index in 0..<5000 {
            sink.append(integer: index)
            sink.append(",")
            expected += Array("\(index),".utf8)
        }
        #expect(sink.bytes == expected)
    }

    @Test("contains ignores case, byte by byte for ASCII and as Unicode otherwise")
    func containsIgnoringCase() {
        #expect(ValueOperations.contains("Huawei 5G core network", "5g"))
        #expect(ValueOperations.contains("AUTONOMOUS driving", "autonomous"))
        #expect(!ValueOperations.contains("autonomy", "autonomous"))
        #expect(ValueOperations.contains("abc", "ABC"))
        #expect(!ValueOperations.contains("ab", "abc"))
        #expect(ValueOperations.contains("Цифровой ШЁЛКОВЫЙ путь", "шёлковый"))
        #expect(ValueOperations.contains("caf\u{E9} culture", "CAFE\u{301}"), "canonically equivalent text matches")
        #expect(ValueOperations.contains("a", "") == "a".lowercased().contains(""), "an empty part behaves as before")
        #expect(ValueOperations.contains("a\r\nb", "\n") == "a\r\nb".lowercased().contains("\n"), "\r\n is one character, as before")
    }

    @Test("dates are written as YYYY-MM-DD", arguments: ["2020-10-01", "0999-01-31", "1999-12-31", "2026-02-28"])
    func dates(text: String) throws {
        let day = try #require(Day(iso: text))
        #expect(day.description == text)
    }
}

@Suite("Regular expressions and folder listing")
struct RememberingTests {
    @Test("a remembered outcome is the outcome: same answers the first time and after")
    func patternOutcomes() {
        let pattern = Pattern(source: "(?i)artificial intelligence|neural")
        for _ in 0..<3 {
            #expect(pattern.matches("Neural machine translation"))
            #expect(pattern.matches("ARTIFICIAL INTELLIGENCE"))
            #expect(!pattern.matches("big-data"))
        }
        let long = String(repeating: "x", count: Pattern.longestRemembered) + " neural"
        #expect(pattern.matches(long) && pattern.matches(long), "long texts are matched, not remembered")
        // Beyond the bound, texts are still matched correctly (just not remembered).
        for index in 0..<(Pattern.rememberedTexts + 10) {
            #expect(pattern.matches("x\(index) neural") && !pattern.matches("y\(index)"))
        }
    }

    @Test("a folder lists every .xml below it, sorted; other files are skipped, hidden ones aside; links to folders are not followed")
    func folderListing() throws {
        let root = "/tmp/silkrisk-listing-\(getpid())"
        defer { _ = try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        for folder in ["b", "a/deeper", ".hidden", "target"] {
            try manager.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        for file in ["b/2.xml", "a/1.xml", "a/deeper/3.xml", "notes.txt", ".hidden/ignored.txt", ".hidden/4.xml", "target/5.xml"] {
            #expect(manager.createFile(atPath: "\(root)/\(file)", contents: Data("<dossier/>".utf8)))
        }
        try manager.createSymbolicLink(atPath: "\(root)/link", withDestinationPath: "\(root)/target")
        let listed = DossierPaths.expand([root, root + "/missing.xml"])
        #expect(listed.files == ["\(root)/.hidden/4.xml", "\(root)/a/1.xml", "\(root)/a/deeper/3.xml", "\(root)/b/2.xml", "\(root)/target/5.xml"])
        #expect(listed.skipped == ["\(root)/link", "\(root)/notes.txt"])
        #expect(listed.missing == [root + "/missing.xml"])
        #expect(DossierPaths.expand([root + "/"]).files == listed.files, "a trailing slash lists the same files")
    }

    /// Texts whose order or equality as strings is not their byte order: precomposed and
    /// decomposed letters (equal as strings), a combining mark whose composed form sorts above a
    /// character its bytes sort below, control characters, prefixes.
    static let awkwardTexts = [
        "caf\u{E9}", "cafe\u{301}", "e\u{301}", "e\u{2000}", "e", "ea", "ez", "\u{C5}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m", "Zeta",
        "zeta", "a\u{0}", "a", "a\tb", "", "/tmp/a/1.xml", "/tmp/a-b/1.xml", "/tmp/a/b/1.xml", "/tmp/\u{E9}/1.xml", "/tmp/e\u{301}/1.xml",
        "\u{1F600}", "\u{FFFD}",
    ]

    @Test("TextOrder compares as strings do, ASCII as bytes")
    func textOrderIsStringOrder() {
        for a in Self.awkwardTexts {
            for b in Self.awkwardTexts {
                let ascii = { (text: String) in text.utf8.allSatisfy { $0 < 0x80 } }
                var (x, y) = (a, b)
                let order = x.withUTF8 { x in y.withUTF8 { y in TextOrder.compare(x, ascii: ascii(a), y, ascii: ascii(b)) } }
                #expect((order < 0) == (a < b) && (order == 0) == (a == b), "\(Array(a.utf8)) against \(Array(b.utf8))")
            }
        }
    }

    @Test("a path list gives back every path's bytes, and sorts the paths it is asked to as [String].sorted() does")
    func pathListSortsAsStrings() {
        var random = SystemRandomNumberGenerator()
        let paths = (0..<500).map { _ in
            (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.awkwardTexts.randomElement(using: &random)! }.joined(separator: "/")
        }
        var list = PathList(paths)
        #expect(list.count == paths.count)
        #expect(list.map { Array($0.utf8) } == paths.map { Array($0.utf8) })
        list.sort(from: 100)
        let expected = Array(paths[..<100]) + paths[100...].sorted()
        // Bytes, not strings: the two é must stay where a sort of strings leaves them.
        #expect(list.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
        #expect(list == PathList(expected) && list != PathList(paths))
        #expect(PathList() == [] && PathList(["a"]) == ["a"] && PathList(["caf\u{E9}"]) == ["cafe\u{301}"], "equal as the strings are")
    }

    @Test("paths given one after the other keep their order; each folder's files are sorted among themselves")
    func expandKeepsPathOrder() throws {
        let root = "/tmp/silkrisk-order-\(getpid())"
        defer { _ = try? FileManager.default.removeItem(atPath: root) }
        for file in ["z/2.xml", "z/1.xml", "a/caf\u{E9}.xml", "a/b.xml", "a/\u{C5}.xml", "a/A.xml"] {
            try FileManager.default.createDirectory(
                atPath: "\(root)/\((file as NSString).deletingLastPathComponent)", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: "\(root)/\(file)", contents: Data("<dossier/>".utf8)))
        }
        let listed = DossierPaths.expand(["\(root)/z", "\(root)/a/b.xml", "\(root)/a"])
        // a/b.xml, given by name and again by its folder, is listed where it was first given.
        let a = ["\(root)/a/A.xml", "\(root)/a/caf\u{E9}.xml", "\(root)/a/\u{C5}.xml"]
        #expect(Array(listed.files) == ["\(root)/z/1.xml", "\(root)/z/2.xml", "\(root)/a/b.xml"] + a)
        #expect(listed.duplicates.map(\.path) == ["\(root)/a/b.xml"] && listed.duplicates.map(\.first) == ["\(root)/a/b.xml"])
        #expect(a == a.sorted())
    }
}
