import CSV

/// A CSV file read whole with CSV.swift (quoted fields, commas and line breaks inside quotes),
/// each row with the line it starts on, for diagnostics.
struct CSVTable {
    struct Row {
        var cells: [String]
        var line: Int
    }

    var header: [String]
    var rows: [Row]

    /// Nil when the text has no header row or cannot be read as CSV.
    init?(text: String) {
        guard let reader = try? CSVReader(string: text, hasHeaderRow: true), let header = reader.headerRow else { return nil }
        self.header = header
        var line = 1 + header.reduce(0) { $0 + Self.lineBreaks(in: $1) } + 1
        var rows: [Row] = []
        while let cells = reader.next() {
            if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(cells: cells, line: line)) }
            line += 1 + cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        }
        guard reader.error == nil else { return nil }
        self.rows = rows
    }

    static func lineBreaks(in cell: String) -> Int {
        cell.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
