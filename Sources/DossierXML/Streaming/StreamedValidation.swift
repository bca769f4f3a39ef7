#if canImport(Glibc)
    import Glibc
#endif

extension StreamingSchema {
    /// Whether a streamed document passes every check the tree path makes of it: its root, its
    /// validity against the schema (contents, attributes, values, `xs:ID` uniqueness, identity
    /// constraints), its source references and what it says does not apply. False means "not
    /// shown valid here": the tree path then gives the verdict, and the messages.
    func accepts(_ document: StreamedDocument) -> Bool {
        guard let root = document.nodes.first, root.nameID == rootName, !root.isNamespaced else { return false }
        var ids: Set<[UInt8]> = []
        guard valid(0, rootType, in: document, ids: &ids) else { return false }
        return identityConstraintsHold(in: document) && sourcesResolve(in: document) && nothingNotApplicableIsGiven(in: document)
    }

    /// Validates an element and, recursively, its content (nesting is bounded by libxml2's
    /// parser: 256 levels).
    private func valid(_ index: Int32, _ type: TypeReference, in document: StreamedDocument, ids: inout Set<[UInt8]>) -> Bool {
        let node = document.nodes[Int(index)]
        switch type {
        case .simple(let simple):
            guard node.attributeCount == 0, node.isTextOnly else { return false }
            return document.text(of: index) { simpleTypes[simple].accepts($0) }
        case .complex(let complex):
            let definition = complexTypes[complex]
            guard attributesValid(node, definition.attributes, in: document, ids: &ids) else { return false }
            switch definition.content {
            case .simple(let simple):
                guard node.isTextOnly else { return false }
                return document.text(of: index) { simpleTypes[simple].accepts($0) }
            case .empty:
                return node.firstChild < 0 && node.textStart < 0 && !node.flags.contains(.textAfterChild) && !node.flags.contains(.cdata)
            case .sequence(let particles):
                guard !node.flags.contains(.nonBlankText), !node.flags.contains(.cdata) else { return false }
                return contentValid(index, particles, in: document, ids: &ids)
            }
        }
    }

    /// The element children against a flat sequence in which each name appears once (so the
    /// first particle that can take an element is the one that must).
    private func contentValid(_ index: Int32, _ particles: [Particle], in document: StreamedDocument, ids: inout Set<[UInt8]>) -> Bool {
        var position = 0
        var count = 0
        var child = document.nodes[Int(index)].firstChild
        while child >= 0 {
            let node = document.nodes[Int(child)]
            while true {
                guard position < particles.count else { return false }
                let particle = particles[position]
                var matched = false
                switch particle.term {
                case .skip:
                    matched = true
                case .element(let name, let type):
                    if node.nameID == name, !node.isNamespaced {
                        guard count < particle.max, valid(child, type, in: document, ids: &ids) else { return false }
                        matched = true
                    }
                }
                if matched, count < particle.max {
                    count += 1
                    break
                }
                guard count >= particle.min else { return false }
                position += 1
                count = 0
            }
            child = node.nextSibling
        }
        while position < particles.count {
            guard count >= particles[position].min else { return false }
            position += 1
            count = 0
        }
        return true
    }

    private func attributesValid(_ node: StreamedDocument.Node, _ uses: [AttributeUse], in document: StreamedDocument, ids: inout Set<[UInt8]>)
        -> Bool
    {
        var seen: UInt64 = 0
        guard uses.count <= 64 else { return false }
        for offset in 0..<Int(node.attributeCount) {
            let attribute = document.attributes[Int(node.firstAttribute) + offset]
            guard !attribute.namespaced, let position = uses.firstIndex(where: { $0.name == attribute.nameID }) else { return false }
            seen |= 1 << UInt64(position)
            let type = simpleTypes[uses[position].type]
            let valid = document.withBytes(start: attribute.valueStart, count: attribute.valueCount) { value in
                guard type.accepts(value) else { return false }
                // An xs:ID is unique in the document.
                return type.base != .id || ids.insert(Array(value)).inserted
            }
            guard valid else { return false }
        }
        for (position, use) in uses.enumerated() where use.required && seen & (1 << UInt64(position)) == 0 { return false }
        return true
    }

    // MARK: After validation

    /// The elements a selector reaches from the root, in document order.
    private func select(_ steps: [Int32], in document: StreamedDocument) -> [Int32] {
        var current: [Int32] = [0]
        for step in steps {
            var next: [Int32] = []
            for node in current {
                document.forEachChild(of: node) { child in
                    let element = document.nodes[Int(child)]
                    if element.nameID == step, !element.isNamespaced { next.append(child) }
                }
            }
            current = next
        }
        return current
    }

