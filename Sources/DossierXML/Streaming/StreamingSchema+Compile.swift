internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

extension StreamingSchema {
    /// A construct the streaming model does not compile; the schema is then libxml2's alone.
    struct Unsupported: Error {
        var what: String
    }

    /// Compiles the XSD text, or throws when it uses anything beyond what the model holds:
    /// named and anonymous simple types restricting the built-ins `SimpleType` knows (with
    /// enumerations, simple patterns, lengths and inclusive bounds), complex types of simple
    /// content or of one flat `xs:sequence` of local elements (or one `xs:any` that skips),
    /// attributes and attribute groups, and `xs:key`, `xs:keyref` and `xs:unique` on the
    /// global element with child-step selectors and one-step fields.
    static func compile(xsd: [UInt8]) throws(Unsupported) -> StreamingSchema {
        XMLLibrary.ensureInitialised()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue)
        let parsed: xmlDocPtr? = xsd.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), "schema.xsd", nil, options) }
        }
        guard let document = parsed else { throw Unsupported(what: "the schema does not parse") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw Unsupported(what: "no root") }
        var compiler = Compiler(schema: root)
        return try compiler.compile()
    }

    /// Walks the schema document's tree once, resolving names as they are met.
    fileprivate struct Compiler {
        let schema: xmlNodePtr
        var names: [String] = ["source", "evidence", "id", "extensions", "notApplicable", "item", "path"]
        var simpleTypes: [SimpleType] = []
        var complexTypes: [ComplexType] = []
        var namedSimple: [String: Int] = [:]
        var namedComplex: [String: Int] = [:]
        /// The named complex types being compiled: a type that contains itself is not supported.
        var compiling: Set<String> = []

        init(schema: xmlNodePtr) {
            self.schema = schema
        }

        mutating func compile() throws(Unsupported) -> StreamingSchema {
            guard attribute(schema, "targetNamespace") == nil else { throw Unsupported(what: "a target namespace") }
            let elements = children(of: schema).filter { local($0) == "element" }
            guard elements.count == 1, let rootName = attribute(elements[0], "name") else { throw Unsupported(what: "one global element") }
            for child in children(of: schema) {
                switch local(child) {
                case "element", "simpleType", "complexType", "attributeGroup", "annotation": continue
                default: throw Unsupported(what: "<xs:\(local(child))> at the top level")
                }
            }
            let declaration = elements[0]
            let rootType = try elementType(declaration)
            var constraints: [IdentityConstraint] = []
            var constraintIndex: [String: Int] = [:]
            for child in children(of: declaration) {
                let kind = local(child)
                guard kind == "key" || kind == "keyref" || kind == "unique" else { continue }
                guard let name = attribute(child, "name") else { throw Unsupported(what: "an unnamed identity constraint") }
                let parts = children(of: child).filter { local($0) != "annotation" }
                guard parts.count == 2, local(parts[0]) == "selector", local(parts[1]) == "field",
                    let selector = attribute(parts[0], "xpath"), let field = attribute(parts[1], "xpath")
                else { throw Unsupported(what: "identity constraint \(name)") }
                let steps = selector.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard steps.allSatisfy(isPlainName) else { throw Unsupported(what: "selector \(selector)") }
                let compiledField: IdentityConstraint.Field
                if field.hasPrefix("@"), isPlainName(String(field.dropFirst())) {
                    compiledField = .attribute(intern(String(field.dropFirst())))
                } else if isPlainName(field) {
                    compiledField = .element(intern(field))
                } else {
                    throw Unsupported(what: "field \(field)")
                }
                let compiledKind: IdentityConstraint.Kind
                switch kind {
                case "key": compiledKind = .key
                case "unique": compiledKind = .unique
                default:
                    guard let refer = attribute(child, "refer"), !refer.contains(":"), let index = constraintIndex[refer],
                        constraints[index].kind == .key
                    else { throw Unsupported(what: "keyref \(name)") }
                    compiledKind = .keyref(index)
                }
                constraintIndex[name] = constraints.count
                constraints.append(IdentityConstraint(kind: compiledKind, selector: steps.map { intern($0) }, field: compiledField))
            }
            let rootID = intern(rootName)
            return StreamingSchema(
                names: NameTable(names), simpleTypes: simpleTypes, complexTypes: complexTypes, rootName: rootID, rootType: rootType,
                identityConstraints: constraints)
        }

        // MARK: Elements and complex types

        /// The type of an element declaration: its `type` attribute or its anonymous type.
        mutating func elementType(_ element: xmlNodePtr) throws(Unsupported) -> TypeReference {
            for unsupported in ["ref", "default", "fixed", "nillable", "abstract", "substitutionGroup", "form", "block", "final"]
            where attribute(element, unsupported) != nil {
                throw Unsupported(what: "element attribute \(unsupported)")
            }
            let inline = children(of: element).filter { local($0) == "complexType" || local($0) == "simpleType" }
            if let type = attribute(element, "type") {
                guard inline.isEmpty else { throw Unsupported(what: "a type given twice") }
                if let builtIn = try builtInType(type) { return .simple(add(SimpleType(base: builtIn))) }
                if let index = namedSimple[type] { return .simple(index) }
                if let index = namedComplex[type] { return .complex(index) }
                guard let definition = global(type) else { throw Unsupported(what: "type \(type)") }
                if local(definition) == "simpleType" { return .simple(try namedSimpleType(type, definition)) }
                guard !compiling.contains(type) else { throw Unsupported(what: "recursive type \(type)") }
                compiling.insert(type)
                let compiled = try complexType(definition)
                compiling.remove(type)
                namedComplex[type] = compiled
                return .complex(compiled)
            }
            guard inline.count == 1 else { throw Unsupported(what: "an element without one type") }
            return local(inline[0]) == "simpleType" ? .simple(try simpleType(inline[0])) : .complex(try complexType(inline[0]))
        }

        mutating func complexType(_ definition: xmlNodePtr) throws(Unsupported) -> Int {
            for unsupported in ["abstract", "block", "final"] where attribute(definition, unsupported) != nil {
                throw Unsupported(what: "complexType \(unsupported)")
            }
            if let mixed = attribute(definition, "mixed"), mixed != "false" { throw Unsupported(what: "mixed content") }
            var content: ComplexType.Content = .empty
            var attributes: [AttributeUse] = []
            var sawContent = false
            for child in children(of: definition) {
                switch local(child) {
                case "annotation", "key", "keyref", "unique": continue
                case "attribute": attributes.append(try attributeUse(child))
                case "attributeGroup": attributes += try attributeGroup(child)
                case "sequence":
                    guard !sawContent else { throw Unsupported(what: "two content models") }
                    sawContent = true
                    content = .sequence(try sequence(child))
                case "simpleContent":
                    guard !sawContent else { throw Unsupported(what: "two content models") }
                    sawContent = true
                    let (base, extra) = try simpleContent(child)
                    content = .simple(base)
                    attributes += extra
                default: throw Unsupported(what: "<xs:\(local(child))> in a complex type")
                }
            }
            guard Set(attributes.map(\.name)).count == attributes.count else { throw Unsupported(what: "an attribute declared twice") }
            complexTypes.append(ComplexType(content: content, attributes: attributes))
            return complexTypes.count - 1
        }

        mutating func sequence(_ node: xmlNodePtr) throws(Unsupported) -> [Particle] {
            guard try occurs(node) == (1, 1) else { throw Unsupported(what: "a repeated sequence") }
            var particles: [Particle] = []
            for child in children(of: node) {
                switch local(child) {
                case "annotation": continue
                case "element":
                    guard let name = attribute(child, "name") else { throw Unsupported(what: "an element without a name") }
                    let (min, max) = try occurs(child)
                    particles.append(Particle(term: .element(name: intern(name), type: try elementType(child)), min: min, max: max))
                case "any":
                    guard attribute(child, "processContents") == "skip", (attribute(child, "namespace") ?? "##any") == "##any" else {
                        throw Unsupported(what: "an xs:any that is not skipped")
                    }
                    let (min, max) = try occurs(child)
                    particles.append(Particle(term: .skip, min: min, max: max))
                default: throw Unsupported(what: "<xs:\(local(child))> in a sequence")
                }
            }
            // Each element name once, and a wildcard alone: then the first particle an element
            // can match is the only one, and matching needs no look-ahead.
            var seen: Set<Int32> = []
            for particle in particles {
                switch particle.term {
                case .element(let name, _): guard seen.insert(name).inserted else { throw Unsupported(what: "an element name twice in a sequence") }
                case .skip: guard particles.count == 1 else { throw Unsupported(what: "a wildcard beside elements") }
                }
            }
            return particles
        }

        mutating func simpleContent(_ node: xmlNodePtr) throws(Unsupported) -> (Int, [AttributeUse]) {
            let parts = children(of: node).filter { local($0) != "annotation" }
            guard parts.count == 1, local(parts[0]) == "extension", let base = attribute(parts[0], "base") else {
                throw Unsupported(what: "simple content other than an extension")
            }
            let type: Int
            if let builtIn = try builtInType(base) {
                type = add(SimpleType(base: builtIn))
            } else if let known = namedSimple[base] {
                type = known
            } else if let definition = global(base), local(definition) == "simpleType" {
                type = try namedSimpleType(base, definition)
            } else {
                throw Unsupported(what: "extension of \(base)")
            }
            var attributes: [AttributeUse] = []
            for child in children(of: parts[0]) {
                switch local(child) {
                case "annotation": continue
                case "attribute": attributes.append(try attributeUse(child))
                case "attributeGroup": attributes += try attributeGroup(child)
                default: throw Unsupported(what: "<xs:\(local(child))> in an extension")
                }
            }
            return (type, attributes)
        }

        mutating func attributeUse(_ node: xmlNodePtr) throws(Unsupported) -> AttributeUse {
            for unsupported in ["ref", "default", "fixed", "form"] where attribute(node, unsupported) != nil {
                throw Unsupported(what: "attribute \(unsupported)")
            }
            guard let name = attribute(node, "name") else { throw Unsupported(what: "an attribute without a name") }
            let use = attribute(node, "use") ?? "optional"
            guard use == "optional" || use == "required" else { throw Unsupported(what: "use=\(use)") }
            let type: Int
            let inline = children(of: node).filter { local($0) == "simpleType" }
            if let name = attribute(node, "type") {
                guard inline.isEmpty else { throw Unsupported(what: "a type given twice") }
                if let builtIn = try builtInType(name) {
                    type = add(SimpleType(base: builtIn))
                } else if let known = namedSimple[name] {
                    type = known
                } else if let definition = global(name), local(definition) == "simpleType" {
                    type = try namedSimpleType(name, definition)
                } else {
                    throw Unsupported(what: "attribute type \(name)")
                }
            } else {
                guard inline.count == 1 else { throw Unsupported(what: "an attribute without a type") }
                type = try simpleType(inline[0])
            }
            return AttributeUse(name: intern(name), type: type, required: use == "required")
        }

        mutating func attributeGroup(_ node: xmlNodePtr) throws(Unsupported) -> [AttributeUse] {
            guard let reference = attribute(node, "ref"), let definition = global(reference), local(definition) == "attributeGroup" else {
                throw Unsupported(what: "an attribute group")
            }
            var uses: [AttributeUse] = []
            for child in children(of: definition) {
                switch local(child) {
                case "annotation": continue
                case "attribute": uses.append(try attributeUse(child))
                case "attributeGroup": uses += try attributeGroup(child)
                default: throw Unsupported(what: "<xs:\(local(child))> in an attribute group")
                }
            }
            return uses
        }
    }
}

