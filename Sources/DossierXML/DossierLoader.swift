public import SilkDiagnostics

/// Loads dossier files: reads the bytes itself (capped), parses them from memory with libxml2,
/// refuses anything that is not a dossier, and validates against the dossier schema. Every
/// problem is a diagnostic naming the file, with the line it points into.
public struct DossierLoader: Sendable {
    /// The root element every dossier has.
    public static let rootElement = "dossier"

    /// The dossier schema, format version 1, as shipped in the binary.
    public static let schemaText: [UInt8] = PackageResources.dossier_v1_xsd

    /// The compiled dossier schema; compiled once per process.
    public static let schema: XMLSchemaValidator = compiledSchema()

    public var parser: SafeXMLParser
    /// The compiled dossier schema this loader validates with: the process's (`schema`), or a
    /// copy of its own (`replica()`).
    public private(set) var validator: XMLSchemaValidator = DossierLoader.schema

    /// How `read` reads a dossier: `.automatic` (streamed when the streaming reader can vouch for
    /// it, else by libxml2's tree) for every command; `.tree` keeps the path every dossier took
    /// before the streaming reader, which the differential tests compare it with.
    public var route: SafeXMLParser.Route = .automatic

    public init(limits: XMLLimits = .default) {
        parser = SafeXMLParser(limits: limits)
    }

    /// The same loader with a schema compiled again, which shares no object with this one's: a
    /// worker thread that reads with it touches no reference count another thread touches
    /// (`BatchScorer`). A query reads a document streamed by this copy only when built for its
    /// schema (`XMLQuery`'s `schema`); any other is read by libxml2's tree instead.
    public func replica() -> DossierLoader {
        var copy = self
        copy.validator = Self.compiledSchema()
        return copy
    }

    private static func compiledSchema() -> XMLSchemaValidator {
        do throws(XMLSchemaError) {
            return try XMLSchemaValidator(xsd: schemaText, path: "dossier-v1.xsd")
        } catch {
            fatalError("the built-in dossier schema does not compile:\n\(DiagnosticRenderer().render(error.diagnostics))")
        }
    }

    /// A loaded dossier: the element tree and the bytes it came from (for content hashing).
    public struct Loaded: Sendable {
        public var root: XMLElementNode
        public var bytes: [UInt8]
    }

    public enum Outcome: Sendable {
        case loaded(Loaded)
        case failure([Diagnostic])
    }

    /// Loads the file at `path`. Never throws: every failure is a list of diagnostics.
    public func load(path: String) -> Outcome {
        switch bytes(at: path) {
        case .success(let bytes): return load(bytes: bytes, path: path)
        case .failure(let failure): return .failure(failure.diagnostics)
        }
    }

    /// Loads a dossier from bytes already in memory; `path` names it in diagnostics.
    public func load(bytes: [UInt8], path: String = "<bytes>") -> Outcome {
        switch parser.parse(bytes, path: path, expectingRoot: Self.rootElement, schema: validator) {
        case .document(let root):
            return .loaded(Loaded(root: root, bytes: bytes))
        case .failure(let diagnostics):
            return .failure(diagnostics)
        }
    }

    /// A dossier read for a query: what the query asked for, and the file's bytes and path
    /// (for content hashing, and to place diagnostics about its values).
    public struct Read: Sendable {
        public var result: XMLQueryResult
        public var bytes: [UInt8]
        public var path: String

        /// The document's bytes, for placing diagnostics in it.
        public var source: XMLSource { XMLSource(path: path, bytes: bytes) }
    }

    /// Reads the file at `path` as `load` does — same checks, same problems — but returns only
    /// what `query` asks for, read straight from libxml2's tree.
    public func read(path: String, query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        bytes(at: path).flatMap { read(bytes: $0, path: path, query: query) }
    }

    /// Reads a dossier from bytes already in memory, as `read(path:query:)` does.
    public func read(bytes: [UInt8], path: String = "<bytes>", query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        read(bytes: bytes, path: path, query: query, route: route == .streamedOnly ? .automatic : route)!
    }

    /// Reads a dossier by the given route (`SafeXMLParser.Route`): the tree path alone, or the
    /// streamed path alone (nil when the streaming reader hands the document on). For tests
    /// and the fuzzer, which check that both routes give the same answer.
    public func read(bytes: [UInt8], path: String = "<bytes>", query: XMLQuery, route: SafeXMLParser.Route) -> Result<Read, SafeXMLParser.Problems>? {
        parser.read(bytes, path: path, query: query, expectingRoot: Self.rootElement, schema: validator, route: route).map {
            $0.map { Read(result: $0, bytes: bytes, path: path) }
        }
    }

    /// Why the dossier schema has no streaming model; nil when it has one (it does: a test
    /// pins it).
    public static var streamingUnsupported: String? { schema.streamingUnsupported }

    /// Where the value of the root element's attribute `name` stands in the file at `path`,
    /// read again (within the size limit): a place for a diagnostic about the dossier as a
    /// whole, such as its id. Nil when the file cannot be read or the value is not found.
    public func rootAttribute(_ name: String, value: String, inFileAt path: String) -> SourceSpan? {
        guard case .success(let bytes) = bytes(at: path) else { return nil }
        return XMLSource(path: path, bytes: bytes).rootAttribute(name, value: value)
    }

    private func bytes(at path: String) -> Result<[UInt8], SafeXMLParser.Problems> {
        FileBytes.load(path: path, limit: parser.limits.maxBytes)
    }
}
