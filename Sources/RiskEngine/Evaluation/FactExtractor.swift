public import DossierXML

/// Reads a dossier's facts by the catalogue's paths, in one walk per fact path from the root.
public struct FactExtractor: Sendable {
    public let facts: [CompiledFact]

    public init(facts: [CompiledFact]) {
        self.facts = facts
    }

    public func extract(from root: XMLElementNode) -> DossierFacts {
        var problems: [DataProblem] = []
        var values: [Value?] = []
        var evidence: [FactEvidence?] = []
        values.reserveCapacity(facts.count)
        evidence.reserveCapacity(facts.count)
        for fact in facts {
            if case .list(let element) = fact.type {
                let containerPath = Array(fact.path.elements.dropLast())
                guard let container = Self.follow(containerPath, from: root) else {
                    values.append(nil)
                    evidence.append(nil)
                    continue
                }
                let itemName = fact.path.elements.last!
                var items: [Value?] = []
                var lines: [Int] = []
                for child in container.children where child.name == itemName {
                    lines.append(child.line)
                    if case .record = element {
                        let record = fact.fields.map { field -> Value? in
                            Self.scalar(field.type, at: field.path, from: child, problems: &problems)?.0
                        }
                        items.append(.record(record))
                    } else {
                        let item = Self.scalar(element, at: FactPath(elements: [], attribute: fact.path.attribute), from: child, problems: &problems)
                        items.append(item?.0)
                    }
                }
                values.append(.list(items))
                evidence.append(FactEvidence(line: container.line, itemLines: lines))
            } else if let (value, node) = Self.scalar(fact.type, at: fact.path, from: root, problems: &problems) {
                values.append(value)
                evidence.append(
                    FactEvidence(
                        line: node.line, basis: node.attribute("basis").flatMap { $0 == "reported" ? nil : $0 },
                        sources: node.attribute("source")?.split(separator: " ").map(String.init) ?? []))
            } else {
                values.append(nil)
                evidence.append(nil)
            }
        }
        let asOf = root.attribute("asOf").flatMap { Day(iso: $0) }
        return DossierFacts(values: values, evidence: evidence, asOf: asOf, problems: problems)
    }

    static func follow(_ steps: [String], from node: XMLElementNode) -> XMLElementNode? {
        var current = node
        for step in steps {
            guard let next = current.child(step) else { return nil }
            current = next
        }
        return current
    }

    /// The value at `path` below `node`, with the element it was read from.
    static func scalar(_ type: ValueType, at path: FactPath, from node: XMLElementNode, problems: inout [DataProblem])
        -> (Value?, XMLElementNode)?
    {
        guard let element = follow(path.elements, from: node) else { return nil }
        if case .money = type, path.attribute == nil {
            return (money(element, problems: &problems), element)
        }
        let raw: String
        if let attribute = path.attribute {
            guard let value = element.attribute(attribute) else { return nil }
            raw = value
        } else {
            raw = element.text
        }
        let text = collapse(raw)
        if text.isEmpty { return nil }
        let value: Value?
        switch type {
        case .text, .enumeration:
            value = .text(text)
        case .number:
            value = Double(text).map { .number(Interval($0)) }
        case .money:
            value = nil
        case .boolean:
            switch text {
            case "true", "1": value = .boolean(true)
            case "false", "0": value = .boolean(false)
            default: value = nil
            }
        case .date:
            value = Day(iso: text).map(Value.date)
        case .list, .record, .invalid:
            value = nil
        }
        if value == nil {
            problems.append(DataProblem(line: element.line, message: "'\(text)' in <\(element.name)> is not a \(type.shortDescription); it counts as unknown"))
        }
        if case .enumeration(let allowed) = type, !allowed.contains(text) {
            problems.append(
                DataProblem(line: element.line, message: "'\(text)' in <\(element.name)> is not one of the values the rules know (\(allowed.joined(separator: ", "))); it counts as unknown"))
            return (nil, element)
        }
        return (value, element)
    }

    /// `<totalCost currency="USD" amount="..."/>` or with `min` and `max`.
    static func money(_ element: XMLElementNode, problems: inout [DataProblem]) -> Value? {
        guard let currency = element.attribute("currency") else {
            problems.append(DataProblem(line: element.line, message: "<\(element.name)> has no currency; it counts as unknown"))
            return nil
        }
        let amount = element.attribute("amount").flatMap(Double.init)
        let low = element.attribute("min").flatMap(Double.init)
        let high = element.attribute("max").flatMap(Double.init)
        switch (amount, low, high) {
        case (let amount?, nil, nil):
            return .money(Interval(amount), currency: currency)
        case (nil, let low?, let high?) where low <= high:
            return .money(Interval(low, high), currency: currency)
        case (nil, let low?, let high?):
            problems.append(DataProblem(line: element.line, message: "<\(element.name)> has min \(Format.number(low)) above max \(Format.number(high)); it counts as unknown"))
            return nil
        default:
            problems.append(
                DataProblem(line: element.line, message: "<\(element.name)> needs either amount=\"...\" or both min=\"...\" and max=\"...\"; it counts as unknown"))
            return nil
        }
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

extension FactPath {
    init(elements: [String], attribute: String?) {
        self.elements = elements
        self.attribute = attribute
    }
}
