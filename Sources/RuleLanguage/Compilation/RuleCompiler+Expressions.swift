import SilkDiagnostics

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
        case .list(let items, let span):
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
            _ = span
            let values = nodes.map { node -> Value? in
                if case .constant(let value) = node { return value }
                return nil
            }
            if nodes.allSatisfy({ if case .constant = $0 { return true } else { return false } }) {
                return (.constant(.list(values)), .list(element ?? .invalid))
            }
            report(.error, .typeMismatch, "list items must be literal values", at: expression.span)
            return (.constant(nil), .invalid)
        case .name(let parts, let span):
            return checkName(parts, span: span)
        case .unary(let op, let operand, _):
            let (node, type) = check(operand)
            switch op {
            case "not":
                expect(type, .boolean, operand.span, "'not' needs a true-or-false value")
                return (.not(node), .boolean)
            case "-":
                if type != .number && type != .money && type != .invalid {
                    report(.error, .typeMismatch, "cannot negate a \(type.shortDescription)", at: operand.span)
                }
                return (.negate(node), type)
            case "has":
                return (.has(node), .boolean)
            default:
                return (.missing(node), .boolean)
            }
        case .binary(let op, let left, let right, let span):
            return checkBinary(op, left, right, span: span)
        case .range(let low, _, let span):
            report(.error, .typeMismatch, "a range a..b can only follow 'in'", at: span)
            _ = low
            return (.constant(nil), .invalid)
        case .quantifier(let kind, let variable, let collection, let value, let condition, _):
            return checkQuantifier(kind, variable, collection, value, condition)
        case .call(let function, let arguments, let span):
            return checkCall(function, arguments, span: span)
        }
    }

    mutating func report(_ severity: Diagnostic.Severity, _ id: DiagnosticID, _ message: String, at span: SourceSpan, suggestions: [String] = []) {
        diagnosticsAppend(Diagnostic(severity, id, message, at: span, suggestions: suggestions))
    }

    private mutating func expect(_ type: ValueType, _ wanted: ValueType, _ span: SourceSpan, _ message: String) {
        if type != wanted && type != .invalid {
            report(.error, .typeMismatch, "\(message), but this is a \(type.shortDescription)", at: span)
        }
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
            if let slot = factIndexLookup(name) {
                return fieldAccess(.fact(slot), factType(slot), parts.dropFirst(length), base: name)
            }
            if let index = definitionLookup(name) {
                noteReference(.definition(index), at: prefixSpan)
                markUsed(index)
                let (_, type) = compileDefinitionPublic(index)
                return fieldAccess(.definition(index), type, parts.dropFirst(length), base: name)
            }
        }
        let name = parts.map(\.value).joined(separator: ".")
        let candidates = allNames() + locals.map(\.name)
        let suggestion = Suggest.closest(to: name, among: candidates)
        let id: DiagnosticID = name.contains(".") || suggestion?.contains(".") == true ? .unknownFact : .unknownName
        let what = id == .unknownFact ? "fact" : "fact or definition"
        if ruleLookup(name) != nil {
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

    // MARK: Operators

    private mutating func checkBinary(_ op: String, _ left: Expression, _ right: Expression, span: SourceSpan) -> (Node, ValueType) {
        if op == "in", case .range(let low, let high, _) = right {
            let (value, valueType) = check(left)
            let (lowNode, lowType) = check(low)
            let (highNode, highType) = check(high)
            for (type, part) in [(lowType, low), (highType, high)]
            where !(type.isOrdered && type.isComparable(with: valueType)) && type != .invalid && valueType != .invalid {
                report(
                    .error, .typeMismatch, "cannot test whether a \(valueType.shortDescription) lies in a range of \(type.shortDescription)",
                    at: part.span)
            }
            if case .constant(let a?) = lowNode, case .constant(let b?) = highNode, ValueOperations.compare(.greater, a, b, rates: .none) == true {
                report(.warning, .neverTrue, "the range is empty: its start is above its end", at: right.span)
            }
            return (.inRange(value, lowNode, highNode), .boolean)
        }
        let (leftNode, leftType) = check(left)
        let (rightNode, rightType) = check(right)
        let bothValid = leftType != .invalid && rightType != .invalid
        switch op {
        case "and", "or":
            expect(leftType, .boolean, left.span, "'\(op)' joins true-or-false values")
            expect(rightType, .boolean, right.span, "'\(op)' joins true-or-false values")
            return (op == "and" ? .and(leftNode, rightNode) : .or(leftNode, rightNode), .boolean)
        case "==", "!=", "<", "<=", ">", ">=":
            let comparison = Node.Comparison(rawValue: op)!
            if bothValid {
                if !leftType.isComparable(with: rightType) {
                    report(.error, .typeMismatch, "cannot compare a \(leftType.shortDescription) with a \(rightType.shortDescription)", at: span)
                } else if op != "==" && op != "!=" && !leftType.isOrdered {
                    report(.error, .typeMismatch, "'\(op)' needs numbers, money or dates; a \(leftType.shortDescription) has no order", at: span)
                }
            }
            checkEnumLiteral(leftType, right, rightNode)
            checkEnumLiteral(rightType, left, leftNode)
            return (.compare(comparison, leftNode, rightNode), .boolean)
        case "in":
            if bothValid {
                if case .list(let element) = rightType {
                    if !element.isComparable(with: leftType) && element != .invalid {
                        report(
                            .error, .typeMismatch, "cannot look for a \(leftType.shortDescription) in a list of \(element.shortDescription)", at: span
                        )
                    }
                    if case .list(let items) = constantValue(rightNode) {
                        for (item, itemSyntax) in zip(items, listItems(right)) {
                            if case .text(let text)? = item { checkEnumValue(leftType, text, at: itemSyntax.span) }
                        }
                    }
                } else {
                    report(.error, .typeMismatch, "'in' needs a list or a range a..b after it, not a \(rightType.shortDescription)", at: right.span)
                }
            }
            return (.member(leftNode, rightNode), .boolean)
        case "contains":
            if bothValid {
                switch leftType {
                case .list(let element):
                    if !element.isComparable(with: rightType) {
                        report(
                            .error, .typeMismatch, "a list of \(element.shortDescription) cannot contain a \(rightType.shortDescription)", at: span)
                    }
                    checkEnumLiteral(element, right, rightNode)
                case .text, .enumeration:
                    expect(rightType.isTextual ? .text : rightType, .text, right.span, "text can only contain text")
                default:
                    report(.error, .typeMismatch, "'contains' needs a list or text on its left, not a \(leftType.shortDescription)", at: left.span)
                }
            }
            return (.contains(leftNode, rightNode), .boolean)
        case "matches":
            if leftType != .invalid && !leftType.isTextual {
                report(.error, .typeMismatch, "'matches' needs text on its left, not a \(leftType.shortDescription)", at: left.span)
            }
            guard case .constant(.text(let pattern)?) = rightNode else {
                report(.error, .typeMismatch, "'matches' needs a pattern in quotes", at: right.span)
                return (.constant(nil), .boolean)
            }
            do {
                _ = try Regex(pattern)
            } catch {
                report(.error, .invalidPattern, "'\(pattern)' is not a valid pattern: \(error)", at: right.span)
            }
            return (.matches(leftNode, Pattern(source: pattern)), .boolean)
        default:
            let arithmetic = Node.Arithmetic(rawValue: op)!
            let result = arithmeticType(arithmetic, leftType, rightType)
            if result == nil && bothValid {
                report(
                    .error, .typeMismatch, "cannot apply '\(op)' to a \(leftType.shortDescription) and a \(rightType.shortDescription)", at: span,
                    suggestions: op == "-" && leftType == .date ? ["use years(a, b) or days(a, b) for the time between two dates"] : [])
            }
            return (.arithmetic(arithmetic, leftNode, rightNode), result ?? .invalid)
        }
    }

    private func arithmeticType(_ op: Node.Arithmetic, _ left: ValueType, _ right: ValueType) -> ValueType? {
        switch (op, left, right) {
        case (_, .number, .number): return .number
        case (.add, .money, .money), (.subtract, .money, .money): return .money
        case (.multiply, .money, .number), (.multiply, .number, .money), (.divide, .money, .number): return .money
        case (.divide, .money, .money): return .number
        default: return nil
        }
    }

    private func constantValue(_ node: Node) -> Value? {
        if case .constant(let value) = node { return value }
        return nil
    }

    private func listItems(_ expression: Expression) -> [Expression] {
        if case .list(let items, _) = expression { return items }
        return []
    }

    private mutating func checkEnumLiteral(_ type: ValueType, _ expression: Expression, _ node: Node) {
        if case .constant(.text(let text)?) = node { checkEnumValue(type, text, at: expression.span) }
    }

    private mutating func checkEnumValue(_ type: ValueType, _ text: String, at span: SourceSpan) {
        guard case .enumeration(let values) = type, !values.contains(text) else { return }
        let suggestion = Suggest.closest(to: text, among: values)
        report(
            .error, .invalidEnumValue, "\"\(text)\" is not one of the allowed values: " + values.map { "\"\($0)\"" }.joined(separator: ", "),
            at: span, suggestions: suggestion.map { ["did you mean \"\($0)\"?"] } ?? [])
    }

    // MARK: Quantifiers and calls

    private mutating func checkQuantifier(
        _ kind: Located<String>, _ variable: Located<String>, _ collection: Expression, _ value: Expression?, _ condition: Expression?
    ) -> (Node, ValueType) {
        let quantifier = Node.Quantifier(rawValue: kind.value)!
        let (collectionNode, collectionType) = check(collection)
        var element: ValueType = .invalid
        if case .list(let inner) = collectionType {
            element = inner
        } else if collectionType != .invalid {
            report(.error, .typeMismatch, "'\(kind.value)' needs a list after 'in', not a \(collectionType.shortDescription)", at: collection.span)
        }
        if factIndexLookup(variable.value) != nil || definitionLookup(variable.value) != nil {
            report(.warning, .shadowedName, "'\(variable.value)' hides a fact or definition of the same name", at: variable.span)
        }
        locals.append((variable.value, element))
        let localIndex = locals.count - 1
        defer { locals.removeLast() }
        var valueNode: Node? = nil
        var conditionNode: Node? = nil
        var resultType: ValueType = .boolean
        switch quantifier {
        case .any, .all, .none:
            if value != nil { report(.error, .typeMismatch, "'\(kind.value)' takes no 'of' part", at: value!.span) }
            guard condition != nil else {
                report(.error, .missingClause, "'\(kind.value)' needs a 'where' condition", at: kind.span)
                return (.constant(nil), .invalid)
            }
        case .count:
            resultType = .number
            if value != nil { report(.error, .typeMismatch, "'count' takes no 'of' part", at: value!.span) }
        case .sum, .min, .max:
            guard let value else {
                report(
                    .error, .missingClause, "'\(kind.value)' needs 'of' and the value to add up, such as \(kind.value)(m in milestones of m.cost)",
                    at: kind.span)
                return (.constant(nil), .invalid)
            }
            let (node, type) = check(value)
            valueNode = node
            if type != .number && type != .money && type != .invalid && !(quantifier != .sum && type == .date) {
                report(.error, .typeMismatch, "'\(kind.value)' needs numbers or money after 'of', not a \(type.shortDescription)", at: value.span)
            }
            resultType = type
        }
        if let condition {
            let (node, type) = check(condition)
            expect(type, .boolean, condition.span, "'where' needs a true-or-false condition")
            conditionNode = node
        }
        return (
            .quantifier(
                quantifier, local: localIndex, collection: collectionNode, value: valueNode, condition: conditionNode, isMoney: resultType == .money),
            resultType
        )
    }

    private mutating func checkCall(_ function: Located<String>, _ arguments: [Expression], span: SourceSpan) -> (Node, ValueType) {
        if function.value == "fired" {
            guard arguments.count == 1, case .name(let parts, let nameSpan) = arguments[0] else {
                report(.error, .wrongArguments, "fired() takes one rule id, such as fired(ip-core-unprotected)", at: span)
                return (.constant(nil), .invalid)
            }
            let id = parts.map(\.value).joined(separator: ".")
            guard let index = ruleLookup(id) else {
                report(
                    .error, .unknownRule, "unknown rule '\(id)'", at: nameSpan,
                    suggestions: Suggest.closest(to: id, among: allRuleIds()).map { ["did you mean '\($0)'?"] } ?? [])
                return (.constant(nil), .invalid)
            }
            noteReference(.rule(index), at: nameSpan)
            return (.fired(index), .boolean)
        }
        guard let known = Node.Function(rawValue: function.value) else {
            let names = Node.Function.allCases.map(\.rawValue) + ["fired", "any", "all", "none", "count", "sum", "min", "max"]
            report(
                .error, .unknownFunction, "unknown function '\(function.value)'", at: function.span,
                suggestions: Suggest.closest(to: function.value, among: names).map { ["did you mean '\($0)'?"] } ?? [])
            for argument in arguments { _ = check(argument) }
            return (.constant(nil), .invalid)
        }
        let checked = arguments.map { check($0) }
        let types = checked.map(\.1)
        let nodes = checked.map(\.0)
        let signature: (parameters: [ValueType], result: ValueType, text: String)
        switch known {
        case .years: signature = ([.date, .date], .number, "years(from, to) takes two dates")
        case .days: signature = ([.date, .date], .number, "days(from, to) takes two dates")
        case .age: signature = ([.date], .number, "age(date) takes one date")
        case .lower: signature = ([.text], .text, "lower(text) takes one text")
        case .abs: signature = ([.number], .number, "abs(number) takes one number")
        case .amount: signature = ([.money], .number, "amount(money) takes one amount of money")
        case .fallback:
            guard types.count == 2 else {
                report(.error, .wrongArguments, "fallback(value, default) takes two values", at: span)
                return (.constant(nil), .invalid)
            }
            if !types[0].isComparable(with: types[1]) {
                report(
                    .error, .typeMismatch,
                    "fallback's default must be of the value's type (\(types[0].shortDescription)), not a \(types[1].shortDescription)",
                    at: arguments[1].span)
            }
            return (.call(.fallback, nodes), types[0] == .invalid ? types[1] : types[0])
        }
        if types.count != signature.parameters.count {
            report(.error, .wrongArguments, signature.text, at: span)
            return (.constant(nil), .invalid)
        }
        for (index, (type, wanted)) in zip(types, signature.parameters).enumerated()
        where !(type == wanted || (wanted == .text && type.isTextual) || type == .invalid) {
            report(.error, .typeMismatch, "\(signature.text), but argument \(index + 1) is a \(type.shortDescription)", at: arguments[index].span)
        }
        return (.call(known, nodes), signature.result)
    }
}
