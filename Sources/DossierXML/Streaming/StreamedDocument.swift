/// A document as the streaming reader keeps it while it is checked and queried: its elements
/// as plain records in document order (name, line, parent, first child, next sibling, its
/// attributes, its text), and the bytes of every attribute value and text, in a few arrays kept
/// from one document to the next. What libxml2's tree gives the tree path, without a node
/// allocated per element, attribute and text, or freed again.
///
/// Filled by `StreamingParserContext` from libxml2's SAX events. A document it cannot represent
/// exactly as the tree path would read it — a DOCTYPE, an error of any kind, `xml:id`, an
/// attribute value with an entity or character reference to `&` — is marked `unsupported`,
/// and is then read by the tree path instead.
final class StreamedDocument {
    struct Node {
        /// The element's local name, as libxml2's dictionary holds it.
        var name: UnsafePointer<UInt8>
        /// The name's id in the schema's `NameTable`; -1 for a name it does not hold.
        var nameID: Int32
        var line: Int32
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var firstAttribute: Int32
        var attributeCount: Int32
        /// The element's first run of text: its text when `isTextOnly`.
        var textStart: Int32 = -1
        var textCount: Int32 = 0
        var flags: Flags

        struct Flags: OptionSet {
            let rawValue: UInt16
            /// In a namespace (a prefix, or a default namespace in scope).
            static let namespaced = Flags(rawValue: 1 << 0)
            /// Has an element child.
            static let elementChild = Flags(rawValue: 1 << 1)
            /// Has a comment, processing instruction or CDATA section child.
            static let otherChild = Flags(rawValue: 1 << 2)
            static let cdata = Flags(rawValue: 1 << 3)
            /// Has text after a child (kept out of `textStart`).
            static let textAfterChild = Flags(rawValue: 1 << 4)
            /// Has text other than white space.
            static let nonBlankText = Flags(rawValue: 1 << 5)
        }

        /// Whether the element's text is all in its first run: no child of any kind, so that its
        /// text is what libxml2's tree joins from its text nodes (blank runs included: libxml2
        /// keeps them beside text, and `NOBLANKS` drops only blank runs next to markup).
        var isTextOnly: Bool { flags.isDisjoint(with: [.elementChild, .otherChild, .textAfterChild]) }
        var isNamespaced: Bool { flags.contains(.namespaced) }
    }

    struct Attribute {
        var name: UnsafePointer<UInt8>
        var nameID: Int32
        var namespaced: Bool
        var valueStart: Int32
        var valueCount: Int32
    }

    @exclusivity(unchecked) var nodes = GrowableBuffer<Node>(capacity: 512)
    @exclusivity(unchecked) var attributes = GrowableBuffer<Attribute>(capacity: 512)
    @exclusivity(unchecked) var bytes = GrowableBuffer<UInt8>(capacity: 16384)
    /// The open elements, innermost last.
    @exclusivity(unchecked) var open = GrowableBuffer<Int32>(capacity: 64)
    /// Set when the document holds something this representation does not keep exactly.
    @exclusivity(unchecked) var unsupported = false

    init() {}

    deinit {
        nodes.deallocate()
        attributes.deallocate()
        bytes.deallocate()
        open.deallocate()
    }

    /// Forgets the last document, keeping the room it took.
    func reset() {
        nodes.removeAll()
        attributes.removeAll()
        bytes.removeAll()
        open.removeAll()
        unsupported = false
    }

    /// The bytes of a run.
    @inline(__always)
    func bytes(start: Int32, count: Int32) -> UnsafeBufferPointer<UInt8> {
        count > 0 ? bytes.buffer(Int(start), Int(count)) : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// An element's first run of text (all its text when it is text only).
    @inline(__always)
    func text(of node: Int32) -> UnsafeBufferPointer<UInt8> {
        let node = nodes[Int(node)]
        return bytes(start: node.textStart, count: node.textCount)
    }

    @inline(__always)
    func value(of attribute: Attribute) -> UnsafeBufferPointer<UInt8> {
        bytes(start: attribute.valueStart, count: attribute.valueCount)
    }

    /// The element children of `node`, in order.
    @inline(__always)
    func forEachChild(of node: Int32, _ body: (Int32) -> Void) {
        var child = nodes[Int(node)].firstChild
        while child >= 0 {
            body(child)
            child = nodes[Int(child)].nextSibling
        }
    }

    // MARK: Built from SAX events

    func startElement(
        name: UnsafePointer<UInt8>, nameID: Int32, namespaced: Bool, line: Int32, attributeCount: Int,
        attribute: (Int) -> (name: UnsafePointer<UInt8>, nameID: Int32, namespaced: Bool, value: UnsafeBufferPointer<UInt8>)
    ) {
        let index = Int32(nodes.count)
        let parent = open.last ?? -1
        let firstAttribute = Int32(attributes.count)
        for position in 0..<attributeCount {
            let (attributeName, attributeID, attributeNamespaced, value) = attribute(position)
            let start = Int32(bytes.count)
            bytes.append(contentsOf: value)
            attributes.append(
                Attribute(
                    name: attributeName, nameID: attributeID, namespaced: attributeNamespaced, valueStart: start, valueCount: Int32(value.count)))
        }
        nodes.append(
            Node(
                name: name, nameID: nameID, line: line, parent: parent, firstAttribute: firstAttribute, attributeCount: Int32(attributeCount),
                flags: namespaced ? .namespaced : []))
        if parent >= 0 {
            let parentNode = nodes.base + Int(parent)
            let previous = parentNode.pointee.lastChild
            if previous >= 0 { nodes.base[Int(previous)].nextSibling = index } else { parentNode.pointee.firstChild = index }
            parentNode.pointee.lastChild = index
            parentNode.pointee.flags.insert(.elementChild)
        }
        open.append(index)
    }

    func endElement() {
        if open.count > 0 { open.removeLast() }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard let current = open.last, !text.isEmpty else { return }
        let node = nodes.base + Int(current)
        if !node.pointee.flags.contains(.nonBlankText) {
            for byte in text where !SimpleType.isBlank(byte) {
                node.pointee.flags.insert(.nonBlankText)
                break
            }
        }
        if !node.pointee.flags.isDisjoint(with: [.elementChild, .otherChild]) {
            node.pointee.flags.insert(.textAfterChild)
            return
        }
        if node.pointee.textStart < 0 {
            node.pointee.textStart = Int32(bytes.count)
        } else if Int(node.pointee.textStart + node.pointee.textCount) != bytes.count {
            node.pointee.flags.insert(.textAfterChild)
            return
        }
        bytes.append(contentsOf: text)
        node.pointee.textCount += Int32(text.count)
    }

    /// A comment, processing instruction or CDATA section in the current element.
    func otherChild(cdata: Bool = false) {
        guard let current = open.last else { return }
        nodes.base[Int(current)].flags.insert(cdata ? [.otherChild, .cdata] : .otherChild)
    }
}
