public import SilkDiagnostics

/// Where a fact sits in the dossier: element steps from the root (or from a list item), and
/// optionally an attribute of the last element. `"."` is the item itself.
public struct FactPath: Sendable, Hashable, CustomStringConvertible {
    public var elements: [String]
    public var attribute: String?

    public var description: String {
        var parts = elements
        if let attribute { parts.append("@" + attribute) }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    package init(elements: [String], attribute: String?) {
        self.elements = elements
        self.attribute = attribute
    }

    /// Parses `a/b/c`, `a/b/@attr`, `@attr` or `.`; nil when malformed.
    init?(_ text: String) {
        if text == "." {
            elements = []
            attribute = nil
            return
        }
        var steps = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        attribute = nil
        if let last = steps.last, last.hasPrefix("@") {
            attribute = String(last.dropFirst())
            steps.removeLast()
            guard FactPath.isName(attribute!) else { return nil }
        }
        guard steps.allSatisfy(FactPath.isName) else { return nil }
        elements = steps
        if elements.isEmpty && attribute == nil { return nil }
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }
}

public struct CompiledField: Sendable, Hashable {
    public let name: String
    public let type: ValueType
    public let path: FactPath
    /// The project can change the field's value (`changeable`), or its list is changeable.
    public var changeable = false
}

/// A fact of the catalogue, with its slot in a dossier's fact table.
public struct CompiledFact: Sendable, Hashable {
    public let name: String
    public let type: ValueType
    public let path: FactPath
    /// For a list of records: each record's fields, read relative to the item.
    public let fields: [CompiledField]
    public let span: SourceSpan
    /// The project can change the fact (`changeable` in the catalogue): what `silkrisk whatif`
    /// may try. For a list, its items may be added and removed and every field changed.
    public var changeable = false

    /// Whether the fact reads the dossier as `other` does: the same name, type and path, and
    /// the same fields. (Where it is declared, and whether it is changeable, do not matter.)
    public func readsAlike(_ other: CompiledFact) -> Bool {
        name == other.name && type == other.type && path == other.path && fields.map(\.path) == other.fields.map(\.path)
    }
}

public struct CompiledCategory: Sendable, Hashable {
    public let id: String
    public let title: String
    public let description: String
    public let cap: Double?
}

public struct CompiledSource: Sendable, Hashable {
    public let id: String
    public let title: String
    public let reference: String?
}

public struct Citation: Sendable, Hashable {
    /// The source's id, as the rule cites it.
    public let source: String
    public let quote: String
    /// The source's title, for readers.
    public let sourceTitle: String

    public init(source: String, quote: String, sourceTitle: String? = nil) {
        self.source = source
        self.quote = quote
        self.sourceTitle = sourceTitle ?? source
    }
}

public struct Band: Sendable, Hashable {
    public let id: String
    public let label: String
    public let from: Double

    package init(id: String, label: String, from: Double) {
        self.id = id
        self.label = label
        self.from = from
    }
}

/// A compiled rule: names resolved to slots, types checked, ready to evaluate. A class, so that
/// evaluating thousands of dossiers shares one copy instead of copying its fields each time.
public final class CompiledRule: Sendable {
    public let id: String
    public let title: String
    public let category: String
    public let points: Double
    package let condition: Node
    /// What an undecided condition counts as: nil leaves it undecided.
    public let whenUnknown: Bool?
    package let message: [CompiledMessagePart]
    public let citations: [Citation]
    public let advice: String
    public let floor: String?
    /// A decisive obstacle: when it fires, the dossier is at least in the rule set's
    /// `decisive floor` band (as well as its own `floor`, if any).
    public let decisive: Bool
    /// For a mitigation (negative points): the adverse categories it offsets, in the order
    /// declared; empty for an adverse rule.
    public let offsets: [String]
    /// Slots of every fact the rule reads, directly or through definitions and other rules,
    /// in catalogue order: the evidence a report shows.
    public let factsRead: [Int]
    /// Slots of the facts the condition reads (not those only its message shows): the facts
    /// whose absence can leave the rule undecided.
    public let conditionFacts: [Int]
    /// The lists among `factsRead`, with the fields of their items the rule reads.
    public let listReads: [ListRead]
    public let span: SourceSpan

