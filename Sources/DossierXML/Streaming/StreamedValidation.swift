#if canImport(Glibc)
    import Glibc
#endif

extension StreamingSchema {
    /// Whether a streamed document passes every check the tree path makes of it: its root, its
    /// validity against the schema (contents, attributes, values, `xs:ID` uniqueness, identity
    /// constraints), its source references and what it says does not apply. False means "not
    /// shown valid here": the tree path then gives the verdict, and the messages.
    func accepts(_ document: StreamedDocument) -> Bool {
        guard document.nodes.count > 0 else { return false }
        let root = document.nodes[0]
        guard root.nameID == rootName, !root.isNamespaced else { return false }
        var ids: [UnsafeBufferPointer<UInt8>] = []
        guard valid(0, rootType, in: document, ids: &ids) else { return false }
        return identityConstraintsHold(in: document) && sourcesResolve(in: document) && nothingNotApplicableIsGiven(in: document)
    }

    /// Validates an element and, recursively, its content (nesting is bounded by libxml2's
    /// parser: 256 levels).
    private func valid(_ index: Int32, _ type: TypeReference, in document: StreamedDocument, ids: inout [UnsafeBufferPointer<UInt8>]) -> Bool {
        let node = document.nodes[Int(index)]
        switch type {
        case .simple(let simple):
            return node.attributeCount == 0 && node.isTextOnly && simpleType(simple).pointee.accepts(document.text(of: index))
        case .complex(let complex):
            let definition = complexTypes[complex]
            guard attributesValid(node, definition.attributes, in: document, ids: &ids) else { return false }
            switch definition.kind {
            case .simple:
                return node.isTextOnly && simpleType(definition.simpleType).pointee.accepts(document.text(of: index))
            case .empty:
                return node.firstChild < 0 && node.textStart < 0 && !node.flags.contains(.textAfterChild) && !node.flags.contains(.cdata)
            case .sequence:
                guard node.flags.isDisjoint(with: [.nonBlankText, .cdata]) else { return false }
                return contentValid(node.firstChild, definition.particles, in: document, ids: &ids)
            }
        }
    }

    /// The element children, from `first` on, against a flat sequence in which each name
    /// appears once (so the first particle that can take an element is the one that must).
    private func contentValid(_ first: Int32, _ sequence: Range<Int>, in document: StreamedDocument, ids: inout [UnsafeBufferPointer<UInt8>])
        -> Bool
    {
        var position = sequence.lowerBound
        var count = 0
        var child = first
        while child >= 0 {
            let node = document.nodes[Int(child)]
            while true {
                guard position < sequence.upperBound else { return false }
                let particle = particles[position]
                if count < particle.max, particle.name < 0 || (node.nameID == particle.name && !node.isNamespaced) {
                    // xs:any that skips takes any element and does not look inside it.
                    guard particle.name < 0 || valid(child, particle.type, in: document, ids: &ids) else { return false }
                    count += 1
                    break
                }
                guard count >= particle.min else { return false }
                position += 1
                count = 0
            }
            child = node.nextSibling
        }
        while position < sequence.upperBound {
            guard count >= particles[position].min else { return false }
            position += 1
            count = 0
        }
        return true
    }

    private func attributesValid(
        _ node: StreamedDocument.Node, _ uses: Range<Int>, in document: StreamedDocument, ids: inout [UnsafeBufferPointer<UInt8>]
    )
        -> Bool
    {
        guard uses.count <= 64 else { return false }
        var seen: UInt64 = 0
        for offset in 0..<Int(node.attributeCount) {
            let attribute = document.attributes[Int(node.firstAttribute) + offset]
            guard !attribute.namespaced else { return false }
            var position = uses.lowerBound
            while position < uses.upperBound, attributeUses[position].name != attribute.nameID { position += 1 }
            guard position < uses.upperBound else { return false }
            seen |= 1 << UInt64(position - uses.lowerBound)
            let use = attributeUses[position]
            let value = document.value(of: attribute)
            guard simpleType(use.type).pointee.accepts(value) else { return false }
            if use.isID {
                // An xs:ID is unique in the document (a dossier has a handful).
                guard !ids.contains(where: { Self.same($0, value) }) else { return false }
                ids.append(value)
            }
        }
        for position in uses where attributeUses[position].required && seen & (1 << UInt64(position - uses.lowerBound)) == 0 { return false }
        return true
    }

