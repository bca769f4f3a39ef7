import DossierXML
public import RuleLanguage
public import SilkDiagnostics

/// Where a fact's value came from in the dossier: the evidence a report cites.
public struct FactEvidence: Sendable, Hashable {
    /// 1-based line of the element the value was read from (for a list: its container; its
    /// items' lines are in `list`).
    public var line: Int
    /// "assumption" or "estimate" when the dossier marks the value so; nil when reported.
    public var basis: String?
    /// Ids of the dossier's sources the value cites.
    public var sources: [String]
    /// For a list: where each item, and each field of a record, stands and on whose word.
    public var list: ListEvidence?

    public init(line: Int, basis: String? = nil, sources: [String] = [], list: ListEvidence? = nil) {
        self.line = line
        self.basis = basis
        self.sources = sources
        self.list = list
    }
}

/// Where a list's items stand in the dossier, and each field of each record item: a line and
/// a provenance per item and per field, read once during extraction and shown for the items of
/// every finding that reads the list. Plain numbers per item and field, so that a dossier's
/// lists cost a few arrays, not an evidence value per field; the few distinct `basis` and
/// `source` combinations are kept once each. A class: evidence is copied from finding to
/// finding, and a class is one reference to count however many arrays it holds.
public final class ListEvidence: Sendable, Hashable {
    /// A line, 0 when the item does not give the field; and an index into `provenances`, -1
    /// when the element has neither `basis` nor `source`.
    package struct Place: Sendable, Hashable {
        package var line: Int32
        package var provenance: Int32
    }

    /// A `basis` and the sources a `source` names.
    package struct Provenance: Sendable, Hashable {
        package var basis: String?
        package var sources: [String]
    }

    package let items: [Place]
    /// `fieldCount` places an item, item after item.
    package let fields: [Place]
    package let provenances: [Provenance]
    /// Fields per item: the record's, 0 for a list of plain values (the item is the value).
    public let fieldCount: Int

    package init(fieldCount: Int, items: [Place], fields: [Place], provenances: [Provenance]) {
        self.fieldCount = fieldCount
        self.items = items
        self.fields = fields
        self.provenances = provenances
    }

    public var count: Int { items.count }

    /// The item's own element: its line and provenance.
    public func item(_ index: Int) -> FactEvidence {
        evidence(items[index])!
    }

    /// A record item's field: the line and provenance of the element it is read from (the
    /// item's own for an attribute or its text); nil when the item does not give it.
    public func field(_ field: Int, ofItem item: Int) -> FactEvidence? {
        guard field < fieldCount, item < items.count else { return nil }
        return evidence(fields[item * fieldCount + field])
    }

    /// The provenance of a place, without making an evidence value.
    package func provenance(_ place: Place) -> Provenance? {
        place.provenance < 0 ? nil : provenances[Int(place.provenance)]
    }

    private func evidence(_ place: Place) -> FactEvidence? {
        guard place.line > 0 else { return nil }
        let provenance = provenance(place)
        return FactEvidence(line: Int(place.line), basis: provenance?.basis, sources: provenance?.sources ?? [])
    }

    /// A place read from the dossier; `basis` and `sources` are made only when the element
    /// has either, and kept once in `provenances`.
    static func place(line: Int, hasProvenance: Bool, basis: () -> String?, sources: () -> [String], provenances: inout [Provenance]) -> Place {
        guard hasProvenance else { return Place(line: Int32(clamping: line), provenance: -1) }
        let provenance = Provenance(basis: basis(), sources: sources())
        if provenance.basis == nil && provenance.sources.isEmpty { return Place(line: Int32(clamping: line), provenance: -1) }
        if let index = provenances.firstIndex(of: provenance) { return Place(line: Int32(clamping: line), provenance: Int32(index)) }
        provenances.append(provenance)
        return Place(line: Int32(clamping: line), provenance: Int32(provenances.count - 1))
    }

    public static func == (a: ListEvidence, b: ListEvidence) -> Bool {
        a === b || (a.fieldCount == b.fieldCount && a.items == b.items && a.fields == b.fields && a.provenances == b.provenances)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fieldCount)
        hasher.combine(items)
        hasher.combine(fields)
        hasher.combine(provenances)
    }
}

/// One dossier's facts, in the catalogue's slot order.
public struct DossierFacts: Sendable {
    public var values: [Value?]
    public var evidence: [FactEvidence?]
    /// The dossier's `asOf` date: ages are measured to it, never to the clock.
    public var asOf: Day?
    /// Values the schema could not check that do not read as their fact's type (an analyst's
    /// own element under <extensions>, a money figure with neither an amount nor a range): each
    /// counts as unknown, and is reported as a warning placed at its element. A value that
    /// contradicts itself (money with both an amount and a range, a range whose min is above
    /// its max) is an error: the dossier is not scored until it is corrected.
    public var problems: [Diagnostic]

    public init(values: [Value?], evidence: [FactEvidence?], asOf: Day?, problems: [Diagnostic] = []) {
        self.values = values
        self.evidence = evidence
        self.asOf = asOf
        self.problems = problems
    }
}
