/// An XML Schema `pattern` facet of the simple form the dossier schema uses: a sequence of
/// ASCII characters and character classes (`[A-Z]`, `[a-z0-9\-]`), each with an optional
/// quantifier (`?`, `*`, `+`, `{n}`, `{n,m}`), matched against the whole value. Anything
/// beyond that — alternation, groups, `\d` and other escapes of classes, negated classes,
/// non-ASCII characters — is not compiled, and the schema is then left to libxml2 alone.
struct Pattern: Sendable {
    struct Atom: Sendable {
        /// The bytes the atom matches, as a 128-bit set (ASCII only).
        var low: UInt64
        var high: UInt64
        var min: Int
        var max: Int

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : false
        }
    }

    let atoms: [Atom]

    struct Unsupported: Error {}

    init(_ source: String) throws(Unsupported) {
        let bytes = Array(source.utf8)
        guard bytes.allSatisfy({ $0 < 128 }) else { throw Unsupported() }
        var atoms: [Atom] = []
        var index = 0
        func insert(_ byte: UInt8, into atom: inout Atom) {
            if byte < 64 { atom.low |= 1 << UInt64(byte) } else { atom.high |= 1 << UInt64(byte - 64) }
        }
        while index < bytes.count {
            var atom = Atom(low: 0, high: 0, min: 1, max: 1)
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "["):
                index += 1
                guard index < bytes.count, bytes[index] != UInt8(ascii: "^") else { throw Unsupported() }
                var members: [UInt8] = []
                while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                    var member = bytes[index]
                    if member == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.count, Self.escapable.contains(bytes[index]) else { throw Unsupported() }
                        member = bytes[index]
                    } else if member == UInt8(ascii: "[") {
                        throw Unsupported()
                    }
                    members.append(member)
                    index += 1
                    // A range `a-z` (a `-` first or last, or escaped, is itself).
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] != UInt8(ascii: "]") {
                        var upper = bytes[index + 1]
                        index += 2
                        if upper == UInt8(ascii: "\\") {
                            guard index < bytes.count, Self.escapable.contains(bytes[index]) else { throw Unsupported() }
                            upper = bytes[index]
                            index += 1
                        }
                        guard upper >= member else { throw Unsupported() }
                        members += Array(member...upper)
                    }
                }
                guard index < bytes.count else { throw Unsupported() }
                index += 1
                for member in members { insert(member, into: &atom) }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count, Self.escapable.contains(bytes[index]) else { throw Unsupported() }
                insert(bytes[index], into: &atom)
                index += 1
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "."), UInt8(ascii: "?"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                throw Unsupported()
            default:
                insert(byte, into: &atom)
                index += 1
            }
            if index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "?"): (atom.min, atom.max, index) = (0, 1, index + 1)
                case UInt8(ascii: "*"): (atom.min, atom.max, index) = (0, Int.max, index + 1)
                case UInt8(ascii: "+"): (atom.min, atom.max, index) = (1, Int.max, index + 1)
                case UInt8(ascii: "{"):
                    guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { throw Unsupported() }
                    let parts = String(decoding: bytes[(index + 1)..<close], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                    guard parts.count <= 2, let low = Int(parts[0]) else { throw Unsupported() }
                    let high = parts.count == 1 ? low : (parts[1].isEmpty ? Int.max : Int(parts[1]) ?? -1)
                    guard high >= low else { throw Unsupported() }
                    (atom.min, atom.max, index) = (low, high, close + 1)
                default: break
                }
            }
            atoms.append(atom)
        }
        self.atoms = atoms
    }

    /// The characters a backslash may escape here: the pattern's own metacharacters.
    private static let escapable = Set("\\-[]{}().*+?|^$".utf8)

    /// Whether the whole value matches.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        match(atom: 0, from: 0, value)
    }

    private func match(atom index: Int, from position: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index < atoms.count else { return position == value.count }
        let atom = atoms[index]
        // As many as the atom takes, then back off: the dossier's patterns are short.
        var end = position
        while end < value.count, end - position < atom.max, atom.contains(value[end]) { end += 1 }
        while end - position >= atom.min {
            if match(atom: index + 1, from: end, value) { return true }
            if end == position { break }
            end -= 1
        }
        return false
    }
}