    /// The value of a constraint's field on one selected element; nil when the field is absent.
    /// A value with white space in it, or a field that is not one element of text only, is not
    /// compared here (`unclear`): libxml2 compares values as their types see them.
    private func fieldValue(_ field: IdentityConstraint.Field, of index: Int32, in document: StreamedDocument) -> (value: [UInt8]?, unclear: Bool) {
        let node = document.nodes[Int(index)]
        var value: [UInt8]? = nil
        var unclear = false
        switch field {
        case .attribute(let name):
            for offset in 0..<Int(node.attributeCount) {
                let attribute = document.attributes[Int(node.firstAttribute) + offset]
                if attribute.nameID == name, !attribute.namespaced {
                    value = document.withBytes(start: attribute.valueStart, count: attribute.valueCount) { Array($0) }
                }
            }
        case .element(let name):
            var found = 0
            document.forEachChild(of: index) { child in
                let element = document.nodes[Int(child)]
                guard element.nameID == name, !element.isNamespaced else { return }
                found += 1
                if !element.isTextOnly { unclear = true }
                value = document.withBytes(start: element.textStart, count: element.textCount) { Array($0) }
            }
            if found > 1 { unclear = true }
        }
        if let value, value.isEmpty || value.contains(where: SimpleType.isBlank) { unclear = true }
        return (value, unclear)
    }

    private func identityConstraintsHold(in document: StreamedDocument) -> Bool {
        var keys: [Set<[UInt8]>] = Array(repeating: [], count: identityConstraints.count)
        for (index, constraint) in identityConstraints.enumerated() {
            for element in select(constraint.selector, in: document) {
                let (value, unclear) = fieldValue(constraint.field, of: element, in: document)
                guard !unclear else { return false }
                switch constraint.kind {
                case .key:
                    guard let value, keys[index].insert(value).inserted else { return false }
                case .unique:
                    if let value, !keys[index].insert(value).inserted { return false }
                case .keyref(let key):
                    if let value, !keys[key].contains(value) { return false }
                }
            }
        }
        return true
    }

    /// Every name a `source` attribute gives is the id of a `<source>` in the root's
    /// `<evidence>` (`SourceReferences`, which the tree path runs; the root's `<extensions>` is
    /// not looked into).
    private func sourcesResolve(in document: StreamedDocument) -> Bool {
        var sourceIDs: [[UInt8]] = []
        var references = false
        for (offset, node) in document.nodes.enumerated() where offset > 0 {
            for position in 0..<Int(node.attributeCount) {
                let attribute = document.attributes[Int(node.firstAttribute) + position]
                guard !attribute.namespaced else { continue }
                if attribute.nameID == source { references = true }
                if attribute.nameID == id, node.nameID == source, node.parent >= 0 {
                    let parent = document.nodes[Int(node.parent)]
                    if parent.nameID == evidence, parent.parent == 0, !parent.isNamespaced, !node.isNamespaced {
                        sourceIDs.append(document.withBytes(start: attribute.valueStart, count: attribute.valueCount) { Array($0) })
                    }
                }
            }
        }
        guard references else { return true }
        var node: Int32 = 1
        while node < document.nodes.count {
            let element = document.nodes[Int(node)]
            for position in 0..<Int(element.attributeCount) {
                let attribute = document.attributes[Int(element.firstAttribute) + position]
                guard attribute.nameID == source, !attribute.namespaced else { continue }
                let resolved = document.withBytes(start: attribute.valueStart, count: attribute.valueCount) { value in
                    value.split(whereSeparator: SimpleType.isBlank).allSatisfy { name in sourceIDs.contains { $0.elementsEqual(name) } }
                }
                guard resolved else { return false }
            }
            // The root's <extensions> is the analyst's own: past its subtree.
            node = element.parent == 0 && element.nameID == extensions && !element.isNamespaced ? Self.afterSubtree(node, in: document) : node + 1
        }
        return true
    }

    /// The index of the first element after `node`'s subtree (elements are in document order).
    private static func afterSubtree(_ node: Int32, in document: StreamedDocument) -> Int32 {
        var current = node
        while current >= 0 {
            let sibling = document.nodes[Int(current)].nextSibling
            if sibling >= 0 { return sibling }
            current = document.nodes[Int(current)].parent
        }
        return Int32(document.nodes.count)
    }

    /// No `<notApplicable><item path="...">` names an element the dossier gives
    /// (`ApplicabilityCheck`, which the tree path runs).
    private func nothingNotApplicableIsGiven(in document: StreamedDocument) -> Bool {
        for item in select([notApplicable, self.item], in: document) {
            let node = document.nodes[Int(item)]
            for offset in 0..<Int(node.attributeCount) {
                let attribute = document.attributes[Int(node.firstAttribute) + offset]
                guard attribute.nameID == path, !attribute.namespaced else { continue }
                let steps = document.withBytes(start: attribute.valueStart, count: attribute.valueCount) { value in
                    value.split(whereSeparator: { $0 == UInt8(ascii: "/") || SimpleType.isBlank($0) }).map { Array($0) }
                }
                guard !steps.isEmpty else { continue }
                if Self.exists(steps[...], under: 0, in: document) { return false }
            }
        }
        return true
    }

    /// Whether an element lies at the path of names below `node` (any branch).
    private static func exists(_ steps: ArraySlice<[UInt8]>, under node: Int32, in document: StreamedDocument) -> Bool {
        guard let step = steps.first else { return true }
        var found = false
        document.forEachChild(of: node) { child in
            guard !found else { return }
            let element = document.nodes[Int(child)]
            guard !element.isNamespaced, strcmp(UnsafeRawPointer(element.name).assumingMemoryBound(to: CChar.self), step.map { CChar(bitPattern: $0) } + [0]) == 0
            else { return }
            if exists(steps.dropFirst(), under: child, in: document) { found = true }
        }
        return found
    }
}
