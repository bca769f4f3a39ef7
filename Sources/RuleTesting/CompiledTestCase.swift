public import RuleLanguage
public import SilkDiagnostics

/// A test case checked against a rule set: every fact, rule and band it names resolved, every
/// value it gives of its fact's type.
public struct CompiledTestCase: Sendable {
    public let name: String
    /// The case's name in its file, where a failure's note points.
    public let nameSpan: SourceSpan
    /// The dossier the case scores, as a path (resolved against the test file's folder), and
    /// where the case names it; nil for a case made only of `given` facts.
    public let dossier: (path: String, span: SourceSpan)?
    public let givens: [Given]
    public let expectations: [Expectation]

    /// `given fact = value`: the fact's slot (nil for `asOf` in a catalogue with no such fact),
    /// and the value (nil: unknown).
    public struct Given: Sendable {
        public let slot: Int?
        public let value: Value?
        /// Whether the given sets the date ages are measured to (`asOf`), and to what.
        public let setsAsOf: Bool
        public let asOf: Day?
        public let span: SourceSpan
    }

    public enum Expectation: Sendable {
        /// A rule's outcome, by the rule's index in the rule set.
        case outcome(ExpectedOutcome, rule: Int, span: SourceSpan)
        /// The band, by its index in the rule set's bands, compared by their order there; nil for
        /// the undetermined verdict. `orUndetermined`: an undetermined dossier passes too.
        case band(BandRelation, band: Int?, orUndetermined: Bool, span: SourceSpan)
        /// The score lies in `low...high`.
        case score(low: Double, high: Double, span: SourceSpan)
        /// The score range is exactly `low...high`.
        case range(low: Double, high: Double, span: SourceSpan)

        public var span: SourceSpan {
            switch self {
            case .outcome(_, _, let span), .band(_, _, _, let span), .score(_, _, let span), .range(_, _, let span): span
            }
        }
    }
}