    init(
        id: String, title: String, category: String, points: Double, condition: Node, whenUnknown: Bool?, message: [CompiledMessagePart],
        citations: [Citation], advice: String, floor: String?, decisive: Bool, offsets: [String], factsRead: [Int], conditionFacts: [Int],
        listReads: [ListRead] = [], span: SourceSpan
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.points = points
        self.condition = condition
        self.whenUnknown = whenUnknown
        self.message = message
        self.citations = citations
        self.advice = advice
        self.floor = floor
        self.decisive = decisive
        self.offsets = offsets
        self.factsRead = factsRead
        self.conditionFacts = conditionFacts
        self.listReads = listReads
        self.span = span
    }

    /// The same rule with the facts it reads filled in.
    package func reading(facts: [Int], condition conditionFacts: [Int], lists: [ListRead]) -> CompiledRule {
        CompiledRule(
            id: id, title: title, category: category, points: points, condition: condition, whenUnknown: whenUnknown, message: message,
            citations: citations, advice: advice, floor: floor, decisive: decisive, offsets: offsets, factsRead: facts,
            conditionFacts: conditionFacts, listReads: lists, span: span)
    }

    /// The fields of the list in `slot` the rule reads item by item; nil when the rule does not
    /// read that fact, or it is not a list.
    public func listRead(_ slot: Int) -> ListRead? {
        listReads.first { $0.slot == slot }
    }
}

package enum CompiledMessagePart: Sendable {
    case literal(String)
    case value(Node, ValueType)
}

public struct ExchangeRate: Sendable, Hashable {
    public let from: String
    public let to: String
    public let factor: Double
}

/// Every conversion the declared rates allow — direct, inverted, or through one other
/// currency — worked out once per rule set, so that comparing money looks a factor up.
public struct RateTable: Sendable {
    public let rates: [ExchangeRate]
    private let factors: [Pair: Double]

    private struct Pair: Hashable {
        var from: String
        var to: String
    }

    public static let none = RateTable([])

    public init(_ rates: [ExchangeRate]) {
        self.rates = rates
        let currencies = Set(rates.flatMap { [$0.from, $0.to] }).sorted()
        var factors: [Pair: Double] = [:]
        for from in currencies {
            for to in currencies where to != from {
                if let factor = Self.derive(from: from, to: to, rates: rates, pivots: currencies) { factors[Pair(from: from, to: to)] = factor }
            }
        }
        self.factors = factors
    }

    /// How many units of `to` one unit of `from` buys; nil when no declared rate leads there.
    /// Money with no currency is a zero sum, and converts at 1.
    public func factor(from: String, to: String) -> Double? {
        if from == to || from.isEmpty || to.isEmpty { return 1 }
        return factors[Pair(from: from, to: to)]
    }

