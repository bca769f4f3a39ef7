public import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// Reads a dossier's facts in one walk over the document. The catalogue's paths are compiled
/// once into an `XMLQuery`, a tree of element names that `DossierXML` walks in libxml2's own
/// tree, copying only the values the catalogue names; this type turns those readings into typed
/// values and evidence.
public struct FactExtractor: Sendable {
    public let facts: [CompiledFact]
    public let query: XMLQuery
    /// How each slot is read, worked out once: extraction then copies no fact descriptions.
    private let plans: [SlotPlan]

    private enum SlotPlan: Sendable {
        case scalar(ValueType)
        case list(ValueType)
        case records([ValueType])
    }
    /// Query slots, after the facts', for what every assessment shows: for each of id, date,
    /// title and status, the slots of its places in order (the first with a value is taken).
    let idSlots: [Int]
    let asOfSlots: [Int]
    let titleSlots: [Int]
    let statusSlots: [Int]
    let formatSlot: Int
    /// How the dossier says what does not apply, and which facts each path it may name covers.
    let applicability: Applicability?
    let openLists: [OpenLists]

    /// The extractor of a rule set's catalogue, reading its declared format's records when it
    /// declares one; dossiers streamed with `schema` (see `DossierLoader.validator`).
    public init(ruleSet: CompiledRuleSet, schema: XMLSchemaValidator = DossierLoader.schema) {
        self.init(
            facts: ruleSet.facts, notApplicable: ruleSet.notApplicable, openLists: ruleSet.openLists,
            identity: ruleSet.format?.identity ?? .dossier, namespace: ruleSet.format?.namespace, schema: schema)
    }

    /// `identity` says where a record's id, title, status and date are (a dossier's by default);
    /// `namespace` is the namespace of the elements read (none for a dossier).
    public init(
        facts: [CompiledFact], notApplicable: NotApplicableItems? = nil, openLists: [OpenLists] = [], identity: RecordIdentity = .dossier,
        namespace: String? = nil, schema: XMLSchemaValidator = DossierLoader.schema
    ) {
        self.facts = facts
        self.openLists = openLists
        var scalars: [XMLQuery.Scalar] = []
        var lists: [XMLQuery.List] = []
        for (slot, fact) in facts.enumerated() {
            if case .list(let element) = fact.type {
                let fields: [(path: [String], read: XMLQuery.Read)]
                if case .record = element {
                    fields = fact.fields.map { ($0.path.elements, Self.read($0.type, $0.path)) }
                } else {
                    fields = [([], Self.read(element, FactPath(elements: [], attribute: fact.path.attribute)))]
                }
                lists.append(XMLQuery.List(slot: slot, path: Array(fact.path.elements.dropLast()), item: fact.path.elements.last!, fields: fields))
            } else {
                scalars.append(XMLQuery.Scalar(slot: slot, path: fact.path.elements, read: Self.read(fact.type, fact.path)))
            }
        }
        var next = facts.count
        func slots(_ paths: [FactPath]) -> [Int] {
            paths.map { path in
                scalars.append(XMLQuery.Scalar(slot: next, path: path.elements, read: path.attribute.map { .attribute($0) } ?? .text))
                next += 1
                return next - 1
            }
        }
        idSlots = slots(identity.id)
        asOfSlots = slots(identity.asOf)
        titleSlots = slots(identity.title)
        statusSlots = slots(identity.status)
        formatSlot = next
        scalars.append(XMLQuery.Scalar(slot: formatSlot, path: [], read: .attribute("format")))
        applicability = notApplicable.map { Applicability($0, facts: facts, slot: facts.count) }
        if let applicability { lists.append(applicability.list) }
        query = XMLQuery(scalars: scalars, lists: lists, namespace: namespace, schema: schema)
        plans = facts.map { fact in
            guard case .list(let element) = fact.type else { return .scalar(fact.type) }
            if case .record = element { return .records(fact.fields.map(\.type)) }
            return .list(element)
        }
    }

    static func read(_ type: ValueType, _ path: FactPath) -> XMLQuery.Read {
        if let attribute = path.attribute { return .attribute(attribute) }
        if case .money = type { return .attributes }
        return .text
    }