extension StreamingSchema.Compiler {
    // MARK: Simple types

    mutating func namedSimpleType(_ name: String, _ definition: xmlNodePtr) throws(StreamingSchema.Unsupported) -> Int {
        if let known = namedSimple[name] { return known }
        let index = try simpleType(definition)
        namedSimple[name] = index
        return index
    }

    /// An `xs:simpleType`: one restriction of a built-in type or of another simple type.
    mutating func simpleType(_ definition: xmlNodePtr) throws(StreamingSchema.Unsupported) -> Int {
        let parts = children(of: definition).filter { local($0) != "annotation" }
        guard parts.count == 1, local(parts[0]) == "restriction", let base = attribute(parts[0], "base") else {
            throw StreamingSchema.Unsupported(what: "a simple type other than a restriction")
        }
        var type: SimpleType
        if let builtIn = try builtInType(base) {
            type = SimpleType(base: builtIn)
        } else if let known = namedSimple[base] {
            type = simpleTypes[known]
        } else if let other = global(base), local(other) == "simpleType" {
            type = simpleTypes[try namedSimpleType(base, other)]
        } else {
            throw StreamingSchema.Unsupported(what: "restriction of \(base)")
        }
        var enumeration: [[UInt8]] = []
        var patterns: [Pattern] = []
        for facet in children(of: parts[0]) {
            let kind = local(facet)
            if kind == "annotation" { continue }
            guard let value = attribute(facet, "value") else { throw StreamingSchema.Unsupported(what: "facet \(kind) without a value") }
            switch (kind, type.base) {
            case ("enumeration", .token), ("enumeration", .string):
                let bytes = Array(value.utf8)
                enumeration.append(type.base == .token ? bytes.withUnsafeBufferPointer { SimpleType.collapsed($0) { Array($0) } } : bytes)
            case ("pattern", .token), ("pattern", .string):
                do { patterns.append(try Pattern(value)) } catch { throw StreamingSchema.Unsupported(what: "pattern \(value)") }
            case ("minLength", .token), ("minLength", .string):
                guard let length = Int(value) else { throw StreamingSchema.Unsupported(what: "minLength \(value)") }
                type.minLength = max(type.minLength ?? 0, length)
            case ("maxLength", .token), ("maxLength", .string):
                guard let length = Int(value) else { throw StreamingSchema.Unsupported(what: "maxLength \(value)") }
                type.maxLength = min(type.maxLength ?? Int.max, length)
            case ("minInclusive", .decimal):
                guard let bound = DecimalText(value) else { throw StreamingSchema.Unsupported(what: "minInclusive \(value)") }
                type.minInclusive = type.minInclusive.map { Swift.max($0, bound) } ?? bound
            case ("maxInclusive", .decimal):
                guard let bound = DecimalText(value) else { throw StreamingSchema.Unsupported(what: "maxInclusive \(value)") }
                type.maxInclusive = type.maxInclusive.map { Swift.min($0, bound) } ?? bound
            default:
                throw StreamingSchema.Unsupported(what: "facet \(kind)")
            }
        }
        if !enumeration.isEmpty { type.enumerations.append(enumeration) }
        if !patterns.isEmpty { type.patterns.append(patterns) }
        return add(type)
    }