    private static func derive(from: String, to: String, rates: [ExchangeRate], pivots: [String]) -> Double? {
        func direct(_ a: String, _ b: String) -> Double? {
            if let rate = rates.first(where: { $0.from == a && $0.to == b }) { return rate.factor }
            if let rate = rates.first(where: { $0.from == b && $0.to == a }) { return 1 / rate.factor }
            return nil
        }
        if let factor = direct(from, to) { return factor }
        for pivot in pivots where pivot != from && pivot != to {
            if let first = direct(from, pivot), let second = direct(pivot, to) { return first * second }
        }
        return nil
    }
}

/// Where a dossier says that a section or element does not apply (`notApplicable` in the
/// catalogue): each item at `items` names, at `path` (relative to the item), the dossier path
/// that does not apply; its text is the reason.
public struct NotApplicableItems: Sendable, Hashable {
    public let items: FactPath
    public let path: FactPath
}

/// `open lists under SECTION when FACT == VALUE`: in a dossier where the fact equals one of
/// `values` (or, `negated`, equals none of them), every list fact in `slots` holds at least its
/// items, not exactly them.
public struct OpenLists: Sendable, Hashable {
    public let section: FactPath
    /// The fact the condition reads, and the values it is compared with.
    public let conditionSlot: Int
    public let values: [Value]
    public let negated: Bool
    /// The list facts under the section.
    public let slots: [Int]
}

/// The catalogue's `notApplicable` and `open lists under` declarations.
final class DossierReading: Sendable {
    let notApplicable: NotApplicableItems?
    let openLists: [OpenLists]

    init(notApplicable: NotApplicableItems?, openLists: [OpenLists]) {
        self.notApplicable = notApplicable
        self.openLists = openLists
    }
}

/// Everything under `Rules/`, compiled once per run.
public struct CompiledRuleSet: Sendable {
    public let name: String
    public let version: String
    /// SHA-256 of every rule file's path and bytes, in path order.
    public let contentHash: String
    public let facts: [CompiledFact]
    public let categories: [CompiledCategory]
    public let rules: [CompiledRule]
    package let definitions: [Node]
    /// The score bands, lowest first.
    public let bands: [Band]
    /// When a dossier's evidence is too thin to band it; nil when the rule set does not say
    /// (then every dossier gets a band).
    public let undetermined: UndeterminedVerdict?
    /// The band a fired decisive rule puts the dossier in at least; nil when not declared.
    public let decisiveFloor: String?
    public let sources: [CompiledSource]
    public let rates: RateTable
    /// How dossiers say what does not apply and which lists are open: one reference, so that a
    /// copy of the rule set (one per assessed dossier) costs one retain for both.
    let reading: DossierReading
    /// The conditions, definitions and message values in the flat form the evaluator walks.
    package let program: ConditionProgram

    /// Where dossiers say what does not apply; nil when the catalogue does not say.
    public var notApplicable: NotApplicableItems? { reading.notApplicable }
    public var openLists: [OpenLists] { reading.openLists }
    /// The input format the rules read, when they declare one; nil reads dossiers.
    public var format: InputFormat? = nil
    /// The reference tables the rules look values up in.
    public var tables: [ReferenceTable] = []

    /// The texts the rule set was compiled from, when `RuleSetLoader` compiled it.
    var origin: RuleSetOrigin? = nil

    public func fact(named name: String) -> CompiledFact? { facts.first { $0.name == name } }
    public func category(_ id: String) -> CompiledCategory? { categories.first { $0.id == id } }

    /// The same rule set compiled again from the same texts (nothing is read from disk), so
    /// that it shares no object with this one: each worker thread of a batch scores with one
    /// of its own, and the two never touch the same reference counts (on this machine's two
    /// cores, a reference count both keep changing cost up to a seventh of the CPU time, in
    /// `swift_retain` alone). Equal to this one in every respect, `contentHash` included; the
    /// rule set itself when it was not compiled by `RuleSetLoader`.
    public func replica() -> CompiledRuleSet {
        guard let origin else { return self }
        let read = origin.read
        var compiler = RuleCompiler(readFile: { path in read[path] ?? nil })
        guard var copy = compiler.compile(origin.files.map(Parser.parse)).ruleSet else { return self }
        copy.origin = origin
        return copy
    }
}

/// The rule files a rule set was compiled from, and the texts of the files they name (sources
/// and tables) as they were read (nil: unreadable).
final class RuleSetOrigin: Sendable {
    let files: [SourceFile]
    let read: [String: String?]

    init(files: [SourceFile], read: [String: String?]) {
        self.files = files
        self.read = read
    }
}
