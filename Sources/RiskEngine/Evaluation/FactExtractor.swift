public import DossierXML

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
    /// Query slots, after the facts', for what every assessment shows.
    let idSlot: Int
    let asOfSlot: Int
    let titleSlot: Int
    let statusSlot: Int

    public init(facts: [CompiledFact]) {
        self.facts = facts
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
        idSlot = facts.count
        asOfSlot = facts.count + 1
        titleSlot = facts.count + 2
        statusSlot = facts.count + 3
        scalars.append(XMLQuery.Scalar(slot: idSlot, path: [], read: .attribute("id")))
        scalars.append(XMLQuery.Scalar(slot: asOfSlot, path: [], read: .attribute("asOf")))
        scalars.append(XMLQuery.Scalar(slot: titleSlot, path: ["identity", "title"], read: .text))
        scalars.append(XMLQuery.Scalar(slot: statusSlot, path: ["identity", "status"], read: .text))
        query = XMLQuery(scalars: scalars, lists: lists)
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
    }

    func identity(of result: XMLQueryResult) -> Identity {
        func text(_ slot: Int) -> String? { result.scalars[slot]?.text.map(Self.collapse).flatMap { $0.isEmpty ? nil : $0 } }
        return Identity(id: text(idSlot), title: text(titleSlot), status: text(statusSlot))
    }

    /// Extracts the facts, moving each reading out of `result` rather than copying it (the
    /// result is left without them).
    public func extract(taking result: inout XMLQueryResult) -> DossierFacts {
        var problems: [DataProblem] = []
        var values: [Value?] = []
        var evidence: [FactEvidence?] = []
        values.reserveCapacity(plans.count)
        evidence.reserveCapacity(plans.count)
        for (slot, plan) in plans.enumerated() {
            switch plan {
            case .list, .records:
                var taken: XMLListReading? = nil
                swap(&taken, &result.lists[slot])
                guard let list = taken else {
                    values.append(nil)
                    evidence.append(nil)
                    continue
                }
                var items: [Value?] = []
                items.reserveCapacity(list.items.count)
                for item in list.items { items.append(Self.item(item, plan, problems: &problems)) }
                values.append(.list(items))
                evidence.append(FactEvidence(line: list.line))
            case .scalar(let type):
                var taken: XMLReading? = nil
                swap(&taken, &result.scalars[slot])
                guard let reading = taken, let value = Self.value(type, reading, problems: &problems) else {
                    values.append(nil)
                    evidence.append(nil)
                    continue
                }
                values.append(value)
                evidence.append(
                    FactEvidence(
                        line: reading.line, basis: reading.basis.flatMap { $0 == "reported" ? nil : $0 },
                        sources: reading.source?.split(separator: " ").map(String.init) ?? []))
            }
        }
        let asOf = result.scalars[asOfSlot]?.text.flatMap { Day(iso: $0) }
        return DossierFacts(values: values, evidence: evidence, asOf: asOf, problems: problems)
    }

    /// One item of a list: a value of the list's element type, or a record of its fields.
    private static func item(_ item: XMLListReading.Item, _ plan: SlotPlan, problems: inout [DataProblem]) -> Value? {
        switch plan {
        case .list(let element):
            return item.fields[0].flatMap { value(element, $0, problems: &problems) }
        case .records(let fieldTypes):
            var fields: [Value?] = []
            fields.reserveCapacity(fieldTypes.count)
            for (index, type) in fieldTypes.enumerated() {
                fields.append(item.fields[index].flatMap { value(type, $0, problems: &problems) })
            }
            return .record(fields)
        case .scalar:
            return nil
        }
    }

    /// A reading as a value of the fact's type; nil (unknown) when absent or unreadable, with a
    /// data problem for the latter.
    static func value(_ type: ValueType, _ reading: XMLReading, problems: inout [DataProblem]) -> Value? {
        if case .money = type, reading.text == nil {
            return money(reading, problems: &problems)
        }
        guard let raw = reading.text else { return nil }
        let text = collapse(raw)
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
            value = Day(iso: text).map(Value.date)
        case .money, .list, .record, .invalid:
            value = nil
        }
        if value == nil {
            problems.append(DataProblem(line: reading.line, message: "'\(text)' in <\(reading.element)> is not a \(type.shortDescription); it counts as unknown"))
        }
        if case .enumeration(let allowed) = type, !allowed.contains(text) {
            problems.append(
                DataProblem(
                    line: reading.line,
                    message: "'\(text)' in <\(reading.element)> is not one of the values the rules know (\(allowed.joined(separator: ", "))); it counts as unknown"))
            return nil
        }
        return value
    }

    /// `<totalCost currency="USD" amount="..."/>` or with `min` and `max`.
    static func money(_ reading: XMLReading, problems: inout [DataProblem]) -> Value? {
        guard let currency = reading.attribute("currency") else {
            problems.append(DataProblem(line: reading.line, message: "<\(reading.element)> has no currency; it counts as unknown"))
            return nil
        }
        let amount = reading.attribute("amount").flatMap(Double.init)
        let low = reading.attribute("min").flatMap(Double.init)
        let high = reading.attribute("max").flatMap(Double.init)
        switch (amount, low, high) {
        case (let amount?, nil, nil):
            return .money(Interval(amount), currency: currency)
        case (nil, let low?, let high?) where low <= high:
            return .money(Interval(low, high), currency: currency)
        case (nil, let low?, let high?):
            problems.append(
                DataProblem(line: reading.line, message: "<\(reading.element)> has min \(Format.number(low)) above max \(Format.number(high)); it counts as unknown"))
            return nil
        default:
            problems.append(
                DataProblem(line: reading.line, message: "<\(reading.element)> needs either amount=\"...\" or both min=\"...\" and max=\"...\"; it counts as unknown"))
            return nil
        }
    }

    /// The text with runs of white space made single spaces and the ends trimmed.
    static func collapse(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { bytes in
            var previousWasSpace = true
            for byte in bytes {
                let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
                if isSpace && (previousWasSpace || byte != 0x20) { return false }
                previousWasSpace = isSpace
            }
            return !previousWasSpace
        }
        if clean { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

extension FactPath {
    init(elements: [String], attribute: String?) {
        self.elements = elements
        self.attribute = attribute
    }
}
