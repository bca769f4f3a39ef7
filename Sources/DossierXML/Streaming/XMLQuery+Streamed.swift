#if canImport(Glibc)
    import Glibc
#endif

/// The query walk of `XMLQuery` over a streamed document: step for step the walk over
/// libxml2's tree (`read(root:lines:)`), so that both give the same readings, in the same
/// order, with the same bytes. Names are compared by their ids in the schema's `NameTable`, or
/// as strings for a name it does not hold (an analyst's element under `<extensions>`).
extension XMLQuery {
    /// What the query reads from a streamed document; nil when it asks for the text of an
    /// element that holds more than text (the tree path's `NOBLANKS` decides which of its blank
    /// runs count, so that reading is left to it).
    func read(_ document: StreamedDocument) -> XMLQueryResult? {
        var result = XMLQueryResult(scalarCount: scalarCount, listCount: listCount, elementNames: elementNames)
        result.rootName = String(cString: document.nodes[0].name)
        guard visit(0, root, document, &result) else { return nil }
        return result
    }

    @inline(__always)
    private static func matches(_ node: StreamedDocument.Node, _ id: Int32, _ name: UnsafePointer<CChar>) -> Bool {
        guard !node.isNamespaced, node.nameID == id else { return false }
        return id >= 0 || strcmp(UnsafeRawPointer(node.name).assumingMemoryBound(to: CChar.self), name) == 0
    }

    @inline(__always)
    private static func matches(_ attribute: StreamedDocument.Attribute, _ id: Int32, _ name: UnsafePointer<CChar>) -> Bool {
        guard attribute.nameID == id else { return false }
        return id >= 0 || strcmp(UnsafeRawPointer(attribute.name).assumingMemoryBound(to: CChar.self), name) == 0
    }

    private func visit(_ element: Int32, _ node: Node, _ document: StreamedDocument, _ result: inout XMLQueryResult) -> Bool {
        for index in node.scalarSlots.indices {
            guard let reading = reading(element, node.scalarPlans[index], document, &result) else { return false }
            result.scalars[node.scalarSlots[index]] = reading
        }
        for list in node.lists {
            let firstField = result.fields.count
            let firstItem = result.items.count
            var items = 0
            var child = document.nodes[Int(element)].firstChild
            while child >= 0 {
                let current = document.nodes[Int(child)]
                if Self.matches(current, list.itemID, list.item) {
                    items += 1
                    let itemFirstField = result.fields.count
                    for field in list.fields {
                        if let target = Self.follow(field, from: child, document) {
                            guard let reading = reading(target, field.read, document, &result) else { return false }
                            result.fields.append(reading)
                        } else {
                            result.fields.append(nil)
                        }
                    }
                    let item =
                        result.itemReading(field: list.itemField, firstField: itemFirstField)
                        ?? provenance(child, element: list.itemElement, document, &result)
                    result.items.append(item)
                }
                child = current.nextSibling
            }
            result.lists[list.slot] = XMLListReading(
                line: Int(document.nodes[Int(element)].line), count: items, firstField: firstField, fieldCount: list.fields.count,
                firstItem: firstItem)
        }
        let count = node.children.count
        guard count > 0 else { return true }
        // The first child of each name is the one followed, as for a scalar path.
        var visited: UInt64 = 0
        var visitedBeyond: Set<Int> = []
        var child = document.nodes[Int(element)].firstChild
        while child >= 0 {
            let current = document.nodes[Int(child)]
            defer { child = current.nextSibling }
            guard !current.isNamespaced else { continue }
            for index in 0..<count where Self.matches(current, node.childIDs[index], node.childNames[index]) {
                if index < 64 {
                    guard visited & (1 << UInt64(index)) == 0 else { break }
                    visited |= 1 << UInt64(index)
                } else {
                    guard visitedBeyond.insert(index).inserted else { break }
                }
                guard visit(child, node.children[index], document, &result) else { return false }
                break
            }
        }
        return true
    }

    private static func follow(_ field: FieldPlan, from node: Int32, _ document: StreamedDocument) -> Int32? {
        var current = node
        for (name, id) in zip(field.path, field.pathIDs) {
            var child = document.nodes[Int(current)].firstChild
            var found: Int32 = -1
            while child >= 0 {
                let candidate = document.nodes[Int(child)]
                if matches(candidate, id, name) {
                    found = child
                    break
                }
                child = candidate.nextSibling
            }
            guard found >= 0 else { return nil }
            current = found
        }
        return current
    }

    /// An attribute's value copied into the result's bytes.
    private static func value(_ attribute: StreamedDocument.Attribute, _ document: StreamedDocument, _ result: inout XMLQueryResult) -> XMLText {
        let start = result.bytes.count
        result.bytes.append(contentsOf: document.value(of: attribute))
        return XMLText(start: start, count: result.bytes.count - start)
    }

    private func reading(_ element: Int32, _ plan: ReadPlan, _ document: StreamedDocument, _ result: inout XMLQueryResult) -> XMLReading? {
        let node = document.nodes[Int(element)]
        var text: XMLText? = nil
        let firstAttribute = result.attributes.count
        var basis: XMLText? = nil
        var source: XMLText? = nil
        for offset in 0..<Int(node.attributeCount) {
            let attribute = document.attributes[Int(node.firstAttribute) + offset]
            var value: XMLText? = nil
            if Self.matches(attribute, basisID, "basis") {
                value = Self.value(attribute, document, &result)
                basis = value
            } else if Self.matches(attribute, sourceID, "source") {
                value = Self.value(attribute, document, &result)
                source = value
            }
            switch plan.kind {
            case .attributes:
                let start = result.bytes.count
                result.bytes.append(
                    contentsOf: UnsafeBufferPointer(
                        start: attribute.name, count: strlen(UnsafeRawPointer(attribute.name).assumingMemoryBound(to: CChar.self))))
                let name = XMLText(start: start, count: result.bytes.count - start)
                result.attributes.append((name, value ?? Self.value(attribute, document, &result)))
            case .attribute:
                if Self.matches(attribute, plan.attributeID, plan.attribute!) {
                    text = value ?? Self.value(attribute, document, &result)
                }
            case .text:
                break
            }
        }
        if case .text = plan.kind {
            guard node.isTextOnly else { return nil }
            let start = result.bytes.count
            result.bytes.append(contentsOf: document.text(of: element))
            text = XMLText(start: start, count: result.bytes.count - start)
        }
        return XMLReading(
            element: plan.element, line: Int(node.line), text: text, attributes: firstAttribute..<result.attributes.count, basis: basis,
            source: source)
    }

    /// An element's line and its `basis` and `source` attributes, and nothing else.
    private func provenance(_ element: Int32, element index: Int32, _ document: StreamedDocument, _ result: inout XMLQueryResult) -> XMLReading {
        let node = document.nodes[Int(element)]
        var basis: XMLText? = nil
        var source: XMLText? = nil
        for offset in 0..<Int(node.attributeCount) {
            let attribute = document.attributes[Int(node.firstAttribute) + offset]
            if Self.matches(attribute, basisID, "basis") {
                basis = Self.value(attribute, document, &result)
            } else if Self.matches(attribute, sourceID, "source") {
                source = Self.value(attribute, document, &result)
            }
        }
        let none = result.attributes.count
        return XMLReading(element: index, line: Int(node.line), text: nil, attributes: none..<none, basis: basis, source: source)
    }
}