    /// The dossier's own identity, as every report shows it.
    struct Identity {
        var id: String?
        var title: String?
        var status: String?
        /// The format version the dossier says it follows (its `format` attribute).
        var format: String?
    }

    func identity(of result: XMLQueryResult) -> Identity {
        func text(_ slots: [Int]) -> String? {
            for slot in slots {
                if let text = result.scalars[slot]?.text.map({ Self.collapsed($0, in: result) }), !text.isEmpty { return text }
            }
            return nil
        }
        return Identity(id: text(idSlots), title: text(titleSlots), status: text(statusSlots), format: text([formatSlot]))
    }

    /// A value that does not read as its fact's type, as extraction finds it: placed in the
    /// document's source (a diagnostic) only once extraction is over, for a dossier that has one.
    struct UnreadValue {
        /// A warning for a value that is not given in a usable form (it counts as unknown); an
        /// error for one that contradicts itself (the dossier cannot be used as it stands).
        var severity: Diagnostic.Severity = .warning
        var id: DiagnosticID
        var line: Int
        var element: String
        var message: String
        var suggestions: [String] = []
    }

    /// Extracts the facts of a dossier read with `query`. A reading is plain numbers into the
    /// result's bytes: strings are made only for values that are text.
    public func extract(_ read: DossierLoader.Read) -> DossierFacts {
        var (facts, unreadValues) = extract(read.result)
        if !unreadValues.isEmpty {
            let source = read.source
            facts.problems = unreadValues.map {
                source.diagnostic($0.severity, $0.id, $0.message, element: $0.element, line: $0.line, suggestions: $0.suggestions)
            }
        }
        return facts
    }

    /// Extracts the facts of one record read with `query`; problems are placed in the source
    /// `source` gives, asked for only when there is one.
    func extract(_ result: XMLQueryResult, source: () -> XMLSource) -> DossierFacts {
        var (facts, unreadValues) = extract(result)
        if !unreadValues.isEmpty {
            let source = source()
            facts.problems = unreadValues.map {
                source.diagnostic(.warning, $0.id, $0.message, element: $0.element, line: $0.line, suggestions: $0.suggestions)
            }
        }
        return facts
    }

    private func extract(_ result: XMLQueryResult) -> (facts: DossierFacts, unreadValues: [UnreadValue]) {
        var problems: [UnreadValue] = []
        var values: [Value?] = []
        var evidence: [FactEvidence?] = []
        values.reserveCapacity(plans.count)
        evidence.reserveCapacity(plans.count)
        for (slot, plan) in plans.enumerated() {
            switch plan {
            case .list, .records:
                guard let list = result.lists[slot] else {
                    values.append(nil)
                    evidence.append(nil)
                    continue
                }
                var items: [Value?] = []
                items.reserveCapacity(list.count)
                // Each item's place and provenance, and its fields' for a list of records: read
                // once here, shown for the items of every finding that reads the list.
                let fieldCount = if case .records(let types) = plan { types.count } else { 0 }
                var itemPlaces: [ListEvidence.Place] = []
                itemPlaces.reserveCapacity(list.count)
                var fieldPlaces: [ListEvidence.Place] = []
                fieldPlaces.reserveCapacity(list.count * fieldCount)
                var provenances: [ListEvidence.Provenance] = []
                for item in 0..<list.count {
                    itemPlaces.append(Self.place(result.item(item, in: list), in: result, provenances: &provenances))
                    switch plan {
                    case .records(let types):
                        // One record: each field's value, and its place.
                        var fields: [Value?] = []
                        fields.reserveCapacity(types.count)
                        for (index, type) in types.enumerated() {
                            let reading = result.field(index, ofItem: item, in: list)
                            fields.append(Self.value(type, reading, in: result, problems: &problems))
                            fieldPlaces.append(
                                reading.map { Self.place($0, in: result, provenances: &provenances) } ?? ListEvidence.Place(line: 0, provenance: -1))
                        }
                        items.append(.record(fields))
                    case .list(let element):
                        items.append(Self.value(element, result.field(0, ofItem: item, in: list), in: result, problems: &problems))
                    case .scalar:
                        items.append(nil)
                    }
                }
                values.append(.list(items))
                evidence.append(
                    FactEvidence(
                        line: list.line,
                        list: ListEvidence(fieldCount: fieldCount, items: itemPlaces, fields: fieldPlaces, provenances: provenances)))
            case .scalar(let type):
                guard let reading = result.scalars[slot], let value = Self.value(type, reading, in: result, problems: &problems) else {
                    values.append(nil)
                    evidence.append(nil)
                    continue
                }
                values.append(value)
                evidence.append(Self.evidence(reading, in: result))
            }
        }
        if !openLists.isEmpty { open(&values, &evidence) }
        if let applicability, let items = result.lists[applicability.slot] {
            applicability.apply(items, in: result, to: &values, &evidence)
        }
        let asOf = asOfSlots.lazy.compactMap { result.scalars[$0]?.text.flatMap { Self.day(result.string($0)) } }.first
        return (DossierFacts(values: values, evidence: evidence, asOf: asOf), problems)
    }

