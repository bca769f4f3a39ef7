internal import CLibXML2
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// The dossier format's rule for `<notApplicable>` (format 1.1): an `<item path="...">` says
/// that the section or element at that path does not apply to the project, so the dossier must
/// not give it. The schema lists the paths an item may name but cannot say that the element is
/// absent; this is checked here, in a walk of the few elements the items name.
enum ApplicabilityCheck {
    /// An item naming an element the dossier gives: the item's place, and the first such element.
    static func contradictions(root: xmlNodePtr, lines: XMLErrorCollector) -> [XMLProblem] {
        // Nearly every dossier has no <notApplicable>: found, or not, without a call or a copy.
        guard notApplicableSection(of: root) != nil else { return [] }
        var problems: [XMLProblem] = []
        for section in children(of: root, named: "notApplicable") {
            for item in children(of: section, named: "item") {
                guard let path = attribute("path", of: item) else { continue }
                let steps = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                guard !steps.isEmpty, let given = first(steps[...], under: root) else { continue }
                let name = steps.last!
                problems.append(
                    XMLProblem(
                        .notApplicableContradiction,
                        "'\(path)' is said not to apply, but the dossier gives <\(name)> (line \(lines.line(of: given))): it cannot be both",
                        at: .attributeValue(
                            element: XMLErrorCollector.qualifiedName(of: item), line: lines.line(of: item), attribute: "path", value: path),
                        suggestions: ["delete the item if <\(name)> applies, or delete <\(name)> if it does not"],
                        notes: [("<\(name)> is given here", .element(XMLErrorCollector.qualifiedName(of: given), line: lines.line(of: given)))]))
            }
        }
        return problems
    }

    /// The root's first `<notApplicable>` child, compared byte by byte.
    private static func notApplicableSection(of root: xmlNodePtr) -> xmlNodePtr? {
        let name: StaticString = "notApplicable"
        var child = root.pointee.children
        while let current = child {
            child = current.pointee.next
            guard current.pointee.type == XML_ELEMENT_NODE, current.pointee.ns == nil, let raw = current.pointee.name,
                raw[0] == name.utf8Start[0]
            else { continue }
            if strcmp(UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self), UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self))
                == 0
            {
                return current
            }
        }
        return nil
    }

    /// The first element, in document order, at the path of element names below `node`.
    private static func first(_ steps: ArraySlice<String>, under node: xmlNodePtr) -> xmlNodePtr? {
        guard let step = steps.first else { return node }
        for child in children(of: node, named: step) {
            if let found = first(steps.dropFirst(), under: child) { return found }
        }
        return nil
    }

    /// The element children of `node` named `name`, without a namespace.
    private static func children(of node: xmlNodePtr, named name: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            child = current.pointee.next
            guard current.pointee.type == XML_ELEMENT_NODE, current.pointee.ns == nil, let raw = current.pointee.name else { continue }
            if strcmp(UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self), name) == 0 { found.append(current) }
        }
        return found
    }

    /// An attribute's value without a namespace, its text nodes joined.
    private static func attribute(_ name: String, of element: xmlNodePtr) -> String? {
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard current.pointee.ns == nil, let raw = current.pointee.name,
                strcmp(UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self), name) == 0
            else { continue }
            var value = ""
            var text = current.pointee.children
            while let node = text {
                if let content = node.pointee.content { value += String(cString: content) }
                text = node.pointee.next
            }
            return value.trimmingCharacters(in: " \t\n\r")
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}
