internal import CLibXML2
import Synchronization

/// Collects the errors libxml2 reports through a context's structured-error callback.
/// One collector serves one parse or one validation on one thread.
final class XMLErrorCollector {
    var problems: [XMLProblem] = []
    /// For each problem, the element libxml2 blamed, when it named one: schema errors carry a
    /// line but no column, and the name lets the column be found in the source.
    var blamedElements: [BlamedElement?] = []
    var sawDoctype = false
    /// The start-tag lines of elements at line 65535 or beyond, by node: libxml2 stores a node's
    /// line in 16 bits, and `xmlGetLineNo` then guesses from the node's first text descendant or
    /// its siblings, which is wrong for elements holding only elements, or empty ones.
    var bigLines: [UnsafeMutableRawPointer: Int] = [:]
    let defaultKind: XMLProblem.Kind

    init(defaultKind: XMLProblem.Kind) {
        self.defaultKind = defaultKind
    }

    func record(_ error: UnsafePointer<xmlError>) {
        let error = error.pointee
        guard error.level != XML_ERR_WARNING else { return }
        // A stop requested by our own DOCTYPE handler is already recorded.
        if sawDoctype, error.code == Int32(XML_ERR_USER_STOP.rawValue) { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        problems.append(
            XMLProblem(
                kind: defaultKind, line: Int(max(error.line, 0)), column: Int(max(error.int2, 0)),
                message: message))
        var blamed: BlamedElement? = nil
        if let node = error.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE {
            blamed = BlamedElement(qualifiedName: SafeXMLParser.qualifiedName(of: node), node: UnsafeMutableRawPointer(node))
        }
        blamedElements.append(blamed)
    }

    /// The 1-based line of an element's start tag, beyond 65535 too.
    func line(of node: xmlNodePtr) -> Int {
        let stored = node.pointee.line
        // An element's start-tag line, as parsed, when it fits in libxml2's 16 bits.
        if stored != 0 && stored != UInt16.max && node.pointee.type == XML_ELEMENT_NODE { return Int(stored) }
        if stored == UInt16.max, let line = bigLines[UnsafeMutableRawPointer(node)] { return line }
        return Int(xmlGetLineNo(node))
    }
}

/// An element libxml2 blamed for a problem: its name as written (with any prefix), and the node
/// itself, valid while its document is.
struct BlamedElement {
    var qualifiedName: String
    var node: UnsafeMutableRawPointer
}

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
        XMLLibrary.ensureInitialised()
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
        guard let context = ParserContexts.take() else {
            return .failure(Problems(problems: [XMLProblem(kind: .unreadable, line: 1, column: 1, message: "libxml2 could not create a parser")]))
        }
        var parsed: xmlDocPtr? = nil
        // Only a context that parsed a document cleanly is kept for the next one.
        var clean = false
        defer {
            // The document goes before its context is handed on: it shares the context's
            // dictionary, which the next user of the context will write to.
            if let parsed { xmlFreeDoc(parsed) }
            ParserContexts.give(context, keep: clean)
        }
        let collector = XMLErrorCollector(defaultKind: .notWellFormed)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        context.pointee._private = retained.toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let owner = context.pointee._private else { return }
            Unmanaged<XMLErrorCollector>.fromOpaque(owner).takeUnretainedValue().record(error)
        }
        context.pointee.sax.pointee.internalSubset = { userData, _, _, _ in
            guard let userData else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let owner = context.pointee._private else { return }
            let collector = Unmanaged<XMLErrorCollector>.fromOpaque(owner).takeUnretainedValue()
            if !collector.sawDoctype {
                collector.sawDoctype = true
                collector.problems.append(
                    XMLProblem(
                        kind: .doctype, line: Int(silk_parser_current_line(context)),
                        column: 1,
                        message: "a DOCTYPE declaration is not allowed in a dossier (DTDs and entities are refused)"))
            }
            xmlStopParser(context)
        }
        context.pointee.sax.pointee.startElementNs = {
            userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes in
            xmlSAX2StartElementNs(
                userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes)
            guard let userData else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            let line = Int(silk_parser_current_line(context))
            guard line >= Int(UInt16.max), let node = context.pointee.node, let owner = context.pointee._private else { return }
            Unmanaged<XMLErrorCollector>.fromOpaque(owner).takeUnretainedValue().bigLines[UnsafeMutableRawPointer(node)] = line
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue)
        // Resets the context (a kept one may have parsed another document) and reads from memory.
        parsed = xmlCtxtReadMemory(context, characters.baseAddress, Int32(characters.count), nil, nil, options)
        clean = parsed != nil && context.pointee.wellFormed != 0 && !collector.sawDoctype && collector.problems.isEmpty

        if collector.sawDoctype || context.pointee.wellFormed == 0 || parsed == nil {
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
        guard let document = parsed, let root = xmlDocGetRootElement(document) else {
            return .failure(Problems(problems: [XMLProblem(kind: .notWellFormed, line: 1, column: 1, message: "the document has no root element")]))
        }
        // Dossiers are UTF-8: libxml2 would convert a declared Latin-1 or UTF-16 document, but one
        // encoding keeps every reader and every tool in agreement.
        if let declared = document.pointee.encoding.map({ String(cString: $0) }), declared.uppercased() != "UTF-8" {
            return .failure(
                Problems(problems: [
                    XMLProblem(kind: .notUTF8, line: 1, column: 1, message: "the document is encoded as \(declared); dossiers must be UTF-8")
                ]))
        }
        let rootName = root.pointee.name.map { String(cString: $0) } ?? ""
        if let expectedRoot, rootName != expectedRoot || root.pointee.ns != nil {
            let line = collector.line(of: root)
            let namespace = root.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
            let shown = root.pointee.ns == nil ? rootName : "\(rootName)' in namespace '\(namespace)"
            return .failure(
                Problems(problems: [
                    XMLProblem(
                        kind: .notADossier, line: line,
                        column: SourceColumns.column(ofElement: Self.qualifiedName(of: root), onLine: line, in: source),
                        message: "the root element is '\(shown)', not '\(expectedRoot)' (no namespace): this is not a SilkRisk dossier")
                ]))
        }
        if let schema {
            // Validation records xs:ID and xs:IDREF values in two tables per document, which
            // libxml2 would make with 256 zeroed buckets each; a dossier names a handful of
            // sources. Small tables grow when they need to.
            if document.pointee.ids == nil { document.pointee.ids = UnsafeMutableRawPointer(xmlHashCreateDict(8, document.pointee.dict)) }
            if document.pointee.refs == nil { document.pointee.refs = UnsafeMutableRawPointer(xmlHashCreateDict(8, document.pointee.dict)) }
            let (problems, blamed) = schema.validate(document)
            if !problems.isEmpty {
                return .failure(
                    Problems(
                        problems:
                            zip(problems, blamed).map { problem, element in
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
        }
        return .success(produce(root, collector))
    }

    /// An element's name as the source writes it: `prefix:local`, or `local` without a prefix.
    static func qualifiedName(of node: xmlNodePtr) -> String {
        let local = node.pointee.name.map { String(cString: $0) } ?? ""
        guard let prefix = node.pointee.ns?.pointee.prefix else { return local }
        return String(cString: prefix) + ":" + local
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

/// Parser contexts kept for the next document. Making a context (with its dictionary of names)
/// and freeing it again for every dossier cost about 1 % of scoring one; libxml2 resets a context
/// for the next document (`xmlCtxtReadMemory`), and its dictionary then already holds the
/// format's names. A context is used by one parse at a time, and only after the previous
/// document made with it was freed. Only a context that parsed a document cleanly, and whose
/// dictionary stayed small, is kept: a hostile document can fill a dictionary up to libxml2's
/// limit, and every later document parsed with it would then fail.
enum ParserContexts {
    private struct Kept: @unchecked Sendable {
        var contexts: [xmlParserCtxtPtr] = []
    }

    private static let kept = Mutex(Kept())
    /// A dictionary past this many names or bytes is freed with its context rather than kept.
    static let largestDictionary = (names: 4096, bytes: 256 * 1024)
    /// Contexts kept at most: one per thread that parses at once is enough.
    static let mostKept = 64

    static func take() -> xmlParserCtxtPtr? {
        XMLLibrary.ensureInitialised()
        if let context = kept.withLock({ $0.contexts.popLast() }) { return context }
        return xmlNewParserCtxt()
    }

    static func give(_ context: xmlParserCtxtPtr, keep: Bool) {
        context.pointee._private = nil
        guard keep, let dictionary = context.pointee.dict, xmlDictSize(dictionary) <= largestDictionary.names,
            xmlDictGetUsage(dictionary) <= largestDictionary.bytes
        else {
            xmlFreeParserCtxt(context)
            return
        }
        // Lets go of the input (a copy of the document's bytes) now rather than at the next use.
        xmlCtxtReset(context)
        let keptIt = kept.withLock { kept -> Bool in
            guard kept.contexts.count < mostKept else { return false }
            kept.contexts.append(context)
            return true
        }
        if !keptIt { xmlFreeParserCtxt(context) }
    }
}
