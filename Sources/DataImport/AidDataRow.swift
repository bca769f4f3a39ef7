import Foundation
import SilkDiagnostics

/// One data row of the dataset: its cells by column name, and where it is in the file.
struct AidDataRow {
    var cells: [String]
    var columns: AidDataColumns
    /// Its place among the data rows, from 1 (the header is not counted).
    var number: Int
    /// The line it starts on.
    var line: Int

    /// The cell, white space trimmed; empty when the column or the cell is absent.
    subscript(name: String) -> String {
        guard let index = columns[name], index < cells.count else { return "" }
        return cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Why a row cannot be converted: the column and what is wrong with its value.
    struct Problem: Error {
        var column: String
        var message: String

        func diagnostic(path: String, row: AidDataRow) -> Diagnostic {
            Diagnostic(
                .error, .unconvertibleRow, "\(place(in: row)): \(message); the row is not converted", path: path, line: row.line, column: 1)
        }

        /// A problem that leaves one value out of a row that is converted.
        func warning(path: String, row: AidDataRow) -> Diagnostic {
            Diagnostic(.warning, .ignoredValue, "\(place(in: row)): \(message)", path: path, line: row.line, column: 1)
        }

        private func place(in row: AidDataRow) -> String {
            let field = row.columns[column].map { " (field \($0 + 1))" } ?? ""
            let project = row["project_id"].isEmpty ? "" : " (project_id \(row["project_id"]))"
            return "row \(row.number)\(project), column '\(column)'\(field)"
        }
    }

    /// The project the row describes, every value checked; the first problem otherwise.
    func project() -> Result<AidDataProject, Problem> {
        do {
            return .success(try AidDataProject(self))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(column: "", message: "\(error)"))
        }
    }

    // MARK: - Typed cells

    func required(_ name: String) throws -> String {
        let value = self[name]
        guard !value.isEmpty else { throw Problem(column: name, message: "the cell is empty and a dossier needs it") }
        return value
    }

    /// A number of at least zero, or nil for an empty cell.
    func amount(_ name: String) throws -> Double? {
        let value = self[name]
        guard !value.isEmpty else { return nil }
        guard let number = Double(value), number.isFinite, number >= 0 else {
            throw Problem(column: name, message: "'\(value)' is not an amount (a number of at least 0)")
        }
        return number
    }

    /// A number, or nil for an empty cell.
    func number(_ name: String) throws -> Double? {
        let value = self[name]
        guard !value.isEmpty else { return nil }
        guard let number = Double(value), number.isFinite else { throw Problem(column: name, message: "'\(value)' is not a number") }
        return number
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (the dataset's form): the date; nil for an empty cell.
    func date(_ name: String) throws -> String? {
        let value = self[name]
        guard !value.isEmpty else { return nil }
        let date = String(value.prefix(10))
        let parts = date.split(separator: "-")
        guard value.count == 10 || value.dropFirst(10).first == " ", parts.count == 3, parts.map(\.count) == [4, 2, 2],
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day),
            year >= 1900
        else { throw Problem(column: name, message: "'\(value)' is not a date (YYYY-MM-DD)") }
        return date
    }

    /// `True` or `False`; nil for an empty cell.
    func flag(_ name: String) throws -> Bool? {
        switch self[name] {
        case "": return nil
        case "True", "true", "1": return true
        case "False", "false", "0": return false
        case let value: throw Problem(column: name, message: "'\(value)' is not True or False")
        }
    }
}
