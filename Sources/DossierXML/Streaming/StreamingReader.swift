#if canImport(Glibc)
    import Glibc
#endif

/// Reads a dossier in one pass of libxml2's parser without building its tree: the SAX events
/// fill a `StreamedDocument`, the `StreamingSchema` checks it, and the query reads it. The
/// answer is the very `XMLQueryResult` the tree path gives, or nil when this reader cannot
/// vouch for the document — it is then read by the tree path, which also gives every message
/// about a document that is not valid. A document is therefore never refused here: only
/// accepted, or handed on.
final class StreamingReader: Sendable {
    let schema: StreamingSchema
    private let pool: StreamingParserContext.Pool

    init(schema: StreamingSchema) {
        self.schema = schema
        pool = StreamingParserContext.Pool(names: schema.names)
    }

    /// What `query` reads from the document, when the document is valid and this reader keeps
    /// it exactly as the tree path reads it; nil otherwise.
    func read(_ characters: UnsafeBufferPointer<CChar>, query: XMLQuery) -> XMLQueryResult? {
        guard query.streamingNames === schema.names, let base = characters.baseAddress else { return nil }
        // libxml2 with `NOBLANKS` drops a blank run before a carriage return at the start of an
        // element's text (its heuristic reads the next character); a document with one is left
        // to the tree path rather than that rule copied here.
        guard memchr(base, 0x0D, characters.count) == nil else { return nil }
        let result: XMLQueryResult?? = pool.withContext { context in
            guard context.parse(characters), schema.accepts(context.document) else { return nil }
            return query.read(context.document)
        }
        return result ?? nil
    }
}
