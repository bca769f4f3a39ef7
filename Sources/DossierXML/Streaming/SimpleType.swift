#if canImport(Glibc)
    import Glibc
#endif

/// A simple type of the dossier schema as the streaming reader checks it: a built-in base and
/// the facets the derivation steps add.
///
/// The checks are **sound, not complete**: a value they accept is one libxml2's validation
/// accepts too, while a value they are unsure of — white space around a number or a date, a
/// decimal of more digits than libxml2 reads, a name outside ASCII — is refused, and the
/// document is then read again by the tree path, whose libxml2 validation gives the verdict
/// and the message. Refusing too much costs time, never a different answer.
struct SimpleType: Sendable {
    enum Base: Sendable {
        /// `xs:string`: any text, white space kept.
        case string
        /// `xs:token`: white space collapsed before the facets apply.
        case token
        case decimal
        case nonNegativeInteger
        case boolean
        case date
        case gYear
        case ncName
        /// `xs:ID`: an NCName, unique in the document.
        case id
        /// `xs:IDREFS`: one or more NCNames.
        case idrefs
    }

    var base: Base
    /// Each derivation step's enumeration: the value must be one of each (collapsed values).
    var enumerations: [[[UInt8]]] = []
    /// Each derivation step's patterns: the value must match one of each step's.
    var patterns: [[Pattern]] = []
    var minLength: Int?
    var maxLength: Int?
    var minInclusive: DecimalText?
    var maxInclusive: DecimalText?

    /// Whether the value is valid. `value` is the element's text or the attribute's value as
    /// the parser gives it (attribute values already have tabs and line breaks made spaces).
    ///
    /// `mutating` though it changes nothing: the closure that checks a collapsed value then
    /// borrows the type where it is, where in a non-mutating method it captured a copy, every
    /// array of it retained and released, for each value checked (the schema calls it through a
    /// pointer into its table of types).
    mutating func accepts(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch base {
        case .string:
            return facetsAccept(value)
        case .token:
            // The common cases without collapsing a copy: text that must not be blank, and an
            // enumeration (whose values have no white space to collapse).
            if patterns.isEmpty && maxLength == nil && enumerations.isEmpty && (minLength ?? 0) <= 1 {
                return (minLength ?? 0) == 0 || value.contains { !Self.isBlank($0) }
            }
            return Self.collapsed(value) { facetsAccept($0) }
        case .decimal:
            guard let decimal = DecimalText(value) else { return false }
            if let minInclusive, decimal < minInclusive { return false }
            if let maxInclusive, maxInclusive < decimal { return false }
            return enumerations.isEmpty && patterns.isEmpty && minLength == nil && maxLength == nil
        case .nonNegativeInteger:
            return !value.isEmpty && value.count <= 18 && value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && noOtherFacets
        case .boolean:
            return Self.isBoolean(value) && noOtherFacets
        case .date:
            return Self.isDate(value) && noOtherFacets
        case .gYear:
            return Self.isYear(value) && noOtherFacets
        case .ncName, .id:
            return Self.isNCName(value) && noOtherFacets
        case .idrefs:
            return Self.isNameList(value) && noOtherFacets
        }
    }

    private var noOtherFacets: Bool {
        enumerations.isEmpty && patterns.isEmpty && minLength == nil && maxLength == nil && minInclusive == nil && maxInclusive == nil
    }

    private func facetsAccept(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        for allowed in enumerations where !Self.contains(allowed, value) { return false }
        for step in patterns where !step.contains(where: { $0.matches(value) }) { return false }
        if minLength != nil || maxLength != nil {
            // Characters, not bytes: every byte that does not continue a UTF-8 sequence.
            let length = value.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if let minLength, length < minLength { return false }
            if let maxLength, length > maxLength { return false }
        }
        return minInclusive == nil && maxInclusive == nil
    }

