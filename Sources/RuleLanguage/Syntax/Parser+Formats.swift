import SilkDiagnostics

/// The declarations that describe what rules read besides the dossier: `format` (another XML
/// input format) and `table` (a reference table in a CSV file).
extension Parser {
    mutating func parseFormat(start: Int) -> Declaration? {
        guard let id = identifier("a format id such as iati") else { return nil }
        var format = FormatSyntax(id: id, span: id.span)
        guard expectSymbol(.leftBrace) else { return nil }
        block(FormatClause.self, in: "format") { parser, clause in
            let before = parser.diagnostics.count
            switch clause {
            case .root: format.root = parser.text("the root element's name in quotes")
            case .namespace: format.namespace = parser.text("the namespace URI in quotes")
            case .record: format.record = parser.text("the name of the element that is one record, in quotes")
            case .schema:
                format.schema = parser.text("the XML Schema's path in quotes, relative to this file")
                if parser.consumeWord("for") { format.schemaVersions = parser.texts("a version prefix in quotes, such as \"2.\"") }
            case .version: format.version = parser.text("where a record's version is, such as \"@version\"")
            case .ignoreAttributes: format.ignoreAttributes = parser.texts("an attribute name in quotes")
            case .maxBytes: format.maxBytes = parser.byteCount()
            case .id: format.recordID = parser.texts("where a record's id is, such as \"iati-identifier\"")
            case .title: format.title = parser.texts("where a record's title is")
            case .status: format.status = parser.texts("where a record's status is")
            case .asOf: format.asOf = parser.texts("where the date a record describes is")
            }
            if parser.diagnostics.count > before { parser.skipToClause(FormatClause.names) }
        }
        format.span = span(from: start)
        return .format(format)
    }

    mutating func parseTable(start: Int) -> Declaration? {
        guard let id = identifier("a table id such as gdp") else { return nil }
        var table = TableSyntax(id: id, span: id.span)
        guard expectSymbol(.leftBrace) else { return nil }
        block(TableClause.self, in: "table") { parser, clause in
            let before = parser.diagnostics.count
            switch clause {
            case .file: table.file = parser.text("the CSV file's path in quotes, relative to this file")
            case .key: if let column = parser.tableColumn() { table.keys.append(column) }
            case .value:
                if let column = parser.tableColumn() {
                    if let first = table.value {
                        parser.diagnostics.append(
                            Diagnostic(
                                .error, .duplicateId, "a table has one value column", at: column.name.span,
                                notes: [Diagnostic.Note("the value column is declared here", at: first.name.span)]))
                    } else {
                        table.value = column
                    }
                }
            }
            if parser.diagnostics.count > before { parser.skipToClause(TableClause.names) }
        }
        table.span = span(from: start)
        return .table(table)
    }

    /// `country: text`, `year: year`, `gdp: money USD`.
    private mutating func tableColumn() -> TableSyntax.Column? {
        guard let name = identifier("a column name, as the CSV file's header gives it") else { return nil }
        guard expectSymbol(.colon), let type = identifier("a column type (text, number, year or money)") else { return nil }
        var currency: Located<String>? = nil
        if type.value == "money" {
            guard let code = identifier("the currency code of the column's amounts, such as USD") else { return nil }
            currency = code
        }
        return TableSyntax.Column(name: name, type: type, currency: currency)
    }

    /// Text literals separated by commas.
    private mutating func texts(_ what: String) -> [Located<String>] {
        var values: [Located<String>] = []
        repeat {
            guard case .string(let value) = current.kind else {
                expected(what)
                return values
            }
            let token = advance()
            values.append(Located(value, span(token)))
        } while consumeSymbol(.comma)
        return values
    }

    /// A size: a number and a unit (`bytes`, `KiB`, `MiB`, `GiB`).
    private mutating func byteCount() -> Located<Double>? {
        let start = current.start
        guard case .number(let value) = current.kind else {
            expected("a size such as 64 MiB")
            return nil
        }
        advance()
        let units: [String: Double] = ["bytes": 1, "KiB": 1024, "MiB": 1024 * 1024, "GiB": 1024 * 1024 * 1024]
        guard let word = current.identifier, let unit = units[word] else {
            expected("a unit after the number: bytes, KiB, MiB or GiB")
            return nil
        }
        advance()
        return Located(value * unit, span(from: start))
    }
}
