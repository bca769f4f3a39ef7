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
            // by LF: what libxml2 makes of them (XML's end-of-line handling), except where the
            // blanks around a CR could be read otherwise (see `blanksReadAlike`). Any other CR:
            // the tree path.
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

    /// The document with each CR LF made LF; nil when a CR is not followed by LF, or when the
    /// blanks around it could be read otherwise with the CR than without (see `blanksReadAlike`).
    /// The tree path reads a document from its bytes as this reader reads it without its CRs —
    /// lines counted alike, text, CDATA and attribute values with LF where CR LF was — but for
    /// one thing, which `blanksReadAlike` keeps out.
    static func lineFeedsOnly(_ characters: UnsafeBufferPointer<CChar>, firstCarriageReturn first: Int) -> [CChar]? {
        guard let base = characters.baseAddress else { return nil }
        let count = characters.count
        var unix: [CChar] = []
        unix.reserveCapacity(count)
        var (start, carriageReturn) = (0, first)
        // The end of the last run of blanks found to read alike: a CR inside it needs no look.
        var alikeUpTo = 0
        while true {
            guard carriageReturn > 0, carriageReturn + 1 < count, base[carriageReturn + 1] == 0x0A else { return nil }
            if carriageReturn >= alikeUpTo {
                guard let end = blanksReadAlike(base, count: count, carriageReturn: carriageReturn) else { return nil }
                alikeUpTo = end
            }
            unix.append(contentsOf: UnsafeBufferPointer(start: base + start, count: carriageReturn - start))
            start = carriageReturn + 1
            guard let next = memchr(base + start, 0x0D, count - start) else { break }
            carriageReturn = UnsafeRawPointer(next) - UnsafeRawPointer(base)
        }
        unix.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
        return unix
    }

    /// Whether the run of blanks (spaces, tabs, LFs and CR LFs) around the CR at `carriageReturn`
    /// reads alike with its CRs and without; if so, where the run ends (every CR before that
    /// reads alike too), else nil.
    ///
    /// libxml2 hands the text before a CR to the application as a piece of its own (it cuts text
    /// at a CR, `<`, `&` and the first non-ASCII byte, not at LF). With `NOBLANKS`, a piece that
    /// is all blanks goes to its blank-text heuristic, which reads the byte after the piece: a
    /// CR lets the heuristic drop the piece where `<` would, and where an end tag would keep it
    /// (`<a>  CR LF  text</a>` reads "LF  text", with LF alone "  LF  text"). So the run reads
    /// alike when:
    /// - text comes before it: every piece holds that text, or follows a piece of text kept;
    /// - it follows a tag and comes before a start tag, a comment or the like (`<` and anything
    ///   but `/`): every piece meets the heuristic as the whole run would, and goes the same way;
    /// - it follows an end tag or an empty element and comes before an end tag: the element then
    ///   has a child, and an end tag after the run decides nothing either;
    /// - it ends the document (after the root, blanks are skipped, CRs with them).
    /// Anything else — a run after a start tag and before text or an end tag, after a reference,
    /// or at the start of the document — is left to the tree path.
    static func blanksReadAlike(_ base: UnsafePointer<CChar>, count: Int, carriageReturn: Int) -> Int? {
        @inline(__always) func isBlank(_ byte: CChar) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var before = carriageReturn - 1
        while before >= 0, isBlank(base[before]) { before -= 1 }
        // No blank before the CR: the piece before it is empty, or ends with something else.
        if before == carriageReturn - 1 { return carriageReturn + 1 }
        guard before >= 0 else { return nil }
        var after = carriageReturn + 1
        while after < count, isBlank(base[after]) { after += 1 }
        switch base[before] {
        case 0x3B:  // ';': the end of a reference, perhaps
            return nil
        case 0x3E:  // '>'
            guard after < count else { return after }
            guard base[after] == 0x3C, after + 1 < count else { return nil }  // '<'
            if base[after + 1] != 0x2F { return after }  // not '/': not an end tag
            // An end tag after the run: alike only when the tag before it closes an element.
            if before > 0, base[before - 1] == 0x2F { return after }  // "/>"
            var open = before - 1
            while open >= 0, base[open] != 0x3C { open -= 1 }
            return open >= 0 && open + 1 < count && base[open + 1] == 0x2F ? after : nil  // "</"
        default:
            return after
        }
    }
}
