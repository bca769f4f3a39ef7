internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// What to read from a document, compiled once and used for every document: a tree of element
/// paths. Reading a document with it walks libxml2's tree once, visits only the elements the
/// paths lead to, compares names without copying them, and copies only the values asked for.
public final class XMLQuery: Sendable {
    /// What to read at an element.
    public enum Read: Sendable, Hashable {
        /// The element's own text.
        case text
        /// One attribute's value.
        case attribute(String)
        /// All the element's attributes (a money figure: currency, amount, min, max).
        case attributes
    }

    /// A value to read at the end of a path; `slot` numbers it in the result.
    public struct Scalar: Sendable {
        public var slot: Int
        public var path: [String]
        public var read: Read

        public init(slot: Int, path: [String], read: Read) {
            self.slot = slot
            self.path = path
            self.read = read
        }
    }

    /// A list: every `item` child of the element at `path`, each read for `fields` (paths
    /// relative to the item). The list is known when the element at `path` exists.
    public struct List: Sendable {
        public var slot: Int
        public var path: [String]
        public var item: String
        public var fields: [(path: [String], read: Read)]

        public init(slot: Int, path: [String], item: String, fields: [(path: [String], read: Read)]) {
            self.slot = slot
            self.path = path
            self.item = item
            self.fields = fields
        }
    }

    let root: Node
    let scalarCount: Int
    let listCount: Int

    public init(scalars: [Scalar], lists: [List]) {
        let builder = Builder()
        for scalar in scalars { builder.at(scalar.path).scalars.append((scalar.slot, ReadPlan(scalar.read, element: scalar.path.last))) }
        for list in lists {
            builder.at(list.path).lists.append(ListPlan(slot: list.slot, item: Array(list.item.utf8CString), fields: list.fields.map {
                FieldPlan(path: $0.path.map { Array($0.utf8CString) }, read: ReadPlan($0.read, element: $0.path.last ?? list.item))
            }))
        }
        root = builder.build()
        scalarCount = (scalars.map(\.slot).max() ?? -1) + 1
        listCount = (lists.map(\.slot).max() ?? -1) + 1
    }

    struct FieldPlan: Sendable {
        var path: [[CChar]]
        var read: ReadPlan
    }

    struct ListPlan: Sendable {
        var slot: Int
        var item: [CChar]
        var fields: [FieldPlan]
    }

    /// What to read at an element, with the names it compares against made once: readings name
    /// their element, and attribute names are compared in place.
    struct ReadPlan: Sendable {
        var read: Read
        /// The element's name, known from the path; nil at the document's root.
        var element: String?
        /// With `.attribute(name)`: the name as a C string.
        var attribute: [CChar]

        init(_ read: Read, element: String?) {
            self.read = read
            self.element = element
            if case .attribute(let name) = read { attribute = Array(name.utf8CString) } else { attribute = [0] }
        }
    }

    final class Node: Sendable {
        let scalarSlots: [Int]
        let scalarPlans: [ReadPlan]
        let lists: [ListPlan]
        /// The children's names, NUL-terminated one after another, where each starts, and its
        /// first byte: a document's element is matched against them without copying anything.
        let childNames: [CChar]
        let childStarts: [Int]
        let childFirstBytes: [CChar]
        let children: [Node]

        init(scalars: [(Int, ReadPlan)], lists: [ListPlan], children: [([CChar], Node)]) {
            scalarSlots = scalars.map(\.0)
            scalarPlans = scalars.map(\.1)
            self.lists = lists
            var names: [CChar] = []
            var starts: [Int] = []
            for (name, _) in children {
                starts.append(names.count)
                names += name
            }
            childNames = names
            childStarts = starts
            childFirstBytes = children.map { $0.0[0] }
            self.children = children.map(\.1)
        }
    }

    final class Builder {
        var scalars: [(Int, ReadPlan)] = []
        var lists: [ListPlan] = []
        var names: [String] = []
        var children: [Builder] = []

        func at(_ path: [String]) -> Builder {
            var node = self
            for name in path {
                if let index = node.names.firstIndex(of: name) {
                    node = node.children[index]
                } else {
                    let child = Builder()
                    node.names.append(name)
                    node.children.append(child)
                    node = child
                }
            }
            return node
        }

        func build() -> Node {
            Node(scalars: scalars, lists: lists, children: zip(names, children).map { (Array($0.utf8CString), $1.build()) })
        }
    }
}

/// A value read from a document: the element's name and line, what was asked for, and the
/// provenance attributes every dossier value may carry.
public struct XMLReading: Sendable {
    public var element: String
    public var line: Int
    /// The text or attribute value asked for; nil when the attribute is absent.
    public var text: String?
    /// With `.attributes`: every attribute of the element; empty otherwise.
    public var attributes: [XMLAttributeValue]
    /// The element's `basis` and `source` attributes.
    public var basis: String?
    public var source: String?

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

public struct XMLListReading: Sendable {
    /// The line of the element holding the items.
    public var line: Int
    public var items: [Item]

