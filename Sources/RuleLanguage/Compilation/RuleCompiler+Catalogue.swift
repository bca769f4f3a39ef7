import SilkDiagnostics

/// The fact catalogue: each `fact` declaration's place in the dossier and its type, with the
/// fields of a list of records.
extension RuleCompiler {
    /// Checks a fact declaration and, when `register` is true, adds the fact to the catalogue
    /// (a duplicate name is checked but not added).
    mutating func declareFact(_ syntax: FactSyntax, register: Bool = true) {
        guard let path = FactPath(syntax.path.value) else {
            diagnostics.append(
                Diagnostic(
                    .error, .invalidPath, "'\(syntax.path.value)' is not a place in a dossier", at: syntax.path.span,
                    suggestions: ["write element names separated by '/', optionally ending in '@attribute', such as \"finance/totalCost\""]))
            return
        }
        var type = resolve(syntax.type)
        var fields: [CompiledField] = []
        if case .records(let fieldSyntax) = syntax.type.kind {
            fields = recordFields(fieldSyntax)
            if fields.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .error, .emptyRecord, "a list of records needs at least one field", at: syntax.type.span,
                        suggestions: ["list its fields in braces, such as { name: text at \"name\" }, or write 'list of text'"]))
            }
            type = .list(.record(RecordType(fields: fields.map { RecordType.Field(name: $0.name, type: $0.type) })))
        }
        if case .list = type, path.elements.isEmpty {
            diagnostics.append(Diagnostic(.error, .invalidPath, "a list fact needs an element path, such as \"parties/party\"", at: syntax.path.span))
            return
        }
        if Self.isMoney(type), path.attribute != nil {
            moneyAtAttribute(syntax.path.span)
            return
        }
        guard register else { return }
        factIndex[syntax.name.value] = facts.count
        if syntax.changeable != nil {
            fields = fields.map { field in
                var field = field
                field.changeable = true
                return field
            }
        }
        facts.append(
            CompiledFact(
                name: syntax.name.value, type: type, path: path, fields: fields, span: syntax.name.span, changeable: syntax.changeable != nil))
        if let marker = syntax.changeable {
            changeableMarkers.append((facts.count - 1, nil, marker))
        }
        for field in fieldSyntax(syntax) {
            guard let marker = field.changeable else { continue }
            if syntax.changeable != nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, .redundantChangeable, "field '\(field.name.value)' is changeable already: its list '\(syntax.name.value)' is",
                        at: marker, suggestions: ["delete this 'changeable', or the list's to let only some fields change"]))
            } else if let compiled = fields.firstIndex(where: { $0.name == field.name.value }) {
                changeableMarkers.append((facts.count - 1, compiled, marker))
            }
        }
    }

    /// The fields of a list of records, each declared once and with a valid path.
    private mutating func recordFields(_ fieldSyntax: [FieldSyntax]) -> [CompiledField] {
        var fields: [CompiledField] = []
        var seen: [String: SourceSpan] = [:]
        for field in fieldSyntax {
            if let first = seen[field.name.value] {
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateId, "field '\(field.name.value)' is declared more than once", at: field.name.span,
                        notes: [Diagnostic.Note("first declared here", at: first)]))
                continue
            }
            seen[field.name.value] = field.name.span
            guard let fieldPath = FactPath(field.path.value) else {
                diagnostics.append(Diagnostic(.error, .invalidPath, "'\(field.path.value)' is not a place in a dossier", at: field.path.span))
                continue
            }
            let type = resolve(field.type)
            if Self.isMoney(type), fieldPath.attribute != nil { moneyAtAttribute(field.path.span) }
            fields.append(CompiledField(name: field.name.value, type: type, path: fieldPath, changeable: field.changeable != nil))
        }
        return fields
    }

    private func fieldSyntax(_ syntax: FactSyntax) -> [FieldSyntax] {
        if case .records(let fields) = syntax.type.kind { return fields }
        return []
    }

    /// Money, or a list of it: read from an element's attributes (currency, amount, min, max).
    private static func isMoney(_ type: ValueType) -> Bool {
        switch type {
        case .money: true
        case .list(let element): isMoney(element)
        default: false
        }
    }

    /// A money fact or field whose path ends in an attribute: it could never be read.
    private mutating func moneyAtAttribute(_ span: SourceSpan) {
        diagnostics.append(
            Diagnostic(
                .error, .invalidPath, "money is read from an element (its currency=, amount=, min= and max= attributes), not from an attribute",
                at: span, suggestions: ["end the path at the element, such as \"finance/totalCost\""]))
    }

    private mutating func resolve(_ syntax: TypeSyntax) -> ValueType {
        switch syntax.kind {
        case .text: return .text
        case .number: return .number
        case .money: return .money
        case .boolean: return .boolean
        case .date: return .date
        case .enumeration(let values):
            var seen: Set<String> = []
            for value in values where !seen.insert(value.value).inserted {
                diagnostics.append(Diagnostic(.warning, .duplicateEnumValue, "'\(value.value)' is listed twice", at: value.span))
            }
            return .enumeration(values.map(\.value).reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        case .list(let element):
            return .list(resolve(element.value))
        case .records:
            return .list(.record(RecordType(fields: [])))
        }
    }
}
