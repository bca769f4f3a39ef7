import SilkDiagnostics

/// `format` declarations: at most one per rule set, with a root and a record element, paths
/// that are places in a record, and a schema file that can be read.
extension RuleCompiler {
    /// The largest size a format may declare: libxml2 takes a length in 32 bits.
    static let largestFormatSize = Double(Int32.max)

    mutating func declareFormat(_ syntax: FormatSyntax) -> InputFormat? {
        if let first = formatSpan {
            diagnostics.append(
                Diagnostic(
                    .error, .duplicateId, "a rule set reads one input format; '\(syntax.id.value)' is a second", at: syntax.id.span,
                    notes: [Diagnostic.Note("the first is declared here", at: first)]))
            return nil
        }
        formatSpan = syntax.id.span
        var complete = true
        func required(_ value: Located<String>?, _ clause: String, _ example: String) -> String? {
            guard let value else {
                report(
                    .error, .missingClause, "format '\(syntax.id.value)' needs a '\(clause)' clause, such as \(clause) \(example)", at: syntax.id.span
                )
                complete = false
                return nil
            }
            guard FactPath.isName(value.value) else {
                report(.error, .invalidPath, "'\(value.value)' is not an element name", at: value.span)
                complete = false
                return nil
            }
            return value.value
        }
        let root = required(syntax.root, "root", "\"iati-activities\"")
        let record = required(syntax.record, "record", "\"iati-activity\"")
        func paths(_ values: [Located<String>]) -> [FactPath] {
            values.compactMap { value in
                guard let path = FactPath(value.value) else {
                    report(.error, .invalidPath, "'\(value.value)' is not a place in a record", at: value.span)
                    complete = false
                    return nil
                }
                return path
            }
        }
        let identity = RecordIdentity(
            id: paths(syntax.recordID), title: paths(syntax.title), status: paths(syntax.status), asOf: paths(syntax.asOf))
        var versionAttribute: String? = nil
        if let version = syntax.version {
            if let parsed = FactPath(version.value), parsed.elements.isEmpty, let attribute = parsed.attribute {
                versionAttribute = attribute
            } else {
                report(.error, .invalidPath, "a record's version is an attribute of the record, such as \"@version\"", at: version.span)
                complete = false
            }
        }
        for attribute in syntax.ignoreAttributes where !FactPath.isName(attribute.value) {
            report(.error, .invalidPath, "'\(attribute.value)' is not an attribute name", at: attribute.span)
            complete = false
        }
        var schemaPath: String? = nil
        if let schema = syntax.schema {
            let path = schema.value.hasPrefix("/") ? schema.value : Self.directory(of: schema.span.file.path) + schema.value
            if readFile(path) == nil {
                report(.error, .formatSchemaUnreadable, "cannot read the format's schema '\(path)'", at: schema.span)
                complete = false
            }
            schemaPath = path
        } else if let first = syntax.schemaVersions.first {
            report(.error, .invalidPath, "versions are given for a schema, and this format has none", at: first.span)
        }
        var maxBytes = 1 << 20
        if let size = syntax.maxBytes {
            if size.value < 1 || size.value > Self.largestFormatSize || size.value != size.value.rounded() {
                report(.error, .invalidFormatSize, "a format's size cap is a whole number of bytes from 1 byte to 2 GiB", at: size.span)
                complete = false
            } else {
                maxBytes = Int(size.value)
            }
        }
        guard complete, let root, let record else { return nil }
        return InputFormat(
            id: syntax.id.value, root: root, namespace: syntax.namespace?.value, record: record, schemaPath: schemaPath,
            schemaVersions: syntax.schemaVersions.map(\.value), versionAttribute: versionAttribute,
            ignoredAttributes: syntax.ignoreAttributes.map(\.value), maxBytes: maxBytes, identity: identity, span: syntax.span,
            schemaSpan: syntax.schema?.span)
    }
}
