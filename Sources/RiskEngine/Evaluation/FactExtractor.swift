public import DossierXML

/// Reads a dossier's facts in one walk over the document: the catalogue's paths are compiled
/// once into a tree of element names, and each element of the dossier is visited at most once.
public struct FactExtractor: Sendable {
    public let facts: [CompiledFact]
    private let trie: PathTrie

    public init(facts: [CompiledFact]) {
        self.facts = facts
        let builder = PathTrie.Builder()
        for (slot, fact) in facts.enumerated() {
            if case .list = fact.type {
                builder.insert(Array(fact.path.elements.dropLast())).lists.append((slot, fact.path.elements.last!))
            } else {
                builder.insert(fact.path.elements).scalars.append(slot)
            }
        }
        trie = builder.build()
    }

    public func extract(from root: XMLElementNode) -> DossierFacts {
        var state = State(count: facts.count)
        visit(root, trie, &state)
        let asOf = root.attribute("asOf").flatMap { Day(iso: $0) }
        return DossierFacts(values: state.values, evidence: state.evidence, asOf: asOf, problems: state.problems)
    }

    private struct State {
        var values: [Value?]
        var evidence: [FactEvidence?]
        var problems: [DataProblem] = []

        init(count: Int) {
            values = Array(repeating: nil, count: count)
            evidence = Array(repeating: nil, count: count)
        }
    }

    private func visit(_ element: XMLElementNode, _ node: PathTrie, _ state: inout State) {
        for slot in node.scalars {
            let fact = facts[slot]
            guard let (value, source) = Self.scalar(fact.type, at: FactPath(elements: [], attribute: fact.path.attribute), from: element, problems: &state.problems) else {
                continue
            }
            state.values[slot] = value
            state.evidence[slot] = FactEvidence(
                line: source.line, basis: source.attribute("basis").flatMap { $0 == "reported" ? nil : $0 },
                sources: source.attribute("source")?.split(separator: " ").map(String.init) ?? [])
        }
        for (slot, itemName) in node.lists {
            let fact = facts[slot]
            guard case .list(let elementType) = fact.type else { continue }
            var items: [Value?] = []
            var lines: [Int] = []
            for child in element.children where child.name == itemName {
                lines.append(child.line)
                if case .record = elementType {
                    items.append(.record(fact.fields.map { field in Self.scalar(field.type, at: field.path, from: child, problems: &state.problems)?.0 }))
                } else {
                    items.append(Self.scalar(elementType, at: FactPath(elements: [], attribute: fact.path.attribute), from: child, problems: &state.problems)?.0)
                }
            }
            state.values[slot] = .list(items)
            state.evidence[slot] = FactEvidence(line: element.line, itemLines: lines)
        }
        guard !node.children.isEmpty else { return }
        var visited = [Bool](repeating: false, count: node.children.count)
        for child in element.children {
            guard let index = node.index[child.name], !visited[index] else { continue }
            visited[index] = true
            visit(child, node.children[index], &state)
        }
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

    /// The text with runs of white space made single spaces and the ends trimmed.
    static func collapse(_ text: String) -> String {
        var clean = true
        var previousWasSpace = true
        for byte in text.utf8 {
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if isSpace && (previousWasSpace || byte != 0x20) {
                clean = false
                break
            }
            previousWasSpace = isSpace
        }
        if clean && !previousWasSpace { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

extension FactPath {
    init(elements: [String], attribute: String?) {
        self.elements = elements
        self.attribute = attribute
    }
}

/// The catalogue's element paths as a tree: what to read at each element, and which child
/// elements lead to more facts. The first child of a name is the one read, as for a scalar path.
final class PathTrie: Sendable {
    let scalars: [Int]
    let lists: [(Int, String)]
    let index: [String: Int]
    let children: [PathTrie]

    init(scalars: [Int], lists: [(Int, String)], index: [String: Int], children: [PathTrie]) {
        self.scalars = scalars
        self.lists = lists
        self.index = index
        self.children = children
    }

    final class Builder {
        var scalars: [Int] = []
        var lists: [(Int, String)] = []
        var names: [String] = []
        var children: [Builder] = []

        func insert(_ path: [String]) -> Builder {
            var node = self
            for name in path {
                if let position = node.names.firstIndex(of: name) {
                    node = node.children[position]
                } else {
                    let child = Builder()
                    node.names.append(name)
                    node.children.append(child)
                    node = child
                }
            }
            return node
        }

        func build() -> PathTrie {
            PathTrie(
                scalars: scalars, lists: lists, index: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }),
                children: children.map { $0.build() })
        }
    }
}
