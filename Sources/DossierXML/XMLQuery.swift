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
