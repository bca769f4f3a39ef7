public import SilkDiagnostics

/// `format iati { root "iati-activities" record "iati-activity" ... }`: an XML input format other
/// than the dossier, declared in the rule files. Every clause is kept as written; the compiler
/// checks them.
public struct FormatSyntax: Sendable, Hashable {
    public var id: Located<String>
    public var root: Located<String>?
    public var namespace: Located<String>?
    public var record: Located<String>?
    public var schema: Located<String>?
    /// Version prefixes the schema applies to (`schema ... for "2."`): records of other versions
    /// are read without it.
    public var schemaVersions: [Located<String>] = []
    /// Where a record's version is read (relative to the record), falling back to the root.
    public var version: Located<String>?
    /// Attributes on the record element that are not the format's own (added by an aggregator):
    /// read like any other, then removed before the record is validated.
    public var ignoreAttributes: [Located<String>] = []
    public var maxBytes: Located<Double>?
    /// Where a record's id, title, status and date are: the first of the places that holds a value.
    public var recordID: [Located<String>] = []
    public var title: [Located<String>] = []
    public var status: [Located<String>] = []
    public var asOf: [Located<String>] = []
    public var span: SourceSpan
}

/// `table gdp { file "tables/gdp.csv" key country: text key year: year value gdp: money USD }`:
/// a reference table read from a CSV file beside the rule files.
public struct TableSyntax: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: Located<String>
        public var type: Located<String>
        /// With `money`: the currency code the column's amounts are in.
        public var currency: Located<String>?
    }

    public var id: Located<String>
    public var file: Located<String>?
    public var keys: [Column] = []
    public var value: Column?
    public var span: SourceSpan
}

/// The clauses of a `format { ... }` block.
enum FormatClause: String, BlockClause {
    case root, namespace, record, schema, version, ignoreAttributes, maxBytes, id, title, status, asOf
}

/// The clauses of a `table { ... }` block.
enum TableClause: String, BlockClause {
    case file, key, value
}
