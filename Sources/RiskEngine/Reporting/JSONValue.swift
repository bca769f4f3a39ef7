/// A JSON value and a fast, deterministic pretty-printer: keys sorted, two-space indentation,
/// numbers formatted by `Format.number`, so the same report is always the same bytes.
indirect enum JSONValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    static func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }

    /// Appends the value on one line, with no white space beyond a space after ':' and ','.
    func writeCompact(to out: inout [UInt8]) {
        switch self {
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                item.writeCompact(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                Self.writeString(member.0, to: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                member.1.writeCompact(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            write(to: &out, depth: 0)
        }
    }

    /// Appends the value, its first line already placed, nested lines indented by `depth` levels.
    /// With `compactBelow`, members at that depth and deeper are written on one line each.
    func write(to out: inout [UInt8], depth: Int, compactBelow: Int = Int.max) {
        if depth >= compactBelow {
            writeCompact(to: &out)
            return
        }
        switch self {
        case .string(let text): Self.writeString(text, to: &out)
        case .number(let value): out += Array(Format.number(value, decimals: 4).utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            if items.isEmpty {
                out += Array("[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, depth + 1)
                item.write(to: &out, depth: depth + 1, compactBelow: compactBelow)
            }
            Self.newline(&out, depth)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out += Array("{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, depth + 1)
                Self.writeString(member.0, to: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                member.1.write(to: &out, depth: depth + 1, compactBelow: compactBelow)
            }
            Self.newline(&out, depth)
            out.append(UInt8(ascii: "}"))
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

    private static func newline(_ out: inout [UInt8], _ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(depth * 2) { out.append(UInt8(ascii: " ")) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most text needs no escaping: copy it in one go.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Writes compact JSON straight to bytes, with commas placed for the caller; used for the
/// per-dossier fragments, where building a tree of values first costs more than the writing.
struct JSONBytes {
    var out: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ text: String) { JSONValue.writeString(text, to: &out) }

    mutating func number(_ value: Double) { out.append(contentsOf: Format.number(value, decimals: 4).utf8) }

    /// A top-level member of a dossier fragment, on a line of its own.
    mutating func field(_ name: StaticString, last: Bool = false, _ value: (inout JSONBytes) -> Void) {
        raw("\n      \"")
        raw(name)
        raw("\": ")
        value(&self)
        if !last { raw(",") }
    }

    mutating func array<Element>(_ items: [Element], _ each: (inout JSONBytes, Element) -> Void) {
        raw("[")
        for (index, item) in items.enumerated() {
            if index > 0 { raw(", ") }
            each(&self, item)
        }
        raw("]")
    }

    mutating func object(_ body: (inout ObjectWriter) -> Void) {
        raw("{")
        // Hand the buffer over without copying it, and take it back.
        var writer = ObjectWriter(bytes: JSONBytes())
        swap(&writer.bytes.out, &out)
        body(&writer)
        swap(&writer.bytes.out, &out)
        raw("}")
    }

    /// Writes an object's members, the caller giving them in sorted key order.
    struct ObjectWriter {
        var bytes: JSONBytes
        var count = 0

        mutating func member(_ name: StaticString, _ value: (inout JSONBytes) -> Void) {
            if count > 0 { bytes.raw(", ") }
            count += 1
            bytes.raw("\"")
            bytes.raw(name)
            bytes.raw("\": ")
            value(&bytes)
        }
    }
}
