/// Loads dossier files: reads the bytes itself (capped), parses them from memory with libxml2,
/// refuses anything that is not a dossier, and validates against the dossier schema.
public struct DossierLoader: Sendable {
    /// The root element every dossier has.
    public static let rootElement = "dossier"

    /// The dossier schema, format version 1, as shipped in the binary.
    public static let schemaText: [UInt8] = PackageResources.dossier_v1_xsd

    /// The compiled dossier schema; compiled once per process.
    public static let schema: XMLSchemaValidator = {
        do throws(XMLSchemaError) {
            return try XMLSchemaValidator(xsd: schemaText)
        } catch {
            fatalError("the built-in dossier schema does not compile: \(error.problems)")
        }
    }()

    public var parser: SafeXMLParser

    public init(limits: XMLLimits = .default) {
        parser = SafeXMLParser(limits: limits)
    }

    /// A loaded dossier: the element tree and the bytes it came from (for content hashing).
    public struct Loaded: Sendable {
        public var root: XMLElementNode
        public var bytes: [UInt8]
    }

    public enum Outcome: Sendable {
        case loaded(Loaded)
        case failure([XMLProblem])
    }

    /// Loads the file at `path`. Never throws: every failure is a list of positioned problems.
    public func load(path: String) -> Outcome {
        switch bytes(at: path) {
        case .success(let bytes): return load(bytes: bytes)
        case .failure(let failure): return .failure(failure.problems)
        }
    }

    /// A dossier read for a query: what the query asked for, and the file's bytes.
    public struct Read: Sendable {
        public var result: XMLQueryResult
        public var bytes: [UInt8]
    }

    /// Reads the file at `path` as `load` does — same checks, same problems — but returns only
    /// what `query` asks for, read straight from libxml2's tree.
    public func read(path: String, query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        switch bytes(at: path) {
        case .success(let bytes): return read(bytes: bytes, query: query)
        case .failure(let failure): return .failure(failure)
        }
    }

    /// Reads a dossier already in memory (a request body, say) as `read(path:query:)` reads a
    /// file's bytes: same size cap, same checks, same problems.
    public func read(bytes: [UInt8], query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        parser.read(bytes, query: query, expectingRoot: Self.rootElement, schema: Self.schema).map { Read(result: $0, bytes: bytes) }
    }

    private func bytes(at path: String) -> Result<[UInt8], SafeXMLParser.Problems> {
        do {
            return .success(try FileBytes.read(path: path, limit: parser.limits.maxBytes))
        } catch {
            let message: String
            let kind: XMLProblem.Kind
            switch error {
            case .cannotOpen(let reason):
                (kind, message) = (.unreadable, "cannot open the file: \(reason)")
            case .notARegularFile:
                (kind, message) = (.unreadable, "not a regular file")
            case .tooLarge:
                (kind, message) = (.tooLarge, "the file is larger than the \(parser.limits.maxBytes)-byte limit")
            case .readFailed(let reason):
                (kind, message) = (.unreadable, "cannot read the file: \(reason)")
            }
            return .failure(SafeXMLParser.Problems(problems: [XMLProblem(kind: kind, line: 1, column: 1, message: message)]))
        }
    }

    /// Loads a dossier from bytes already in memory.
    public func load(bytes: [UInt8]) -> Outcome {
        switch parser.parse(bytes, expectingRoot: Self.rootElement, schema: Self.schema) {
        case .document(let root):
            return .loaded(Loaded(root: root, bytes: bytes))
        case .failure(let problems):
            return .failure(problems)
        }
    }
}
