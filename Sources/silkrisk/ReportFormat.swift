import ArgumentParser
import Reports

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, jsonl, html

    /// The extension a file in this format usually has (the first of `extensions` naming it).
    var fileExtension: String { Self.extensions.first { $0.1 == self }?.0 ?? rawValue }

    /// The extensions that name each format, for `--output` without `--format`.
    static let extensions: [(String, ReportFormat)] = [
        ("txt", .text), ("text", .text), ("md", .markdown), ("markdown", .markdown), ("json", .json), ("jsonl", .jsonl), ("html", .html),
        ("htm", .html),
    ]

    /// The format a report is written in: `--format` when given, else what the extension of
    /// `--output` names (`.txt`, `.md`, `.json`, `.jsonl`, `.html`, ...), else text. A `--format` that
    /// contradicts the extension, and an extension that names no format without `--format`,
    /// are usage errors; a file name without an extension takes `--format` or text.
    static func resolve(_ format: ReportFormat?, output: String?) throws(ValidationError) -> ReportFormat {
        guard let output, let fileExtension = Self.fileExtension(of: output) else { return format ?? .text }
        let named = extensions.first { $0.0 == fileExtension.lowercased() }?.1
        switch (format, named) {
        case (let format?, let named?) where format != named:
            throw ValidationError(
                "--format \(format.rawValue) contradicts --output '\(output)', whose extension names \(named.rawValue); give one or the other")
        case (let format?, _):
            return format
        case (nil, let named?):
            return named
        case (nil, nil):
            let accepted = extensions.map { "." + $0.0 }.joined(separator: ", ")
            throw ValidationError(
                "cannot tell the report format from the extension of --output '\(output)'; give --format, or use one of \(accepted)")
        }
    }

    /// A usage error unless the format is one `command` writes: a report in a format it does not
    /// write would otherwise come out as text under a name that says otherwise.
    func check(writtenBy command: String, in formats: [ReportFormat]) throws(ValidationError) {
        guard !formats.contains(self) else { return }
        let names = formats.map(\.rawValue)
        throw ValidationError("\(command) writes \(names.dropLast().joined(separator: ", ")) or \(names.last!), not \(rawValue)")
    }

    /// The part of the file name after its last dot; nil when the name has none (a leading
    /// dot, as in `.report`, starts a hidden name, not an extension).
    static func fileExtension(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return String(name[name.index(after: dot)...])
    }
}

/// `--detail`: how much of each dossier the JSON reports give (`JSONReport.Detail`).
enum ReportDetail: String, ExpressibleByArgument, CaseIterable {
    case compact, full

    var detail: JSONReport.Detail { self == .full ? .full : .compact }
}
