import SilkDiagnostics

/// One thing wrong with an XML input, as it is found: what libxml2 or a check of ours says, and
/// where, in the terms the finder has. `XMLSource` turns it into a `Diagnostic` with a span in
/// the input's bytes once the parse is over, so that positions are worked out only for inputs
/// that fail.
struct XMLProblem {
    var id: DiagnosticID
    var message: String
    var place: Place
    var suggestions: [String] = []
    /// Other places the problem involves ("the element is given here").
    var notes: [(message: String, place: Place)] = []

    init(_ id: DiagnosticID, _ message: String, at place: Place, suggestions: [String] = [], notes: [(message: String, place: Place)] = []) {
        self.id = id
        self.message = message
        self.place = place
        self.suggestions = suggestions
        self.notes = notes
    }

    enum Place {
        /// The file as a whole: it is empty, too large, unreadable or not text.
        case file
        /// A 1-based line and column, the column in characters (Unicode scalars), as libxml2
        /// counts them.
        case lineAndColumn(line: Int, column: Int)
        /// The start tag of the element `name` (as written, with any prefix) on a line: libxml2
        /// gives schema errors a line only.
        case element(String, line: Int)
        /// One name in the value of an attribute of the element `name` on a line.
        case attributeValue(element: String, line: Int, attribute: String, value: String)
        /// The start tag whose `<` is at a byte offset.
        case tag(at: Int)
        /// A range of bytes.
        case bytes(Range<Int>)
    }
}

/// Every problem found in one input, before they are placed.
struct XMLProblems: Error {
    var problems: [XMLProblem]

    init(_ problems: [XMLProblem]) {
        self.problems = problems
    }
}
