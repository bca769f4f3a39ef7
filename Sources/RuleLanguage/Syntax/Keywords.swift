/// The words that give a rule file its structure. Each raw value is the word as written; where
/// the order of `allCases` matters (messages list the clauses a block accepts), it is the order
/// the reference documents them in.

/// The words that start a declaration at the top of a file.
enum DeclarationKeyword: String, CaseIterable {
    case ruleset, source, fact, category, define, rule, band, rate, undetermined, decisive, format, table
    /// `notApplicable at "notApplicable/item" path "@path"`: where a dossier says what does not apply.
    case notApplicable
    /// `open lists under "integrity" when integrity.checked == false`
    case open
}

/// The clauses of one kind of `{ ... }` block.
protocol BlockClause: RawRepresentable<String>, CaseIterable {}

extension BlockClause {
    /// The clause words, in the order messages list them.
    static var names: [String] { allCases.map(\.rawValue) }
}

/// The clauses of a `rule { ... }` block.
enum RuleClause: String, BlockClause {
    case title, category, points, when, unknown, message, cite, advice, floor, decisive, offsets
}

/// The clauses of a `category { ... }` block.
enum CategoryClause: String, BlockClause {
    case title, description, cap
}

/// The clauses of a `source { ... }` block.
enum SourceClause: String, BlockClause {
    case title, reference, file
}

/// The type names of a `fact` declaration.
enum TypeName: String, CaseIterable {
    case text, number, money, boolean, date
    case enumeration = "enum"
    case list
}

/// `unknown fire` or `unknown skip`: what a rule whose condition the dossier cannot decide
/// counts as.
public enum UnknownOutcome: String, Sendable, Hashable {
    case fire, skip
}