    public struct Item: Sendable {
        public var line: Int
        /// One reading per field, in the query's order; nil where the item lacks it.
        public var fields: [XMLReading?]
    }
}

/// Everything a query read from one document, by slot.
public struct XMLQueryResult: Sendable {
    public var scalars: [XMLReading?]
    public var lists: [XMLListReading?]
}

extension XMLQuery {
    /// Reads the query from a parsed document's root. `lines` gives lines above 65535.
    func read(root: xmlNodePtr, lines: XMLErrorCollector) -> XMLQueryResult {
        var result = XMLQueryResult(
            scalars: Array(repeating: nil, count: scalarCount), lists: Array(repeating: nil, count: listCount))
        visit(root, self.root, lines, &result)
        return result
    }

    private func visit(_ element: xmlNodePtr, _ node: Node, _ lines: XMLErrorCollector, _ result: inout XMLQueryResult) {
        for index in node.scalarSlots.indices {
            result.scalars[node.scalarSlots[index]] = Self.reading(element, node.scalarPlans[index], lines)
        }
        for list in node.lists {
            var items: [XMLListReading.Item] = []
            var child = element.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, Self.named(current, list.item) {
                    var fields: [XMLReading?] = []
                    fields.reserveCapacity(list.fields.count)
                    for field in list.fields {
                        fields.append(Self.follow(field.path, from: current).map { Self.reading($0, field.read, lines) })
                    }
                    items.append(XMLListReading.Item(line: lines.line(of: current), fields: fields))
                }
                child = current.pointee.next
            }
            result.lists[list.slot] = XMLListReading(line: lines.line(of: element), items: items)
        }
        let count = node.children.count
        guard count > 0 else { return }
        // The first child of each name is the one followed, as for a scalar path.
        var visited: UInt64 = 0
        var visitedBeyond: Set<Int> = []
        node.childNames.withUnsafeBufferPointer { names in
            node.childFirstBytes.withUnsafeBufferPointer { firstBytes in
                var child = element.pointee.children
                while let current = child {
                    child = current.pointee.next
                    guard current.pointee.type == XML_ELEMENT_NODE, current.pointee.ns == nil, let raw = current.pointee.name else { continue }
                    let name = UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self)
                    for index in 0..<count where firstBytes[index] == name[0] && strcmp(name, names.baseAddress! + node.childStarts[index]) == 0 {
                        if index < 64 {
                            guard visited & (1 << UInt64(index)) == 0 else { break }
                            visited |= 1 << UInt64(index)
                        } else {
                            guard visitedBeyond.insert(index).inserted else { break }
                        }
                        visit(current, node.children[index], lines, &result)
                        break
                    }
                }
            }
        }
    }

    private static func named(_ node: xmlNodePtr, _ name: [CChar]) -> Bool {
        guard let local = node.pointee.name, node.pointee.ns == nil else { return false }
        return name.withUnsafeBufferPointer { wanted in
            // Most names differ in their first byte: decide those without a call.
            let actual = UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self)
            return actual[0] == wanted[0] && strcmp(actual, wanted.baseAddress!) == 0
        }
    }

    private static func follow(_ path: [[CChar]], from node: xmlNodePtr) -> xmlNodePtr? {
        var current = node
        for name in path {
            var child = current.pointee.children
            var found: xmlNodePtr? = nil
            while let candidate = child {
                if candidate.pointee.type == XML_ELEMENT_NODE, named(candidate, name) {
                    found = candidate
                    break
                }
                child = candidate.pointee.next
            }
            guard let next = found else { return nil }
            current = next
        }
        return current
    }

    private static func reading(_ element: xmlNodePtr, _ plan: ReadPlan, _ lines: XMLErrorCollector) -> XMLReading {
        var text: String? = nil
        var attributes: [XMLAttributeValue] = []
        var basis: String? = nil
        var source: String? = nil
        var attribute = element.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                let name = UnsafeRawPointer(rawName).assumingMemoryBound(to: CChar.self)
                var value: String? = nil
                if strcmp(name, "basis") == 0 {
                    value = attributeValue(current)
                    basis = value
                } else if strcmp(name, "source") == 0 {
                    value = attributeValue(current)
                    source = value
                }
                switch plan.read {
                case .attributes:
                    attributes.append(XMLAttributeValue(name: String(cString: name), value: value ?? attributeValue(current)))
                case .attribute:
                    if plan.attribute.withUnsafeBufferPointer({ strcmp(name, $0.baseAddress!) == 0 }) {
                        text = value ?? attributeValue(current)
                    }
                case .text:
                    break
                }
            }
            attribute = current.pointee.next
        }
        if case .text = plan.read {
            var child = element.pointee.children
            while let current = child {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                    let part = String(cString: content)
                    text = text.map { $0 + part } ?? part
                }
                child = current.pointee.next
            }
            if text == nil { text = "" }
        }
        // Made once, with every field: no copy of a half-built reading.
        return XMLReading(
            element: plan.element ?? element.pointee.name.map { String(cString: $0) } ?? "", line: lines.line(of: element), text: text,
            attributes: attributes, basis: basis, source: source)
    }

    private static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        guard let first = attribute.pointee.children else { return "" }
        // Almost always one text node: no concatenation.
        if first.pointee.next == nil { return first.pointee.content.map { String(cString: $0) } ?? "" }
        var value = ""
        var child: xmlNodePtr? = first
        while let text = child {
            if let content = text.pointee.content { value += String(cString: content) }
            child = text.pointee.next
        }
        return value
    }
}
