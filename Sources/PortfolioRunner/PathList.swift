import DossierXML
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// A list of file paths kept back to back in one buffer: what `DossierPaths.expand` gives. A
/// portfolio's file list is kept for the whole run (the ranking names each dossier's file at the
/// end). As an array of strings it cost a heap block per path with room to grow, and a sorted
/// copy of the array: listing 100,000 dossiers took 24 MB at its peak. Here a path costs its
/// bytes and 16 (13 MB at the peak, growth included). Reading an element makes a `String`.
public struct PathList: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, Sendable, CustomStringConvertible {
    /// Where a path's bytes stand in `bytes`.
    struct Span {
        var start: Int
        var count: Int32
        /// The path is ASCII: its bytes order it as `String`'s `<` does.
        var ascii: Bool
    }

    private var bytes: [UInt8] = []
    private var spans: [Span] = []

    public init() {}

    public init(_ paths: some Sequence<String>) {
        for path in paths { append(path) }
    }

    public init(arrayLiteral paths: String...) {
        self.init(paths)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { spans.count }

    public subscript(position: Int) -> String {
        let span = spans[position]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[span.start..<(span.start + Int(span.count))]), as: UTF8.self)
        }
    }

    public mutating func append(_ path: String) {
        let start = bytes.count
        bytes.append(contentsOf: path.utf8)
        precondition(bytes.count - start <= Int(Int32.max), "a path of at most 2 GB")
        spans.append(Span(start: start, count: Int32(bytes.count - start), ascii: bytes[start...].allSatisfy { $0 < 0x80 }))
    }

    /// Sorts the paths from `first` on as `[String].sorted()` would, in place: only the spans
    /// move, and strings are made only to compare two paths that are not both ASCII.
    mutating func sort(from first: Int) {
        var spans = self.spans
        self.spans = []
        bytes.withUnsafeBufferPointer { bytes in
            func text(_ span: Span) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[span.start..<(span.start + Int(span.count))])
            }
            spans[first...].sort { a, b in TextOrder.compare(text(a), ascii: a.ascii, text(b), ascii: b.ascii) < 0 }
        }
        self.spans = spans
    }

    public static func == (lhs: PathList, rhs: PathList) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public var description: String { Array(self).description }
}

/// Orders UTF-8 text as `String`'s comparison does, without making strings when both texts are
/// ASCII. Strings compare by Unicode scalars after canonical normalisation (a precomposed é
/// equals e and a combining acute), which for ASCII is plain byte order; any other text is
/// compared as strings.
enum TextOrder {
    /// Negative when `a` comes first, zero when the texts are equal as strings, positive when
    /// `b` comes first. `asciiA` and `asciiB` tell whether each text is all ASCII.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, ascii asciiA: Bool, _ b: UnsafeBufferPointer<UInt8>, ascii asciiB: Bool) -> Int {
        guard asciiA && asciiB else {
            let stringA = String(decoding: a, as: UTF8.self)
            let stringB = String(decoding: b, as: UTF8.self)
            return stringA == stringB ? 0 : stringA < stringB ? -1 : 1
        }
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = Int(memcmp(x, y, common))
            if order != 0 { return order }
        }
        return a.count - b.count
    }
}
