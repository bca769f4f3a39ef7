internal import CLibXML2
public import SilkDiagnostics

/// An XML format other than the dossier, as the rule files declare it: a root element holding
/// records, each scored on its own.
public struct RecordFormat: Sendable {
    public var root: String
    /// The namespace URI of the root and its records; nil: none.
    public var namespace: String?
    public var record: String
    public var schema: XMLSchemaValidator?
    /// The version prefixes the schema applies to; empty: every record is validated.
    public var schemaVersions: [String]
    /// The attribute that holds a record's version: the record's own, else the root's.
    public var versionAttribute: String?
    /// Attributes on the record element that are not the format's (an aggregator's): read like
    /// any other, then removed before the record is validated.
    public var ignoredAttributes: [String]
    public var limits: XMLLimits

    public init(
        root: String, namespace: String?, record: String, schema: XMLSchemaValidator?, schemaVersions: [String], versionAttribute: String?,
        ignoredAttributes: [String], limits: XMLLimits
    ) {
        self.root = root
        self.namespace = namespace
        self.record = record
        self.schema = schema
        self.schemaVersions = schemaVersions
        self.versionAttribute = versionAttribute
        self.ignoredAttributes = ignoredAttributes
        self.limits = limits
    }

    /// Whether a record of `version` is validated against the schema.
    public func validates(version: String?) -> Bool {
        guard schema != nil else { return false }
        if schemaVersions.isEmpty { return true }
        guard let version else { return false }
        return schemaVersions.contains { version.hasPrefix($0) }
    }
}

/// Loads files of a declared record format with the same safety as a dossier (bytes read by us
/// and capped, the pre-scan, DOCTYPE refused, no entities, no network, no XInclude), then takes
/// each record on its own: what the query asks for, and its validity against the schema when
/// its version is one the schema applies to. A record that is not valid fails alone; the
/// others are still read.
public struct RecordLoader: Sendable {
    public var format: RecordFormat

    public init(format: RecordFormat) {
        self.format = format
    }

    /// One record of a file.
    public struct Record: Sendable {
        /// Its place among the file's records, from 1.
        public var index: Int
        /// The line of its start tag.
        public var line: Int
        public var version: String?
        /// Whether it was validated against the schema (its version is one the schema covers).
        public var validated: Bool
        /// What the query read, or every problem the schema found in the record.
        public var outcome: Result<XMLQueryResult, SafeXMLParser.Problems>
    }

    /// A file's records, and its bytes for hashing and placing diagnostics.
    public struct Read: Sendable {
        public var records: [Record]
        public var bytes: [UInt8]
        public var path: String

        public var source: XMLSource { XMLSource(path: path, bytes: bytes) }
    }

    /// A file that holds no record, as an error at its root element (read again, capped as when
    /// scored), with the way to accept such files.
    public func noRecords(inFileAt path: String) -> Diagnostic {
        let message = "no <\(format.record)> record in this file"
        let help = ["check the file; give --allow-empty if a file without records is expected"]
        guard case .success(let bytes) = FileBytes.load(path: path, limit: format.limits.maxBytes),
            let root = XMLSource.rootStartTag(in: bytes)
        else { return Diagnostic(.error, .noRecords, message, file: path, suggestions: help) }
        let source = XMLSource(path: path, bytes: bytes)
        return source.diagnostic(.error, .noRecords, message, at: .tag(at: root), suggestions: help)
    }

    /// The start tag of the record on `line` of the file at `path`, read again (capped as when
    /// scored) to place a problem found after the file was read; nil when it cannot be read.
    public func recordStartTag(inFileAt path: String, line: Int) -> SourceSpan? {
        guard case .success(let bytes) = FileBytes.load(path: path, limit: format.limits.maxBytes) else { return nil }
        return XMLSource(path: path, bytes: bytes).span(of: .element(format.record, line: line))?.excerpted
    }

    public func read(path: String, query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        switch FileBytes.load(path: path, limit: format.limits.maxBytes) {
        case .success(let bytes): return read(bytes: bytes, path: path, query: query)
        case .failure(let failure): return .failure(failure)
        }
    }

