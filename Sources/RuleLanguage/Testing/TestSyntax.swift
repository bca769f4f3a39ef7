public import SilkDiagnostics

/// The syntax tree of a rule-test file (`*.tests` beside the rules), as written: the cases, the
/// facts each gives, and what each expects. Names are resolved against a compiled rule set by
/// `RuleTesting`.

/// What a `given` sets a fact to.
public indirect enum GivenValueSyntax: Sendable {
    /// A literal: a number, money, text, date or boolean, or a negated number or money.
    case literal(Expression)
    /// `low..high`: a number or money range.
    case range(Expression, Expression, SourceSpan)
    /// `[...]`, or `at least [...]` (`open`) for a list that holds at least these items.
    case list([GivenValueSyntax], open: Bool, SourceSpan)
    /// `{field: value, ...}`: one item of a list of records.
    case record([(name: Located<String>, value: GivenValueSyntax)], SourceSpan)
    /// `unknown`: the fact is not given (it overrides a dossier's value).
    case unknown(SourceSpan)
    /// `not applicable`, optionally followed by the reason in quotes.
    case notApplicable(reason: String, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .literal(let expression): expression.span
        case .range(_, _, let span), .list(_, _, let span), .record(_, let span), .unknown(let span), .notApplicable(_, let span): span
        }
    }
}

/// `given fact = value`
public struct GivenSyntax: Sendable {
    public var fact: Located<String>
    public var value: GivenValueSyntax
}

/// How a band expectation compares the assessment's band with the one named.
public enum BandRelation: String, Sendable, Hashable {
    case exactly = ""
    case atLeast = "at least"
    case atMost = "at most"
}

/// A rule's outcome a case expects.
public enum ExpectedOutcome: String, Sendable, Hashable {
    case fired
    case notFired = "not fired"
    case undecided
}

/// `expect ...`
public enum ExpectationSyntax: Sendable, Hashable {
    /// `expect fired ID`, `expect not fired ID`, `expect undecided ID`
    case outcome(ExpectedOutcome, rule: Located<String>, span: SourceSpan)
    /// `expect band ID`, `expect band at least ID`, `expect band at most ID`, each optionally
    /// followed by `or undetermined`; `expect band undetermined`.
    case band(BandRelation, band: Located<String>, orUndetermined: Bool, span: SourceSpan)
    /// `expect score N` (low == high) or `expect score LOW..HIGH`
    case score(low: Located<Double>, high: Located<Double>, span: SourceSpan)
    /// `expect range LOW..HIGH`: the score range, exactly.
    case range(low: Located<Double>, high: Located<Double>, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .outcome(_, _, let span), .band(_, _, _, let span), .score(_, _, let span), .range(_, _, let span): span
        }
    }
}

/// `test "name" { ... }`
public struct TestCaseSyntax: Sendable {
    public var name: Located<String>
    /// `dossier "path"`, relative to the test file.
    public var dossier: Located<String>?
    public var givens: [GivenSyntax]
    public var expectations: [ExpectationSyntax]
    public var span: SourceSpan
}

/// One parsed test file.
public struct TestFileSyntax: Sendable {
    public var file: SourceFile
    public var cases: [TestCaseSyntax]
    public var diagnostics: [Diagnostic]
}
