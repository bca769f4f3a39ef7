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
        return (collector.problems, collector.blamedElements)
    }
}

/// A schema that does not compile.
public struct XMLSchemaError: Error, Sendable {
    public var problems: [XMLProblem]
}
