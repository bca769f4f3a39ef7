/// The stable id of every kind of problem SilkRisk reports, in rule files, dossiers and the
/// files around them. The raw value is what reports print in brackets (`[unknown-fact]`) and
/// what the reference tables document: docs/rule-language.md §10 for rule files,
/// docs/dossier-format.md for dossiers. A test checks that every case is documented there.
public enum DiagnosticID: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // MARK: Rule files: reading and syntax
    case rulesNotFound = "rules-not-found"
    case unreadableFile = "unreadable-file"
    case invalidEncoding = "invalid-encoding"
    case unexpectedCharacter = "unexpected-character"
    case tooDeep = "too-deep"
    case unterminatedText = "unterminated-text"
    case invalidEscape = "invalid-escape"
    case invalidDate = "invalid-date"
    case expectedToken = "expected-token"
    case expectedDeclaration = "expected-declaration"
    case unknownClause = "unknown-clause"
    case unclosedInterpolation = "unclosed-interpolation"
    case unknownType = "unknown-type"

    // MARK: Rule files: declarations
    case missingRulesetName = "missing-ruleset-name"
    case duplicateId = "duplicate-id"
    case invalidPath = "invalid-path"
    case emptyRecord = "empty-record"
    case duplicateEnumValue = "duplicate-enum-value"
    case sourceFileUnreadable = "source-file-unreadable"
    case invalidCap = "invalid-cap"
    case unusedCategory = "unused-category"
    case missingBands = "missing-bands"
    case invalidBand = "invalid-band"
    case invalidRate = "invalid-rate"
    case unusedDefinition = "unused-definition"
    case referenceCycle = "reference-cycle"
    case changeableNotRead = "changeable-not-read"
    case redundantChangeable = "redundant-changeable"
    case formatSchemaUnreadable = "format-schema-unreadable"
    case invalidFormatSize = "invalid-format-size"
    case recordFormatUnsupported = "record-format-unsupported"
    case tableFileUnreadable = "table-file-unreadable"
    case unknownTableColumn = "unknown-table-column"
    case invalidTableValue = "invalid-table-value"
    case duplicateTableKey = "duplicate-table-key"
    case invalidOpenLists = "invalid-open-lists"

    // MARK: Rule files: the scoring model's verdicts
    case missingUndetermined = "missing-undetermined"
    case unknownMetric = "unknown-metric"
    case undeterminedTooNarrow = "undetermined-too-narrow"
    case missingDecisiveFloor = "missing-decisive-floor"
    case invalidDecisive = "invalid-decisive"
    case missingOffsets = "missing-offsets"
    case invalidOffsets = "invalid-offsets"

    // MARK: Rule files: rules
    case missingClause = "missing-clause"
    case missingCitation = "missing-citation"
    case missingMessage = "missing-message"
    case missingAdvice = "missing-advice"
    case unknownCategory = "unknown-category"
    case unknownSource = "unknown-source"
    case quoteNotFound = "quote-not-found"
    case unknownBand = "unknown-band"

    // MARK: Rule files: conditions and messages
    case unknownFact = "unknown-fact"
    case unknownName = "unknown-name"
    case unknownField = "unknown-field"
    case unknownRule = "unknown-rule"
    case unknownFunction = "unknown-function"
    case unknownTable = "unknown-table"
    case wrongArguments = "wrong-arguments"
    case typeMismatch = "type-mismatch"
    case invalidEnumValue = "invalid-enum-value"
    case invalidPattern = "invalid-pattern"
    case neverTrue = "never-true"
    case shadowedName = "shadowed-name"

    // MARK: Dossiers and other input files
    case emptyFile = "empty-file"
    case fileTooLarge = "file-too-large"
    case doctypeRefused = "doctype-refused"
    case tooManyAttributes = "too-many-attributes"
    case notWellFormed = "not-well-formed"
    case schemaInvalid = "schema-invalid"
    case notADossier = "not-a-dossier"
    case notUTF8 = "not-utf-8"
    case skippedFile = "skipped-file"
    case notApplicableContradiction = "not-applicable-contradiction"
    case noDossiers = "no-dossiers"
    case noRecords = "no-records"
    case duplicateFile = "duplicate-file"
    case duplicateDossierID = "duplicate-dossier-id"
    case notThisFormat = "not-this-format"
    case recordNotValidated = "record-not-validated"
    case formatSchemaInvalid = "format-schema-invalid"

    // MARK: Imported data (silkrisk import)
    case missingColumn = "missing-column"
    case unconvertibleRow = "unconvertible-row"
    case ignoredValue = "ignored-value"
    case importWriteFailed = "import-write-failed"

    // MARK: Dossiers: values the schema cannot check (warnings, the value counts as unknown;
    // errors for values that contradict themselves)
    case unreadableValue = "unreadable-value"
    case unknownValue = "unknown-value"
    case invalidMoney = "invalid-money"
    case ambiguousMoney = "ambiguous-money"
    case invertedRange = "inverted-range"

    // MARK: Rule tests
    case testsNotFound = "tests-not-found"
    case testFailed = "test-failed"
    case untestedRule = "untested-rule"

    public var description: String { rawValue }
}
