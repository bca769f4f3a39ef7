internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// What to read from a document, compiled once and used for every document: a tree of element
/// paths. Reading a document with it walks libxml2's tree once, visits only the elements the
/// paths lead to, compares names without copying them, and copies only the values asked for —
/// as bytes, into one buffer per document, so that a reading is a few numbers, not strings.
public final class XMLQuery: @unchecked Sendable {
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
    /// The names of the elements readings are taken from, by `XMLReading.element`.
    let elementNames: [String]
    /// Every name compared against, NUL-terminated, made once and never changed: plans point
    /// into it, so that a plan is plain numbers and pointers, copied for free.
    private let cNames: UnsafeMutablePointer<CChar>
    /// The namespace the elements read are in, NUL-terminated; nil: no namespace.
    private let namespace: UnsafeMutablePointer<CChar>?
    /// The names of the schema's streaming model that the ids in the plans refer to (the
    /// shipped schema's): a streamed document's names are numbered by it. Nil without one,
    /// and nil for a query in a namespace (records are read from libxml2's tree only).
    let streamingNames: NameTable?
    let basisID: Int32
    let sourceID: Int32

    /// `namespace` is the namespace URI of the elements the paths name (nil: none, as in a dossier);
    /// `schema` is the dossier schema whose streamed documents the query reads.
    public init(scalars: [Scalar], lists: [List], namespace: String? = nil, schema: XMLSchemaValidator = DossierLoader.schema) {
        self.namespace = namespace.map { uri in
            let bytes = uri.utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            copy.initialize(from: Array(bytes), count: bytes.count)
            return copy
        }
        let table = namespace == nil ? schema.streamingNames : nil
        streamingNames = table
        func id(_ name: String) -> Int32 { table?.id(name) ?? -1 }
        basisID = id("basis")
        sourceID = id("source")
        // Names are laid out first, then pointed into.
        var layout: [String: Int] = [:]
        var bytes: [CChar] = []
        func place(_ name: String) {
            guard layout[name] == nil else { return }
            layout[name] = bytes.count
            bytes += name.utf8CString
        }
        var elementNames: [String] = []
        var elementIndex: [String: Int32] = [:]
        func element(_ name: String?) -> Int32 {
            guard let name else { return -1 }
            if let index = elementIndex[name] { return index }
            elementIndex[name] = Int32(elementNames.count)
            elementNames.append(name)
            return Int32(elementNames.count - 1)
        }
        func reads(_ read: Read) -> [String] { if case .attribute(let name) = read { [name] } else { [] } }
        for scalar in scalars { (scalar.path + reads(scalar.read)).forEach(place) }
        for list in lists {
            (list.path + [list.item]).forEach(place)
            for field in list.fields { (field.path + reads(field.read)).forEach(place) }
        }
        let names = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
        names.initialize(from: bytes, count: bytes.count)
        cNames = names
        func pointer(_ name: String) -> UnsafePointer<CChar> { UnsafePointer(names + layout[name]!) }
        func plan(_ read: Read, element name: String?) -> ReadPlan {
            switch read {
            case .text: ReadPlan(kind: .text, element: element(name), attribute: nil, attributeID: -1)
            case .attributes: ReadPlan(kind: .attributes, element: element(name), attribute: nil, attributeID: -1)
            case .attribute(let attribute):
                ReadPlan(kind: .attribute, element: element(name), attribute: pointer(attribute), attributeID: id(attribute))
            }
        }

        let builder = Builder()
        for scalar in scalars { builder.at(scalar.path).scalars.append((scalar.slot, plan(scalar.read, element: scalar.path.last))) }
        for list in lists {
            builder.at(list.path).lists.append(
                ListPlan(
                    slot: list.slot, item: pointer(list.item),
                    fields: list.fields.map {
                        FieldPlan(path: $0.path.map(pointer), pathIDs: $0.path.map(id), read: plan($0.read, element: $0.path.last ?? list.item))
                    }, itemField: list.fields.firstIndex { $0.path.isEmpty }, itemElement: element(list.item), itemID: id(list.item)))
        }
        root = builder.build(pointer, id)
        scalarCount = (scalars.map(\.slot).max() ?? -1) + 1
        listCount = (lists.map(\.slot).max() ?? -1) + 1
        self.elementNames = elementNames
    }

    deinit {
        cNames.deallocate()
        namespace?.deallocate()
    }

