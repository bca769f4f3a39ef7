import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// A growable run of bytes that reports are written into. Appending is a capacity check and a
/// copy: a report of a hundred thousand dossiers makes tens of millions of small appends, and an
/// `Array`'s generic `append(contentsOf:)` costs several times the copy for each.
///
/// Not shared: a sink is written by one thread and may then be handed, whole, to another
/// (a dossier's fragment goes from the worker that wrote it to the thread writing the report).
package final class ByteSink: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    // Internal, not package: the optimiser drops the run-time exclusivity checks on `count` only
    // when it sees every access to it, i.e. within this module (they cost 2 % of a portfolio run).
    private(set) var count = 0
    private var capacity: Int

    /// How many bytes have been written.
    package var byteCount: Int { count }

    package init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    package var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// The bytes written, without copying them.
    package func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    package func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    package func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        let from = source.assumingMemoryBound(to: UInt8.self)
        let to = base + count
        let length = bytes.count
        if length <= 16 {
            // Most appends are a few bytes: a loop beats a call to memcpy.
            for offset in 0..<length { to[offset] = from[offset] }
        } else {
            to.initialize(from: from, count: length)
        }
        count += length
    }

    @inline(__always)
    package func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package func append(string text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Forgets the bytes written and keeps the capacity, for a writer that has passed them on.
    package func removeAll() {
        count = 0
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// A whole number in decimal, without going through a string.
    package func append(integer value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A number as `Format.number` writes it with four decimals; whole numbers (most of a
    /// report's) directly, below the size where `Format.number`'s scaling by 10⁴ is inexact.
    package func append(number value: Double) {
        if value == value.rounded(), Swift.abs(value) < 1e11 {
            append(integer: Int(value))
            return
        }
        guard value.isFinite, Swift.abs(value) < Format.largestWhole else {
            append(string: Format.number(value, decimals: 4))
            return
        }
        // `Format.number(value, decimals: 4)` step for step, in bytes rather than strings.
        let scale = 10_000.0
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), Swift.abs(rounded) < 1e15 {
            append(integer: Int(Int64(rounded)))
            return
        }
        let magnitude = Swift.abs(rounded)
        guard magnitude < Format.largestWhole else {
            append(string: Format.number(value, decimals: 4))
            return
        }
        let whole = Int64(magnitude)
        var fraction = Int64(((magnitude - Double(whole)) * scale).rounded())
        var digits: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var length = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            for position in stride(from: 3, through: 0, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            length = 4
            while length > 0, buffer[length - 1] == UInt8(ascii: "0") { length -= 1 }
        }
        if rounded < 0 { append(UInt8(ascii: "-")) }
        append(integer: Int(whole))
        if length > 0 {
            append(UInt8(ascii: "."))
            withUnsafeBytes(of: digits) { append(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        }
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// Whether any of eight bytes is a control character, `"` or `\` (a whole-word test; the
    /// bytes are then looked at one by one).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByteBelow(_ x: UInt64, _ n: UInt64) -> Bool { (x &- ones &* n) & ~x & high != 0 }
        return hasByteBelow(word, 0x20) || hasByteBelow(word ^ (ones &* 0x22), 1) || hasByteBelow(word ^ (ones &* 0x5C), 1)
    }

    /// A JSON string literal: quoted, with `"`, `\` and control characters escaped.
    package func append(jsonString text: String) {
        var text = text
        text.withUTF8 { append(jsonString: $0) }
    }

    /// The same from a string's UTF-8 bytes, for text kept as bytes (the ids of a streamed
    /// report's ranking).
    package func append(jsonString bytes: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        // Copy the runs that need no escaping in one go, looking at eight bytes at a time.
        var start = 0
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count,
                !Self.mayNeedEscaping(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])))
            start = index
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            default:
                append("\\u00")
                append(Self.hex.utf8Start[Int(byte >> 4)])
                append(Self.hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        append(UInt8(ascii: "\""))
    }
}

/// A JSON value and a fast, deterministic pretty-printer: keys sorted, two-space indentation,
/// numbers formatted by `Format.number`, so the same report is always the same bytes.
package indirect enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    package static func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }

    /// Appends the value on one line, with no white space beyond a space after ':' and ','.
    package func writeCompact(to out: ByteSink) {
        switch self {
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(", ") }
                item.writeCompact(to: out)
            }
            out.append("]")
        case .object(let members):
            out.append("{")
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { out.append(", ") }
                out.append(jsonString: member.0)
                out.append(": ")
                member.1.writeCompact(to: out)
            }
            out.append("}")
        default:
            write(to: out, depth: 0)
        }
    }

    /// Appends the value, its first line already placed, nested lines indented by `depth` levels.
    /// With `compactBelow`, members at that depth and deeper are written on one line each.
    package func write(to out: ByteSink, depth: Int, compactBelow: Int = Int.max) {
        if depth >= compactBelow {
            writeCompact(to: out)
            return
        }
        switch self {
        case .string(let text): out.append(jsonString: text)
        case .number(let value): out.append(number: value)
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .null: out.append("null")
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(",") }
                Self.newline(out, depth + 1)
                item.write(to: out, depth: depth + 1, compactBelow: compactBelow)
            }
            Self.newline(out, depth)
            out.append("]")
        case .object(let members):
            if members.isEmpty {
                out.append("{}")
                return
            }
            out.append("{")
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { out.append(",") }
                Self.newline(out, depth + 1)
                out.append(jsonString: member.0)
                out.append(": ")
                member.1.write(to: out, depth: depth + 1, compactBelow: compactBelow)
            }
            Self.newline(out, depth)
            out.append("}")
        }
    }

    /// Members in key order; most are built in order already, and are then not copied.
    private static func sorted(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        var ordered = true
        for index in members.indices.dropFirst() where members[index - 1].0 > members[index].0 {
            ordered = false
            break
        }
        return ordered ? members : members.sorted { $0.0 < $1.0 }
    }

    private static func newline(_ out: ByteSink, _ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(depth * 2) { out.append(UInt8(ascii: " ")) }
    }
}

