internal import CLibXML2

/// Owns one parsed document (`xmlDoc`) and frees it (`xmlFreeDoc`) when released, then hands
/// on the context that parsed it: the document shares the context's dictionary, which the next
/// user of the context writes to. Nodes are reached only inside `withRoot`, while the document
/// is alive; no node pointer outlives the parse.
final class ParsedDocument {
    private let document: xmlDocPtr
    private let context: ParserContext
    /// Whether the parse reported nothing: only then may the context be kept.
    let clean: Bool

    init(_ document: xmlDocPtr, parsedBy context: ParserContext, clean: Bool) {
        self.document = document
        self.context = context
        self.clean = clean
    }

    deinit {
        xmlFreeDoc(document)
        context.recycle(clean: clean)
    }

    /// The encoding the XML declaration names, if it names one.
    var declaredEncoding: String? {
        document.pointee.encoding.map { String(cString: $0) }
    }

    /// Runs `body` with the root element; nil when the document has none.
    func withRoot<Result>(_ body: (xmlNodePtr) throws -> Result) rethrows -> Result? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return try body(root)
    }

    /// Runs `body` with the document itself (for a validation context).
    func withDocument<Result>(_ body: (xmlDocPtr) throws -> Result) rethrows -> Result {
        try body(document)
    }
}
