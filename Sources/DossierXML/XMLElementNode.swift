/// An attribute of an element, with the value as the document gives it (entities are never
/// expanded, since a document with a DTD is refused).
public struct XMLAttributeValue: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An element of a parsed document: a plain value tree that owns no C memory.
public struct XMLElementNode: Sendable, Hashable {
    /// The local name (dossiers use no namespace).
    public var name: String
    public var attributes: [XMLAttributeValue]
    /// The element's own text: its text and CDATA children joined, untrimmed.
    public var text: String
    /// 1-based line of the start tag.
    public var line: Int
    public var children: [XMLElementNode]

    public init(
        name: String, attributes: [XMLAttributeValue] = [], text: String = "", line: Int,
        children: [XMLElementNode] = []
    ) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.line = line
        self.children = children
    }

    /// The value of the attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }
}
