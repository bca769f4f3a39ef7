internal import CLibXML2
public import SilkDiagnostics

/// Parses untrusted XML from memory with libxml2, safely:
/// - the bytes are given from memory, so libxml2 never opens the file or anything it names;
/// - options are `NONET | NOBLANKS | BIG_LINES` and never `NOENT`, `DTDLOAD`, `DTDATTR`,
///   `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`;
/// - a DOCTYPE stops the parser the moment it is seen, before its internal subset is read, so no
///   entity is ever declared, let alone expanded;
/// - external entities are refused by the process-wide loader (see `XMLLibrary`);
/// - size and attributes per element are capped before libxml2 sees the bytes, and nesting depth
///   is capped by libxml2 itself (256 levels without `HUGE`).
public struct SafeXMLParser: Sendable {
    public var limits: XMLLimits

    public init(limits: XMLLimits = .default) {
        self.limits = limits
    }

    /// The outcome of one parse: a root element, or every problem found.
    public enum Outcome: Sendable {
        case document(XMLElementNode)
        case failure([Diagnostic])
    }

    /// Parses `bytes`, read from `path` (named in diagnostics). When `root` is given, a
    /// document whose root element has another name is refused as "not a dossier"; when
    /// `schema` is given, the document must also be valid.
    public func parse(_ bytes: [UInt8], path: String = "<bytes>", expectingRoot root: String? = nil, schema: XMLSchemaValidator? = nil)
        -> Outcome
    {
        switch parse(bytes, path: path, expectingRoot: root, schema: schema, produce: { Self.convert($0, lines: $1) }) {
        case .success(let tree): return .document(tree)
        case .failure(let failure): return .failure(failure.diagnostics)
        }
    }

    /// How a document is read for a query.
    public enum Route: Sendable {
        /// Streamed when the streaming reader can vouch for the document, else by the tree.
        case automatic
        /// Always by libxml2's tree, validated by libxml2: the path every refusal takes.
        case tree
        /// Streamed only: a document the streaming reader hands on is not read at all (tests
        /// compare the two routes with this).
        case streamedOnly
    }

    /// Parses and checks `bytes` as `parse` does, then reads only what `query` asks for, without
    /// building a tree of Swift values: streamed in one pass of libxml2's parser when the
    /// streaming reader can vouch for the document (`StreamingReader`), otherwise from libxml2's
    /// tree after libxml2's validation. Both give the same result for a valid document; an
    /// invalid one always takes the tree path, so its problems are libxml2's and ours as before.
    /// With `.streamedOnly`, nil stands for a document the streaming reader handed on.
    public func read(
        _ bytes: [UInt8], path: String = "<bytes>", query: XMLQuery, expectingRoot root: String? = nil, schema: XMLSchemaValidator? = nil
    ) -> Result<XMLQueryResult, Problems> {
        read(bytes, path: path, query: query, expectingRoot: root, schema: schema, route: .automatic)!
    }

