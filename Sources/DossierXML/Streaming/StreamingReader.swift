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
        if let carriageReturn = memchr(base, 0x0D, characters.count) {
            // Lines ended by CR LF, as a file saved on Windows has them, are read as lines ended
            // by LF: what libxml2 makes of them (XML's end-of-line handling), except where a
            // blank comes right before the CR (see `lineFeedsOnly`). Any other CR: the tree path.
            let first = UnsafeRawPointer(carriageReturn) - UnsafeRawPointer(base)
            guard let unix = Self.lineFeedsOnly(characters, firstCarriageReturn: first) else { return nil }
            return unix.withUnsafeBufferPointer { read($0, query: query) }
        }
        let result: XMLQueryResult?? = pool.withContext { context in
            guard context.parse(characters), schema.accepts(context.document) else { return nil }
            return query.read(context.document)
        }
        return result ?? nil
    }

    /// The document with each CR LF made LF; nil when a CR is not followed by LF, comes first,
    /// or ends a blank run (spaces, tabs, LFs) that follows `>`, `;`, another CR or nothing.
    /// The tree path reads such a document from its bytes as this reader reads it without its
    /// CRs — lines counted alike, text, CDATA and attribute values with LF where CR LF was — but
    /// for one thing. libxml2 hands the text before a CR to the application as a piece of its
    /// own, and with `NOBLANKS` a piece that is all blanks goes to its blank-text heuristic,
    /// which drops it when it starts an element's text (`<a>  CR LF  text</a>` gives
    /// "LF  text"; with LF alone, "  LF  text"). The piece runs back from the CR to the end of
    /// the markup, reference or CR LF before it: when something other than blanks lies between,
    /// the piece is not all blanks.
    static func lineFeedsOnly(_ characters: UnsafeBufferPointer<CChar>, firstCarriageReturn first: Int) -> [CChar]? {
        guard let base = characters.baseAddress else { return nil }
        let count = characters.count
        var unix: [CChar] = []
        unix.reserveCapacity(count)
        var (start, carriageReturn) = (0, first)
        while true {
            guard carriageReturn > 0, carriageReturn + 1 < count, base[carriageReturn + 1] == 0x0A else { return nil }
            // Back over the blanks before the CR (each byte at most once: the run stops at the
            // CR before it), to what lies before them.
            var before = carriageReturn - 1
            while before >= 0, base[before] == 0x20 || base[before] == 0x09 || base[before] == 0x0A { before -= 1 }
            if before < carriageReturn - 1 {
                guard before >= 0 else { return nil }
                switch base[before] {
                case 0x3E, 0x3B, 0x0D: return nil  // '>', ';' (a reference's end, or text), CR
                default: break
                }
            }
            unix.append(contentsOf: UnsafeBufferPointer(start: base + start, count: carriageReturn - start))
            start = carriageReturn + 1
            guard let next = memchr(base + start, 0x0D, count - start) else { break }
            carriageReturn = UnsafeRawPointer(next) - UnsafeRawPointer(base)
        }
        unix.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
        return unix
    }
}
