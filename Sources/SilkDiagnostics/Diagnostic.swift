/// One finding about an input, shaped like a compiler's: severity, a message with a stable id, a
/// location, notes that point elsewhere ("first defined here"), and suggestions.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary message, optionally with its own location.
    public struct Note: Sendable, Hashable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public var severity: Severity
    /// A stable id, e.g. `unknown-fact`; documented in the reference tables (see `DiagnosticID`).
    public var id: DiagnosticID
    public var message: String
    /// Where, when the text is at hand: rendered with the line and a caret under the span.
    public var span: SourceSpan?
    /// Where, for a file whose text is not at hand (it could not be read, or is not text).
    var externalLocation: ExternalLocation?
    public var notes: [Note]
    /// Suggested fixes, shown as `= help: ...`.
    public var suggestions: [String]

    struct ExternalLocation: Sendable, Hashable {
        var path: String
        var line: Int
        var column: Int
    }

    public init(
        _ severity: Severity, _ id: DiagnosticID, _ message: String, at span: SourceSpan?, notes: [Note] = [],
        suggestions: [String] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.span = span
        self.notes = notes
        self.suggestions = suggestions
    }

    /// A diagnostic about a file held only as path, line and column.
    public init(_ severity: Severity, _ id: DiagnosticID, _ message: String, path: String, line: Int, column: Int) {
        self.init(severity, id, message, at: nil)
        self.externalLocation = ExternalLocation(path: path, line: line, column: column)
    }

    /// A diagnostic about a whole file whose text is not at hand (it does not exist, cannot be
    /// read, is too large or is not text): placed at its line 1, column 1, as compilers do.
    public init(_ severity: Severity, _ id: DiagnosticID, _ message: String, file path: String, suggestions: [String] = []) {
        self.init(severity, id, message, path: path, line: 1, column: 1)
        self.suggestions = suggestions
    }

    /// The file the diagnostic is about.
    public var path: String? {
        span?.file.path ?? externalLocation?.path
    }

    /// 1-based line and column (in characters), worked out from the span's byte offset.
    public var lineAndColumn: (line: Int, column: Int)? {
        if let span { return span.file.location(of: span.start) }
        return externalLocation.map { ($0.line, $0.column) }
    }

    /// `path:line:column`, as editors and CI annotators read it.
    public var position: String {
        guard let path, let location = lineAndColumn else { return "<unknown>" }
        return "\(path):\(location.line):\(location.column)"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
}
