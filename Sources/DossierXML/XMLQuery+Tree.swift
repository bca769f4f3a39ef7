internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a query from libxml2's tree: the path of a document the streaming reader does not
/// vouch for (see `SafeXMLParser.Route`), and of every record of a declared format.
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
                    let item =
                        result.itemReading(field: list.itemField, firstField: itemFirstField)
                        ?? Self.provenance(current, element: list.itemElement, lines, &result)
                    result.items.append(item)
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
                switch provenanceAttribute(name) {
                case .basis?:
                    value = attributeValue(current, into: &result)
                    basis = value
                case .source?:
                    value = attributeValue(current, into: &result)
                    source = value
                case nil:
                    break
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
                switch provenanceAttribute(UnsafeRawPointer(rawName).assumingMemoryBound(to: CChar.self)) {
                case .basis?: basis = attributeValue(current, into: &result)
                case .source?: source = attributeValue(current, into: &result)
                case nil: break
                }
            }
            attribute = current.pointee.next
        }
        let none = result.attributes.count
        return XMLReading(element: index, line: lines.line(of: element), text: nil, attributes: none..<none, basis: basis, source: source)
    }

    private enum ProvenanceAttribute { case basis, source }

    /// Whether an attribute's name is `basis` or `source`, the two that say where a value came
    /// from. Most names start with neither letter: decided without a call (as `named` does).
    @inline(__always)
    private static func provenanceAttribute(_ name: UnsafePointer<CChar>) -> ProvenanceAttribute? {
        if name[0] == CChar(UInt8(ascii: "b")), strcmp(name, "basis") == 0 { return .basis }
        if name[0] == CChar(UInt8(ascii: "s")), strcmp(name, "source") == 0 { return .source }
        return nil
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
