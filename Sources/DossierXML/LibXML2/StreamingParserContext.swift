internal import CLibXML2
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Owns a libxml2 parser context (`xmlParserCtxt`) that builds no tree: its SAX handler hands
/// each element, attribute and run of text to a `StreamedDocument`, and each name to a
/// `NameCache`. libxml2's parser itself is the same as the tree path's — the same
/// well-formedness checks, the same limits, the same refusing entity loader, `XML_PARSE_NONET`
/// — only the tree building is left out, and with it one allocation per node and the freeing of
/// every node afterwards.
///
/// Anything the streamed document cannot keep exactly makes it `unsupported` and stops the
/// parse: a DOCTYPE (refused before its subset is read, as the tree path refuses it), any
/// error or warning, an `xml:` attribute, an `&` in an attribute value. The caller then reads
/// the document by the tree path, which reports what is wrong.
final class StreamingParserContext {
    private let context: xmlParserCtxtPtr
    let document = StreamedDocument()
    @exclusivity(unchecked) private var names: NameCache

    private init?(names table: NameTable) {
        XMLLibrary.ensureInitialised()
        guard let context = xmlNewParserCtxt() else { return nil }
        guard let sax = context.pointee.sax else {
            xmlFreeParserCtxt(context)
            return nil
        }
        self.context = context
        self.names = NameCache(table: table)
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        // A handler of our own from scratch: no SAX2 tree-building callback is left in it.
        memset(sax, 0, MemoryLayout<xmlSAXHandler>.size)
        sax.pointee.initialized = XML_SAX2_MAGIC
        sax.pointee.startElementNs = { userData, localName, prefix, uri, _, _, attributeCount, defaultedCount, attributes in
            StreamingParserContext.withOwner(userData) {
                $0.startElement(localName, prefix, uri, Int(attributeCount), Int(defaultedCount), attributes)
            }
        }
        sax.pointee.endElementNs = { userData, _, _, _ in
            StreamingParserContext.withOwner(userData) { $0.document.endElement() }
        }
        // Every run of text, blank or not, as the tree path's `NOBLANKS` keeps it beside text:
        // the same callback for both, so libxml2 does not tell them apart.
        let characters: charactersSAXFunc = { userData, text, count in
            guard let text, count > 0 else { return }
            StreamingParserContext.withOwner(userData) { $0.document.characters(UnsafeBufferPointer(start: text, count: Int(count))) }
        }
        sax.pointee.characters = characters
        sax.pointee.ignorableWhitespace = characters
        sax.pointee.cdataBlock = { userData, _, _ in StreamingParserContext.withOwner(userData) { $0.document.otherChild(cdata: true) } }
        sax.pointee.comment = { userData, _ in StreamingParserContext.withOwner(userData) { $0.document.otherChild() } }
        sax.pointee.processingInstruction = { userData, _, _ in StreamingParserContext.withOwner(userData) { $0.document.otherChild() } }
        sax.pointee.internalSubset = { userData, _, _, _ in StreamingParserContext.withOwner(userData) { $0.giveUp() } }
        sax.pointee.serror = { userData, _ in StreamingParserContext.withOwner(userData) { $0.giveUp() } }
    }

    deinit {
        names.deallocate()
        xmlFreeParserCtxt(context)
    }

    /// Runs `body` with the owner of the context a callback was given, without retaining it.
    @inline(__always)
    private static func withOwner(_ userData: UnsafeMutableRawPointer?, _ body: (StreamingParserContext) -> Void) {
        guard let userData, let owner = userData.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return }
        Unmanaged<StreamingParserContext>.fromOpaque(owner)._withUnsafeGuaranteedRef(body)
    }

    private func giveUp() {
        guard !document.unsupported else { return }
        document.unsupported = true
        xmlStopParser(context)
    }

    private func startElement(
        _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ count: Int, _ defaulted: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !document.unsupported, let localName, defaulted == 0 else { return giveUp() }
        // Five pointers per attribute: local name, prefix, namespace, value, end of value.
        if count > 0, let attributes {
            for index in 0..<count {
                let base = attributes + index * 5
                guard let start = base[3], let end = base[4] else { return giveUp() }
                // `xml:id` joins libxml2's ID table as it is parsed; `&` in a value stands for
                // a reference the tree path decodes.
                if let attributePrefix = base[1], xmlStrEqual(attributePrefix, "xml") != 0 { return giveUp() }
                if end > start, memchr(start, Int32(UInt8(ascii: "&")), end - start) != nil { return giveUp() }
            }
        }
        let line = Int32(truncatingIfNeeded: silk_parser_current_line(context))
        let id = names.id(localName)
        document.startElement(name: localName, nameID: id, namespaced: uri != nil, line: line, attributeCount: count) { index in
            let base = attributes! + index * 5
            let name = base[0]!
            let value = UnsafeBufferPointer(start: base[3]!, count: base[4]! - base[3]!)
            return (name, names.id(name), base[2] != nil, value)
        }
    }

    /// Whether the last parse found a well-formed document, read whole, in UTF-8.
    private var readWhole: Bool {
        guard context.pointee.wellFormed != 0, !document.unsupported else { return false }
        // The tree path refuses a declared encoding other than UTF-8 (by its exact name).
        if let encoding = context.pointee.encoding, !Self.isUTF8(encoding) { return false }
        if let input = context.pointee.input, let encoding = input.pointee.encoding, !Self.isUTF8(encoding) { return false }
        return true
    }

    private static func isUTF8(_ name: UnsafePointer<xmlChar>) -> Bool {
        xmlStrcasecmp(name, "UTF-8") == 0
    }

    /// Parses a document into `document`; false when it is not one the streamed document keeps
    /// exactly (or not well-formed, or not UTF-8).
    func parse(_ characters: UnsafeBufferPointer<CChar>) -> Bool {
        document.reset()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        // No document is built: the result is always nil.
        _ = xmlCtxtReadMemory(context, characters.baseAddress, Int32(characters.count), nil, nil, options)
        return readWhole
    }

    // MARK: Contexts kept for the next document

    /// The contexts kept for one schema's names, one per thread that reads at once.
    final class Pool: Sendable {
        private struct Kept: @unchecked Sendable {
            var contexts: [StreamingParserContext] = []
        }

        private let kept = Mutex(Kept())
        private let names: NameTable

        init(names: NameTable) {
            self.names = names
        }

        /// Runs `body` with a kept context, or a new one, and keeps it again afterwards while its
        /// dictionary stays small (as `ParserContext` keeps its contexts).
        func withContext<Result>(_ body: (StreamingParserContext) -> Result) -> Result? {
            guard let context = kept.withLock({ $0.contexts.popLast() }) ?? StreamingParserContext(names: names) else { return nil }
            let result = body(context)
            let document = context.document
            // A document far larger than a dossier is not kept room for.
            let small = document.bytes.capacity <= 1 << 18 && document.nodes.capacity <= 1 << 13 && document.attributes.capacity <= 1 << 13
            document.reset()
            // Lets go of the input (a copy of the document's bytes) now rather than at the next use.
            xmlCtxtReset(context.context)
            if small, let dictionary = context.context.pointee.dict, xmlDictSize(dictionary) <= ParserContext.largestDictionary.names,
                xmlDictGetUsage(dictionary) <= ParserContext.largestDictionary.bytes
            {
                kept.withLock { kept in
                    if kept.contexts.count < ParserContext.mostKept { kept.contexts.append(context) }
                }
            }
            return result
        }
    }
}
