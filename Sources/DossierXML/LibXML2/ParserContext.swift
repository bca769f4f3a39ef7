internal import CLibXML2
import Synchronization

/// Owns one libxml2 parser context (`xmlParserCtxt`, made by `xmlNewParserCtxt`) and frees it
/// (`xmlFreeParserCtxt`) when released.
///
/// Contexts are kept for the next document (`take()`, `recycle(clean:)`): making a context, with
/// its dictionary of names, and freeing it again for every dossier cost about 1 % of scoring
/// one; libxml2 resets a context for the next document (`xmlCtxtReadMemory`), and its
/// dictionary then already holds the format's names. A context parses one document at a time,
/// and goes back only after that document is freed (`ParsedDocument` holds it until then). Only
/// a context that parsed a document cleanly, and whose dictionary stayed small, is kept: a
/// hostile document can fill a dictionary up to libxml2's limit, and every later document
/// parsed with it would then fail.
final class ParserContext {
    private let context: xmlParserCtxtPtr
    /// What the parse under way reports; a new one for each document.
    private(set) var collector = XMLErrorCollector()

    /// Makes a context and sets it up once for all the documents it will parse: its user data
    /// is this owner, and its SAX handler reports errors to the collector, stops at a DOCTYPE
    /// and notes the lines of elements past 65535.
    ///
    /// These are the only writes from Swift into a libxml2 structure, and libxml2 2.9.14 offers
    /// no call for them: `_private` is the slot its documentation gives for user data ("libxml
    /// won't touch it"), and the SAX handler a context owns is the 2.9 way to change what a
    /// parse does (`xmlNewSAXParserCtxt`, which takes a handler, came in 2.11;
    /// `xmlCtxtSetErrorHandler` in 2.13). The alternative, `xmlSetStructuredErrorFunc`, is
    /// thread-global.
    private init?() {
        guard let context = xmlNewParserCtxt() else { return nil }
        guard let sax = context.pointee.sax else {
            xmlFreeParserCtxt(context)
            return nil
        }
        self.context = context
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        sax.pointee.serror = { userData, error in
            guard let error, let owner = ParserContext.owner(of: userData) else { return }
            owner.collector.record(error)
        }
        sax.pointee.internalSubset = { userData, _, _, _ in
            guard let owner = ParserContext.owner(of: userData) else { return }
            owner.refuseDoctype()
        }
        sax.pointee.startElementNs = {
            userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes in
            xmlSAX2StartElementNs(
                userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes)
            // The owner is looked up only for the rare element past line 65534.
            guard let userData, silk_parser_current_line(userData.assumingMemoryBound(to: xmlParserCtxt.self)) >= Int32(UInt16.max)
            else { return }
            ParserContext.owner(of: userData)?.noteBigLine()
        }
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    /// The owner of the context a SAX callback was given (libxml2 passes the context itself as
    /// the callbacks' user data).
    private static func owner(of userData: UnsafeMutableRawPointer?) -> ParserContext? {
        guard let userData, let owner = userData.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return nil }
        return Unmanaged<ParserContext>.fromOpaque(owner).takeUnretainedValue()
    }

    /// A DOCTYPE stops the parser the moment it is seen, before its internal subset is read.
    private func refuseDoctype() {
        if !collector.sawDoctype {
            collector.sawDoctype = true
            collector.problems.append(
                XMLProblem(
                    .doctypeRefused, "a DOCTYPE declaration is not allowed in a dossier (DTDs and entities are refused)",
                    at: .lineAndColumn(line: max(Int(silk_parser_current_line(context)), 1), column: 1)))
        }
        xmlStopParser(context)
    }

    /// Notes the line of the element just started when libxml2 cannot store it.
    private func noteBigLine() {
        let line = Int(silk_parser_current_line(context))
        guard line >= Int(UInt16.max), let node = context.pointee.node else { return }
        collector.bigLines[UnsafeMutableRawPointer(node)] = line
    }

    /// Whether the last parse found the document well-formed.
    var wellFormed: Bool { context.pointee.wellFormed != 0 }

    /// Parses a document from memory with `options`; libxml2 resets the context first. The
    /// document, when there is one, holds this context until it is freed; without one, the
    /// context is not kept.
    func parse(_ characters: UnsafeBufferPointer<CChar>, options: Int32) -> ParsedDocument? {
        collector = XMLErrorCollector()
        guard let document = xmlCtxtReadMemory(context, characters.baseAddress, Int32(characters.count), nil, nil, options) else {
            return nil
        }
        let clean = wellFormed && !collector.sawDoctype && collector.problems.isEmpty
        return ParsedDocument(document, parsedBy: self, clean: clean)
    }

    // MARK: Contexts kept for the next document

    private struct Kept: @unchecked Sendable {
        var contexts: [ParserContext] = []
    }

    private static let kept = Mutex(Kept())
    /// A dictionary past this many names or bytes is freed with its context rather than kept.
    static let largestDictionary = (names: 4096, bytes: 256 * 1024)
    /// Contexts kept at most: one per thread that parses at once is enough.
    static let mostKept = 64

    /// A kept context, or a new one.
    static func take() -> ParserContext? {
        XMLLibrary.ensureInitialised()
        if let context = kept.withLock({ $0.contexts.popLast() }) { return context }
        return ParserContext()
    }

    /// Keeps the context for the next document when it parsed one cleanly and its dictionary is
    /// still small; otherwise lets it go (it is freed once nothing holds it). Called once the
    /// document it parsed, if any, is freed.
    func recycle(clean: Bool) {
        guard clean, let dictionary = context.pointee.dict, xmlDictSize(dictionary) <= Self.largestDictionary.names,
            xmlDictGetUsage(dictionary) <= Self.largestDictionary.bytes
        else { return }
        // Lets go of the input (a copy of the document's bytes) now rather than at the next use,
        // and of the freed document's node addresses.
        xmlCtxtReset(context)
        if !collector.bigLines.isEmpty { collector.bigLines = [:] }
        Self.kept.withLock { kept in
            if kept.contexts.count < Self.mostKept { kept.contexts.append(self) }
        }
    }
}