    /// Whether an element is in the query's namespace (none for a dossier).
    @inline(__always)
    func inNamespace(_ node: xmlNodePtr) -> Bool {
        guard let ns = node.pointee.ns else { return namespace == nil }
        guard let namespace, let href = ns.pointee.href else { return false }
        return strcmp(UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self), namespace) == 0
    }

    struct FieldPlan {
        var path: [UnsafePointer<CChar>]
        /// The same names' ids in `streamingNames` (-1 for a name it does not hold).
        var pathIDs: [Int32]
        var read: ReadPlan
    }

    struct ListPlan {
        var slot: Int
        var item: UnsafePointer<CChar>
        var fields: [FieldPlan]
        /// A field read from the item element itself (its text or an attribute): its reading
        /// gives the item's line and provenance too, so the item costs nothing more. Nil when
        /// every field lies in a child element.
        var itemField: Int?
        /// The item's name in `elementNames`.
        var itemElement: Int32
        /// The item's name in `streamingNames`.
        var itemID: Int32
    }

    /// What to read at an element: plain values, names pointing into `cNames`.
    struct ReadPlan {
        enum Kind { case text, attribute, attributes }
        var kind: Kind
        /// The element's name in `elementNames`, known from the path; -1 at the document's root.
        var element: Int32
        /// With `.attribute`: the attribute's name, and its id in `streamingNames`.
        var attribute: UnsafePointer<CChar>?
        var attributeID: Int32
    }

    final class Node {
        let scalarSlots: [Int]
        let scalarPlans: [ReadPlan]
        let lists: [ListPlan]
        /// The children's names and their first bytes: a document's element is matched against
        /// them without copying anything.
        let childNames: [UnsafePointer<CChar>]
        let childFirstBytes: [CChar]
        /// The children's names' ids in `streamingNames`.
        let childIDs: [Int32]
        let children: [Node]

        init(scalars: [(Int, ReadPlan)], lists: [ListPlan], children: [(UnsafePointer<CChar>, Int32, Node)]) {
            scalarSlots = scalars.map(\.0)
            scalarPlans = scalars.map(\.1)
            self.lists = lists
            childNames = children.map(\.0)
            childFirstBytes = children.map { $0.0[0] }
            childIDs = children.map(\.1)
            self.children = children.map(\.2)
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

        func build(_ pointer: (String) -> UnsafePointer<CChar>, _ id: (String) -> Int32) -> Node {
            Node(scalars: scalars, lists: lists, children: zip(names, children).map { (pointer($0), id($0), $1.build(pointer, id)) })
        }
    }
}

extension XMLQuery {
    /// Reads the query from a parsed document's root. `lines` gives lines above 65535.
    func read(root: xmlNodePtr, lines: XMLErrorCollector) -> XMLQueryResult {
        var result = XMLQueryResult(scalarCount: scalarCount, listCount: listCount, elementNames: elementNames)
        result.rootName = root.pointee.name.map { String(cString: $0) } ?? ""
        visit(root, self.root, lines, &result)
        return result
    }

    private func visit(_ element: xmlNodePtr, _ node: Node, _ lines: XMLErrorCollector, _ result: inout XMLQueryResult) {
        for index in node.scalarSlots.indices {
            result.scalars[node.scalarSlots[index]] = Self.reading(element, node.scalarPlans[index], lines, &result)
        }
        for list in node.lists {
            let firstField = result.fields.count
            let firstItem = result.items.count
            var items = 0
            var child = element.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, named(current, list.item) {
                    items += 1
                    let itemFirstField = result.fields.count
                    for field in list.fields {
                        let reading = follow(field.path, from: current).map { Self.reading($0, field.read, lines, &result) }
                        result.fields.append(reading)
                    }
                    // The item's own line and provenance, once: from the field that read the
                    // item element, or else looked up here.
                    if let itemField = list.itemField, var reading = result.fields[itemFirstField + itemField] {
                        reading.text = nil
                        reading.attributes = 0..<0
                        result.items.append(reading)
                    } else {
                        result.items.append(Self.provenance(current, element: list.itemElement, lines, &result))
                    }
                }
                child = current.pointee.next
            }
            result.lists[list.slot] = XMLListReading(
                line: lines.line(of: element), count: items, firstField: firstField, fieldCount: list.fields.count, firstItem: firstItem)
        }
        let count = node.children.count
        guard count > 0 else { return }
        // The first child of each name is the one followed, as for a scalar path.
        var visited: UInt64 = 0
        var visitedBeyond: Set<Int> = []
        var child = element.pointee.children
        while let current = child {
            child = current.pointee.next
            guard current.pointee.type == XML_ELEMENT_NODE, inNamespace(current), let raw = current.pointee.name else { continue }
            let name = UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self)
            for index in 0..<count where node.childFirstBytes[index] == name[0] && strcmp(name, node.childNames[index]) == 0 {
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

    private func named(_ node: xmlNodePtr, _ name: UnsafePointer<CChar>) -> Bool {
        guard let local = node.pointee.name, inNamespace(node) else { return false }
        // Most names differ in their first byte: decide those without a call.
        let actual = UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self)
        return actual[0] == name[0] && strcmp(actual, name) == 0
    }

