internal import CLibXML2

/// A compiled XML Schema. libxml2 lets one compiled schema serve many validation contexts at
/// once, one per thread; it is never changed after compilation, so sharing it is safe.
public final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// Compiles an XSD given as text. Problems in the schema itself are returned, not thrown
    /// away: a broken schema is a build error of ours, and tests pin that ours compiles.
    public init(xsd: [UInt8]) throws(XMLSchemaError) {
        XMLLibrary.ensureInitialised()
        let collector = XMLErrorCollector(defaultKind: .invalid)
        let compiled: xmlSchemaPtr? = xsd.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                guard let parser = xmlSchemaNewMemParserCtxt(characters.baseAddress, Int32(characters.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(parser) }
                let retained = Unmanaged.passRetained(collector)
                defer { retained.release() }
                xmlSchemaSetParserStructuredErrors(parser, XMLSchemaValidator.forward, retained.toOpaque())
                return xmlSchemaParse(parser)
            }
        }
        guard let compiled else { throw XMLSchemaError(problems: collector.problems) }
        schema = compiled
    }

    deinit {
        xmlSchemaFree(schema)
    }

    static let forward: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<XMLErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
    }

    /// Validates a parsed document; returns every problem libxml2 reports, each with the name of
    /// the element it blamed, when it named one.
    func validate(_ document: xmlDocPtr) -> ([XMLProblem], [BlamedElement?]) {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return ([XMLProblem(kind: .invalid, line: 1, column: 1, message: "libxml2 could not create a validation context")], [nil])
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = XMLErrorCollector(defaultKind: .invalid)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        xmlSchemaSetValidStructuredErrors(context, XMLSchemaValidator.forward, retained.toOpaque())
        let status = xmlSchemaValidateDoc(context, document)
        if status != 0 && collector.problems.isEmpty {
            return ([XMLProblem(kind: .invalid, line: 1, column: 1, message: "the document is not valid against the schema")], [nil])
        }
        let unresolved = Self.unresolvedReferences(in: document)
        return (collector.problems + unresolved.map(\.problem), collector.blamedElements + unresolved.map(\.element))
    }

    /// Every IDREF that names no ID of the document (a `source="..."` naming no `<source>`),
    /// by line: the schema says IDREF, but libxml2 checks only that the value is a name.
    static func unresolvedReferences(in document: xmlDocPtr) -> [(problem: XMLProblem, element: BlamedElement?)] {
        final class Found {
            var references: [(problem: XMLProblem, element: BlamedElement?)] = []
        }
        let found = Found()
        withExtendedLifetime(found) {
            silk_unresolved_references(
                document,
                { user, id, attribute in
                    guard let user, let id else { return }
                    let found = Unmanaged<Found>.fromOpaque(user).takeUnretainedValue()
                    let name = attribute?.pointee.name.map { String(cString: $0) } ?? "source"
                    var element: BlamedElement? = nil
                    var line = 0
                    if let parent = attribute?.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE {
                        element = BlamedElement(qualifiedName: SafeXMLParser.qualifiedName(of: parent), node: UnsafeMutableRawPointer(parent))
                        line = Int(xmlGetLineNo(parent))
                    }
                    let value = String(cString: id)
                    let problem = XMLProblem(
                        kind: .invalid, line: max(line, 1), column: 0,
                        message: "attribute '\(name)': '\(value)' is not the id of any <source> in the dossier's <evidence>")
                    found.references.append((problem, element))
                }, Unmanaged.passUnretained(found).toOpaque())
        }
        // The table is scanned in hash order, which varies from run to run.
        return found.references.sorted { a, b in
            (a.problem.line, a.problem.message) < (b.problem.line, b.problem.message)
        }
    }
}

/// A schema that does not compile.
public struct XMLSchemaError: Error, Sendable {
    public var problems: [XMLProblem]
}
