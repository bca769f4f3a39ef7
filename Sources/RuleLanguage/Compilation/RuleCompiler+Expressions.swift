import SilkDiagnostics

/// Expressions: literals and lists, names (bound items, facts, definitions) and their fields.
/// Operators are checked in `+Operators`, quantifiers and function calls in `+Quantifiers`.
extension RuleCompiler {
    /// Type-checks an expression and compiles it. Errors are reported and give `.invalid`, which
    /// suppresses follow-on errors about the same expression.
    mutating func check(_ expression: Expression) -> (Node, ValueType) {
        switch expression {
        case .error:
            return (.constant(nil), .invalid)
        case .number(let value, _):
            return (.constant(.number(Interval(value))), .number)
        case .text(let value, _):
            return (.constant(.text(value)), .text)
        case .boolean(let value, _):
            return (.constant(.boolean(value)), .boolean)
        case .date(let day, _):
            return (.constant(.date(day)), .date)
        case .money(let amount, let currency, _):
            return (.constant(.money(Interval(amount), currency: currency)), .money)
        case .list(let items, _):
            return checkList(items, span: expression.span)
        case .name(let parts, let span):
            return checkName(parts, span: span)
        case .unary(let op, let operand, _):
            return checkUnary(op, operand)
        case .binary(let op, let left, let right, let span):
            return checkBinary(op, left, right, span: span)
        case .range(_, _, let span):
            report(.error, .typeMismatch, "a range a..b can only follow 'in'", at: span)
            return (.constant(nil), .invalid)
        case .quantifier(let kind, let variable, let collection, let value, let condition, _):
            return checkQuantifier(kind, variable, collection, value, condition)
        case .call(let function, let arguments, let span):
            return checkCall(function, arguments, span: span)
        }
    }

    /// Reports a type mismatch unless `type` is `wanted` (or already invalid).
    mutating func expect(_ type: ValueType, _ wanted: ValueType, _ span: SourceSpan, _ message: String) {
        if type != wanted && type != .invalid {
            report(.error, .typeMismatch, "\(message), but this is a \(type.shortDescription)", at: span)
        }
    }

    /// A list literal: items of one type, all of them literal values.
    private mutating func checkList(_ items: [Expression], span: SourceSpan) -> (Node, ValueType) {
        var nodes: [Node] = []
        var element: ValueType? = nil
        for item in items {
            let (node, type) = check(item)
            nodes.append(node)
            if let known = element, !known.isComparable(with: type) {
                report(
                    .error, .typeMismatch,
                    "a list's items must all be of one type: \(known.shortDescription) and \(type.shortDescription) are mixed", at: item.span)
            } else if element == nil || element == .invalid {
                element = type
            }
        }
        let values = nodes.map { node -> Value? in
            if case .constant(let value) = node { return value }
            return nil
        }
        if nodes.allSatisfy({ if case .constant = $0 { return true } else { return false } }) {
            return (.constant(.list(values)), .list(element ?? .invalid))
        }
        report(.error, .typeMismatch, "list items must be literal values", at: span)
        return (.constant(nil), .invalid)
    }

    // MARK: Names

    private mutating func checkName(_ parts: [Located<String>], span: SourceSpan) -> (Node, ValueType) {
        // A bound item: p, p.field
        if let localIndex = locals.lastIndex(where: { $0.name == parts[0].value }) {
            return fieldAccess(.local(localIndex), locals[localIndex].type, parts.dropFirst(), base: parts[0].value)
        }
        // The longest dotted prefix that names a fact or a definition; the rest are fields.
        for length in stride(from: parts.count, through: 1, by: -1) {
            let name = parts[0..<length].map(\.value).joined(separator: ".")
            let prefixSpan = parts[0].span.through(parts[length - 1].span)
            if let slot = factIndex[name] {
                return fieldAccess(.fact(slot), facts[slot].type, parts.dropFirst(length), base: name)
            }
            if let index = definitionIndex[name] {
                noteReference(.definition(index), at: prefixSpan)
                usedDefinitions.insert(index)
                let (_, type) = compileDefinition(index)
                return fieldAccess(.definition(index), type, parts.dropFirst(length), base: name)
            }
        }
        let name = parts.map(\.value).joined(separator: ".")
        let candidates = Array(factIndex.keys) + Array(definitionIndex.keys) + locals.map(\.name)
        let suggestion = Suggest.closest(to: name, among: candidates)
        let id: DiagnosticID = name.contains(".") || suggestion?.contains(".") == true ? .unknownFact : .unknownName
        let what = id == .unknownFact ? "fact" : "fact or definition"
        if ruleIndex[name] != nil {
            report(.error, id, "'\(name)' is a rule, not a \(what)", at: span, suggestions: ["write fired(\(name)) to test whether it fired"])
        } else {
            report(.error, id, "unknown \(what) '\(name)'", at: span, suggestions: suggestion.map { ["did you mean '\($0)'?"] } ?? [])
        }
        return (.constant(nil), .invalid)
    }

    private mutating func fieldAccess(_ base: Node, _ type: ValueType, _ rest: ArraySlice<Located<String>>, base name: String) -> (Node, ValueType) {
        var node = base
        var type = type
        var described = name
        for part in rest {
            guard case .record(let record) = type else {
                if type != .invalid {
                    report(.error, .unknownField, "'\(described)' is a \(type.shortDescription) and has no field '\(part.value)'", at: part.span)
                }
                return (.constant(nil), .invalid)
            }
            guard let index = record.index(of: part.value) else {
                let suggestion = Suggest.closest(to: part.value, among: record.fields.map(\.name))
                report(
                    .error, .unknownField, "'\(described)' has no field '\(part.value)'", at: part.span,
                    suggestions: suggestion.map { ["did you mean '\($0)'?"] } ?? [
                        "its fields are: " + record.fields.map(\.name).joined(separator: ", ")
                    ])
                return (.constant(nil), .invalid)
            }
            node = .field(node, index)
            type = record.fields[index].type
            described += "." + part.value
        }
        return (node, type)
    }
}