    private func follow(_ path: [UnsafePointer<CChar>], from node: xmlNodePtr) -> xmlNodePtr? {
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

    private static func reading(_ element: xmlNodePtr, _ plan: ReadPlan, _ lines: XMLErrorCollector, _ result: inout XMLQueryResult)
        -> XMLReading
    {
        var text: XMLText? = nil
        let firstAttribute = result.attributes.count
        var basis: XMLText? = nil
        var source: XMLText? = nil
        var attribute = element.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                let name = UnsafeRawPointer(rawName).assumingMemoryBound(to: CChar.self)
                var value: XMLText? = nil
                // Most names differ in their first byte: decided without a call (as `named` does).
                if name[0] == 0x62, strcmp(name, "basis") == 0 {
                    value = attributeValue(current, into: &result)
                    basis = value
                } else if name[0] == 0x73, strcmp(name, "source") == 0 {
                    value = attributeValue(current, into: &result)
                    source = value
                }
                switch plan.kind {
                case .attributes:
                    let nameText = append(name, into: &result)
                    result.attributes.append((nameText, value ?? attributeValue(current, into: &result)))
                case .attribute:
                    if name[0] == plan.attribute![0], strcmp(name, plan.attribute!) == 0 {
                        text = value ?? attributeValue(current, into: &result)
                    }
                case .text:
                    break
                }
            }
            attribute = current.pointee.next
        }
        if case .text = plan.kind {
            // Text and CDATA children, joined.
            let start = result.bytes.count
            var child = element.pointee.children
            while let current = child {
                if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                    _ = append(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self), into: &result)
                }
                child = current.pointee.next
            }
            text = XMLText(start: start, count: result.bytes.count - start)
        }
        return XMLReading(
            element: plan.element, line: lines.line(of: element), text: text, attributes: firstAttribute..<result.attributes.count,
            basis: basis, source: source)
    }

    /// An element's line and its `basis` and `source` attributes, and nothing else.
    private static func provenance(_ element: xmlNodePtr, element index: Int32, _ lines: XMLErrorCollector, _ result: inout XMLQueryResult)
        -> XMLReading
    {
        var basis: XMLText? = nil
        var source: XMLText? = nil
        var attribute = element.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                let name = UnsafeRawPointer(rawName).assumingMemoryBound(to: CChar.self)
                // Most attribute names start with neither letter: decided without a call.
                if name[0] == CChar(UInt8(ascii: "b")), strcmp(name, "basis") == 0 {
                    basis = attributeValue(current, into: &result)
                } else if name[0] == CChar(UInt8(ascii: "s")), strcmp(name, "source") == 0 {
                    source = attributeValue(current, into: &result)
                }
            }
            attribute = current.pointee.next
        }
        let none = result.attributes.count
        return XMLReading(element: index, line: lines.line(of: element), text: nil, attributes: none..<none, basis: basis, source: source)
    }

    /// Copies a C string's bytes into the result's text.
    private static func append(_ string: UnsafePointer<CChar>, into result: inout XMLQueryResult) -> XMLText {
        let start = result.bytes.count
        let count = strlen(string)
        string.withMemoryRebound(to: UInt8.self, capacity: count) { result.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
        return XMLText(start: start, count: count)
    }

    private static func attributeValue(_ attribute: xmlAttrPtr, into result: inout XMLQueryResult) -> XMLText {
        let start = result.bytes.count
        var child = attribute.pointee.children
        while let text = child {
            if let content = text.pointee.content { _ = append(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self), into: &result) }
            child = text.pointee.next
        }
        return XMLText(start: start, count: result.bytes.count - start)
    }
}
