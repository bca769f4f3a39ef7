/// A run of bytes in a result's text: a value read from a document.
public struct XMLText: Sendable, Equatable {
    @usableFromInline let start: Int
    public let count: Int
}

/// A value read from a document: its element and line, what was asked for, and the provenance
/// attributes every dossier value may carry. Plain numbers: the text lies in the result.
public struct XMLReading: Sendable {
    /// The element, in the query's names; -1 for the document's root.
    let element: Int32
    public var line: Int
    /// The text or attribute value asked for; nil when the attribute is absent.
    public var text: XMLText?
    /// With `.attributes`: the element's attributes, as indices into the result's attributes.
    var attributes: Range<Int>
    /// The element's `basis` and `source` attributes.
    public var basis: XMLText?
    public var source: XMLText?
}

/// A list read from a document: where its items lie in the result.
public struct XMLListReading: Sendable {
    /// The line of the element holding the items.
    public var line: Int
    /// How many items it has.
    public let count: Int
    let firstField: Int
    let fieldCount: Int
    let firstItem: Int
}

/// Everything a query read from one document, by slot, with the bytes of every value read.
public struct XMLQueryResult: Sendable {
    public var scalars: [XMLReading?]
    public var lists: [XMLListReading?]
    /// Every list item's readings, one per field, list after list.
    var fields: [XMLReading?] = []
    /// Every list item's own reading, list after list: its element's line and provenance, no
    /// text.
    var items: [XMLReading] = []
    /// The name and value of each attribute read with `.attributes`.
    var attributes: [(name: XMLText, value: XMLText)] = []
    /// The bytes of every value read, one after another (UTF-8, as libxml2 gives them).
    @usableFromInline var bytes: [UInt8] = []
    let elementNames: [String]
    var rootName = ""

    init(scalarCount: Int, listCount: Int, elementNames: [String]) {
        scalars = Array(repeating: nil, count: scalarCount)
        lists = Array(repeating: nil, count: listCount)
        self.elementNames = elementNames
        // Room for a typical dossier's values at once, rather than growing a step at a time.
        bytes.reserveCapacity(4096)
        fields.reserveCapacity(256)
        items.reserveCapacity(64)
        attributes.reserveCapacity(16)
    }

    /// A list item's own line and provenance as the field that read the item element itself
    /// gave them (`itemField`, counted from the item's first field), its text and attributes
    /// left out; nil when no field reads the item element.
    func itemReading(field itemField: Int?, firstField: Int) -> XMLReading? {
        guard let itemField, var reading = fields[firstField + itemField] else { return nil }
        reading.text = nil
        reading.attributes = 0..<0
        return reading
    }

    /// A value's bytes, without copying them. Inlinable, so that a caller in another module
    /// gets a copy made for its closure's type (unspecialized, each call went through the
    /// array's generic `withUnsafeBufferPointer` and looked up metadata).
    @inlinable public func withBytes<Result>(_ text: XMLText, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[text.start..<(text.start + text.count)])) }
    }

    /// A value as a string (invalid UTF-8 repaired, as `String(cString:)` does).
    public func string(_ text: XMLText) -> String {
        withBytes(text) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether a value is exactly `literal`, compared byte for byte.
    public func value(_ text: XMLText, is literal: StaticString) -> Bool {
        guard text.count == literal.utf8CodeUnitCount else { return false }
        return withBytes(text) { bytes in bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)) }
    }

    /// The name of the element a reading comes from.
    public func elementName(of reading: XMLReading) -> String {
        reading.element < 0 ? rootName : elementNames[Int(reading.element)]
    }

    /// With `.attributes`: the value of the attribute `name`, if the element has it.
    public func attribute(_ name: StaticString, of reading: XMLReading) -> XMLText? {
        for index in reading.attributes where value(attributes[index].name, is: name) {
            return attributes[index].value
        }
        return nil
    }

    /// A list item's own reading: the line of its element, and its `basis` and `source`.
    public func item(_ item: Int, in list: XMLListReading) -> XMLReading {
        items[list.firstItem + item]
    }

    /// A list item's reading for one field, in the query's order; nil where the item lacks it.
    public func field(_ field: Int, ofItem item: Int, in list: XMLListReading) -> XMLReading? {
        fields[list.firstField + item * list.fieldCount + field]
    }
}