    /// A simple type in place (calling through the pointer copies nothing).
    @inline(__always)
    private func simpleType(_ index: Int) -> UnsafeMutablePointer<SimpleType> {
        simpleTypes.baseAddress! + index
    }

    /// Whether two runs of bytes are equal.
    @inline(__always)
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
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
    private func fieldValue(_ field: IdentityConstraint.Field, of index: Int32, in document: StreamedDocument)
        -> (value: UnsafeBufferPointer<UInt8>?, unclear: Bool)
    {
        let node = document.nodes[Int(index)]
        var value: UnsafeBufferPointer<UInt8>? = nil
        var unclear = false
        switch field {
        case .attribute(let name):
            for offset in 0..<Int(node.attributeCount) {
                let attribute = document.attributes[Int(node.firstAttribute) + offset]
                if attribute.nameID == name, !attribute.namespaced { value = document.value(of: attribute) }
            }
        case .element(let name):
            var found = 0
            document.forEachChild(of: index) { child in
                let element = document.nodes[Int(child)]
                guard element.nameID == name, !element.isNamespaced else { return }
                found += 1
                if !element.isTextOnly { unclear = true }
                value = document.text(of: child)
            }
            if found > 1 { unclear = true }
        }
        if let value, value.isEmpty || value.contains(where: SimpleType.isBlank) { unclear = true }
        return (value, unclear)
    }

    private func identityConstraintsHold(in document: StreamedDocument) -> Bool {
        var keys: [[UnsafeBufferPointer<UInt8>]] = Array(repeating: [], count: identityConstraints.count)
        func has(_ values: [UnsafeBufferPointer<UInt8>], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
            values.contains { Self.same($0, value) }
        }
        for (index, constraint) in identityConstraints.enumerated() {
            for element in select(constraint.selector, in: document) {
                let (value, unclear) = fieldValue(constraint.field, of: element, in: document)
                guard !unclear else { return false }
                switch constraint.kind {
                case .key:
                    guard let value, !has(keys[index], value) else { return false }
                    keys[index].append(value)
                case .unique:
                    if let value {
                        guard !has(keys[index], value) else { return false }
                        keys[index].append(value)
                    }
                case .keyref(let key):
                    if let value, !has(keys[key], value) { return false }
                }
            }
        }
        return true
    }

    /// Every name a `source` attribute gives is the id of a `<source>` in the root's
    /// `<evidence>` (`SourceReferences`, which the tree path runs; the root's `<extensions>` is
    /// not looked into).
    private func sourcesResolve(in document: StreamedDocument) -> Bool {
        var sourceIDs: [UnsafeBufferPointer<UInt8>] = []
        var references = false
        for index in 1..<document.nodes.count {
            let node = document.nodes[index]
            for position in 0..<Int(node.attributeCount) {
                let attribute = document.attributes[Int(node.firstAttribute) + position]
                guard !attribute.namespaced else { continue }
                if attribute.nameID == source { references = true }
                if attribute.nameID == id, node.nameID == source, !node.isNamespaced {
                    let parent = document.nodes[Int(node.parent)]
                    if parent.nameID == evidence, parent.parent == 0, !parent.isNamespaced { sourceIDs.append(document.value(of: attribute)) }
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
                // Each name, in place (splitting made an array per attribute).
                let resolved = SimpleType.allNames(in: document.value(of: attribute)) { name in
                    sourceIDs.contains { Self.same($0, name) }
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
                let steps = document.value(of: attribute).split(whereSeparator: { $0 == UInt8(ascii: "/") || SimpleType.isBlank($0) }).map {
                    Array($0) + [0]
                }
                guard !steps.isEmpty else { continue }
                if Self.exists(steps[...], under: 0, in: document) { return false }
            }
        }
        return true
    }

    /// Whether an element lies at the path of names (NUL-terminated) below `node`, on any branch.
    private static func exists(_ steps: ArraySlice<[UInt8]>, under node: Int32, in document: StreamedDocument) -> Bool {
        guard let step = steps.first else { return true }
        var found = false
        document.forEachChild(of: node) { child in
            guard !found else { return }
            let element = document.nodes[Int(child)]
            guard !element.isNamespaced,
                step.withUnsafeBufferPointer({
                    strcmp(
                        UnsafeRawPointer(element.name).assumingMemoryBound(to: CChar.self),
                        UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self))
                }) == 0
            else { return }
            if exists(steps.dropFirst(), under: child, in: document) { found = true }
        }
        return found
    }
}