    /// A record's date: `YYYY-MM-DD`, or the date of a date and time (`2016-05-02T19:18:47`, as
    /// IATI's `last-updated-datetime` gives it).
    static func day(_ text: String) -> Day? {
        if let day = Day(iso: text) { return day }
        let utf8 = Array(text.utf8)
        guard utf8.count > 10, utf8[10] == UInt8(ascii: "T") else { return nil }
        return Day(iso: String(decoding: utf8[..<10], as: UTF8.self))
    }

    /// Where a reading comes from: its element's line, its `basis` unless "reported", and the
    /// sources it cites.
    static func evidence(_ reading: XMLReading, in result: XMLQueryResult) -> FactEvidence {
        FactEvidence(
            line: reading.line, basis: reading.basis.flatMap { result.value($0, is: "reported") ? nil : result.string($0) },
            sources: reading.source.map { Self.sources($0, in: result) } ?? [])
    }

    /// A list item's or field's place, its provenance kept in the list's table.
    static func place(_ reading: XMLReading, in result: XMLQueryResult, provenances: inout [ListEvidence.Provenance]) -> ListEvidence.Place {
        ListEvidence.place(
            line: reading.line, hasProvenance: reading.basis != nil || reading.source != nil,
            basis: { reading.basis.flatMap { result.value($0, is: "reported") ? nil : result.string($0) } },
            sources: { reading.source.map { Self.sources($0, in: result) } ?? [] }, provenances: &provenances)
    }

