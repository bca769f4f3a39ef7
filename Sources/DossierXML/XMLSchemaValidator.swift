internal import CLibXML2
public import SilkDiagnostics
import Synchronization

/// A compiled XML Schema, and the validation contexts kept for it. Compiled once; validates
/// documents on any number of threads at once, each with a context of its own.
public final class XMLSchemaValidator: Sendable {
    fileprivate let schema: CompiledSchema
    /// The same schema compiled for the streaming reader, when it keeps to what that model
    /// holds (see `StreamingSchema`); nil otherwise, and every document is then validated by
    /// libxml2.
    let streaming: StreamingReader?
    /// Why the schema has no streaming model, when it has none.
    public let streamingUnsupported: String?
    /// Contexts kept for the next document, at most one per thread that validates at once.
    fileprivate let kept = Mutex(KeptContexts())
    fileprivate static let mostKept = 64

    fileprivate struct KeptContexts: @unchecked Sendable {
        var contexts: [SchemaValidationContext] = []
    }

    /// Compiles an XSD given as text. Problems in the schema itself are returned, not thrown
    /// away: a broken schema is a build error of ours, and tests pin that ours compiles.
    ///
    /// `includes` are the documents the schema includes or imports, by file name, read by the
    /// caller: libxml2 is given these and nothing else.
    public init(xsd: [UInt8], path: String = "schema.xsd", includes: [String: [UInt8]] = [:]) throws(XMLSchemaError) {
        let collector = XMLErrorCollector()
        collector.id = .schemaInvalid
        let parser = SchemaParserContext(xsd: xsd)
        let compiled = SchemaResources.serving(includes) { parser?.parse(reportingTo: collector) }
        guard let compiled else {
            throw XMLSchemaError(diagnostics: XMLSource.diagnostics(for: collector.problems, in: xsd, path: path))
        }
        schema = compiled
        do throws(StreamingSchema.Unsupported) {
            streaming = StreamingReader(schema: try StreamingSchema.compile(xsd: xsd))
            streamingUnsupported = nil
        } catch {
            streaming = nil
            streamingUnsupported = error.what
        }
    }

    /// The names of the streaming model, which queries number their names by.
    var streamingNames: NameTable? { streaming?.schema.names }

    /// Validates a parsed document, reporting every problem to `collector`. A context that
    /// validated a valid document is kept for the next one.
    func validate(_ document: ParsedDocument, reportingTo collector: XMLErrorCollector) {
        guard let context = kept.withLock({ $0.contexts.popLast() }) ?? SchemaValidationContext(schema: schema) else {
            collector.problems.append(XMLProblem(.schemaInvalid, "libxml2 could not create a validation context", at: .file))
            return
        }
        let problemsBefore = collector.problems.count
        let valid = context.validate(document, reportingTo: collector)
        if !valid && collector.problems.count == problemsBefore {
            collector.problems.append(
                XMLProblem(.schemaInvalid, "the document is not valid against the schema", at: .lineAndColumn(line: 1, column: 1)))
        }
        if valid {
            kept.withLock { kept in
                if kept.contexts.count < Self.mostKept { kept.contexts.append(context) }
            }
        }
    }
}

extension XMLSchemaValidator {
    /// Validates one element and its subtree, reporting every problem to `collector`.
    func validate(element: xmlNodePtr, reportingTo collector: XMLErrorCollector) {
        guard let context = kept.withLock({ $0.contexts.popLast() }) ?? SchemaValidationContext(schema: schema) else {
            collector.problems.append(XMLProblem(.schemaInvalid, "libxml2 could not create a validation context", at: .file))
            return
        }
        let problemsBefore = collector.problems.count
        let valid = context.validate(element: element, reportingTo: collector)
        if !valid && collector.problems.count == problemsBefore {
            collector.problems.append(
                XMLProblem(
                    .schemaInvalid, "the record is not valid against the schema", at: .lineAndColumn(line: collector.line(of: element), column: 1)))
        }
        if valid {
            kept.withLock { kept in
                if kept.contexts.count < Self.mostKept { kept.contexts.append(context) }
            }
        }
    }
}

/// A schema that does not compile.
public struct XMLSchemaError: Error, Sendable {
    public var diagnostics: [Diagnostic]
}
