package import RuleLanguage

extension EvidenceItem {
    /// One item of a list a finding reads: where the dossier gives it, on whose word, and the
    /// values of the fields the rule reads — the ratings, dates and kinds it tested, not only
    /// the names a message shows.
    public struct ListItem: Sendable, Hashable {
        /// The item as a message shows it: a record by its first field.
        public var value: String
        /// 1-based line of the item's element.
        public var line: Int
        public var basis: String?
        public var sources: [String]
        /// The fields the rule reads, in the catalogue's order; empty for a list of plain values
        /// (the item is the value) and for a list the rule reads only as a whole.
        public var fields: [Field]

        /// "assumption", "source essay": as `EvidenceItem.qualifiers`.
        public var qualifiers: [String] { EvidenceItem.qualifiers(basis: basis, sources: sources) }
    }

    /// A field of a list item: its value as a reader sees it, and where the dossier gives it.
    public struct Field: Sendable, Hashable {
        public var name: String
        /// "unknown" when the item does not give it.
        public var value: String
        /// 1-based line of the element the field was read from (the item's own for an
        /// attribute or its text); nil when the item does not give the field, or gives a value
        /// that does not read as the field's type (a data problem of its own).
        public var line: Int?
        public var basis: String?
        public var sources: [String]

        public var qualifiers: [String] { EvidenceItem.qualifiers(basis: basis, sources: sources) }
    }

    static func qualifiers(basis: String?, sources: [String]) -> [String] {
        (basis.map { [$0] } ?? []) + (sources.isEmpty ? [] : ["source " + sources.joined(separator: " ")])
    }
}

extension EvidenceSheet {
    /// The items of the list in `slot`, with the fields `list` names; none when the list is
    /// unknown. Formatted here, when a report asks, not while scoring.
    /// The items of the list in `slot`, closed or open (an open list shows the items recorded).
    package func recordedItems(_ slot: Int) -> [Value?]? {
        switch values[slot] {
        case .list(let items)?, .openList(let items)?: items
        default: nil
        }
    }

    package func listItems(_ slot: Int, _ list: ListRead) -> [EvidenceItem.ListItem] {
        guard let items = recordedItems(slot), let places = provenance[slot]?.list else { return [] }
        return items.indices.map { index in
            let place = places.item(index)
            let record = Self.record(items[index])
            return EvidenceItem.ListItem(
                value: Self.shown(items[index]), line: place.line, basis: place.basis, sources: place.sources,
                fields: list.fields.map { field in
                    // A field the item does not give (or gives in a form that does not read)
                    // has no place: only its item's.
                    let value = field.index < record.count ? record[field.index] : nil
                    let evidence = value == nil ? nil : places.field(field.index, ofItem: index)
                    return EvidenceItem.Field(
                        name: field.name, value: Format.value(value), line: evidence?.line, basis: evidence?.basis, sources: evidence?.sources ?? [])
                })
        }
    }

    /// A list item as a message shows it: a record by its first field.
    package static func shown(_ item: Value?) -> String {
        if case .record(let fields)? = item { return Format.value(fields.first ?? nil) }
        return Format.value(item)
    }

    /// A record item's fields; none for a plain value.
    package static func record(_ item: Value?) -> [Value?] {
        if case .record(let fields)? = item { return fields }
        return []
    }
}