/// Writes compact JSON straight to bytes, with commas placed for the caller; used for the
/// per-dossier fragments, where building a tree of values first costs more than the writing.
struct JSONBytes {
    let out: ByteSink

    init(capacity: Int = 4096) {
        out = ByteSink(capacity: capacity)
    }

    /// The bytes `write` makes: the pieces a writer escapes once per rule set and copies into
    /// every dossier's fragment.
    static func made(by write: (JSONBytes) -> Void) -> [UInt8] {
        let w = JSONBytes(capacity: 128)
        write(w)
        return w.out.bytes
    }

    @inline(__always)
    func raw(_ text: StaticString) { out.append(text) }

    /// Bytes already in JSON form.
    @inline(__always)
    func bytes(_ ready: [UInt8]) { ready.withUnsafeBytes { out.append($0) } }

    @inline(__always)
    func string(_ text: String) { out.append(jsonString: text) }

    @inline(__always)
    func number(_ value: Double) { out.append(number: value) }

    @inline(__always)
    func integer(_ value: Int) { out.append(integer: value) }

    /// A top-level member of a dossier fragment, on a line of its own.
    @inline(__always)
    func field(_ name: StaticString, last: Bool = false, _ value: (JSONBytes) -> Void) {
        raw("\n      \"")
        raw(name)
        raw("\": ")
        value(self)
        if !last { raw(",") }
    }

    @inline(__always)
    func array<Element>(_ items: [Element], _ each: (JSONBytes, Element) -> Void) {
        raw("[")
        for (index, item) in items.enumerated() {
            if index > 0 { raw(", ") }
            each(self, item)
        }
        raw("]")
    }

    @inline(__always)
    func object(_ body: (inout ObjectWriter) -> Void) {
        raw("{")
        var writer = ObjectWriter(bytes: self)
        body(&writer)
        raw("}")
    }

    /// Writes an object's members, the caller giving them in sorted key order.
    struct ObjectWriter {
        let bytes: JSONBytes
        var count = 0

        @inline(__always)
        mutating func member(_ name: StaticString, _ value: (JSONBytes) -> Void) {
            if count > 0 { bytes.raw(", ") }
            count += 1
            bytes.raw("\"")
            bytes.raw(name)
            bytes.raw("\": ")
            value(bytes)
        }
    }
}
