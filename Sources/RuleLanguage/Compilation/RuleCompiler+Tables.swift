import SilkDiagnostics

/// `table` declarations and `lookup(table, key, ...)`: each table's CSV file is read once, its
/// columns checked against the header, every cell against its column's type, and every
/// combination of keys held once. Problems in the file are placed at its line.
extension RuleCompiler {
    mutating func declareTable(_ syntax: TableSyntax) {
        declaredTableNames.insert(syntax.id.value)
        guard let file = syntax.file else {
            report(.error, .missingClause, "table '\(syntax.id.value)' needs a 'file' clause, such as file \"tables/gdp.csv\"", at: syntax.id.span)
            return
        }
        guard !syntax.keys.isEmpty, let value = syntax.value else {
            report(
                .error, .missingClause, "table '\(syntax.id.value)' needs at least one 'key' column and one 'value' column", at: syntax.id.span,
                suggestions: ["such as: key country: text  key year: year  value gdp: money USD"])
            return
        }
        var kinds: [ReferenceTable.KeyKind] = []
        for key in syntax.keys {
            guard let kind = ReferenceTable.KeyKind(rawValue: key.type.value) else {
                report(
                    .error, .unknownType, "'\(key.type.value)' is not a key type (text, number or year)", at: key.type.span,
                    suggestions: Suggest.closest(to: key.type.value, among: ReferenceTable.KeyKind.allCases.map(\.rawValue)).map {
                        ["did you mean '\($0)'?"]
                    } ?? [])
                return
            }
            kinds.append(kind)
        }
        let valueKind: ReferenceTable.ValueKind
        switch (value.type.value, value.currency) {
        case ("number", _): valueKind = .number
        case ("money", let currency?): valueKind = .money(currency: currency.value)
        default:
            report(.error, .unknownType, "'\(value.type.value)' is not a value type (number, or money and a currency)", at: value.type.span)
            return
        }
        let path = file.value.hasPrefix("/") ? file.value : Self.directory(of: file.span.file.path) + file.value
        guard let text = readFile(path) else {
            report(.error, .tableFileUnreadable, "cannot read the table's file '\(path)'", at: file.span)
            return
        }
        guard let rows = readRows(text, path: path, syntax: syntax, kinds: kinds) else { return }
        tableIndex[syntax.id.value] = tables.count
        tables.append(
            ReferenceTable(
                id: syntax.id.value, file: path, keyNames: syntax.keys.map(\.name.value), keyKinds: kinds, valueName: value.name.value,
                valueKind: valueKind, rows: rows))
    }

    /// The file's rows by key; nil when the file has a problem (each one is reported).
    private mutating func readRows(_ text: String, path: String, syntax: TableSyntax, kinds: [ReferenceTable.KeyKind]) -> [[String]: Double]? {
        // Problems in the file are placed at their line in it, shown as compilers show them.
        let source = SourceFile(path: path, text: text)
        func line(_ number: Int) -> SourceSpan {
            let clamped = min(max(number, 1), max(source.lineCount, 1))
            return SourceSpan(file: source, start: source.offset(ofLine: clamped), end: source.endOffset(ofLine: clamped)).excerpted
        }
        guard let table = CSVTable(text: text) else {
            diagnostics.append(Diagnostic(.error, .tableFileUnreadable, "the table's file has no header row", at: line(1)))
            return nil
        }
        var columns: [Int] = []
        for column in syntax.keys + [syntax.value!] {
            guard let index = table.header.firstIndex(of: column.name.value) else {
                report(
                    .error, .unknownTableColumn,
                    "the table's file has no column '\(column.name.value)' (it has \(table.header.joined(separator: ", ")))",
                    at: column.name.span,
                    suggestions: Suggest.closest(to: column.name.value, among: table.header).map { ["did you mean '\($0)'?"] } ?? [])
                return nil
            }
            columns.append(index)
        }
        var rows: [[String]: Double] = [:]
        var firstLine: [[String]: Int] = [:]
        var problems = 0
        for row in table.rows {
            func cell(_ column: Int) -> String { column < row.cells.count ? row.cells[column] : "" }
            let valueText = cell(columns.last!)
            // An empty value is no row: the lookup is unknown, as a missing row is.
            if valueText.isEmpty { continue }
            var key: [String] = []
            for (position, kind) in kinds.enumerated() {
                guard let normalised = ReferenceTable.key(cell: cell(columns[position]), as: kind) else {
                    problems += 1
                    diagnostics.append(
                        Diagnostic(
                            .error, .invalidTableValue,
                            "'\(cell(columns[position]))' in column '\(syntax.keys[position].name.value)' is not a \(kind.rawValue)",
                            at: line(row.line)))
                    break
                }
                key.append(normalised)
            }
            guard key.count == kinds.count else { continue }
            guard let number = Double(valueText), number.isFinite else {
                problems += 1
                diagnostics.append(
                    Diagnostic(
                        .error, .invalidTableValue, "'\(valueText)' in column '\(syntax.value!.name.value)' is not a number",
                        at: line(row.line)))
                continue
            }
            if let first = firstLine[key] {
                problems += 1
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateTableKey,
                        "the keys \(key.joined(separator: ", ")) appear twice in the table; the first row is at line \(first)",
                        at: line(row.line), notes: [Diagnostic.Note("first here", at: line(first))]))
                continue
            }
            firstLine[key] = row.line
            rows[key] = number
        }
        return problems == 0 ? rows : nil
    }

    /// `lookup(table, key, ...)`: the table is declared, there is one argument per key column,
    /// and each is of its column's kind.
    mutating func checkLookup(_ arguments: [Expression], span: SourceSpan) -> (Node, ValueType) {
        guard let first = arguments.first, case .name(let parts, let nameSpan) = first, parts.count == 1 else {
            report(.error, .wrongArguments, "lookup(table, key, ...) takes a table's name first, such as lookup(gdp, host.country, asOf)", at: span)
            for argument in arguments { _ = check(argument) }
            return (.constant(nil), .invalid)
        }
        let name = parts[0].value
        guard let index = tableIndex[name] else {
            // A table declared with a problem has been reported already.
            if declaredTableNames.contains(name) {
                for argument in arguments.dropFirst() { _ = check(argument) }
                return (.constant(nil), .invalid)
            }
            report(
                .error, .unknownTable, "unknown table '\(name)'", at: nameSpan,
                suggestions: Suggest.closest(to: name, among: tables.map(\.id)).map { ["did you mean '\($0)'?"] } ?? [])
            for argument in arguments.dropFirst() { _ = check(argument) }
            return (.constant(nil), .invalid)
        }
        let table = tables[index]
        let keys = Array(arguments.dropFirst())
        let checked = keys.map { check($0) }
        guard keys.count == table.keyKinds.count else {
            report(
                .error, .wrongArguments,
                "table '\(name)' has \(table.keyKinds.count) keys (\(table.keyNames.joined(separator: ", "))), and \(keys.count) were given", at: span
            )
            return (.constant(nil), .invalid)
        }
        for (position, (node, type)) in checked.enumerated() {
            _ = node
            let kind = table.keyKinds[position]
            let fits: Bool =
                switch kind {
                case .text: type.isTextual
                case .number: type == .number
                case .year: type == .number || type == .date
                }
            if !fits && type != .invalid {
                report(
                    .error, .typeMismatch,
                    "key '\(table.keyNames[position])' of table '\(name)' is a \(kind.rawValue), but argument \(position + 2) is a \(type.shortDescription)",
                    at: keys[position].span)
            }
        }
        return (.lookup(table, checked.map(\.0)), table.valueType)
    }
}