    /// `read` by the given route; nil only with `.streamedOnly`, for a document handed on.
    public func read(
        _ bytes: [UInt8], path: String = "<bytes>", query: XMLQuery, expectingRoot root: String? = nil, schema: XMLSchemaValidator? = nil,
        route: Route
    ) -> Result<XMLQueryResult, Problems>? {
        if route != .tree, let streaming = schema?.streaming, root == nil || root == streaming.schema.names.name(streaming.schema.rootName),
            precheck(bytes) == nil
        {
            let streamed = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { streaming.read($0, query: query) }
            }
            if let streamed { return .success(streamed) }
        }
        if route == .streamedOnly { return nil }
        return parse(bytes, path: path, expectingRoot: root, schema: schema, produce: { query.read(root: $0, lines: $1) })
    }

    /// Every problem found in one input.
    public struct Problems: Error, Sendable {
        public var diagnostics: [Diagnostic]

        public init(_ diagnostics: [Diagnostic]) {
            self.diagnostics = diagnostics
        }
    }

    /// Parses and checks `bytes`, then hands libxml2's tree to `produce` (which `RecordLoader`
    /// uses too, for its own root and per-record checks).
    func parse<Produced>(
        _ bytes: [UInt8], path: String, expectingRoot root: String?, schema: XMLSchemaValidator?,
        produce: (xmlNodePtr, XMLErrorCollector) -> Produced
    ) -> Result<Produced, Problems> {
        let outcome: Result<Produced, XMLProblems> =
            if let problem = precheck(bytes) {
                .failure(XMLProblems([problem]))
            } else {
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { characters in
                        parse(characters, source: bytes, expectingRoot: root, schema: schema, produce: produce)
                    }
                }
            }
        // Positions are worked out, and the source indexed, only for a document that fails.
        return outcome.mapError { Problems(XMLSource.diagnostics(for: $0.problems, in: bytes, path: path)) }
    }

    /// What is checked before libxml2 sees the bytes: size, encoding, attributes per element.
    private func precheck(_ bytes: [UInt8]) -> XMLProblem? {
        if bytes.isEmpty {
            return XMLProblem(.emptyFile, "the file is empty", at: .file)
        }
        // libxml2 takes a length in 32 bits, whatever `--max-bytes` allows.
        if bytes.count > min(limits.maxBytes, Int(Int32.max)) {
            return XMLProblem(.fileTooLarge, "the file is larger than the \(limits.maxBytes)-byte limit", at: .file)
        }
        if let encoding = bytes.withUnsafeBytes({ MarkupPrescan.nonUTF8Encoding(in: $0) }) {
            return XMLProblem(
                .notUTF8, "the document is encoded as \(encoding.name); dossiers must be UTF-8", at: encoding.declaredAt.map { .bytes($0) } ?? .file)
        }
        let crowded = bytes.withUnsafeBytes {
            MarkupPrescan.firstElement(in: $0, withMoreAttributesThan: limits.maxAttributesPerElement)
        }
        if let crowded {
            return XMLProblem(
                .tooManyAttributes, "an element has more than \(limits.maxAttributesPerElement) attributes", at: .tag(at: crowded.offset))
        }
        return nil
    }

    private func parse<Produced>(
        _ characters: UnsafeBufferPointer<CChar>, source: [UInt8], expectingRoot expectedRoot: String?,
        schema: XMLSchemaValidator?, produce: (xmlNodePtr, XMLErrorCollector) -> Produced
    ) -> Result<Produced, XMLProblems> {
        guard let context = ParserContext.take() else {
            return .failure(XMLProblems([XMLProblem(.unreadableFile, "libxml2 could not create a parser", at: .file)]))
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)
        let document = context.parse(characters, options: options)
        let collector = context.collector
        guard let document, context.wellFormed, !collector.sawDoctype else {
            var problems = collector.problems
            if collector.sawDoctype, let index = problems.firstIndex(where: { $0.id == .doctypeRefused }),
                let offset = XMLSource.doctypeOffset(in: source)
            {
                problems[index].place = .bytes(offset..<offset + "<!DOCTYPE".utf8.count)
            }
            if problems.isEmpty {
                problems.append(XMLProblem(.notWellFormed, "the document is not well-formed", at: .lineAndColumn(line: 1, column: 1)))
            }
            return .failure(XMLProblems(problems))
        }
        // Dossiers are UTF-8: libxml2 would convert a declared Latin-1 or UTF-16 document, but one
        // encoding keeps every reader and every tool in agreement.
        if let declared = document.declaredEncoding, declared.uppercased() != "UTF-8" {
            return .failure(
                XMLProblems([
                    XMLProblem(.notUTF8, "the document is encoded as \(declared); dossiers must be UTF-8", at: .lineAndColumn(line: 1, column: 1))
                ]))
        }
        // What a well-formed document's parse reported besides (namespace errors, say) does not
        // make it fail: the schema judges it.
        collector.problems.removeAll()
        let checked: [XMLProblem]? = document.withRoot { root in
            check(root, of: document, expectingRoot: expectedRoot, schema: schema, collector: collector)
        }
        guard let checked else {
            return .failure(XMLProblems([XMLProblem(.notWellFormed, "the document has no root element", at: .lineAndColumn(line: 1, column: 1))]))
        }
        guard checked.isEmpty else { return .failure(XMLProblems(checked)) }
        return .success(document.withRoot { produce($0, collector) }!)
    }

    /// Checks a parsed document's root element, its validity against `schema`, its source
    /// references and what it says does not apply: every problem found.
    private func check(
        _ root: xmlNodePtr, of document: ParsedDocument, expectingRoot expectedRoot: String?, schema: XMLSchemaValidator?,
        collector: XMLErrorCollector
    ) -> [XMLProblem] {
        let rootName = root.pointee.name.map { String(cString: $0) } ?? ""
        if let expectedRoot, rootName != expectedRoot || root.pointee.ns != nil {
            let namespace = root.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
            let shown = root.pointee.ns == nil ? rootName : "\(rootName)' in namespace '\(namespace)"
            return [
                XMLProblem(
                    .notADossier, "the root element is '\(shown)', not '\(expectedRoot)' (no namespace): this is not a SilkRisk dossier",
                    at: .element(XMLErrorCollector.qualifiedName(of: root), line: collector.line(of: root)))
            ]
        }
        guard let schema else { return [] }
        collector.id = .schemaInvalid
        schema.validate(document, reportingTo: collector)
        let references = SourceReferences.check(root: root, lines: collector)
        for reference in references.unresolved {
            collector.problems.append(
                XMLProblem(
                    .schemaInvalid, "attribute 'source': '\(reference.id)' is not the id of any <source> in the dossier's <evidence>",
                    at: .attributeValue(element: reference.element, line: reference.line, attribute: "source", value: reference.id),
                    suggestions: [SourceReferences.suggestion(for: reference.id, sourceIDs: references.sourceIDs)]))
        }
        collector.problems += ApplicabilityCheck.contradictions(root: root, lines: collector)
        return collector.problems
    }

    /// Copies libxml2's tree into Swift values. Depth is bounded by libxml2's own limit.
    private static func convert(_ node: xmlNodePtr, lines: XMLErrorCollector) -> XMLElementNode {
        var element = XMLElementNode(
            name: node.pointee.name.map { String(cString: $0) } ?? "",
            line: lines.line(of: node))
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            element.attributes.append(XMLAttributeValue(name: name, value: value))
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(convert(current, lines: lines))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { element.text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }
}