    public func read(bytes: [UInt8], path: String = "<bytes>", query: XMLQuery) -> Result<Read, SafeXMLParser.Problems> {
        let parser = SafeXMLParser(limits: format.limits)
        let parsed = parser.parse(bytes, path: path, expectingRoot: nil, schema: nil) { root, collector in
            records(under: root, query: query, collector: collector)
        }
        switch parsed {
        case .failure(let failure):
            return .failure(failure)
        case .success(.failure(let problems)):
            return .failure(SafeXMLParser.Problems(XMLSource.diagnostics(for: problems.problems, in: bytes, path: path)))
        case .success(.success(let raw)):
            // The source indexes the file's lines: made once, and only when a record failed.
            var source: XMLSource? = nil
            var records: [Record] = []
            records.reserveCapacity(raw.count)
            for record in raw {
                var outcome: Result<XMLQueryResult, SafeXMLParser.Problems>
                switch record.outcome {
                case .success(let result):
                    outcome = .success(result)
                case .failure(let problems):
                    let placed = source ?? XMLSource(path: path, bytes: bytes)
                    source = placed
                    outcome = .failure(
                        SafeXMLParser.Problems(
                            problems.problems.map { placed.diagnostic(.error, $0.id, $0.message, at: $0.place, suggestions: $0.suggestions) }))
                }
                records.append(
                    Record(index: record.index, line: record.line, version: record.version, validated: record.validated, outcome: outcome))
            }
            return .success(Read(records: records, bytes: bytes, path: path))
        }
    }

    private struct RawRecord {
        var index: Int
        var line: Int
        var version: String?
        var validated: Bool
        var outcome: Result<XMLQueryResult, XMLProblems>
    }

    private func records(under root: xmlNodePtr, query: XMLQuery, collector: XMLErrorCollector) -> Result<[RawRecord], XMLProblems> {
        guard Self.named(root, format.root, namespace: format.namespace) else {
            let expected = format.namespace.map { "'\(format.root)' in namespace '\($0)'" } ?? "'\(format.root)' (no namespace)"
            let namespace = root.pointee.ns?.pointee.href.map { "' in namespace '" + String(cString: $0) } ?? ""
            let name = XMLErrorCollector.qualifiedName(of: root)
            return .failure(
                XMLProblems([
                    XMLProblem(
                        .notThisFormat, "the root element is '\(name)\(namespace)', not \(expected)",
                        at: .element(name, line: collector.line(of: root)))
                ]))
        }
        let rootVersion = format.versionAttribute.flatMap { Self.attribute($0, of: root) }
        var records: [RawRecord] = []
        var child = root.pointee.children
        while let node = child {
            child = node.pointee.next
            guard node.pointee.type == XML_ELEMENT_NODE, Self.named(node, format.record, namespace: format.namespace) else { continue }
            let version = format.versionAttribute.flatMap { Self.attribute($0, of: node) } ?? rootVersion
            let validated = format.validates(version: version)
            let result = query.read(root: node, lines: collector)
            for attribute in format.ignoredAttributes { xmlUnsetProp(node, attribute) }
            var outcome: Result<XMLQueryResult, XMLProblems> = .success(result)
            if validated, let schema = format.schema {
                collector.problems.removeAll()
                collector.id = .schemaInvalid
                schema.validate(element: node, reportingTo: collector)
                if !collector.problems.isEmpty { outcome = .failure(XMLProblems(collector.problems)) }
            }
            records.append(
                RawRecord(index: records.count + 1, line: collector.line(of: node), version: version, validated: validated, outcome: outcome))
        }
        return .success(records)
    }

    private static func named(_ node: xmlNodePtr, _ name: String, namespace: String?) -> Bool {
        guard let local = node.pointee.name, String(cString: local) == name else { return false }
        guard let ns = node.pointee.ns else { return namespace == nil }
        return ns.pointee.href.map { String(cString: $0) } == namespace
    }

    private static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { silk_xml_free(value) }
        return String(cString: value)
    }
}