    /// Whether `value` is one of `values`, compared byte for byte.
    private static func contains(_ values: [[UInt8]], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = value.baseAddress else { return values.contains { $0.isEmpty } }
        for candidate in values where candidate.count == value.count {
            if candidate.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, value.count) == 0 }) { return true }
        }
        return false
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Hands each name of a list separated by white space (XML's four characters) to `body`, in
    /// order, without copying, until `body` returns false; whether it never did.
    @inline(__always)
    static func allNames(in value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var start = 0
        while start < value.count {
            guard !isBlank(value[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < value.count, !isBlank(value[end]) { end += 1 }
            guard body(UnsafeBufferPointer(rebasing: value[start..<end])) else { return false }
            start = end
        }
        return true
    }

    /// Runs `body` with the value's white space collapsed (trimmed, inner runs made one space),
    /// without copying when there is nothing to collapse.
    static func collapsed<Result>(_ value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var start = 0
        var end = value.count
        while start < end, isBlank(value[start]) { start += 1 }
        while end > start, isBlank(value[end - 1]) { end -= 1 }
        var clean = true
        var index = start
        while index < end {
            let byte = value[index]
            if byte != 0x20 && isBlank(byte) || byte == 0x20 && isBlank(value[index + 1]) {
                clean = false
                break
            }
            index += 1
        }
        if clean { return body(UnsafeBufferPointer(rebasing: value[start..<end])) }
        var copy: [UInt8] = []
        copy.reserveCapacity(end - start)
        var previousBlank = false
        for byte in value[start..<end] {
            if isBlank(byte) {
                if !previousBlank { copy.append(0x20) }
                previousBlank = true
            } else {
                copy.append(byte)
                previousBlank = false
            }
        }
        return copy.withUnsafeBufferPointer(body)
    }

    static func isBoolean(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.elementsEqual("true".utf8) || value.elementsEqual("false".utf8) || value.elementsEqual("1".utf8) || value.elementsEqual("0".utf8)
    }

    private static func digits(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var number = 0
        for index in range {
            let byte = value[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number
    }

    /// `YYYY`: four digits, not 0000 (libxml2 also reads longer and signed years; those are left
    /// to it).
    static func isYear(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.count == 4 && (digits(value, 0..<4) ?? 0) != 0
    }

    /// `YYYY-MM-DD`, a day that exists (leap years as the Gregorian calendar has them), without
    /// a time zone.
    static func isDate(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == 10, value[4] == 0x2D, value[7] == 0x2D, let year = digits(value, 0..<4), year != 0,
            let month = digits(value, 5..<7), let day = digits(value, 8..<10), (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// An ASCII NCName: a letter or `_`, then letters, digits, `_`, `-` and `.`.
    static func isNCName(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first, isNameStart(first) else { return false }
        return value.dropFirst().allSatisfy { isNameStart($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// NCNames separated by single spaces, at least one.
    static func isNameList(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !value.isEmpty else { return false }
        var start = 0
        for index in 0...value.count where index == value.count || value[index] == 0x20 {
            guard index > start, isNCName(UnsafeBufferPointer(rebasing: value[start..<index])) else { return false }
            start = index + 1
        }
        return true
    }
}

/// A decimal number as written, kept exact for comparisons with facets: sign, the digits before
/// the point without leading zeros, the digits after it without trailing zeros.
struct DecimalText: Sendable, Comparable {
    var negative: Bool
    var integer: [UInt8]
    var fraction: [UInt8]

    /// Reads `[+-]?digits[.digits]` or `[+-]?.digits` with no white space, and at most 18
    /// significant digits (libxml2 reads at most 24); nil otherwise.
    init?(_ value: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var negative = false
        if index < value.count, value[index] == 0x2D || value[index] == 0x2B {
            negative = value[index] == 0x2D
            index += 1
        }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var sawDigit = false
        while index < value.count, value[index] >= 0x30 && value[index] <= 0x39 {
            if !(integer.isEmpty && value[index] == 0x30) { integer.append(value[index]) }
            sawDigit = true
            index += 1
        }
        if index < value.count, value[index] == 0x2E {
            index += 1
            while index < value.count, value[index] >= 0x30 && value[index] <= 0x39 {
                fraction.append(value[index])
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit, index == value.count, integer.count + fraction.count <= 18 else { return nil }
        while fraction.last == 0x30 { fraction.removeLast() }
        self.negative = negative && !(integer.isEmpty && fraction.isEmpty)
        self.integer = integer
        self.fraction = fraction
    }

    init?(_ text: String) {
        guard let value = Array(text.utf8).withUnsafeBufferPointer({ DecimalText($0) }) else { return nil }
        self = value
    }

    static func < (a: DecimalText, b: DecimalText) -> Bool {
        if a.negative != b.negative { return a.negative }
        let magnitudeLess = Self.magnitude(a, isBelow: b)
        let magnitudeGreater = Self.magnitude(b, isBelow: a)
        return a.negative ? magnitudeGreater : magnitudeLess
    }

    private static func magnitude(_ a: DecimalText, isBelow b: DecimalText) -> Bool {
        if a.integer.count != b.integer.count { return a.integer.count < b.integer.count }
        if a.integer != b.integer { return a.integer.lexicographicallyPrecedes(b.integer) }
        return a.fraction.lexicographicallyPrecedes(b.fraction)
    }
}
