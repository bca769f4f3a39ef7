public import SilkDiagnostics

/// One thing wrong with an XML input, positioned in the input's own coordinates.
///
/// Lines and columns are 1-based; a column of 0 means the source did not say (libxml2 gives
/// schema-validation errors a line only) and no better position could be recovered.
public struct XMLProblem: Sendable, Hashable {
    /// What kind of check found the problem; stable, usable as a diagnostic id.
    public enum Kind: String, Sendable, Hashable {
        /// The file could not be read at all.
        case unreadable = "unreadable-file"
        /// The file is empty.
        case empty = "empty-file"
        /// The file is larger than the configured cap.
        case tooLarge = "file-too-large"
        /// The document carries a DOCTYPE: refused before any entity is declared or expanded.
        case doctype = "doctype-refused"
        /// An element carries more attributes than the configured cap.
        case tooManyAttributes = "too-many-attributes"
        /// libxml2 reported the document is not well-formed (this includes bad encodings and
        /// nesting deeper than the parser allows).
        case notWellFormed = "not-well-formed"
        /// The document is well-formed but not valid against the schema.
        case invalid = "schema-invalid"
        /// The root element is not a dossier.
        case notADossier = "not-a-dossier"
        /// The document declares an encoding other than UTF-8.
        case notUTF8 = "not-utf-8"

        /// The id under which diagnostics report this kind of problem.
        public var id: DiagnosticID {
            switch self {
            case .unreadable: .unreadableFile
            case .empty: .emptyFile
            case .tooLarge: .fileTooLarge
            case .doctype: .doctypeRefused
            case .tooManyAttributes: .tooManyAttributes
            case .notWellFormed: .notWellFormed
            case .invalid: .schemaInvalid
            case .notADossier: .notADossier
            case .notUTF8: .notUTF8
            }
        }
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    public var message: String

    public init(kind: Kind, line: Int, column: Int, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
    }
}

/// The caps that keep hostile input bounded.
public struct XMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Most attributes one element may carry. libxml2 2.9 checks duplicate attributes pairwise,
    /// so parse time grows with the square of this count.
    public var maxAttributesPerElement: Int

    public init(maxBytes: Int = 1 << 20, maxAttributesPerElement: Int = 64) {
        self.maxBytes = maxBytes
        self.maxAttributesPerElement = maxAttributesPerElement
    }

    public static let `default` = XMLLimits()
}
