import SilkDiagnostics

/// Quantifiers over lists (`any`, `all`, `none`, `count`, `sum`, `min`, `max`), which bind each
/// item to a name, and calls of the built-in functions and `fired()`.
extension RuleCompiler {
    mutating func checkQuantifier(
        _ kind: Located<QuantifierKind>, _ variable: Located<String>, _ collection: Expression, _ value: Expression?, _ condition: Expression?
    ) -> (Node, ValueType) {
        let word = kind.value.rawValue
        let (collectionNode, collectionType) = check(collection)
        var element: ValueType = .invalid
        if case .list(let inner) = collectionType {
            element = inner
        } else if collectionType != .invalid {
            report(.error, .typeMismatch, "'\(word)' needs a list after 'in', not a \(collectionType.shortDescription)", at: collection.span)
        }
        if factIndex[variable.value] != nil || definitionIndex[variable.value] != nil {
            report(.warning, .shadowedName, "'\(variable.value)' hides a fact or definition of the same name", at: variable.span)
        }
        locals.append((variable.value, element))
        let localIndex = locals.count - 1
        defer { locals.removeLast() }
        var valueNode: Node? = nil
        var conditionNode: Node? = nil
        var resultType: ValueType = .boolean
        switch kind.value {
        case .any, .all, .none:
            if let value { report(.error, .typeMismatch, "'\(word)' takes no 'of' part", at: value.span) }
            guard condition != nil else {
                report(.error, .missingClause, "'\(word)' needs a 'where' condition", at: kind.span)
                return (.constant(nil), .invalid)
            }
        case .count:
            resultType = .number
            if let value { report(.error, .typeMismatch, "'count' takes no 'of' part", at: value.span) }
        case .sum, .min, .max:
            guard let value else {
                report(
                    .error, .missingClause, "'\(word)' needs 'of' and the value to add up, such as \(word)(m in milestones of m.cost)", at: kind.span)
                return (.constant(nil), .invalid)
            }
            let (node, type) = check(value)
            valueNode = node
            if type != .number && type != .money && type != .invalid && !(kind.value != .sum && type == .date) {
                report(.error, .typeMismatch, "'\(word)' needs numbers or money after 'of', not a \(type.shortDescription)", at: value.span)
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
                kind.value, local: localIndex, collection: collectionNode, value: valueNode, condition: conditionNode,
                isMoney: resultType == .money),
            resultType
        )
    }

    mutating func checkCall(_ function: Located<String>, _ arguments: [Expression], span: SourceSpan) -> (Node, ValueType) {
        if function.value == "fired" { return checkFired(arguments, span: span) }
        if function.value == "lookup" { return checkLookup(arguments, span: span) }
        guard let known = Node.Function(rawValue: function.value) else {
            let names = Node.Function.allCases.map(\.rawValue) + ["fired", "lookup"] + QuantifierKind.allCases.map(\.rawValue)
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
        case .money: signature = ([.number, .text], .money, "money(amount, currency) takes a number and a currency code")
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

    /// `fired(rule-id)`: whether another rule fired, which makes this one depend on it.
    private mutating func checkFired(_ arguments: [Expression], span: SourceSpan) -> (Node, ValueType) {
        guard arguments.count == 1, case .name(let parts, let nameSpan) = arguments[0] else {
            report(.error, .wrongArguments, "fired() takes one rule id, such as fired(ip-core-unprotected)", at: span)
            return (.constant(nil), .invalid)
        }
        let id = parts.map(\.value).joined(separator: ".")
        guard let index = ruleIndex[id] else {
            report(
                .error, .unknownRule, "unknown rule '\(id)'", at: nameSpan,
                suggestions: Suggest.closest(to: id, among: ruleSyntax.map(\.id.value)).map { ["did you mean '\($0)'?"] } ?? [])
            return (.constant(nil), .invalid)
        }
        noteReference(.rule(index), at: nameSpan)
        return (.fired(index), .boolean)
    }
}