    /// The ids a `source` attribute names, split at spaces; straight from the bytes when they
    /// are ASCII (as ids are), where that is the same as splitting the string.
    static func sources(_ text: XMLText, in result: XMLQueryResult) -> [String] {
        result.withBytes(text) { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: bytes, as: UTF8.self).split(separator: " ").map(String.init)
            }
            var ids: [String] = []
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                if index > start { ids.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                start = index + 1
            }
            return ids
        }
    }

    /// A reading as a value of the fact's type; nil (unknown) when absent or unreadable, with a
    /// data problem for the latter.
    static func value(_ type: ValueType, _ reading: XMLReading?, in result: XMLQueryResult, problems: inout [UnreadValue]) -> Value? {
        guard let reading else { return nil }
        if case .money = type, reading.text == nil {
            return money(reading, in: result, problems: &problems)
        }
        guard let raw = reading.text else { return nil }
        let text = collapsed(raw, in: result)
        if text.isEmpty { return nil }
        let value: Value?
        switch type {
        case .text, .enumeration:
            value = .text(text)
        case .number:
            value = Double(text).map { .number(Interval($0)) }
        case .boolean:
            switch text {
            case "true", "1": value = .boolean(true)
            case "false", "0": value = .boolean(false)
            default: value = nil
            }
        case .date:
            // A date, or the date of a date and time (IATI's `last-updated-datetime`); the dossier
            // schema allows only the first.
            value = day(text).map(Value.date)
        case .money, .list, .record, .invalid:
            value = nil
        }
        if value == nil {
            let element = result.elementName(of: reading)
            problems.append(
                UnreadValue(
                    id: .unreadableValue, line: reading.line, element: element,
                    message: "'\(text)' in <\(element)> is not a \(type.shortDescription); it counts as unknown"))
        }
        if case .enumeration(let allowed) = type, !allowed.contains(text) {
            let element = result.elementName(of: reading)
            problems.append(
                UnreadValue(
                    id: .unknownValue, line: reading.line, element: element,
                    message:
                        "'\(text)' in <\(element)> is not one of the values the rules know (\(allowed.joined(separator: ", "))); it counts as unknown",
                    suggestions: Suggest.closest(to: text, among: allowed).map { ["did you mean '\($0)'?"] } ?? []))
            return nil
        }
        return value
    }

    /// `<totalCost currency="USD" amount="..."/>` or with `min` and `max`.
    static func money(_ reading: XMLReading, in result: XMLQueryResult, problems: inout [UnreadValue]) -> Value? {
        let element = { result.elementName(of: reading) }
        guard let currency = result.attribute("currency", of: reading).map(result.string) else {
            problems.append(
                UnreadValue(
                    id: .invalidMoney, line: reading.line, element: element(), message: "<\(element())> has no currency; it counts as unknown"))
            return nil
        }
        func number(_ name: StaticString) -> Double? { result.attribute(name, of: reading).flatMap { Double(result.string($0)) } }
        let amount = number("amount")
        let low = number("min")
        let high = number("max")
        switch (amount, low, high) {
        case (let amount?, nil, nil):
            return .money(Interval(amount), currency: currency)
        case (nil, let low?, let high?) where low <= high:
            return .money(Interval(low, high), currency: currency)
        // Two figures that contradict each other: which one the analyst meant is not for the
        // engine to guess, so the dossier is refused until it says.
        case (nil, let low?, let high?):
            problems.append(
                UnreadValue(
                    severity: .error, id: .invertedRange, line: reading.line, element: element(),
                    message: "<\(element())> has min \(Format.number(low)) above max \(Format.number(high))",
                    suggestions: ["swap them, or correct the one that is wrong"]))
            return nil
        case (.some, _, _) where low != nil || high != nil:
            problems.append(
                UnreadValue(
                    severity: .error, id: .ambiguousMoney, line: reading.line, element: element(),
                    message: "<\(element())> has both amount=\"...\" and a range (min=\"...\" or max=\"...\")",
                    suggestions: ["keep amount=\"...\" for a known figure, or min=\"...\" and max=\"...\" for a range, not both"]))
            return nil
        default:
            problems.append(
                UnreadValue(
                    id: .invalidMoney, line: reading.line, element: element(),
                    message: "<\(element())> needs either amount=\"...\" or both min=\"...\" and max=\"...\"; it counts as unknown"))
            return nil
        }
    }

    /// A value's text, white space collapsed; text that needs no collapsing (nearly all) is
    /// made into a string straight from its bytes.
    static func collapsed(_ text: XMLText, in result: XMLQueryResult) -> String {
        let clean = result.withBytes(text) { isCollapsed($0) }
        return clean ? result.string(text) : collapse(result.string(text))
    }

    /// Whether the bytes have no white space at either end and no run of it inside but single
    /// spaces. Any byte below the space sends the text the long way (a control byte other than
    /// white space, which that keeps as it is).
    static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return false }
        let raw = UnsafeRawBufferPointer(bytes)
        let (ones, high, low7): (UInt64, UInt64, UInt64) = (0x0101_0101_0101_0101, 0x8080_8080_8080_8080, 0x7F7F_7F7F_7F7F_7F7F)
        // Eight bytes at a time: none below the space, and no space beside another (within
        // the word, or the word's first beside the last one's).
        var offset = 0
        var spaceBefore = false
        while offset + 8 <= raw.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            if (word &- ones &* 0x20) & ~word & high != 0 { return false }
            // A byte's high bit where the byte is a space, exactly (no carry between bytes).
            let y = word ^ (ones &* 0x20)
            let spaces = ~(((y & low7) &+ low7) | y) & high
            if spaces & (spaces << 8) != 0 || (spaceBefore && spaces & 0x80 != 0) { return false }
            spaceBefore = spaces >> 63 != 0
            offset += 8
        }
        var previous: UInt8 = spaceBefore ? 0x20 : 0
        while offset < raw.count {
            let byte = raw[offset]
            if byte <= 0x20, byte != 0x20 || previous == 0x20 { return false }
            previous = byte
            offset += 1
        }
        return true
    }

    /// The text with runs of white space made single spaces and the ends trimmed.
    static func collapse(_ text: String) -> String {
        var text = text
        if text.withUTF8({ isCollapsed($0) }) { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
