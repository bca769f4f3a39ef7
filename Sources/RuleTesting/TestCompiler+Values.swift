import RuleLanguage
import SilkDiagnostics

/// What a `given` writes, as a value of its fact's type: literals, ranges, lists (closed or
/// `at least`), records, `unknown` and `not applicable`.
extension TestCompiler {
    /// The value `syntax` gives a fact (or a field, or a list item) of `type`: `.some(nil)` for
    /// `unknown`, nil after an error (reported). `whole` is true for a fact itself, the only thing
    /// that can be "not applicable" or an open list.
    mutating func convert(_ syntax: GivenValueSyntax, to type: ValueType, name: String, whole: Bool) -> Value?? {
        switch syntax {
        case .unknown:
            return .some(nil)
        case .notApplicable(let reason, let span):
            guard whole else {
                report(.error, .typeMismatch, "only a whole fact can be not applicable, not '\(name)'", at: span)
                return nil
            }
            return .some(.notApplicable(reason))
        case .literal(let expression):
            return literal(expression, as: type, name: name).map { .some($0) }
        case .range(let low, let high, let span):
            return range(low, high, span, as: type, name: name).map { .some($0) }
        case .list(let items, let open, let span):
            guard case .list(let element) = type else {
                mismatch(name, type, found: "a list", at: span)
                return nil
            }
            if open, !whole {
                report(.error, .typeMismatch, "only a whole fact can be an open list", at: span)
                return nil
            }
            if open, items.isEmpty {
                report(
                    .error, .typeMismatch, "'at least []' says nothing about the list", at: span,
                    suggestions: ["write 'unknown' for a list nothing is known of"])
                return nil
            }
            var values: [Value?] = []
            var failed = false
            for (index, item) in items.enumerated() {
                if let value = convert(item, to: element, name: "\(name)[\(index + 1)]", whole: false) {
                    values.append(value)
                } else {
                    failed = true
                }
            }
            if failed { return nil }
            return .some(open ? .openList(values) : .list(values))
        case .record(let fields, let span):
            guard case .record(let record) = type else {
                mismatch(name, type, found: "a record", at: span)
                return nil
            }
            return recordValue(fields, record, name: name).map { .some($0) }
        }
    }

    /// `{field: value, ...}`: the fields it does not name are unknown.
    private mutating func recordValue(_ fields: [(name: Located<String>, value: GivenValueSyntax)], _ type: RecordType, name: String) -> Value? {
        var values = [Value?](repeating: nil, count: type.fields.count)
        var seen: [String: SourceSpan] = [:]
        var failed = false
        for field in fields {
            guard let index = type.index(of: field.name.value) else {
                let names = type.fields.map(\.name)
                report(
                    .error, .unknownField, "'\(name)' has no field '\(field.name.value)'", at: field.name.span,
                    suggestions: Suggest.closest(to: field.name.value, among: names).map { ["did you mean '\($0)'?"] } ?? [
                        "its fields are: " + names.joined(separator: ", ")
                    ])
                failed = true
                continue
            }
            if let first = seen[field.name.value] {
                report(
                    .error, .duplicateId, "field '\(field.name.value)' is given more than once", at: field.name.span,
                    notes: [Diagnostic.Note("first given here", at: first)])
                failed = true
                continue
            }
            seen[field.name.value] = field.name.span
            guard let value = convert(field.value, to: type.fields[index].type, name: "\(name).\(field.name.value)", whole: false) else {
                failed = true
                continue
            }
            values[index] = value
        }
        return failed ? nil : .record(values)
    }

    /// One literal of the type, with enumeration values checked.
    private mutating func literal(_ expression: Expression, as type: ValueType, name: String) -> Value? {
        guard let value = Self.constant(expression) else {
            report(
                .error, .typeMismatch, "a given value must be written out, such as 3.8 billion USD, \"licence\" or 2020-09-01",
                at: expression.span)
            return nil
        }
        switch (type, value) {
        case (.number, .number), (.money, .money), (.text, .text), (.boolean, .boolean), (.date, .date):
            return value
        case (.enumeration(let allowed), .text(let text)):
            guard allowed.contains(text) else {
                let suggestion = Suggest.closest(to: text, among: allowed)
                report(
                    .error, .invalidEnumValue,
                    "\"\(text)\" is not one of the allowed values: " + allowed.map { "\"\($0)\"" }.joined(separator: ", "), at: expression.span,
                    suggestions: suggestion.map { ["did you mean \"\($0)\"?"] } ?? [])
                return nil
            }
            return value
        default:
            mismatch(name, type, found: Self.describe(value), at: expression.span)
            return nil
        }
    }

    /// `low..high`, for a number or money fact, in one currency.
    private mutating func range(_ low: Expression, _ high: Expression, _ span: SourceSpan, as type: ValueType, name: String) -> Value? {
        guard let a = literal(low, as: type, name: name), let b = literal(high, as: type, name: name) else { return nil }
        switch (a, b) {
        case (.number(let x), .number(let y)) where x.low <= y.low:
            return .number(Interval(x.low, y.low))
        case (.money(let x, let c), .money(let y, let d)) where x.low <= y.low && c == d:
            return .money(Interval(x.low, y.low), currency: c)
        case (.money(_, let c), .money(_, let d)) where c != d:
            report(.error, .typeMismatch, "a range is in one currency, not \(c) and \(d)", at: span)
        case (.number, .number), (.money, .money):
            report(.error, .typeMismatch, "the range's start is above its end", at: span)
        default:
            report(.error, .typeMismatch, "only a number or money can be given as a range low..high, not '\(name)'", at: span)
        }
        return nil
    }

    private mutating func mismatch(_ name: String, _ type: ValueType, found: String, at span: SourceSpan) {
        report(
            .error, .typeMismatch, "'\(name)' is a \(type.shortDescription), but this is \(found)", at: span,
            suggestions: Self.example(of: type).map { ["write it as \($0)"] } ?? [])
    }

    /// A written-out value: a literal, or a negated number or amount.
    static func constant(_ expression: Expression) -> Value? {
        switch expression {
        case .number(let value, _): return .number(Interval(value))
        case .money(let amount, let currency, _): return .money(Interval(amount), currency: currency)
        case .text(let text, _): return .text(text)
        case .boolean(let flag, _): return .boolean(flag)
        case .date(let day, _): return .date(day)
        case .unary(.negate, .number(let value, _), _): return .number(Interval(-value))
        case .unary(.negate, .money(let amount, let currency, _), _): return .money(Interval(-amount), currency: currency)
        default: return nil
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .number: "a number"
        case .money: "money"
        case .text: "a text"
        case .boolean: "true or false"
        case .date: "a date"
        default: "a list"
        }
    }

    static func example(of type: ValueType) -> String? {
        switch type {
        case .number: "a number, such as 12 or 0.25"
        case .money: "an amount and a currency, such as 3.8 billion USD"
        case .text: "a text in quotes"
        case .enumeration(let values): values.first.map { "one of its values, such as \"\($0)\"" }
        case .boolean: "true or false"
        case .date: "a date, such as 2020-09-01"
        case .list(.record(let record)): "a list of records, such as [{\(record.fields.first?.name ?? "field"): ...}]"
        case .list: "a list in brackets, such as [\"a\", \"b\"]"
        case .record, .invalid: nil
        }
    }
}
