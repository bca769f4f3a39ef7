public import SilkDiagnostics

/// Where a record's identity is read: what every assessment shows (id, title, status) and the
/// date its ages are measured to. Paths are relative to the record element; of several places,
/// the first that holds a value is taken (IATI 2.x and 1.x put a title in different places).
public struct RecordIdentity: Sendable, Hashable {
    public var id: [FactPath]
    public var title: [FactPath]
    public var status: [FactPath]
    public var asOf: [FactPath]

    public init(id: [FactPath], title: [FactPath], status: [FactPath], asOf: [FactPath]) {
        self.id = id
        self.title = title
        self.status = status
        self.asOf = asOf
    }

    /// The dossier's: `@id`, `identity/title`, `identity/status`, `@asOf`.
    public static let dossier = RecordIdentity(
        id: [FactPath(elements: [], attribute: "id")], title: [FactPath(elements: ["identity", "title"], attribute: nil)],
        status: [FactPath(elements: ["identity", "status"], attribute: nil)], asOf: [FactPath(elements: [], attribute: "asOf")])
}

/// An XML input format declared in the rule files (`format iati { ... }`): one file holds many
/// records, each scored on its own, with the same safety as a dossier. The rule set's facts are
/// read relative to the record element.
public struct InputFormat: Sendable, Hashable {
    public let id: String
    /// The document's root element and the namespace of it and its records (nil: none).
    public let root: String
    public let namespace: String?
    /// The element, a child of the root, that is one record.
    public let record: String
    /// The XML Schema records are validated against, as a path a process can open (resolved
    /// against the rule file's folder), and the version prefixes it applies to (empty: all).
    public let schemaPath: String?
    public let schemaVersions: [String]
    /// The attribute holding a record's version: the record's own, else the root's.
    public let versionAttribute: String?
    /// Attributes on the record element that are not the format's own (an aggregator's).
    public let ignoredAttributes: [String]
    /// The largest file read, in bytes.
    public let maxBytes: Int
    public let identity: RecordIdentity
    /// Where it was declared, for diagnostics about it (its schema, say).
    public let span: SourceSpan
    public let schemaSpan: SourceSpan?

    package init(
        id: String, root: String, namespace: String?, record: String, schemaPath: String?, schemaVersions: [String],
        versionAttribute: String?, ignoredAttributes: [String], maxBytes: Int, identity: RecordIdentity, span: SourceSpan,
        schemaSpan: SourceSpan?
    ) {
        self.id = id
        self.root = root
        self.namespace = namespace
        self.record = record
        self.schemaPath = schemaPath
        self.schemaVersions = schemaVersions
        self.versionAttribute = versionAttribute
        self.ignoredAttributes = ignoredAttributes
        self.maxBytes = maxBytes
        self.identity = identity
        self.span = span
        self.schemaSpan = schemaSpan
    }

    /// Whether a record of `version` is validated against the schema.
    public func validates(version: String?) -> Bool {
        guard schemaPath != nil else { return false }
        if schemaVersions.isEmpty { return true }
        guard let version else { return false }
        return schemaVersions.contains { version.hasPrefix($0) }
    }
}
