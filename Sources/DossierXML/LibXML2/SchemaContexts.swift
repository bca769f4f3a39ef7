internal import CLibXML2

/// Owns an XML Schema parser context (`xmlSchemaParserCtxt`, made by
/// `xmlSchemaNewMemParserCtxt`) and the copy of the schema text it reads, and frees both
/// (`xmlSchemaFreeParserCtxt`) when released.
final class SchemaParserContext {
    private let context: xmlSchemaParserCtxtPtr
    /// libxml2 keeps a pointer to the text, not a copy: it lives as long as the context.
    private let text: UnsafeMutableBufferPointer<CChar>

    init?(xsd: [UInt8]) {
        XMLLibrary.ensureInitialised()
        let text = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(xsd.count, 1))
        _ = xsd.withUnsafeBytes { bytes in text.initialize(from: bytes.bindMemory(to: CChar.self)) }
        guard let context = xmlSchemaNewMemParserCtxt(text.baseAddress, Int32(xsd.count)) else {
            text.deallocate()
            return nil
        }
        self.context = context
        self.text = text
    }

    deinit {
        xmlSchemaFreeParserCtxt(context)
        text.deallocate()
    }

    /// Compiles the schema, reporting every problem to `collector`; nil when it does not compile.
    func parse(reportingTo collector: XMLErrorCollector) -> CompiledSchema? {
        withExtendedLifetime(collector) {
            xmlSchemaSetParserStructuredErrors(context, XMLErrorCollector.forward, Unmanaged.passUnretained(collector).toOpaque())
            defer { xmlSchemaSetParserStructuredErrors(context, nil, nil) }
            return xmlSchemaParse(context).map(CompiledSchema.init)
        }
    }
}

/// Owns a compiled XML Schema (`xmlSchema`) and frees it (`xmlSchemaFree`) when released. It is
/// never changed after compilation, and libxml2 lets one compiled schema serve many validation
/// contexts at once, one per thread.
final class CompiledSchema: @unchecked Sendable {
    fileprivate let schema: xmlSchemaPtr

    init(_ schema: xmlSchemaPtr) {
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }
}

/// Owns a validation context (`xmlSchemaValidCtxt`, made by `xmlSchemaNewValidCtxt`) and frees
/// it (`xmlSchemaFreeValidCtxt`) when released. It holds its schema, so the schema outlives it.
/// libxml2 clears a validation context at the end of each validation, so one context validates
/// document after document (as `xmllint --schema` does); it also makes its own schema parser
/// context on first use, which reuse saves.
final class SchemaValidationContext {
    private let context: xmlSchemaValidCtxtPtr
    private let schema: CompiledSchema

    init?(schema: CompiledSchema) {
        guard let context = xmlSchemaNewValidCtxt(schema.schema) else { return nil }
        self.context = context
        self.schema = schema
    }

    deinit {
        xmlSchemaFreeValidCtxt(context)
    }

    /// Validates a document, reporting every problem to `collector`; true when it is valid.
    func validate(_ document: ParsedDocument, reportingTo collector: XMLErrorCollector) -> Bool {
        withExtendedLifetime(collector) {
            xmlSchemaSetValidStructuredErrors(context, XMLErrorCollector.forward, Unmanaged.passUnretained(collector).toOpaque())
            defer { xmlSchemaSetValidStructuredErrors(context, nil, nil) }
            return document.withDocument { document in
                silk_presize_id_tables(document)
                return xmlSchemaValidateDoc(context, document)
            } == 0
        }
    }

    /// Validates one element of a parsed document and its subtree (`xmlSchemaValidateOneElement`),
    /// as if it were a document of its own; true when it is valid.
    func validate(element: xmlNodePtr, reportingTo collector: XMLErrorCollector) -> Bool {
        withExtendedLifetime(collector) {
            xmlSchemaSetValidStructuredErrors(context, XMLErrorCollector.forward, Unmanaged.passUnretained(collector).toOpaque())
            defer { xmlSchemaSetValidStructuredErrors(context, nil, nil) }
            return xmlSchemaValidateOneElement(context, element) == 0
        }
    }
}