    mutating func add(_ type: SimpleType) -> Int {
        simpleTypes.append(type)
        return simpleTypes.count - 1
    }

    /// The built-in type a QName names (`xs:token`), nil for a name without the `xs` prefix.
    func builtInType(_ name: String) throws(StreamingSchema.Unsupported) -> SimpleType.Base? {
        guard name.hasPrefix("xs:") else {
            guard !name.contains(":") else { throw StreamingSchema.Unsupported(what: "type \(name)") }
            return nil
        }
        switch name.dropFirst(3) {
        case "string": return .string
        case "token": return .token
        case "decimal": return .decimal
        case "nonNegativeInteger": return .nonNegativeInteger
        case "boolean": return .boolean
        case "date": return .date
        case "gYear": return .gYear
        case "NCName": return .ncName
        case "ID": return .id
        case "IDREFS": return .idrefs
        default: throw StreamingSchema.Unsupported(what: "built-in type \(name)")
        }
    }

    // MARK: The schema document

    /// The top-level definition named `name` (no prefix: the schema has no target namespace).
    func global(_ name: String) -> xmlNodePtr? {
        children(of: schema).first { attribute($0, "name") == name && local($0) != "element" }
    }

    mutating func intern(_ name: String) -> Int32 {
        if let index = names.firstIndex(of: name) { return Int32(index) }
        names.append(name)
        return Int32(names.count - 1)
    }

    func occurs(_ node: xmlNodePtr) throws(StreamingSchema.Unsupported) -> (Int, Int) {
        let minimum = attribute(node, "minOccurs").map { Int($0) ?? -1 } ?? 1
        let maximum = attribute(node, "maxOccurs").map { $0 == "unbounded" ? Int.max : Int($0) ?? -1 } ?? 1
        guard minimum >= 0, maximum >= max(minimum, 1) else { throw StreamingSchema.Unsupported(what: "occurrences") }
        return (minimum, maximum)
    }

    func isPlainName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { found.append(current) }
            child = current.pointee.next
        }
        return found
    }

    /// An XSD element's local name; "" for an element outside the XSD namespace.
    func local(_ node: xmlNodePtr) -> String {
        guard let namespace = node.pointee.ns?.pointee.href, String(cString: namespace) == "http://www.w3.org/2001/XMLSchema" else { return "" }
        return node.pointee.name.map { String(cString: $0) } ?? ""
    }

    func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { silk_xml_free(value) }
        return String(cString: value)
    }
}
