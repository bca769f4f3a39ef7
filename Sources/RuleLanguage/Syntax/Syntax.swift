public import SilkDiagnostics

/// The syntax tree of rule files, exactly as written: names are not yet resolved and nothing is
/// type-checked. Every node keeps its span.

public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var span: SourceSpan

    public init(_ value: Value, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

public indirect enum Expression: Sendable, Hashable {
    case number(Double, SourceSpan)
    case text(String, SourceSpan)
    case boolean(Bool, SourceSpan)
    case date(Day, SourceSpan)
    /// An amount with a currency code: `13 billion USD`.
    case money(Double, String, SourceSpan)
    case list([Expression], SourceSpan)
    /// A dotted name: a fact, a definition, or a field of a bound record (`p.kind`).
    case name([Located<String>], SourceSpan)
    case unary(UnaryOperator, Expression, SourceSpan)
    case binary(BinaryOperator, Expression, Expression, SourceSpan)
    /// `x in a..b`
    case range(Expression, Expression, SourceSpan)
    /// `any(p in parties where p.kind == "fund")`, `sum(m in milestones of m.cost)`
    case quantifier(
        kind: Located<QuantifierKind>, variable: Located<String>, collection: Expression, value: Expression?,
        condition: Expression?, span: SourceSpan)
    case call(Located<String>, [Expression], SourceSpan)
    /// A parse error stood here; it has been reported already.
    case error(SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .number(_, let span), .text(_, let span), .boolean(_, let span), .date(_, let span),
            .money(_, _, let span), .list(_, let span), .name(_, let span), .unary(_, _, let span),
            .binary(_, _, _, let span), .range(_, _, let span), .call(_, _, let span), .error(let span):
            span
        case .quantifier(_, _, _, _, _, let span):
            span
        }
    }
}

/// A piece of an explanation message: literal text or an interpolated expression.
public enum MessagePart: Sendable, Hashable {
    case literal(String)
    case expression(Expression)
}

public struct TypeSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text, number, money, boolean, date
        case enumeration([Located<String>])
        case list(element: Box<TypeSyntax>)
        case records([FieldSyntax])
    }

    public var kind: Kind
    public var span: SourceSpan
}

public final class Box<Value: Sendable & Hashable>: Sendable, Hashable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
    public static func == (lhs: Box, rhs: Box) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

public struct FieldSyntax: Sendable, Hashable {
    public var name: Located<String>
    public var type: TypeSyntax
    public var path: Located<String>
    /// Where `changeable` is written after the path, when it is: the project can change the
    /// field's value (see `FactSyntax.changeable`).
    public var changeable: SourceSpan? = nil
}

public struct FactSyntax: Sendable, Hashable {
    public var name: Located<String>
    public var type: TypeSyntax
    public var path: Located<String>
    public var description: String?
    /// Where `changeable` is written after the path, when it is: the project can change the
    /// fact (what `silkrisk whatif` may try), unlike its history or its host's economy.
    public var changeable: SourceSpan? = nil
}

public struct CategorySyntax: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var description: Located<String>?
    public var cap: Located<Double>?
}

public struct DefinitionSyntax: Sendable, Hashable {
    public var name: Located<String>
    public var body: Expression
}

public struct CitationSyntax: Sendable, Hashable {
    public var source: Located<String>
    public var quote: Located<String>
}

public struct RuleSyntax: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var category: Located<String>?
    public var points: Located<Double>?
    public var condition: Expression?
    /// `unknown fire` or `unknown skip`: what an undecidable condition counts as.
    public var whenUnknown: Located<UnknownOutcome>?
    public var message: Located<[MessagePart]>?
    public var citations: [CitationSyntax]
    public var advice: Located<String>?
    public var floor: Located<String>?
    /// `decisive`: the rule is a decisive obstacle, which reaches the scoring model's
    /// `decisive floor` band on its own. The span is the keyword's.
    public var decisive: SourceSpan? = nil
    /// `offsets a, b`: the adverse categories a mitigation offsets, in the order written.
    public var offsets: [Located<String>] = []
    /// Where the `offsets` keyword stands, when the rule has the clause.
    public var offsetsClause: SourceSpan? = nil
    public var span: SourceSpan
}

public struct SourceSyntax: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var reference: Located<String>?
    /// A text file holding the source, relative to the rule file: quotes citing this source
    /// are checked against it, verbatim.
    public var file: Located<String>?
}

public struct BandSyntax: Sendable, Hashable {
    public var id: Located<String>
    public var label: Located<String>
    public var from: Located<Double>
}

public struct RateSyntax: Sendable, Hashable {
    /// `rate 1 USD = 6.9 CNY`
    public var from: Located<String>
    public var to: Located<String>
    /// How many units of `to` one unit of `from` buys.
    public var factor: Double
    public var span: SourceSpan
}

/// `undetermined "Label" when CONDITION`: when a dossier's evidence is too thin to band it.
public struct UndeterminedSyntax: Sendable, Hashable {
    /// The `undetermined` keyword.
    public var keyword: SourceSpan
    public var label: Located<String>
    /// The condition over the verdict metrics (`bandReach`, `decidedShare`, `decidedRules`).
    public var condition: Expression
    /// Where the condition is written, parentheses included.
    public var conditionSpan: SourceSpan
}

/// `decisive floor BAND`: the band a decisive obstacle reaches on its own.
public struct DecisiveFloorSyntax: Sendable, Hashable {
    /// The `decisive` keyword.
    public var keyword: SourceSpan
    public var band: Located<String>
}

/// `notApplicable at "notApplicable/item" path "@path"`: the dossier's items that say a section
/// or element does not apply (`items`, a list path), and where each names it (`path`, relative to
/// the item). The item's text is the reason; its `source` and `basis` are its provenance.
public struct NotApplicableSyntax: Sendable, Hashable {
    public var items: Located<String>
    public var path: Located<String>
    public var span: SourceSpan
}

/// `open lists under "integrity" when integrity.checked == false`: every list fact under the
/// section holds at least its items, not exactly them, for a dossier where the condition holds.
public struct OpenListsSyntax: Sendable, Hashable {
    public var section: Located<String>
    public var condition: Expression
    public var span: SourceSpan
}

public struct RuleSetHeaderSyntax: Sendable, Hashable {
    public var name: Located<String>
    public var version: Located<String>?
}

public enum Declaration: Sendable, Hashable {
    case header(RuleSetHeaderSyntax)
    case source(SourceSyntax)
    case fact(FactSyntax)
    case category(CategorySyntax)
    case definition(DefinitionSyntax)
    case rule(RuleSyntax)
    case band(BandSyntax)
    case rate(RateSyntax)
    case undetermined(UndeterminedSyntax)
    case decisiveFloor(DecisiveFloorSyntax)
    case notApplicable(NotApplicableSyntax)
    case openLists(OpenListsSyntax)
    case format(FormatSyntax)
    case table(TableSyntax)
}

/// One parsed rule file.
public struct RuleFileSyntax: Sendable {
    public var file: SourceFile
    public var declarations: [Declaration]
    public var diagnostics: [Diagnostic]
}
