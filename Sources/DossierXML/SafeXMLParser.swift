internal import CLibXML2

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
        case failure([XMLProblem])
    }

    /// Parses `bytes`. When `root` is given, a document whose root element has another name is
    /// refused as "not a dossier"; when `schema` is given, the document must also be valid.
    public func parse(_ bytes: [UInt8], expectingRoot root: String? = nil, schema: XMLSchemaValidator? = nil) -> Outcome {
        switch parse(bytes, expectingRoot: root, schema: schema, produce: { Self.convert($0, lines: $1) }) {
        case .success(let tree): return .document(tree)
        case .failure(let failure): return .failure(failure.problems)
        }
    }

    /// Parses and checks `bytes` as `parse` does, then reads only what `query` asks for, straight
    /// from libxml2's tree, without building a tree of Swift values.
    public func read(_ bytes: [UInt8], query: XMLQuery, expectingRoot root: String? = nil, schema: XMLSchemaValidator? = nil)
        -> Result<XMLQueryResult, Problems>
    {
        parse(bytes, expectingRoot: root, schema: schema, produce: { query.read(root: $0, lines: $1) })
    }

    /// Every problem found in one input.
    public struct Problems: Error, Sendable {
        public var problems: [XMLProblem]
    }

    private func parse<Produced>(
        _ bytes: [UInt8], expectingRoot root: String?, schema: XMLSchemaValidator?, produce: (xmlNodePtr, XMLErrorCollector) -> Produced
    ) -> Result<Produced, Problems> {
        if bytes.isEmpty {
            return .failure(Problems(problems: [XMLProblem(kind: .empty, line: 1, column: 1, message: "the file is empty")]))
        }
        // libxml2 takes a length in 32 bits, whatever `--max-bytes` allows.
        if bytes.count > min(limits.maxBytes, Int(Int32.max)) {
            return .failure(
                Problems(problems: [
                    XMLProblem(
                        kind: .tooLarge, line: 1, column: 1,
                        message: "the file is larger than the \(limits.maxBytes)-byte limit")
                ]))
        }
        if let encoding = bytes.withUnsafeBytes({ MarkupPrescan.nonUTF8Encoding(in: $0) }) {
            return .failure(
                Problems(problems: [
                    XMLProblem(kind: .notUTF8, line: 1, column: 1, message: "the document is encoded as \(encoding); dossiers must be UTF-8")
                ]))
        }
        let crowded = bytes.withUnsafeBytes {
            MarkupPrescan.firstElement(in: $0, withMoreAttributesThan: limits.maxAttributesPerElement)
        }
        if let crowded {
            return .failure(
                Problems(problems: [
                    XMLProblem(
                        kind: .tooManyAttributes, line: crowded.line, column: crowded.column,
                        message: "an element has more than \(limits.maxAttributesPerElement) attributes")
                ]))
        }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                parse(characters, source: bytes, expectingRoot: root, schema: schema, produce: produce)
            }
        }
    }

    private func parse<Produced>(
        _ characters: UnsafeBufferPointer<CChar>, source: [UInt8], expectingRoot expectedRoot: String?,
        schema: XMLSchemaValidator?, produce: (xmlNodePtr, XMLErrorCollector) -> Produced
    ) -> Result<Produced, Problems> {
        guard let context = ParserContext.take() else {
            return .failure(Problems(problems: [XMLProblem(kind: .unreadable, line: 1, column: 1, message: "libxml2 could not create a parser")]))
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)
        let document = context.parse(characters, options: options)
        let collector = context.collector
        guard let document, context.wellFormed, !collector.sawDoctype else {
            var problems = collector.problems
            if collector.sawDoctype, let index = problems.firstIndex(where: { $0.kind == .doctype }),
                let position = SourceColumns.doctypePosition(in: source)
            {
                problems[index].line = position.line
                problems[index].column = position.column
            }
            if problems.isEmpty {
                problems.append(XMLProblem(kind: .notWellFormed, line: 1, column: 1, message: "the document is not well-formed"))
            }
            return .failure(Problems(problems: problems))
        }
        // Dossiers are UTF-8: libxml2 would convert a declared Latin-1 or UTF-16 document, but one
        // encoding keeps every reader and every tool in agreement.
        if let declared = document.declaredEncoding, declared.uppercased() != "UTF-8" {
            return .failure(
                Problems(problems: [
                    XMLProblem(kind: .notUTF8, line: 1, column: 1, message: "the document is encoded as \(declared); dossiers must be UTF-8")
                ]))
        }
        // What a well-formed document's parse reported besides (namespace errors, say) does not
        // make it fail: the schema judges it.
        collector.problems.removeAll()
        collector.blamedElements.removeAll()
        let checked: Result<Void, Problems>? = document.withRoot { root in
            check(root, of: document, source: source, expectingRoot: expectedRoot, schema: schema, collector: collector)
        }
        switch checked {
        case nil:
            return .failure(Problems(problems: [XMLProblem(kind: .notWellFormed, line: 1, column: 1, message: "the document has no root element")]))
        case .failure(let problems)?:
            return .failure(problems)
        case .success?:
            return .success(document.withRoot { produce($0, collector) }!)
        }
    }

    /// Checks a parsed document's root element, its validity against `schema` and its source
    /// references.
    private func check(
        _ root: xmlNodePtr, of document: ParsedDocument, source: [UInt8], expectingRoot expectedRoot: String?,
        schema: XMLSchemaValidator?, collector: XMLErrorCollector
    ) -> Result<Void, Problems> {
        let rootName = root.pointee.name.map { String(cString: $0) } ?? ""
        if let expectedRoot, rootName != expectedRoot || root.pointee.ns != nil {
            let line = collector.line(of: root)
            let namespace = root.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
            let shown = root.pointee.ns == nil ? rootName : "\(rootName)' in namespace '\(namespace)"
            return .failure(
                Problems(problems: [
                    XMLProblem(
                        kind: .notADossier, line: line,
                        column: SourceColumns.column(ofElement: XMLErrorCollector.qualifiedName(of: root), onLine: line, in: source),
                        message: "the root element is '\(shown)', not '\(expectedRoot)' (no namespace): this is not a SilkRisk dossier")
                ]))
        }
        guard let schema else { return .success(()) }
        collector.kind = .invalid
        schema.validate(document, reportingTo: collector)
        for reference in SourceReferences.check(root: root, lines: collector).unresolved {
            collector.problems.append(
                XMLProblem(
                    kind: .invalid, line: max(reference.line, 1), column: 0,
                    message: "attribute 'source': '\(reference.id)' is not the id of any <source> in the dossier's <evidence>"))
            collector.blamedElements.append(BlamedElement(qualifiedName: reference.element, node: reference.node))
        }
        guard !collector.problems.isEmpty else { return .success(()) }
        return .failure(
            Problems(
                problems:
                    zip(collector.problems, collector.blamedElements).map { problem, element in
                        var problem = problem
                        if let element, let line = collector.bigLines[element.node] {
                            problem.line = line
                        }
                        if problem.column == 0 {
                            problem.column =
                                element.map {
                                    SourceColumns.column(ofElement: $0.qualifiedName, onLine: problem.line, in: source)
                                } ?? 1
                        }
                        return problem
                    }))
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
