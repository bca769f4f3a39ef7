internal import CLibXML2
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// The dossier format's cross-reference rule: every id a `source="..."` attribute names is the
/// `id` of a `<source>` in the dossier's `<evidence>`.
///
/// The schema says as much (`source` is xs:IDREFS, `<source id>` xs:ID), but libxml2's schema
/// validation checks neither half of it: it records each reference without checking that it
/// resolves (DTD validation would; schema validation does not), and it counts any `xml:id` as
/// an ID, which an analyst's element under `<extensions>` may carry. So the rule is checked
/// here, in one walk over the validated tree, without reading libxml2's own ID tables.
/// `<extensions>` is not walked: the schema leaves its content unchecked, and a `source`
/// attribute there is the analyst's own.
enum SourceReferences {
    /// A reference that names no source: the id, and the element carrying it.
    struct Unresolved {
        var id: String
        var element: String
        var line: Int
    }

    /// What to do about an id that names no source: the closest source id, or where to declare it.
    static func suggestion(for id: String, sourceIDs: [String]) -> String {
        if let closest = Suggest.closest(to: id, among: sourceIDs) { return "did you mean '\(closest)'?" }
        if sourceIDs.isEmpty { return "declare the source in <evidence>: <source id=\"\(id)\"><title>...</title></source>" }
        return "the sources in <evidence> are " + sourceIDs.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Every id named by a `source` attribute that is no source's id, in document order; and,
    /// when there is one, the ids the dossier's sources do have.
    static func check(root: xmlNodePtr, lines: XMLErrorCollector) -> (unresolved: [Unresolved], sourceIDs: [String]) {
        let ids = sourceIDs(root: root)
        var unresolved: [Unresolved] = []
        var node: xmlNodePtr? = root
        while let current = node {
            // Only an element's `properties` is its attributes: with XML_PARSE_COMPACT, a short text
            // node keeps its text there.
            guard current.pointee.type == XML_ELEMENT_NODE else {
                node = nextInDocumentOrder(after: current, within: root)
                continue
            }
            if current.pointee.properties != nil {
                check(current, against: ids, lines: lines, into: &unresolved)
            }
            // Down to the children that are elements, if any (a lone text child is not visited).
            if let child = current.pointee.children, child.pointee.type == XML_ELEMENT_NODE || child.pointee.next != nil,
                current.pointee.parent != root || !isNamed(current, "extensions")
            {
                node = child
                continue
            }
            node = nextInDocumentOrder(after: current, within: root)
        }
        return (unresolved, unresolved.isEmpty ? [] : ids.map { String(cString: $0.pointer) })
    }

    /// The next node after `node`'s subtree, or nil at the end of `root`'s.
    private static func nextInDocumentOrder(after node: xmlNodePtr, within root: xmlNodePtr) -> xmlNodePtr? {
        var current = node
        while current != root {
            if let next = current.pointee.next { return next }
            guard let parent = current.pointee.parent else { return nil }
            current = parent
        }
        return nil
    }

    /// The ids of the `<source>` elements in the root's `<evidence>`, as libxml2 holds them.
    private static func sourceIDs(root: xmlNodePtr) -> [(pointer: UnsafePointer<CChar>, count: Int)] {
        var ids: [(pointer: UnsafePointer<CChar>, count: Int)] = []
        var section = root.pointee.children
        while let evidence = section {
            section = evidence.pointee.next
            guard evidence.pointee.type == XML_ELEMENT_NODE, isNamed(evidence, "evidence") else { continue }
            var child = evidence.pointee.children
            while let source = child {
                child = source.pointee.next
                guard source.pointee.type == XML_ELEMENT_NODE, isNamed(source, "source"), let id = attributeText(source, "id") else { continue }
                ids.append((id, strlen(id)))
            }
        }
        return ids
    }

    /// Checks the names in the element's `source` attribute, if it has one.
    private static func check(
        _ element: xmlNodePtr, against ids: [(pointer: UnsafePointer<CChar>, count: Int)], lines: XMLErrorCollector,
        into unresolved: inout [Unresolved]
    ) {
        guard let value = attributeText(element, "source") else { return }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value))
        // Names are separated by white space, as the streaming reader splits them.
        _ = SimpleType.allNames(in: bytes) { name in
            if !ids.contains(where: { $0.count == name.count && memcmp($0.pointer, name.baseAddress!, name.count) == 0 }) {
                unresolved.append(
                    Unresolved(
                        id: String(decoding: name, as: UTF8.self), element: XMLErrorCollector.qualifiedName(of: element),
                        line: lines.line(of: element)))
            }
            return true
        }
    }

    /// The text of an attribute without a namespace, when it is held as one text node (libxml2
    /// joins an attribute's text into one node unless it holds entity references, which a
    /// dossier, without a DTD, cannot declare).
    private static func attributeText(_ element: xmlNodePtr, _ name: StaticString) -> UnsafePointer<CChar>? {
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard named(current.pointee.name, name), current.pointee.ns == nil else { continue }
            guard let text = current.pointee.children, text.pointee.next == nil, let content = text.pointee.content else { return nil }
            return UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self)
        }
        return nil
    }

    private static func isNamed(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
        node.pointee.ns == nil && named(node.pointee.name, name)
    }

    /// Whether libxml2's name is `name`; most names differ in their first byte, decided without a call.
    @inline(__always)
    private static func named(_ actual: UnsafePointer<xmlChar>?, _ name: StaticString) -> Bool {
        guard let actual, actual[0] == name.utf8Start[0] else { return false }
        return strcmp(
            UnsafeRawPointer(actual).assumingMemoryBound(to: CChar.self), UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }
}
